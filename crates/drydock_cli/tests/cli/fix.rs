//! `--fix` writes fixed files back; `--fix --dry-run` prints a unified diff and changes nothing.

use std::io::Write;

use crate::{drydock, scratch};

const BROKEN: &str = "FROM alpine:3.20\nMAINTAINER me\nCOPY. /app\nUSER 10001\n";
const FIXED: &str =
    "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"me\"\nCOPY . /app\nUSER 10001\n";

#[test]
fn dry_run_prints_a_diff_and_changes_nothing() {
    let dir = scratch("fix-dry-run");
    std::fs::create_dir_all(dir.join("app")).unwrap();
    std::fs::write(dir.join("app/Dockerfile"), BROKEN).unwrap();
    std::fs::write(
        dir.join("clean.Dockerfile"),
        "FROM alpine:3.20\nUSER 10001\n",
    )
    .unwrap();
    let run = drydock(&["check", "--fix", "--dry-run", "."], &dir, None);
    assert_eq!(run.status, 1, "a pending fix exits 1\n{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("app/Dockerfile")).unwrap(),
        BROKEN
    );
    assert_eq!(
        run.stderr,
        "drydock: --dry-run: the fixes would resolve 2 problems in 1 file (nothing was written)\n"
    );
    insta::assert_snapshot!(run.stdout, @r#"
    --- a/app/Dockerfile
    +++ b/app/Dockerfile
    @@ -1,4 +1,4 @@
     FROM alpine:3.20
    -MAINTAINER me
    -COPY. /app
    +LABEL org.opencontainers.image.authors="me"
    +COPY . /app
     USER 10001
    "#);

    // The diff applies with `git apply` and gives the fixed text.
    let mut apply = std::process::Command::new("git")
        .args(["apply", "-"])
        .current_dir(&dir)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    apply
        .stdin
        .take()
        .unwrap()
        .write_all(run.stdout.as_bytes())
        .unwrap();
    assert!(apply.wait().unwrap().success());
    assert_eq!(
        std::fs::read_to_string(dir.join("app/Dockerfile")).unwrap(),
        FIXED
    );

    let run = drydock(
        &["check", "--fix", "--dry-run", "clean.Dockerfile"],
        &dir,
        None,
    );
    assert_eq!(
        (run.status, run.stdout.as_str()),
        (0, ""),
        "nothing to fix exits 0"
    );
}

#[test]
fn fix_writes_the_files_back_and_reports_what_remains() {
    let dir = scratch("fix-write");
    std::fs::write(dir.join("Dockerfile"), BROKEN).unwrap();
    // A remaining finding without a fix: `RUNN` with no close instruction.
    std::fs::write(
        dir.join("other.Dockerfile"),
        "FROM alpine:3.20\nMAINTAINER me\nXYZZY plugh\nUSER 10001\n",
    )
    .unwrap();
    let run = drydock(&["check", "--fix", "."], &dir, None);
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
        FIXED
    );
    let other = std::fs::read_to_string(dir.join("other.Dockerfile")).unwrap();
    assert!(other.contains("LABEL org.opencontainers.image.authors=\"me\""));
    assert!(other.contains("XYZZY plugh"));
    assert_eq!(run.status, 1, "the unfixable error remains\n{}", run.stdout);
    assert!(
        run.stdout.contains("--> other.Dockerfile:3:1"),
        "{}",
        run.stdout
    );
    let summary = run.stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("3 problems fixed in 2 files; 1 error"),
        "{summary}"
    );

    // A second run has nothing left to fix.
    let run = drydock(
        &["check", "--fix", "--format", "json", "Dockerfile"],
        &dir,
        None,
    );
    assert_eq!(run.status, 0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["findings"], serde_json::json!([]));
    assert!(json["files"][0].get("fixed").is_none());
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn fix_respects_the_configuration() {
    let dir = scratch("fix-config");
    std::fs::write(dir.join("Dockerfile"), BROKEN).unwrap();
    std::fs::write(
        dir.join(".drydock.yaml"),
        "rules:\n  maintainer-deprecated: off\n",
    )
    .unwrap();
    let run = drydock(&["check", "--fix", "."], &dir, None);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    assert!(
        text.contains("MAINTAINER me"),
        "a disabled rule is not fixed"
    );
    assert!(text.contains("COPY . /app"));
}

#[test]
fn standard_input_is_not_fixed_in_place() {
    let dir = scratch("fix-stdin");
    let run = drydock(
        &["check", "--fix", "-", "--stdin-filename", "Dockerfile"],
        &dir,
        Some(BROKEN.as_bytes()),
    );
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--fix --dry-run"), "{}", run.stderr);

    let run = drydock(
        &[
            "check",
            "--fix",
            "--dry-run",
            "-",
            "--stdin-filename",
            "Dockerfile",
        ],
        &dir,
        Some(BROKEN.as_bytes()),
    );
    assert_eq!(run.status, 1);
    assert!(
        run.stdout
            .starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n"),
        "{}",
        run.stdout
    );

    let run = drydock(&["check", "--dry-run", "."], &dir, None);
    assert_eq!(run.status, 2, "--dry-run needs --fix");
}
