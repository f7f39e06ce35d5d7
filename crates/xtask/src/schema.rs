//! `cargo xtask schema`: regenerates Drydock's Kubernetes schema from the pinned
//! kubernetes-validate wheel on PyPI; `cargo xtask k8s-differential`: re-runs kubernetes-validate
//! over `../shared/corpus/k8s` and rewrites the table the differential test compares with.
//!
//! Both leave committed files behind (`crates/drydock_k8s/schema/`,
//! `crates/drydock_core/tests/kubernetes_differential.tsv`): builds and tests never need the
//! network. The conversions are small Python programs beside this file, run by python3.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::Result;
use crate::tools::run;

pub const KUBERNETES_VALIDATE_VERSION: &str = "1.37.0";

pub fn schema() -> Result {
    let started = Instant::now();
    let work = crate::tools::dir()?.join(format!(
        "kubernetes-validate-{KUBERNETES_VALIDATE_VERSION}-wheel"
    ));
    let wheel_name = format!("kubernetes_validate-{KUBERNETES_VALIDATE_VERSION}-py3-none-any.whl");
    let wheel = work.join(&wheel_name);
    if !wheel.exists() {
        std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
        println!("xtask: downloading kubernetes-validate=={KUBERNETES_VALIDATE_VERSION} from PyPI");
        run(Command::new("python3")
            .args(["-m", "pip", "download", "--quiet", "--no-deps", "-d"])
            .arg(&work)
            .arg(format!(
                "kubernetes-validate=={KUBERNETES_VALIDATE_VERSION}"
            )))?;
    }
    let unpacked = work.join("unpacked");
    if !unpacked.join("kubernetes_validate").exists() {
        run(Command::new("python3")
            .args([
                "-c",
                "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
            ])
            .arg(&wheel)
            .arg(&unpacked))?;
    }
    let root = crate::root();
    let out = root.join("crates/drydock_k8s/schema");
    run(Command::new("python3")
        .arg(root.join("crates/xtask/src/schema.py"))
        .arg(&unpacked)
        .arg(&out))?;
    for name in ["kubernetes.schema", "kubernetes.descriptions"] {
        report_size(&out.join(name));
    }
    println!(
        "xtask: schema regenerated in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn report_size(path: &Path) {
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let gzip = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map(|o| o.stdout.len())
        .unwrap_or(0);
    println!(
        "xtask: {}: {} KB ({} KB gzip)",
        path.display(),
        bytes.len() / 1024,
        gzip / 1024
    );
}

/// The directory kubernetes-validate is installed in (for `PYTHONPATH`), installing it once.
/// `cargo xtask compose-schema`: regenerates `crates/drydock_compose/src/schema/tables.rs` (and
/// the properties' descriptions, `descriptions.rs`) from the Compose Specification's schema as
/// Docker Compose v5.6.1 embeds it (`../shared/conformance/compose/schema/compose-spec.json`),
/// with `compose_schema.py`.
pub fn compose_schema() -> Result {
    let root = crate::root();
    let schema = root.join("../shared/conformance/compose/schema/compose-spec.json");
    if !schema.is_file() {
        return Err(format!("{}: not found", schema.display()));
    }
    let out = root.join("crates/drydock_compose/src/schema/tables.rs");
    let descriptions = root.join("crates/drydock_compose/src/schema/descriptions.rs");
    run(Command::new("python3")
        .arg(root.join("crates/xtask/src/compose_schema.py"))
        .arg(&schema)
        .arg(&out)
        .arg(&descriptions))?;
    run(Command::new("rustfmt")
        .args(["--edition", "2024"])
        .arg(&out)
        .arg(&descriptions))?;
    report_size(&out);
    report_size(&descriptions);
    Ok(())
}

pub fn kubernetes_validate() -> Result<PathBuf> {
    let target = crate::tools::dir()?.join("pip-kubernetes-validate");
    if !target.join("kubernetes_validate").exists() {
        println!("xtask: installing kubernetes-validate=={KUBERNETES_VALIDATE_VERSION} from PyPI");
        run(Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "--target"])
            .arg(&target)
            .arg(format!(
                "kubernetes-validate=={KUBERNETES_VALIDATE_VERSION}"
            )))?;
    }
    Ok(target)
}

pub fn differential() -> Result {
    let target = kubernetes_validate()?;
    let root = crate::root();
    let corpus = root.join("../shared/corpus/k8s");
    run(Command::new("python3")
        .env("PYTHONPATH", &target)
        .arg(root.join("crates/xtask/src/k8s_differential.py"))
        .arg(&corpus)
        .arg(root.join("crates/drydock_core/tests/kubernetes_differential.tsv")))
}

#[cfg(test)]
mod compose_tests {
    use std::process::Command;

    /// The committed tables are what `cargo xtask compose-schema` makes of the schema in
    /// `../shared` (skipped when `../shared` is not there).
    #[test]
    fn compose_schema_tables_are_up_to_date() {
        let root = crate::root();
        let schema = root.join("../shared/conformance/compose/schema/compose-spec.json");
        if !schema.is_file() {
            eprintln!("{}: not found, skipped", schema.display());
            return;
        }
        let fresh = std::env::temp_dir().join(format!("compose-tables-{}.rs", std::process::id()));
        let fresh_descriptions =
            std::env::temp_dir().join(format!("compose-descriptions-{}.rs", std::process::id()));
        let status = Command::new("python3")
            .arg(root.join("crates/xtask/src/compose_schema.py"))
            .arg(&schema)
            .arg(&fresh)
            .arg(&fresh_descriptions)
            .status()
            .unwrap();
        assert!(status.success());
        let status = Command::new("rustfmt")
            .args(["--edition", "2024"])
            .arg(&fresh)
            .arg(&fresh_descriptions)
            .status()
            .unwrap();
        assert!(status.success());
        for (generated, committed) in [
            (&fresh, "tables.rs"),
            (&fresh_descriptions, "descriptions.rs"),
        ] {
            let committed = std::fs::read_to_string(
                root.join("crates/drydock_compose/src/schema")
                    .join(committed),
            )
            .unwrap();
            let text = std::fs::read_to_string(generated).unwrap();
            let _ = std::fs::remove_file(generated);
            assert!(
                committed == text,
                "crates/drydock_compose/src/schema is stale: run `cargo xtask compose-schema`"
            );
        }
    }
}
