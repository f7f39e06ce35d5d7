//! `cargo xtask compare-k8s`: checkov and Monokle (@monokle/validation) on the manifest corpus,
//! beside Drydock with every Kubernetes rule on, and per check of theirs how many documents both
//! report, only they report, or only Drydock reports (`compare_k8s.py` maps their checks to our
//! rules and says why a check has none). The table goes to `target/compare-k8s/compare-k8s.tsv`.
//!
//! Both tools are pinned and installed once per machine under `$DRYDOCK_TOOLS` (default
//! `~/.cache/drydock/tools`): checkov from PyPI into a virtual environment of its own,
//! @monokle/validation from npm. Neither needs the network to run here: checkov is told not to
//! download its guidelines, and Monokle's two plugins that fetch from its CDN at run time
//! (`kubernetes-schema`, `open-policy-agent`) are left out (see `compare_k8s_monokle.mjs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Result;
use crate::tools::run;

pub const CHECKOV_VERSION: &str = "3.3.30";
pub const MONOKLE_VERSION: &str = "0.33.0";

pub fn compare_k8s() -> Result {
    let root = crate::root();
    // Canonical: checkov finds nothing under a path that goes through `..`.
    let corpus = root
        .join("../shared/corpus/k8s")
        .canonicalize()
        .map_err(|e| format!("../shared/corpus/k8s: {e}"))?;
    let tools = crate::tools::dir()?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let out = target.join("compare-k8s");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;

    let venv = tools.join(format!("checkov-{CHECKOV_VERSION}"));
    let checkov = venv.join("bin/checkov");
    if !checkov.exists() {
        println!("xtask: installing checkov=={CHECKOV_VERSION} from PyPI");
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run(Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet"])
            .arg(format!("checkov=={CHECKOV_VERSION}")))?;
    }
    let npm = tools.join(format!("npm-monokle-{MONOKLE_VERSION}"));
    if !npm
        .join("node_modules/@monokle/validation/package.json")
        .exists()
    {
        println!("xtask: installing @monokle/validation@{MONOKLE_VERSION} from npm");
        std::fs::create_dir_all(&npm).map_err(|e| format!("{}: {e}", npm.display()))?;
        run(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
            .arg(&npm)
            .arg(format!("@monokle/validation@{MONOKLE_VERSION}")))?;
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run(Command::new(&cargo)
        .current_dir(&root)
        .args(["build", "--quiet", "-p", "drydock_cli"]))?;
    let drydock = target.join("debug/drydock");

    // Every Kubernetes rule on, opt-in ones included: the question is what each tool can find.
    let listing = output(Command::new(&drydock).arg("rules"))?;
    let mut config = String::from("rules:\n");
    for id in listing
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|id| id.starts_with("kubernetes/"))
    {
        config.push_str(&format!("  {id}: on\n"));
    }
    let config_path = out.join("all-kubernetes-rules.yaml");
    write(&config_path, &config)?;

    println!("xtask: drydock, every Kubernetes rule on");
    let report = output(
        Command::new(&drydock)
            .current_dir(&corpus)
            .args([
                "check",
                "--format",
                "json",
                "--failure-threshold",
                "none",
                "--config",
            ])
            .arg(&config_path)
            .arg("."),
    )?;
    write(&out.join("drydock.json"), &report)?;

    println!("xtask: checkov {CHECKOV_VERSION}, kubernetes framework");
    // checkov exits 1 when a check fails: only its report counts.
    let checkov_report = Command::new(&checkov)
        .args([
            "--framework",
            "kubernetes",
            "--output",
            "json",
            "--compact",
            "--quiet",
        ])
        .args(["--skip-download", "--directory"])
        .arg(&corpus)
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", checkov.display()))?;
    write(
        &out.join("checkov.json"),
        &String::from_utf8_lossy(&checkov_report.stdout),
    )?;

    println!("xtask: @monokle/validation {MONOKLE_VERSION}");
    let monokle = output(
        Command::new("node")
            .arg(root.join("crates/xtask/src/compare_k8s_monokle.mjs"))
            .arg(npm.join("node_modules"))
            .arg(&corpus),
    )?;
    write(&out.join("monokle.jsonl"), &monokle)?;

    run(Command::new("python3")
        .arg(root.join("crates/xtask/src/compare_k8s.py"))
        .arg(&corpus)
        .arg(out.join("drydock.json"))
        .arg(out.join("checkov.json"))
        .arg(out.join("monokle.jsonl"))
        .arg(out.join("compare-k8s.tsv")))
}

fn output(command: &mut Command) -> Result<String> {
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{command:?} exited with {}", output.status));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("{command:?}: {e}"))
}

fn write(path: &Path, text: &str) -> Result {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
