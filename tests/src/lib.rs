//! Support for the end-to-end tests: a static file server and a small WebDriver client, both
//! std-only, so the browser tests need nothing but Debian's chromium and chromium-driver.

pub mod server;
pub mod webdriver;

use std::path::PathBuf;

/// The built site: `$DRYDOCK_DIST` (set by `cargo xtask test`), else `dist/` at the root.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("DRYDOCK_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// Where screenshots go: `target/e2e/`.
pub fn artifacts_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e");
    let _ = std::fs::create_dir_all(&dir);
    dir
}
