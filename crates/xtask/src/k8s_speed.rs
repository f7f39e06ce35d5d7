//! `cargo xtask k8s-speed`: kubernetes-validate `--strict` and Drydock over the same manifest
//! corpus (`../shared/corpus/k8s`) in the same run, and the ratio.
//!
//! kubernetes-validate runs through `k8s_differential.py` (the script the differential test's
//! table comes from; its table goes to the target directory here, the committed one is left
//! alone), which times its own loop over the corpus. Drydock runs as the `kubernetes_rules`
//! benchmark (every rule on, cross-file ones included, one workspace per directory), which
//! times ten passes and prints the median and the ratio to the seconds measured here, passed in
//! `DRYDOCK_KUBERNETES_VALIDATE_SECONDS`. Both sides are measured on the same machine within
//! minutes, so the ratio holds under the machine's load of the moment better than either time.

use std::process::Command;

use crate::Result;

pub fn k8s_speed() -> Result {
    let target = crate::schema::kubernetes_validate()?;
    let root = crate::root();
    let corpus = root.join("../shared/corpus/k8s");
    if !corpus.is_dir() {
        return Err(format!("{} is absent", corpus.display()));
    }
    let table = std::env::temp_dir().join("drydock-k8s-speed.tsv");
    println!(
        "xtask: kubernetes-validate --strict over {}",
        corpus.display()
    );
    let output = Command::new("python3")
        .env("PYTHONPATH", &target)
        .arg(root.join("crates/xtask/src/k8s_differential.py"))
        .arg(&corpus)
        .arg(&table)
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "kubernetes-validate failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // `kubernetes-validate: 1369 documents in 101.2s (14/s)`
    let seconds = stdout
        .lines()
        .find_map(|line| {
            let rest = line.strip_prefix("kubernetes-validate: ")?;
            let (_, time) = rest.split_once(" documents in ")?;
            time.split_once('s')?.0.parse::<f64>().ok()
        })
        .ok_or_else(|| format!("no timing in kubernetes-validate's output: {stdout}"))?;
    print!("{stdout}");
    let _ = std::fs::remove_file(&table);

    println!("xtask: drydock over the same corpus (benchmark kubernetes_rules/corpus)");
    let status = crate::cargo()
        .args([
            "bench",
            "-p",
            "drydock_core",
            "--bench",
            "kubernetes_rules",
            "--",
            "kubernetes_rules/corpus",
        ])
        .env("DRYDOCK_KUBERNETES_VALIDATE_SECONDS", seconds.to_string())
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo bench exited with {status}"))
    }
}
