//! `cargo xtask fuzz [<target> [seconds] [-- libFuzzer options]]`: runs a cargo-fuzz target of
//! `fuzz/` on nightly, one process, for a bounded time, with its corpus seeded from `../shared`.
//! `cargo xtask fuzz all [seconds]` is the nightly-style job: every target in turn, 300 s each
//! unless told, and a summary; it is not part of `cargo xtask test`.
//!
//! cargo-fuzz is installed (pinned) when missing. The corpus lives in `fuzz/corpus/<target>/` and
//! is not committed: shared data stays in `../shared`, and what the fuzzer adds stays local.
//! A crash, a hang (`-timeout`) or a leak stops the run; its input is in
//! `fuzz/artifacts/<target>/`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::Result;
use crate::tools::run;

pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Where each target's corpus comes from: directories of `../shared` copied in (recursively),
/// optionally only the files of one name.
const SEEDS: &[(&str, &[Seed])] = &[
    (
        "dockerfile",
        &[
            Seed::all("corpus/dockerfiles"),
            Seed::named("conformance/buildkit-parser/testfiles", "Dockerfile"),
            Seed::named("conformance/buildkit-parser/negative", "Dockerfile"),
        ],
    ),
    ("kubernetes", &[Seed::all("corpus/k8s")]),
    ("yaml", &[Seed::all("corpus/k8s")]),
    (
        "engine",
        &[Seed::all("corpus/k8s"), Seed::all("corpus/dockerfiles")],
    ),
    (
        "kustomize",
        &[
            Seed::named("corpus/kustomize", "kustomization.yaml"),
            Seed::trees("conformance/kustomize/krusty"),
        ],
    ),
    (
        "compose",
        &[
            Seed::all("corpus/compose"),
            Seed::all("conformance/compose/errors"),
        ],
    ),
    (
        "json",
        &[Seed::named("conformance/compose/config", "expected.json")],
    ),
    (
        "helm",
        &[
            Seed::named("conformance/helm/templates", "t.yaml"),
            Seed::all("corpus/helm"),
        ],
    ),
];

/// libFuzzer options every run gets: no input may take 10 s or 2 GB.
const LIMITS: &[&str] = &["-timeout=10", "-rss_limit_mb=2048"];

const DEFAULT_SECONDS: u64 = 60;

struct Seed {
    dir: &'static str,
    file_name: Option<&'static str>,
    /// Each case folder of `dir` (kustomize's test cases: `input/` and `source.txt`) as one seed:
    /// its files joined with `=== <path>` lines, paths relative to the folder it builds.
    trees: bool,
}

impl Seed {
    const fn all(dir: &'static str) -> Seed {
        Seed {
            dir,
            file_name: None,
            trees: false,
        }
    }

    const fn trees(dir: &'static str) -> Seed {
        Seed {
            dir,
            file_name: None,
            trees: true,
        }
    }

    const fn named(dir: &'static str, file_name: &'static str) -> Seed {
        Seed {
            dir,
            file_name: Some(file_name),
            trees: false,
        }
    }
}

pub fn fuzz(args: &[String]) -> Result {
    let (ours, libfuzzer) = match args.iter().position(|arg| arg == "--") {
        Some(split) => (
            args.get(..split).unwrap_or_default(),
            args.get(split + 1..).unwrap_or_default(),
        ),
        None => (args, &[][..]),
    };
    let fuzz_dir = crate::root().join("fuzz");
    cargo_fuzz()?;
    let Some(target) = ours.first() else {
        println!("xtask: fuzz targets (cargo xtask fuzz <target> [seconds]):");
        return run(nightly(&fuzz_dir).arg("list"));
    };
    let seconds = seconds_or(ours.get(1), DEFAULT_SECONDS)?;
    if let Some(extra) = ours.get(2) {
        return Err(format!("fuzz: unexpected argument `{extra}`"));
    }
    if target == "all" {
        return fuzz_all(
            &fuzz_dir,
            seconds_or(ours.get(1), NIGHTLY_SECONDS)?,
            libfuzzer,
        );
    }
    let corpus = fuzz_dir.join("corpus").join(target);
    let seeded = seed(target, &corpus)?;
    if seeded > 0 {
        println!(
            "xtask: seeded {} with {seeded} files from ../shared",
            corpus.display()
        );
    }
    println!("xtask: fuzzing `{target}` for {seconds}s (one process)");
    let mut command = nightly(&fuzz_dir);
    command
        .args(["run", target.as_str()])
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .args(LIMITS)
        .args(libfuzzer);
    let outcome = run_reporting(&mut command);
    for artifact in files(&fuzz_dir.join("artifacts").join(target)) {
        println!("xtask: failing input: {}", artifact.display());
    }
    outcome
}

