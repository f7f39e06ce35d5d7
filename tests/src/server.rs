//! A static file server on 127.0.0.1 for the built site, mounted under a sub-path so the tests
//! prove the site works from anywhere on a static host.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread;

pub struct StaticServer {
    pub port: u16,
    stopped: Arc<AtomicBool>,
    root: Arc<RwLock<PathBuf>>,
}

impl StaticServer {
    /// Serves `root` at `http://127.0.0.1:<port><prefix>` on a free port, in background threads
    /// that end with the test process.
    pub fn start(root: &Path, prefix: &str) -> std::io::Result<StaticServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let root = Arc::new(RwLock::new(root.to_path_buf()));
        let prefix = prefix.to_owned();
        let stopped = Arc::new(AtomicBool::new(false));
        let stop_flag = stopped.clone();
        let served = root.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if stop_flag.load(Ordering::SeqCst) {
                    // Dropping the listener closes the port: the site is now unreachable.
                    break;
                }
                let root = served.read().map(|root| root.clone()).unwrap_or_default();
                let prefix = prefix.clone();
                thread::spawn(move || {
                    let _ = handle(stream, &root, &prefix);
                });
            }
        });
        Ok(StaticServer {
            port,
            stopped,
            root,
        })
    }

    /// Serves another directory at the same address from the next request on, as a host does
    /// when a new build is deployed.
    pub fn serve_from(&self, root: &Path) {
        if let Ok(mut served) = self.root.write() {
            *served = root.to_path_buf();
        }
    }

    /// Takes the site off the network, as a plane's network would: connections are refused.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        for _ in 0..50 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                return;
            }
            thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn handle(mut stream: TcpStream, root: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = path
        .strip_prefix(prefix)
        .and_then(|rest| resolve(root, rest));
    match file.and_then(|file| std::fs::read(&file).ok().map(|body| (file, body))) {
        Some((file, body)) => {
            let header = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            stream.write_all(header.as_bytes())?;
            stream.write_all(&body)
        }
        None => stream.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
        ),
    }
}

/// Maps a URL path below the prefix to a file, refusing anything that climbs out of `root`.
fn resolve(root: &Path, rest: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for component in Path::new(rest.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    Some(path)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|ext| ext.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json" | "webmanifest") => "application/json",
        _ => "application/octet-stream",
    }
}
