//! `.drydock.yaml` and hadolint's `.hadolint.yaml`: found from the current directory upwards,
//! applied, and refused with the key and line when wrong.

use std::path::Path;

use crate::{Run, drydock, scratch};

/// A Dockerfile with one error (`RUNN`), warnings (`MAINTAINER`, an unpinned apt package) and an
/// info (`--no-install-recommends`).
const DOCKERFILE: &str =
    "FROM debian:12\nMAINTAINER me\nRUN apt-get install -y curl\nRUNN echo\nUSER app\n";

fn rules_found(run: &Run) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}\n{}", run.stdout, run.stderr));
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has(found: &[(String, String)], rule: &str, severity: &str) -> bool {
    found.iter().any(|(r, s)| r == rule && s == severity)
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn without_a_configuration_every_default_rule_runs() {
    let dir = scratch("config-none");
    write(&dir, "Dockerfile", DOCKERFILE);
    let found = rules_found(&drydock(&["check", "--format", "json", "."], &dir, None));
    assert!(has(&found, "dockerfile/unknown-instruction", "error"));
    assert!(has(&found, "dockerfile/maintainer-deprecated", "warning"));
    assert!(has(
        &found,
        "dockerfile/apt-get-unpinned-package",
        "warning"
    ));
}

#[test]
fn drydock_yaml_is_found_upwards_and_applied() {
    let dir = scratch("config-drydock");
    write(
        &dir,
        ".drydock.yaml",
        "# Our settings\n\
         rules:\n\
         \x20 dockerfile/maintainer-deprecated: off\n\
         \x20 DL3008: error            # by the hadolint id it mirrors\n\
         \x20 unknown-instruction: info\n\
         kubernetes-version: \"1.30\"\n\
         ignore:\n\
         \x20 - vendor/**\n\
         \x20 - \"*.generated.Dockerfile\"\n\
         images:\n\
         \x20 registry.example.com/team/app: services/app/Dockerfile\n\
         trusted-registries: [docker.io, registry.example.com]\n\
         failure-threshold: warning\n",
    );
    write(&dir, "services/app/Dockerfile", DOCKERFILE);
    write(&dir, "services/app/x.generated.Dockerfile", "RUNN x\n");
    write(&dir, "vendor/lib/Dockerfile", "RUNN x\n");

    // Run from a subdirectory: the file two levels up applies, and `ignore` is relative to it.
    let cwd = dir.join("services");
    let run = drydock(&["check", "--format", "json", "."], &cwd, None);
    let found = rules_found(&run);
    assert!(
        !found
            .iter()
            .any(|(rule, _)| rule == "dockerfile/maintainer-deprecated")
    );
    assert!(has(&found, "dockerfile/apt-get-unpinned-package", "error"));
    assert!(has(&found, "dockerfile/unknown-instruction", "info"));
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["app/Dockerfile"], "ignored paths are not checked");

    // `failure-threshold: warning`: an `info` alone would pass, a warning fails.
    assert_eq!(run.status, 1);
    let run = drydock(&["check", "--failure-threshold", "none", "."], &cwd, None);
    assert_eq!(run.status, 0, "the command line wins over the file");

    // From the root, `vendor/**` still applies; named explicitly, an ignored file is skipped.
    let run = drydock(
        &[
            "check",
            "--format",
            "json",
            "vendor/lib/Dockerfile",
            "services",
        ],
        &dir,
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 1, "{}", run.stdout);

    // `--no-config` ignores it.
    let found = rules_found(&drydock(
        &["check", "--no-config", "--format", "json", "."],
        &cwd,
        None,
    ));
    assert!(has(&found, "dockerfile/maintainer-deprecated", "warning"));
}

#[test]
fn an_explicit_config_is_used_and_must_exist() {
    let dir = scratch("config-explicit");
    write(&dir, "Dockerfile", DOCKERFILE);
    write(
        &dir,
        "ci/strict.yaml",
        "rules:\n  dockerfile/unknown-instruction: off\n",
    );
    let run = drydock(
        &[
            "check",
            "--config",
            "ci/strict.yaml",
            "--format",
            "json",
            ".",
        ],
        &dir,
        None,
    );
    let found = rules_found(&run);
    assert!(
        !found
            .iter()
            .any(|(rule, _)| rule == "dockerfile/unknown-instruction")
    );
    assert_eq!(run.status, 0);

    let run = drydock(&["check", "--config", "missing.yaml", "."], &dir, None);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.ends_with("missing.yaml: no such file\n"),
        "{}",
        run.stderr
    );
}

