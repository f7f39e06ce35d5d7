//! `cargo xtask lsp-memory [FOLDER]`: how much memory `drydock lsp` takes for a large workspace.
//!
//! The release `drydock` (profile `release-cli`, as users install it) is started as an editor
//! starts it, with FOLDER (default: the 943 manifests of `../shared/corpus/k8s`) as its
//! workspace folder; every YAML file and Dockerfile under it is opened (`didOpen`, as if each had
//! a tab), and once the server has published diagnostics for every one of them, its resident
//! memory is read from `/proc/<pid>/status`: `VmRSS` now and `VmHWM`, the peak. The same figures
//! after `initialize` (the folder read, nothing open or checked yet) are printed beside them.
//!
//! `--edited` opens each file with a comment line added, so that every `didOpen` changes the
//! workspace (a server may skip checking again a file opened as the disk has it).
//! `--against OLD_BINARY` runs that binary the same way, alternately with this build's (twice
//! each, the best of each kept), and prints how much faster this build opened every file.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::Result;
use crate::dist::json_string;

/// How long the server may take to answer before the command gives up.
const PATIENCE: Duration = Duration::from_secs(600);

pub fn lsp_memory(args: &[String]) -> Result {
    let root = crate::root();
    let mut against = None;
    let mut edited = false;
    let mut folder = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--against" => {
                let binary = args.next().ok_or("lsp-memory: --against needs a binary")?;
                against = Some(PathBuf::from(binary));
            }
            "--edited" => edited = true,
            _ if folder.is_none() => folder = Some(PathBuf::from(arg)),
            extra => return Err(format!("lsp-memory: unexpected argument `{extra}`")),
        }
    }
    let folder = folder.unwrap_or_else(|| root.join("../shared/corpus/k8s"));
    let folder = folder
        .canonicalize()
        .map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut files = Vec::new();
    collect(&folder, &mut files)?;
    files.sort();
    let bytes: u64 = files
        .iter()
        .filter_map(|file| std::fs::metadata(file).ok())
        .map(|metadata| metadata.len())
        .sum();
    let binary = crate::compare::drydock_binary(&root)?;
    println!(
        "xtask: drydock lsp on {} ({} files opened, {:.1} MB of text)",
        folder.display(),
        files.len(),
        bytes as f64 / 1e6
    );
    let Some(against) = against else {
        let run = open_every_file(&binary, &folder, &files, edited)?;
        run.print("");
        return Ok(());
    };
    // Two rounds each, interleaved, so that a noisy machine slows both alike; the best of each.
    let mut ours: Option<Run> = None;
    let mut theirs: Option<Run> = None;
    for _ in 0..2 {
        for (binary, best) in [(&against, &mut theirs), (&binary, &mut ours)] {
            let run = open_every_file(binary, &folder, &files, edited)?;
            if best.as_ref().is_none_or(|b| run.checked_in < b.checked_in) {
                *best = Some(run);
            }
        }
    }
    let (Some(ours), Some(theirs)) = (ours, theirs) else {
        return Err("lsp-memory: no run".to_owned());
    };
    theirs.print(&format!("{} ", against.display()));
    ours.print("this build ");
    println!(
        "  every file opened and diagnosed: {:.2}s against {:.2}s, {:.1}× faster",
        ours.checked_in.as_secs_f64(),
        theirs.checked_in.as_secs_f64(),
        theirs.checked_in.as_secs_f64() / ours.checked_in.as_secs_f64().max(1e-9)
    );
    Ok(())
}

/// One server's figures: after the folder is read, and after every file was opened and
/// diagnosed.
struct Run {
    initialized: Status,
    read_in: Duration,
    checked: Status,
    checked_in: Duration,
}

impl Run {
    fn print(&self, label: &str) {
        println!(
            "  {label}after initialize (folder read):   VmRSS {:>7.1} MB, VmHWM {:>7.1} MB ({:.1}s)",
            self.initialized.rss_kb as f64 / 1024.0,
            self.initialized.hwm_kb as f64 / 1024.0,
            self.read_in.as_secs_f64()
        );
        println!(
            "  {label}every file open, all diagnosed:   VmRSS {:>7.1} MB, VmHWM {:>7.1} MB ({:.1}s)",
            self.checked.rss_kb as f64 / 1024.0,
            self.checked.hwm_kb as f64 / 1024.0,
            self.checked_in.as_secs_f64()
        );
    }
}

