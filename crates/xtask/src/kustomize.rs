//! Drydock's Kustomize renderer against the real tool, `kubectl kustomize` from kubectl 1.35.2
//! (kustomize v5.7.1; installed once per machine by `tools::kubectl`).
//!
//! - `cargo xtask kustomize-differential [--generated N] [--seed S]`: every top-level
//!   kustomization of `../shared/corpus/kustomize` (the list and the flags are
//!   `corpus-renders/_index.tsv` of `../shared/conformance/kustomize`), and N generated cases
//!   (default 300, `kustomize_generate.rs`, written under the target directory), built by both
//!   `kubectl kustomize` and the release `drydock render`, from the same folder with the same
//!   flags. Standard output is compared byte for byte, and the exit status: both succeed or both
//!   fail. Prints the counts (identical, different, both fail, only one fails) and the first
//!   differences; writes `kustomize-differential.json` to the target directory.
//! - `cargo xtask kustomize-speed [--runs N]`: every corpus kustomization that kubectl builds
//!   (`ok` in the index), one process per kustomization as users run them, with kubectl and with
//!   `drydock render`, in turns, N times (default 1); then the `corpus` benchmark of
//!   `drydock_kustomize` (every kustomization rendered in one process, from the disk) with the
//!   seconds kubectl took, so that it prints the ratio measured in the same run.
//!
//! Both tools run with the environment `PATH=/usr/bin:/bin HOME=/nonexistent LANG=C`, as the
//! reference data was made, and with HTTP(S) proxies pointing at a closed local port: a remote
//! base fails at once, as it does offline, whether or not the machine has a network.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::Result;
use crate::dist::json_string;

/// One kustomization to build: `kubectl kustomize <dir> <flags>` run in `cwd`.
struct Case {
    name: String,
    /// `corpus` or `generated`.
    source: &'static str,
    cwd: PathBuf,
    dir: String,
    flags: Vec<String>,
    /// The reference's recorded result (`ok`, `error: <category>`), for corpus cases.
    recorded: String,
}

struct Outcome {
    success: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    Identical,
    Different,
    BothFail,
    OnlyKubectlFails,
    OnlyDrydockFails,
}

impl Verdict {
    const ALL: [Verdict; 5] = [
        Verdict::Identical,
        Verdict::Different,
        Verdict::BothFail,
        Verdict::OnlyKubectlFails,
        Verdict::OnlyDrydockFails,
    ];

    fn name(self) -> &'static str {
        match self {
            Verdict::Identical => "identical",
            Verdict::Different => "different",
            Verdict::BothFail => "both-fail",
            Verdict::OnlyKubectlFails => "only-kubectl-fails",
            Verdict::OnlyDrydockFails => "only-drydock-fails",
        }
    }
}

fn shared() -> Result<PathBuf> {
    let shared = crate::root().join("../shared");
    let index = shared.join("conformance/kustomize/corpus-renders/_index.tsv");
    if index.is_file() {
        Ok(shared)
    } else {
        Err(format!("{} is absent", index.display()))
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| crate::root().join("target"), PathBuf::from)
}

/// The corpus's top-level kustomizations, from the reference's index; `only_ok` keeps the ones
/// the reference builds.
fn corpus_cases(shared: &Path, only_ok: bool) -> Result<Vec<Case>> {
    let index = shared.join("conformance/kustomize/corpus-renders/_index.tsv");
    let text = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let corpus = shared.join("corpus/kustomize");
    let mut cases = Vec::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [path, flags, result, ..] = fields.as_slice() else {
            continue;
        };
        if only_ok && *result != "ok" {
            continue;
        }
        let (repository, dir) = path.split_once('/').unwrap_or((path, "."));
        cases.push(Case {
            name: (*path).to_owned(),
            source: "corpus",
            cwd: corpus.join(repository),
            dir: dir.to_owned(),
            flags: flags.split_whitespace().map(str::to_owned).collect(),
            recorded: (*result).to_owned(),
        });
    }
    if cases.is_empty() {
        return Err(format!("no kustomizations in {}", index.display()));
    }
    Ok(cases)
}

