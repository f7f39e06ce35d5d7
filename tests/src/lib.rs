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

/// Waits until the machine is quiet, or `limit` passed: at most a fifth of the CPU time busy
/// (user, system, interrupts, and waiting on the disk; not time the hypervisor took) over two
/// half-second windows in a row. For measurements: right after a build the disk is still writing
/// out gigabytes and other jobs may still be running, which a reader's browser would not share
/// its machine with. Linux only (`/proc/stat`); elsewhere it returns at once. Returns the busy
/// share of the last window.
pub fn wait_for_quiet_machine(limit: std::time::Duration) -> Option<f64> {
    let sample = || -> Option<(u64, u64)> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let fields: Vec<u64> = stat
            .lines()
            .next()?
            .split_whitespace()
            .skip(1)
            .filter_map(|field| field.parse().ok())
            .collect();
        // user nice system idle iowait irq softirq steal …
        let at = |n: usize| fields.get(n).copied().unwrap_or(0);
        let busy = at(0) + at(1) + at(2) + at(4) + at(5) + at(6);
        Some((busy, busy + at(3)))
    };
    let started = std::time::Instant::now();
    let mut last = sample()?;
    let mut quiet = 0;
    let mut share = None;
    while started.elapsed() < limit && quiet < 2 {
        std::thread::sleep(std::time::Duration::from_millis(500));
        let now = sample()?;
        let (busy, total) = (now.0.saturating_sub(last.0), now.1.saturating_sub(last.1));
        let busy_share = if total == 0 {
            0.0
        } else {
            busy as f64 / total as f64
        };
        share = Some(busy_share);
        quiet = if busy_share <= 0.2 { quiet + 1 } else { 0 };
        last = now;
    }
    share
}

/// `bytes` in base64url without padding: how a `#j=` fragment carries a workspace's JSON.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0_u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}
