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

/// The sub-path the tests serve the site under, as a documentation host would.
pub const PREFIX: &str = "/some/sub/path/";

/// Serves the built site under [`PREFIX`]; fails with advice when it was not built.
pub fn serve() -> server::StaticServer {
    let dist = dist_dir();
    assert!(
        dist.join("index.html").exists(),
        "no built site at {}: run `cargo xtask test`, which builds it before the browser tests",
        dist.display()
    );
    server::StaticServer::start(&dist, PREFIX).expect("start the static server")
}

/// A fresh browser (new profile) showing the playground at `url`, ready to use.
pub fn open(url: &str) -> webdriver::Browser {
    let browser = webdriver::Browser::start().expect("start chromium");
    browser.goto(url).expect("open the page");
    wait_ready(&browser);
    browser
}

pub fn wait_ready(browser: &webdriver::Browser) {
    browser
        .wait_for(
            "the playground",
            // The editor's keymaps and completion arrive just after the first paint (a lazy chunk):
            // wait for them too, so that typing in a test behaves as typing does. And for the
            // Kubernetes schema, fetched after the first render: the findings are then complete.
            "return document.querySelector('.status-line') !== null && document.querySelector('.cm-editor') !== null \
             && document.querySelector('.editor-host[data-editor-extras=loaded]') !== null \
             && document.querySelector('.status-line[data-schema=loading]') === null",
            std::time::Duration::from_secs(30),
        )
        .expect("the playground renders");
}
