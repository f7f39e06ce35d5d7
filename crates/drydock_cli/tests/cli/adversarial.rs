//! The adversarial suite (issue #20): every case of `adversarial_cases.rs` and a few Helm charts
//! built to exhaust a renderer, each checked by the `drydock` binary. Each must end normally
//! with its findings, or with a one-line message saying why the file is not checked (binary,
//! not UTF-8), never with a crash. How long each takes against its size is the `adversarial`
//! benchmark's to show (`cargo xtask bench adversarial`), not this test's.

use super::{drydock, scratch};

#[path = "adversarial_cases.rs"]
mod cases;

/// The run ended as a check ends: findings or none (0, 1), or the file refused in one line (2).
fn ended_cleanly(what: &str, run: &super::Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{what}: crashed\n{}",
        run.stderr
    );
    match run.status {
        0 | 1 => assert!(
            run.stdout.contains("checked") || run.stdout.contains(" in "),
            "{what}: no summary\n{}",
            run.stdout.chars().rev().take(500).collect::<String>()
        ),
        2 => assert!(
            run.stderr.trim().lines().count() == 1 && run.stderr.contains("not checked"),
            "{what}: exit 2 without a one-line reason\n{}",
            run.stderr
        ),
        other => panic!("{what}: exit status {other}\n{}", run.stderr),
    }
}

#[test]
fn adversarial_files_are_checked_or_refused_in_one_line() {
    for case in cases::CASES {
        let dir = scratch(&format!("adversarial-{}", case.file));
        std::fs::write(dir.join(case.file), (case.make)(case.size)).unwrap();
        let run = drydock(&["check", case.file], &dir, None);
        ended_cleanly(case.name, &run);
    }
}

#[test]
fn adversarial_charts_are_answered_with_a_finding() {
    let charts: &[(&str, &str)] = &[
        // A template that includes itself: Helm's recursion limit, not the stack's.
        (
            "include-recursion",
            "{{- define \"loop\" }}{{ include \"loop\" . }}{{ end }}\na: {{ include \"loop\" . }}\n",
        ),
        // A range a million long.
        ("huge-range", "{{- range until 1000000 }}{{ . }}{{ end }}\n"),
        // `tpl` of its own text.
        (
            "tpl-itself",
            "{{- define \"self\" }}{{ tpl \"{{ include \\\"self\\\" . }}\" . }}{{ end }}\na: {{ include \"self\" . }}\n",
        ),
        // Ten thousand nested `if`s never closed.
        ("deep-if", &"{{ if true }}".repeat(10_000)),
    ];
    for (name, template) in charts {
        let dir = scratch(&format!("adversarial-chart-{name}"));
        std::fs::create_dir_all(dir.join("c/templates")).unwrap();
        std::fs::write(
            dir.join("c/Chart.yaml"),
            "apiVersion: v2\nname: c\nversion: 0.1.0\n",
        )
        .unwrap();
        std::fs::write(dir.join("c/templates/t.yaml"), template).unwrap();
        let run = drydock(&["check", "c"], &dir, None);
        ended_cleanly(name, &run);
        assert!(
            run.stdout.contains("helm/render"),
            "{name}: no finding says why the chart does not render\n{}",
            run.stdout
        );
    }
}

/// A template writing twenty thousand documents: each is checked with the traces of its own
/// text, at a cost linear in their number (the sweep in `chart::manifests_all`), and the run
/// ends with its findings.
#[test]
fn adversarial_chart_of_many_documents_is_checked() {
    let dir = scratch("adversarial-chart-many-documents");
    std::fs::create_dir_all(dir.join("c/templates")).unwrap();
    std::fs::write(
        dir.join("c/Chart.yaml"),
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("c/templates/t.yaml"),
        "{{- range until 20000 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{{ . }}\n{{- end }}\n",
    )
    .unwrap();
    let run = drydock(&["check", "c"], &dir, None);
    ended_cleanly("many-documents", &run);
    assert!(
        !run.stdout.contains("helm/render"),
        "many-documents: the chart renders\n{}",
        run.stdout
    );
}
