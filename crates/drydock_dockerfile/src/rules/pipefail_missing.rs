use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/pipefail-missing",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A pipe in `RUN` without `pipefail`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL4006",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `RUN` whose commands use a pipe while neither the `SHELL` (`["/bin/bash", "-o", "pipefail", "-c"]`) nor an earlier `set -o pipefail` in the same script makes a failing command fail the pipe. PowerShell and cmd shells are left alone.

## Why is this bad?
A pipeline's status is its last command's: in `curl … | tar x` a failed download still gives a successful step, and the build carries on with a broken image.

## Invalid
```dockerfile
FROM debian:12
RUN curl -fsSL https://example.com/a.tgz | tar xz
```

## Valid
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/a.tgz | tar xz
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        if !run.is_posix() || run.shell.pipefail || run.exec_form {
            continue;
        }
        let Some(pipe) = run
            .script
            .pipes
            .iter()
            .find(|pipe| !pipe.nested_shell && !run.script.pipefail_before(pipe.range.start))
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                "A failure before this pipe is ignored: the pipeline's status is its last command's, so the step succeeds even if the first command failed",
                pipe.range,
            )
            .with_help("add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this `RUN` (or `set -o pipefail &&` in it, with a shell that has the option)"),
        );
    }
}