/// Starts `binary lsp` on `folder`, opens every file and waits until each has diagnostics. When
/// `edited`, each is opened with a comment line more than the disk has (as if edited before it
/// was opened), so that every opening changes the workspace.
fn open_every_file(binary: &Path, folder: &Path, files: &[PathBuf], edited: bool) -> Result<Run> {
    let mut child = Command::new(binary)
        .arg("lsp")
        .current_dir(folder)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {} lsp: {e}", binary.display()))?;
    let pid = child.id();
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (sender, received) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        while let Some(body) = read_message(&mut reader) {
            if sender.send(body).is_err() {
                return;
            }
        }
    });

    let started = Instant::now();
    let root_uri = uri(folder);
    send(
        &mut stdin,
        &format!(
            r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"processId":null,"rootUri":{root},"workspaceFolders":[{{"uri":{root},"name":"workspace"}}],"capabilities":{{}}}}}}"#,
            root = json_string(&root_uri)
        ),
    )?;
    wait_for(&received, |body| body.contains(r#""id":1"#))?;
    send(
        &mut stdin,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    )?;
    // The server reads the folder after answering `initialize`: a request it answers (with an
    // error: it knows no such method) comes back once it has.
    send(
        &mut stdin,
        r#"{"jsonrpc":"2.0","id":2,"method":"drydock/ready","params":null}"#,
    )?;
    wait_for(&received, |body| body.contains(r#""id":2"#))?;
    let initialized = status(pid)?;
    let read_in = started.elapsed();

    let mut waiting: HashSet<String> = HashSet::new();
    for file in files {
        let mut text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        if edited {
            text.push_str("\n# edited\n");
        }
        let uri = uri(file);
        let language = if is_dockerfile(file) {
            "dockerfile"
        } else {
            "yaml"
        };
        send(
            &mut stdin,
            &format!(
                r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":{},"languageId":"{language}","version":1,"text":{}}}}}}}"#,
                json_string(&uri),
                json_string(&text)
            ),
        )?;
        waiting.insert(uri);
    }
    // Every opened document's first diagnostics, however the server batched the checks.
    while !waiting.is_empty() {
        let body = wait_for(&received, |body| {
            body.contains(r#""method":"textDocument/publishDiagnostics""#)
        })?;
        if let Some(uri) = published_uri(&body) {
            waiting.remove(&uri);
        }
    }
    let checked = status(pid)?;
    let checked_in = started.elapsed();

    send(
        &mut stdin,
        r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#,
    )?;
    send(&mut stdin, r#"{"jsonrpc":"2.0","method":"exit"}"#)?;
    drop(stdin);
    let _ = child.wait();
    Ok(Run {
        initialized,
        read_in,
        checked,
        checked_in,
    })
}

/// The YAML files and Dockerfiles under `dir`.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.filter_map(std::result::Result::ok) {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(&path, files)?;
        } else if kind.is_file()
            && (is_dockerfile(&path)
                || path
                    .extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml"))
        {
            files.push(path);
        }
    }
    Ok(())
}

fn is_dockerfile(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.contains("Dockerfile") || name.ends_with(".dockerfile"))
}

struct Status {
    rss_kb: u64,
    hwm_kb: u64,
}

/// `VmRSS` and `VmHWM` of a process, from `/proc/<pid>/status`.
fn status(pid: u32) -> Result<Status> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read /proc/{pid}/status (Linux only): {e}"))?;
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| format!("no {name} in /proc/{pid}/status"))
    };
    Ok(Status {
        rss_kb: field("VmRSS:")?,
        hwm_kb: field("VmHWM:")?,
    })
}

fn send(stdin: &mut ChildStdin, body: &str) -> Result {
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
        .and_then(|()| stdin.flush())
        .map_err(|e| format!("the server stopped reading: {e}"))
}

/// One message's body, or `None` once the server has closed its output.
fn read_message(reader: &mut impl BufRead) -> Option<String> {
    let mut length = 0;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let header = line.trim();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length:") {
            length = value.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    String::from_utf8(body).ok()
}

/// The next message that `wanted` accepts; the others are dropped.
fn wait_for(received: &Receiver<String>, wanted: impl Fn(&str) -> bool) -> Result<String> {
    loop {
        let body = received
            .recv_timeout(PATIENCE)
            .map_err(|e| format!("the server did not answer: {e}"))?;
        if wanted(&body) {
            return Ok(body);
        }
    }
}

/// The `uri` of a `publishDiagnostics` (its params' first field, before any diagnostic).
fn published_uri(body: &str) -> Option<String> {
    let rest = body.split_once(r#""uri":""#)?.1;
    Some(rest.split_once('"')?.0.to_owned())
}

/// A file URL, percent-encoded as the server's `Url` writes it back.
fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~+".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{json_string, published_uri, uri};
    use std::path::Path;

    #[test]
    fn writes_json_strings_and_uris() {
        assert_eq!(json_string("a\"b\\\n\u{1}é"), r#""a\"b\\\n\u0001é""#);
        assert_eq!(
            uri(Path::new("/work/a b/x+y.yaml")),
            "file:///work/a%20b/x+y.yaml"
        );
        assert_eq!(
            published_uri(
                r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///a.yaml","diagnostics":[],"version":1}}"#
            ),
            Some("file:///a.yaml".to_owned())
        );
    }
}
