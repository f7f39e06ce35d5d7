//! Just enough of the W3C WebDriver protocol to drive Debian's chromedriver: sessions, navigation,
//! scripts, elements, keys, clicks and screenshots, over plain HTTP/1.1 on loopback.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

type Result<T> = std::result::Result<T, String>;

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Flags that work on these machines: no sandbox as root, and no background traffic to hosts the
/// closed network would refuse.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
];

/// A chromedriver process and one browser session; both end when this is dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    profile: TempDir,
}

pub struct Element(String);

impl Browser {
    pub fn start() -> Result<Browser> {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let port = free_port()?;
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {chromedriver}: {e} (run `cargo xtask test`, which installs it)"
                )
            })?;
        let profile = TempDir::new()?;
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            profile,
        };
        browser.wait_until_ready()?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| (*s).to_owned()).collect();
        args.push(format!("--user-data-dir={}", browser.profile.0.display()));
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": chromium, "args": args },
            }}
        });
        let response = browser.request("POST", "/session", Some(&capabilities))?;
        browser.session = response["value"]["sessionId"]
            .as_str()
            .ok_or("no session id in the response")?
            .to_owned();
        Ok(browser)
    }

    fn wait_until_ready(&self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(status) = self.request("GET", "/status", None)
                && status["value"]["ready"].as_bool() == Some(true)
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("chromedriver did not become ready in 20 s".to_owned())
    }

    /// Waits until the browser's own processes (those started with this browser's profile) have
    /// used almost no CPU for half a second, or `limit` passed: a browser that was just started
    /// keeps initialising for a while (its GPU and network processes, the new profile), which on a
    /// two-core machine competes with the first page it loads. Linux only (`/proc`); elsewhere it
    /// returns at once.
    pub fn wait_until_idle(&self, limit: Duration) {
        let marker = format!("--user-data-dir={}", self.profile.0.display());
        let cpu_ticks = || -> Option<u64> {
            let mut total = 0;
            for entry in std::fs::read_dir("/proc").ok()?.flatten() {
                let path = entry.path();
                let Ok(cmdline) = std::fs::read(path.join("cmdline")) else {
                    continue;
                };
                if !String::from_utf8_lossy(&cmdline).contains(&marker) {
                    continue;
                }
                let Ok(stat) = std::fs::read_to_string(path.join("stat")) else {
                    continue;
                };
                // After the command name in parentheses: state is field 3, utime and stime 14, 15.
                let fields: Vec<&str> = stat
                    .rsplit_once(')')
                    .map(|(_, rest)| rest.split_whitespace().collect())
                    .unwrap_or_default();
                let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<u64>().ok());
                total += field(14).unwrap_or(0) + field(15).unwrap_or(0);
            }
            Some(total)
        };
        let started = Instant::now();
        let mut quiet = 0;
        let Some(mut last) = cpu_ticks() else {
            return;
        };
        while started.elapsed() < limit && quiet < 2 {
            std::thread::sleep(Duration::from_millis(250));
            let Some(now) = cpu_ticks() else {
                return;
            };
            // Two ticks (20 ms at Linux's usual 100 Hz) in a quarter of a second: idle.
            quiet = if now.saturating_sub(last) <= 2 {
                quiet + 1
            } else {
                0
            };
            last = now;
        }
    }

    pub fn goto(&self, url: &str) -> Result<()> {
        self.session_request("POST", "/url", Some(&json!({ "url": url })))
            .map(drop)
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value> {
        self.session_request(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// Polls `script` until it returns something truthy, or fails after `timeout`.
    pub fn wait_for(&self, what: &str, script: &str, timeout: Duration) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.execute(script, json!([]))?;
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value.as_str() != Some("")
                && value.as_u64() != Some(0);
            if truthy {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(format!("timed out after {timeout:?} waiting for {what}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs an async `script`: the last argument is the callback to call with the result.
    pub fn execute_async(&self, script: &str, args: Value) -> Result<Value> {
        self.session_request(
            "POST",
            "/execute/async",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// Types `text` with the keyboard into whatever has focus, without moving focus or caret.
    pub fn type_keys(&self, text: &str) -> Result<()> {
        let keys: Vec<Value> = text
            .chars()
            .flat_map(|c| {
                let key = c.to_string();
                [
                    json!({ "type": "keyDown", "value": key }),
                    json!({ "type": "keyUp", "value": key }),
                ]
            })
            .collect();
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": keys }] });
        self.session_request("POST", "/actions", Some(&actions))
            .map(drop)
    }

    /// Presses keys together, as a chord: each goes down in order and up in reverse
    /// (WebDriver's key codes: `"\u{E008}"` is Shift, `"\u{E038}"` F8).
    pub fn press(&self, chord: &[&str]) -> Result<()> {
        let down = chord
            .iter()
            .map(|key| json!({ "type": "keyDown", "value": key }));
        let up = chord
            .iter()
            .rev()
            .map(|key| json!({ "type": "keyUp", "value": key }));
        let keys: Vec<Value> = down.chain(up).collect();
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": keys }] });
        self.session_request("POST", "/actions", Some(&actions))
            .map(drop)
    }

    /// Moves the mouse over the middle of an element (for hover tooltips).
    pub fn hover(&self, element: &Element) -> Result<()> {
        let origin = json!({ ELEMENT_KEY: element.0 });
        let actions = json!({ "actions": [{ "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" },
            "actions": [{ "type": "pointerMove", "duration": 0, "origin": origin, "x": 0, "y": 0 }] }] });
        self.session_request("POST", "/actions", Some(&actions))
            .map(drop)
    }

    /// Accepts a `confirm()` or `alert()` dialog, if one is open.
    pub fn accept_alert(&self) -> Result<()> {
        self.session_request("POST", "/alert/accept", Some(&json!({})))
            .map(drop)
    }

    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.session_request(
            "POST",
            "/window/rect",
            Some(&json!({ "width": width, "height": height })),
        )
        .map(drop)
    }

    pub fn refresh(&self) -> Result<()> {
        self.session_request("POST", "/refresh", Some(&json!({})))
            .map(drop)
    }

    pub fn find(&self, css: &str) -> Result<Element> {
        let value = self.session_request(
            "POST",
            "/element",
            Some(&json!({ "using": "css selector", "value": css })),
        )?;
        value[ELEMENT_KEY]
            .as_str()
            .map(|id| Element(id.to_owned()))
            .ok_or_else(|| format!("no element matches `{css}`"))
    }

    pub fn click(&self, element: &Element) -> Result<()> {
        self.session_request(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(&json!({})),
        )
        .map(drop)
    }

    /// Types `text` into the element as a user would, key by key.
    pub fn send_keys(&self, element: &Element, text: &str) -> Result<()> {
        self.session_request(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(&json!({ "text": text })),
        )
        .map(drop)
    }

    /// Runs a Chrome DevTools Protocol command (chromedriver's `goog/cdp/execute`) and returns its
    /// result, e.g. `cdp("Page.getInstallabilityErrors", json!({}))`.
    pub fn cdp(&self, command: &str, params: Value) -> Result<Value> {
        self.session_request(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({ "cmd": command, "params": params })),
        )
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        let value = self.session_request("GET", "/screenshot", None)?;
        decode_base64(value.as_str().ok_or("screenshot is not a string")?)
    }

    fn session_request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        self.request(method, &format!("/session/{}{path}", self.session), body)
            .map(|mut v| v["value"].take())
    }

    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        let (head, body) = read_response(&mut stream)?;
        let value: Value = serde_json::from_str(&body)
            .map_err(|e| format!("bad JSON from chromedriver: {e}: {body}"))?;
        let status_ok = head
            .split_whitespace()
            .nth(1)
            .is_some_and(|code| code.starts_with('2'));
        if status_ok {
            Ok(value)
        } else {
            Err(format!("{method} {path}: {}", value["value"]))
        }
    }
}

impl Element {
    pub fn id(&self) -> &str {
        &self.0
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.request("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("drydock-chromium-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// Reads one response: chromedriver keeps the connection open, so the body is read by its
/// `Content-Length` (or its chunks), not to the end of the stream.
fn read_response(stream: &mut TcpStream) -> Result<(String, String)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the response headers".to_owned());
        }
        buffer.extend_from_slice(chunk.get(..n).unwrap_or_default());
    };
    let head = String::from_utf8_lossy(buffer.get(..head_end).unwrap_or_default()).into_owned();
    let mut body = buffer.get(head_end + 4..).unwrap_or_default().to_vec();
    let lower = head.to_ascii_lowercase();
    let length = lower
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok());
    let chunked = lower.contains("transfer-encoding: chunked");
    loop {
        let complete = match length {
            Some(length) => body.len() >= length,
            None if chunked => body.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    Ok((head, if chunked { dechunk(&body) } else { body }))
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 {
            break;
        }
        let Some(chunk) = after.get(..size) else {
            break;
        };
        out.push_str(chunk);
        rest = after.get(size..).unwrap_or("").trim_start_matches("\r\n");
    }
    out
}

fn decode_base64(text: &str) -> Result<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .map(value)
        .collect::<Option<_>>()
        .ok_or("bad base64")?;
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (d << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend(bytes.iter().skip(1).take(chunk.len().saturating_sub(1)));
    }
    Ok(out)
}