/// The message for `.drydock.yaml` holding `text`, from a run that must exit 2.
fn config_error(name: &str, text: &str) -> String {
    let dir = scratch(&format!("config-error-{name}"));
    write(&dir, "Dockerfile", "FROM alpine:3.20\n");
    write(&dir, ".drydock.yaml", text);
    let run = drydock(&["check", "."], &dir, None);
    assert_eq!(run.status, 2, "{text}\n{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "nothing is checked: {}", run.stdout);
    let message = run.stderr.trim_end();
    let prefix = format!("drydock: {}/", dir.display());
    message
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{message}"))
        .to_owned()
}

#[test]
fn configuration_errors_name_the_key_and_its_line() {
    let cases = [
        (
            "unknown-top-level-key",
            "rules: {}\n\nfailure_treshold: error\n",
            ".drydock.yaml:3:1: unknown key `failure_treshold`, expected one of `rules`, `kubernetes-version`, `ignore`, `images`, `trusted-registries`, `failure-threshold`",
        ),
        (
            "unknown-rule",
            "rules:\n  dockerfile/unknown-instruction: off\n  dockerfile/no-such-rule: warning\n",
            ".drydock.yaml:3:3: rules: unknown rule `dockerfile/no-such-rule`: `drydock rules` lists the rule ids and what they mirror",
        ),
        (
            "bad-rule-setting",
            "rules:\n  DL3008: loud\n",
            ".drydock.yaml:2:11: rules.DL3008: unknown rule setting `loud`: use off, on, info, warning or error",
        ),
        (
            "bad-threshold",
            "failure-threshold: fatal\n",
            ".drydock.yaml:1:20: failure-threshold: `fatal` is not a threshold: use `error`, `warning`, `info` or `none`",
        ),
        (
            "version-as-a-number",
            "kubernetes-version: 1.30\n",
            ".drydock.yaml:1:21: kubernetes-version: write the Kubernetes version in quotes (\"1.30\"): YAML reads 1.3 as a number, and 1.30 would become 1.3",
        ),
        (
            "bad-version",
            "kubernetes-version: \"2.0\"\n",
            ".drydock.yaml:1:21: kubernetes-version: `2.0` is not a Kubernetes version: write it like `1.30`",
        ),
        (
            "bad-glob",
            "ignore:\n  - ok/**\n  - \"bad[\"\n",
            ".drydock.yaml:3:5: ignore[1]: bad path pattern `bad[`: `bad[` has a `[` without its `]`",
        ),
        (
            "bad-image",
            "images:\n  app:1.0: Dockerfile\n",
            ".drydock.yaml:2:3: images: `app:1.0` is not an image name: give the repository without tag or digest, e.g. `registry.example.com/team/app`",
        ),
        (
            "bad-registry",
            "trusted-registries:\n  - https://docker.io/\n",
            ".drydock.yaml:2:5: trusted-registries[0]: `https://docker.io/` is not a registry host, such as `docker.io` or `registry.example.com:5000`",
        ),
        (
            "wrong-shape",
            "- rules\n",
            ".drydock.yaml:1:1: invalid type: sequence, expected a mapping of settings (`rules`, `kubernetes-version`, `ignore`, `images`, `trusted-registries`, `failure-threshold`)",
        ),
        (
            "not-yaml",
            "rules: [\n",
            ".drydock.yaml:2:1: did not find expected node content",
        ),
    ];
    let mut wrong = Vec::new();
    for (name, text, expected) in cases {
        let message = config_error(name, text);
        if !message.starts_with(expected) {
            wrong.push(format!(
                "{name}:\n  got      {message}\n  expected {expected}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn hadolint_yaml_is_read_when_there_is_no_drydock_yaml() {
    let dir = scratch("config-hadolint");
    write(&dir, "Dockerfile", DOCKERFILE);
    write(
        &dir,
        ".hadolint.yaml",
        "failure-threshold: warning\n\
         ignored:\n\
         \x20 - DL4000      # MAINTAINER\n\
         \x20 - SC2086      # ShellCheck: nothing in Drydock to switch off\n\
         \x20 - DL3999      # a hadolint rule Drydock does not mirror\n\
         override:\n\
         \x20 error:\n\
         \x20   - DL3015\n\
         \x20 style:\n\
         \x20   - DL3008\n\
         trustedRegistries: docker.io\n\
         label-schema:\n\
         \x20 author: text\n\
         strict-labels: false\n\
         no-color: true\n",
    );
    let run = drydock(&["check", "--format", "json", "."], &dir, None);
    let found = rules_found(&run);
    assert!(
        !found
            .iter()
            .any(|(rule, _)| rule == "dockerfile/maintainer-deprecated"),
        "{found:?}"
    );
    assert!(has(
        &found,
        "dockerfile/apt-get-no-install-recommends",
        "error"
    ));
    assert!(has(&found, "dockerfile/apt-get-unpinned-package", "info"));
    assert_eq!(run.status, 1);

    // `no-color: true` is honoured even when colour is forced.
    let run = drydock(&["check", "--color", "always", "."], &dir, None);
    assert!(!run.stdout.contains('\x1b'), "{}", run.stdout);

    // `no-fail: true` never fails, like hadolint.
    write(&dir, ".hadolint.yaml", "no-fail: true\n");
    assert_eq!(drydock(&["check", "."], &dir, None).status, 0);

    // A `.drydock.yaml` (here one level up) wins over `.hadolint.yaml`.
    write(&dir, "sub/Dockerfile", DOCKERFILE);
    write(&dir, "sub/.hadolint.yaml", "ignored: [DL1000]\n");
    write(&dir, ".drydock.yaml", "failure-threshold: none\n");
    let run = drydock(&["check", "--format", "json", "."], &dir.join("sub"), None);
    assert!(has(
        &rules_found(&run),
        "dockerfile/unknown-instruction",
        "error"
    ));
    assert_eq!(run.status, 0);
}

#[test]
fn hadolint_yaml_errors_name_the_key_and_its_line() {
    let dir = scratch("config-hadolint-errors");
    write(&dir, "Dockerfile", "FROM alpine:3.20\n");
    write(
        &dir,
        ".hadolint.yaml",
        "ignored: [DL3008]\noverride:\n  fatal: [DL3015]\n",
    );
    let run = drydock(&["check", "."], &dir, None);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains(
            ".hadolint.yaml:3:3: override: unknown key `fatal`, expected one of `error`, `warning`, `info`, `style`"
        ),
        "{}",
        run.stderr
    );
    write(&dir, ".hadolint.yaml", "failure-threshold: loud\n");
    let run = drydock(&["check", "."], &dir, None);
    assert!(
        run.stderr
            .contains(".hadolint.yaml:1:20: failure-threshold: `loud` is not a threshold"),
        "{}",
        run.stderr
    );
    // An explicit `--config` named like hadolint's is read as hadolint's.
    write(&dir, "ci/hadolint.yaml", "ignored: [DL3007]\n");
    let run = drydock(&["check", "--config", "ci/hadolint.yaml", "."], &dir, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
}

#[test]
fn an_empty_configuration_is_the_defaults() {
    let dir = scratch("config-empty");
    write(&dir, "Dockerfile", DOCKERFILE);
    write(&dir, ".drydock.yaml", "# nothing yet\n");
    let run = drydock(&["check", "--format", "json", "."], &dir, None);
    assert!(has(
        &rules_found(&run),
        "dockerfile/maintainer-deprecated",
        "warning"
    ));
}

#[test]
fn the_target_kubernetes_version_comes_from_the_file_or_the_command_line() {
    let dir = scratch("config-target-version");
    write(
        &dir,
        "pdb.yaml",
        "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n\
         spec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n",
    );
    write(&dir, ".drydock.yaml", "kubernetes-version: \"1.20\"\n");
    // Served (deprecated) in 1.20, removed in 1.25.
    let run = drydock(&["check", "--format", "json", "."], &dir, None);
    let found = rules_found(&run);
    assert!(
        has(&found, "kubernetes/deprecated-api", "warning"),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(rule, _)| rule == "kubernetes/unavailable-api")
    );
    assert_eq!(run.status, 0);

    let run = drydock(
        &[
            "check",
            "--target-version",
            "v1.25",
            "--format",
            "json",
            ".",
        ],
        &dir,
        None,
    );
    assert!(has(
        &rules_found(&run),
        "kubernetes/unavailable-api",
        "error"
    ));
    assert_eq!(run.status, 1);

    let run = drydock(&["check", "--target-version", "1.x", "."], &dir, None);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("`1.x` is not a Kubernetes version"),
        "{}",
        run.stderr
    );
}

#[test]
fn trusted_registries_turn_on_untrusted_registry() {
    let dockerfile = "FROM quay.io/prometheus/busybox:1.36 AS tools\n\
                      FROM registry.example.com/base/debian:12\n\
                      COPY --from=tools /bin/busybox /bin/\n\
                      USER app\n";
    let untrusted = |found: &[(String, String)]| {
        found
            .iter()
            .filter(|(rule, _)| rule == "dockerfile/untrusted-registry")
            .count()
    };

    // No list: every registry is fine.
    let dir = scratch("config-trusted-none");
    write(&dir, "Dockerfile", dockerfile);
    let found = rules_found(&drydock(&["check", "--format", "json", "."], &dir, None));
    assert_eq!(untrusted(&found), 0, "{found:?}");

    // `.drydock.yaml`: quay.io is not in the list, the stage name and the listed registry are.
    let dir = scratch("config-trusted-drydock");
    write(&dir, "Dockerfile", dockerfile);
    write(
        &dir,
        ".drydock.yaml",
        "trusted-registries: [registry.example.com]\n",
    );
    let found = rules_found(&drydock(&["check", "--format", "json", "."], &dir, None));
    assert_eq!(untrusted(&found), 1, "{found:?}");
    assert!(has(&found, "dockerfile/untrusted-registry", "error"));

    // hadolint's `trustedRegistries` in `.hadolint.yaml` does the same.
    let dir = scratch("config-trusted-hadolint");
    write(&dir, "Dockerfile", dockerfile);
    write(
        &dir,
        ".hadolint.yaml",
        "trustedRegistries:\n  - registry.example.com\n",
    );
    let found = rules_found(&drydock(&["check", "--format", "json", "."], &dir, None));
    assert_eq!(untrusted(&found), 1, "{found:?}");
}