/// How long each target runs in `fuzz all` unless told: the nightly-style job's few minutes.
const NIGHTLY_SECONDS: u64 = 300;

fn seconds_or(arg: Option<&String>, default: u64) -> Result<u64> {
    match arg {
        Some(seconds) => seconds
            .parse::<u64>()
            .map_err(|_| format!("fuzz: `{seconds}` is not a number of seconds")),
        None => Ok(default),
    }
}

/// `cargo xtask fuzz all [seconds]`: every target of `SEEDS` in turn, each for `seconds`
/// (the nightly-style job; not part of `cargo xtask test`), then one line per target: how long
/// it ran and whether it left a failing input. Fails when one did.
fn fuzz_all(fuzz_dir: &Path, seconds: u64, libfuzzer: &[String]) -> Result {
    let mut summary = Vec::new();
    let mut failed = Vec::new();
    for (target, _) in SEEDS {
        let corpus = fuzz_dir.join("corpus").join(target);
        seed(target, &corpus)?;
        println!("xtask: fuzzing `{target}` for {seconds}s (one process)");
        let started = Instant::now();
        let mut command = nightly(fuzz_dir);
        command
            .args(["run", target])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .args(LIMITS)
            .args(libfuzzer);
        let outcome = run_reporting(&mut command);
        let artifacts = files(&fuzz_dir.join("artifacts").join(target));
        let verdict = match (&outcome, artifacts.is_empty()) {
            (Ok(()), true) => "no failure".to_owned(),
            _ => {
                failed.push(*target);
                format!(
                    "FAILED, {} input(s) in fuzz/artifacts/{target}/",
                    artifacts.len()
                )
            }
        };
        summary.push(format!(
            "{target:<11} {:>6.0} s  {verdict}",
            started.elapsed().as_secs_f64()
        ));
    }
    println!("\nxtask: fuzz summary");
    for line in &summary {
        println!("  {line}");
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz: {} failed", failed.join(", ")))
    }
}

/// Installs cargo-fuzz when it is missing or not the pinned version.
fn cargo_fuzz() -> Result {
    let version = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(CARGO_FUZZ_VERSION) {
        return Ok(());
    }
    println!("xtask: installing cargo-fuzz {CARGO_FUZZ_VERSION} (once per machine)");
    run(Command::new("cargo").args([
        "install",
        "cargo-fuzz",
        "--version",
        CARGO_FUZZ_VERSION,
        "--locked",
    ]))
}

/// `cargo +nightly fuzz …` in `fuzz/`, free of the environment of the cargo that runs xtask
/// (its toolchain and target directory would override nightly and `fuzz/target`).
fn nightly(fuzz_dir: &Path) -> Command {
    let mut command = Command::new("cargo");
    command
        .args(["+nightly", "fuzz"])
        .current_dir(fuzz_dir)
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .env_remove("CARGO_TARGET_DIR");
    command
}