/// The environment both tools run in (see the module's documentation).
fn isolated(command: &mut Command) -> &mut Command {
    command
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/nonexistent")
        .env("LANG", "C");
    for proxy in ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"] {
        command.env(proxy, "http://127.0.0.1:9");
    }
    command
}

fn kubectl_command(kubectl: &Path, case: &Case) -> Command {
    let mut command = Command::new(kubectl);
    isolated(&mut command)
        .current_dir(&case.cwd)
        .arg("kustomize")
        .arg(&case.dir)
        .args(&case.flags);
    command
}

fn drydock_command(drydock: &Path, case: &Case) -> Command {
    let mut command = Command::new(drydock);
    isolated(&mut command)
        .current_dir(&case.cwd)
        .arg("render")
        .arg(&case.dir)
        .args(&case.flags);
    command
}

fn outcome(mut command: Command) -> Result<Outcome> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    Ok(Outcome {
        success: output.status.success(),
        stdout: output.stdout,
        stderr: output.stderr,
    })
}

fn parse_count(args: &[String], flag: &str, default: u64) -> Result<u64> {
    let mut value = default;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == flag {
            value = iter
                .next()
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("{flag} needs a number"))?;
        }
    }
    Ok(value)
}

fn check_args(args: &[String], known: &[&str]) -> Result {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if known.contains(&arg.as_str()) {
            iter.next();
        } else {
            return Err(format!("unknown argument `{arg}`"));
        }
    }
    Ok(())
}

pub fn differential(args: &[String]) -> Result {
    check_args(args, &["--generated", "--seed"])?;
    let generated = parse_count(args, "--generated", 300)? as usize;
    let seed = parse_count(args, "--seed", 20_250_601)?;
    let started = Instant::now();
    let shared = shared()?;
    let kubectl = crate::tools::kubectl()?;
    let root = crate::root();
    let drydock = crate::compare::drydock_binary(&root)?;

    let mut cases = corpus_cases(&shared, false)?;
    let generated_dir = target_dir().join("kustomize-differential/generated");
    for name in crate::kustomize_generate::generate(&generated_dir, generated, seed)? {
        cases.push(Case {
            cwd: generated_dir.join(&name),
            name: format!("generated/{name}"),
            source: "generated",
            dir: "overlay".to_owned(),
            flags: Vec::new(),
            recorded: String::new(),
        });
    }
    println!(
        "xtask: {} kustomizations ({} generated, seed {seed}): kubectl {} (kustomize {}) and {}",
        cases.len(),
        generated,
        crate::tools::KUBECTL_VERSION,
        crate::tools::KUSTOMIZE_VERSION,
        drydock.display()
    );

    let mut results: Vec<(usize, Verdict, Option<Difference>)> = Vec::new();
    for (n, case) in cases.iter().enumerate() {
        let theirs = outcome(kubectl_command(&kubectl, case))?;
        let ours = outcome(drydock_command(&drydock, case))?;
        let (verdict, difference) = match (theirs.success, ours.success) {
            (true, true) if theirs.stdout == ours.stdout => (Verdict::Identical, None),
            (true, true) => (
                Verdict::Different,
                Some(first_difference(&theirs.stdout, &ours.stdout)),
            ),
            (false, false) => (Verdict::BothFail, None),
            (false, true) => (
                Verdict::OnlyKubectlFails,
                Some(Difference::message(&theirs.stderr)),
            ),
            (true, false) => (
                Verdict::OnlyDrydockFails,
                Some(Difference::message(&ours.stderr)),
            ),
        };
        results.push((n, verdict, difference));
        if (n + 1) % 100 == 0 {
            println!("xtask: {} of {} built", n + 1, cases.len());
        }
    }

    let count = |source: Option<&str>, verdict: Verdict| {
        results
            .iter()
            .filter(|(n, v, _)| {
                *v == verdict && source.is_none_or(|s| cases.get(*n).is_some_and(|c| c.source == s))
            })
            .count()
    };
    println!(
        "\n{:<12} {:>6} {:>10} {:>10} {:>10} {:>20} {:>20}",
        "",
        "cases",
        "identical",
        "different",
        "both-fail",
        "only-kubectl-fails",
        "only-drydock-fails"
    );
    for source in [Some("corpus"), Some("generated"), None] {
        let row: Vec<usize> = Verdict::ALL.iter().map(|v| count(source, *v)).collect();
        println!(
            "{:<12} {:>6} {:>10} {:>10} {:>10} {:>20} {:>20}",
            source.unwrap_or("total"),
            row.iter().sum::<usize>(),
            row[0],
            row[1],
            row[2],
            row[3],
            row[4]
        );
    }
    let mut categories: Vec<(&str, &str)> = results
        .iter()
        .filter(|(_, v, _)| matches!(v, Verdict::OnlyKubectlFails | Verdict::OnlyDrydockFails))
        .filter_map(|(n, v, _)| Some((v.name(), cases.get(*n)?.recorded.as_str())))
        .filter(|(_, recorded)| !recorded.is_empty())
        .collect();
    categories.sort_unstable();
    for group in categories.chunk_by(|a, b| a == b) {
        if let Some((verdict, recorded)) = group.first() {
            println!("{verdict}: {} of the reference's `{recorded}`", group.len());
        }
    }
    // Different outputs first, then failures of ours, then refusals of kubectl's.
    let mut order: Vec<&(usize, Verdict, Option<Difference>)> = results.iter().collect();
    order.sort_by_key(|(n, verdict, _)| {
        let rank = match verdict {
            Verdict::Different => 0,
            Verdict::OnlyDrydockFails => 1,
            _ => 2,
        };
        (rank, *n)
    });
    let mut shown = 0;
    for (n, verdict, difference) in order {
        let (Some(case), Some(difference)) = (cases.get(*n), difference) else {
            continue;
        };
        if shown == 0 {
            println!("\nfirst differences (- kubectl, + drydock):");
        }
        shown += 1;
        if shown > 8 {
            break;
        }
        println!("\n== {} ({})", case.name, verdict.name());
        print!("{}", difference.text);
    }

    let json = summary_json(&cases, &results, seed, generated, &drydock, &count);
    let out = target_dir().join("kustomize-differential.json");
    std::fs::write(&out, json).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "\nxtask: summary in {} ({:.0}s)",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Where two outputs part, for the report.
struct Difference {
    /// 1-based line of the first difference (0 for a failure message).
    line: usize,
    kubectl: String,
    drydock: String,
    /// Lines for the terminal: context, then `-` kubectl and `+` drydock lines.
    text: String,
}

impl Difference {
    /// One side failed: its standard error, which says why.
    fn message(stderr: &[u8]) -> Difference {
        let text = String::from_utf8_lossy(stderr);
        let lines: Vec<&str> = text
            .lines()
            .filter(|line| !line.starts_with("# Warning"))
            .take(4)
            .collect();
        Difference {
            line: 0,
            kubectl: String::new(),
            drydock: String::new(),
            text: lines.iter().map(|l| format!("  {l}\n")).collect(),
        }
    }
}

fn first_difference(theirs: &[u8], ours: &[u8]) -> Difference {
    let theirs = String::from_utf8_lossy(theirs);
    let ours = String::from_utf8_lossy(ours);
    let a: Vec<&str> = theirs.split_inclusive('\n').collect();
    let b: Vec<&str> = ours.split_inclusive('\n').collect();
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let mut text = String::new();
    for line in a.get(at.saturating_sub(3)..at).unwrap_or_default() {
        let _ = write!(text, "  {line}");
    }
    for line in a.iter().skip(at).take(6) {
        let _ = write!(text, "- {line}");
    }
    for line in b.iter().skip(at).take(6) {
        let _ = write!(text, "+ {line}");
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let _ = writeln!(
        text,
        "  (line {}; {} lines from kubectl, {} from drydock)",
        at + 1,
        a.len(),
        b.len()
    );
    Difference {
        line: at + 1,
        kubectl: a.get(at).map_or("<end>", |l| l.trim_end()).to_owned(),
        drydock: b.get(at).map_or("<end>", |l| l.trim_end()).to_owned(),
        text,
    }
}

fn summary_json(
    cases: &[Case],
    results: &[(usize, Verdict, Option<Difference>)],
    seed: u64,
    generated: usize,
    drydock: &Path,
    count: &dyn Fn(Option<&str>, Verdict) -> usize,
) -> String {
    let counts = |source: Option<&str>| {
        let fields: Vec<String> = Verdict::ALL
            .iter()
            .map(|v| format!("\"{}\": {}", v.name(), count(source, *v)))
            .collect();
        format!("{{{}}}", fields.join(", "))
    };
    let mut out = String::from("{\n");
    let _ = writeln!(
        out,
        "  \"reference\": {},",
        json_string(&format!(
            "kubectl {} (kustomize {})",
            crate::tools::KUBECTL_VERSION,
            crate::tools::KUSTOMIZE_VERSION
        ))
    );
    let _ = writeln!(
        out,
        "  \"drydock\": {},",
        json_string(&drydock.display().to_string())
    );
    let _ = writeln!(out, "  \"generated\": {generated},\n  \"seed\": {seed},");
    let _ = writeln!(out, "  \"counts\": {{");
    let _ = writeln!(out, "    \"corpus\": {},", counts(Some("corpus")));
    let _ = writeln!(out, "    \"generated\": {},", counts(Some("generated")));
    let _ = writeln!(out, "    \"total\": {}", counts(None));
    out.push_str("  },\n  \"not_identical\": [");
    let mut first = true;
    for (n, verdict, difference) in results {
        let Some(case) = cases.get(*n) else { continue };
        if *verdict == Verdict::Identical {
            continue;
        }
        out.push_str(if first { "\n" } else { ",\n" });
        first = false;
        let _ = write!(
            out,
            "    {{\"case\": {}, \"source\": {}, \"verdict\": {}, \"recorded\": {}",
            json_string(&case.name),
            json_string(case.source),
            json_string(verdict.name()),
            json_string(&case.recorded)
        );
        if let Some(difference) = difference {
            let _ = write!(
                out,
                ", \"line\": {}, \"kubectl\": {}, \"drydock\": {}, \"excerpt\": {}",
                difference.line,
                json_string(&difference.kubectl),
                json_string(&difference.drydock),
                json_string(&difference.text)
            );
        }
        out.push('}');
    }
    out.push_str("\n  ]\n}\n");
    out
}

pub fn speed(args: &[String]) -> Result {
    check_args(args, &["--runs"])?;
    let runs = parse_count(args, "--runs", 1)?.max(1);
    let shared = shared()?;
    let kubectl = crate::tools::kubectl()?;
    let root = crate::root();
    let drydock = crate::compare::drydock_binary(&root)?;
    let cases = corpus_cases(&shared, true)?;
    println!(
        "xtask: {} corpus kustomizations, one process each, {runs} run(s) in turns",
        cases.len()
    );
    let label = format!("kubectl kustomize ({})", crate::tools::KUBECTL_VERSION);
    let (theirs, _) = crate::compare::in_turns(
        &cases,
        u32::try_from(runs).unwrap_or(u32::MAX),
        |case| case.name.as_str(),
        "kustomization",
        (&label, &|case| kubectl_command(&kubectl, case)),
        ("drydock render", &|case| drydock_command(&drydock, case)),
    )?;

    println!(
        "\nxtask: drydock in one process over the same kustomizations (benchmark \
         drydock_kustomize/corpus), against kubectl's {:.2}s",
        theirs.wall
    );
    crate::tools::run(
        crate::cargo()
            .args([
                "bench",
                "-p",
                "drydock_kustomize",
                "--bench",
                "corpus",
                "--",
                "kustomize_render/corpus",
            ])
            .env("DRYDOCK_KUBECTL_KUSTOMIZE_SECONDS", theirs.wall.to_string())
            .current_dir(&root),
    )
}