/// Copies the target's seeds from `../shared` into its corpus (files already there are kept);
/// returns how many were copied.
fn seed(target: &str, corpus: &Path) -> Result<usize> {
    std::fs::create_dir_all(corpus)
        .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let shared = crate::root().join("../shared");
    let Some((_, seeds)) = SEEDS.iter().find(|(name, _)| *name == target) else {
        return Ok(0);
    };
    if !shared.is_dir() {
        println!(
            "xtask: {} is absent: the corpus is not seeded",
            shared.display()
        );
        return Ok(0);
    }
    let mut copied = 0;
    for seed in *seeds {
        let dir = shared.join(seed.dir);
        if seed.trees {
            copied += seed_trees(&dir, corpus)?;
            continue;
        }
        for file in files(&dir) {
            if seed
                .file_name
                .is_some_and(|name| file.file_name().is_none_or(|actual| actual != name))
            {
                continue;
            }
            // The path below `../shared`, flattened, keeps names unique and readable.
            let relative = file.strip_prefix(&shared).unwrap_or(&file);
            let name = relative.to_string_lossy().replace(['/', '\\'], "__");
            let destination = corpus.join(name);
            if destination.exists() {
                continue;
            }
            std::fs::copy(&file, &destination)
                .map_err(|e| format!("cannot copy {}: {e}", file.display()))?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// One corpus file per case folder of `dir`: the files of its `input/`, each after a line
/// `=== <path>`, the path relative to the folder `source.txt` says it builds (the fuzz target
/// renders `.`).
fn seed_trees(dir: &Path, corpus: &Path) -> Result<usize> {
    let mut copied = 0;
    let Ok(cases) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    let mut cases: Vec<PathBuf> = cases.flatten().map(|e| e.path()).collect();
    cases.sort();
    for case in cases {
        let input = case.join("input");
        let Ok(source) = std::fs::read_to_string(case.join("source.txt")) else {
            continue;
        };
        let build = source
            .lines()
            .find_map(|line| line.strip_prefix("build: "))
            .unwrap_or(".")
            .trim()
            .trim_matches('/');
        let depth = build
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .count();
        let mut text = String::new();
        for file in files(&input) {
            let Ok(body) = std::fs::read_to_string(&file) else {
                continue;
            };
            let relative = file
                .strip_prefix(&input)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            let name = match relative.strip_prefix(&format!("{build}/")) {
                Some(inside) if depth > 0 => inside.to_owned(),
                _ if depth == 0 => relative,
                _ => format!("{}{relative}", "../".repeat(depth)),
            };
            text.push_str(&format!("=== {name}\n{body}"));
            if !body.ends_with('\n') {
                text.push('\n');
            }
        }
        let name = format!(
            "krusty__{}",
            case.file_name().unwrap_or_default().to_string_lossy()
        );
        let destination = corpus.join(name);
        if text.is_empty() || destination.exists() {
            continue;
        }
        std::fs::write(&destination, text)
            .map_err(|e| format!("cannot write {}: {e}", destination.display()))?;
        copied += 1;
    }
    Ok(copied)
}

/// Every file under `dir`, recursively, in a stable order.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Runs libFuzzer, passing its output through, and ends with a one-line summary of its last
/// status line (executions, coverage, speed).
fn run_reporting(command: &mut Command) -> Result {
    let mut child = command
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let mut last_status = None;
    // From libFuzzer's first status line, so that building the target does not count.
    let mut started = None;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr)
            .lines()
            .map_while(std::result::Result::ok)
        {
            eprintln!("{line}");
            if line
                .strip_prefix('#')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            {
                started.get_or_insert_with(Instant::now);
                last_status = Some(line);
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for {command:?}: {e}"))?;
    if let Some(line) = &last_status {
        let seconds = started.map_or(0.0, |started| started.elapsed().as_secs_f64());
        println!("xtask: fuzz summary: {}", summary(line, seconds));
    }
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "the fuzzer stopped with {status}: a crash, hang or leak (see above)"
        ))
    }
}

/// `#123456 DONE cov: 3115 ft: 13136 corp: 427/667Kb lim: 25100 exec/s: 891 rss: 259Mb` →
/// `123456 executions in 1800 s (891 exec/s), cov 3115, ft 13136, corpus 427/667Kb`.
fn summary(status: &str, seconds: f64) -> String {
    let field = |name: &str| {
        let mut words = status.split_whitespace();
        words.find(|word| *word == name)?;
        words.next()
    };
    let executions = status
        .split_whitespace()
        .next()
        .map_or("?", |first| first.trim_start_matches('#'));
    format!(
        "{executions} executions in {seconds:.0} s ({} exec/s), cov {}, ft {}, corpus {}",
        field("exec/s:").unwrap_or("?"),
        field("cov:").unwrap_or("?"),
        field("ft:").unwrap_or("?"),
        field("corp:").unwrap_or("?"),
    )
}
