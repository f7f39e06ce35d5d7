use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/wget-progress",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`wget` without a progress setting floods the build log"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3047",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `wget` without `--progress`, `-q`/`--quiet`, `-nv`/`--no-verbose`, or an output log (`-o`, `-a`).

## Why is this bad?
Without a terminal wget prints a line of dots for every few kilobytes: a large download writes thousands of lines into the build log.

## Invalid
```dockerfile
FROM debian:12
RUN wget https://example.com/big.tgz
```

## Valid
```dockerfile
FROM debian:12
RUN wget --progress=dot:giga https://example.com/big.tgz
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if command.is("wget")
            && !command.has_any_flag(&[
                "progress",
                "q",
                "quiet",
                "o",
                "output-file",
                "a",
                "append-output",
                "no-verbose",
            ])
            && !command.has_arg("-nv")
        {
            out.push(Diagnostic::new(
                &RULE,
                "`wget` without a terminal prints a progress line every few kilobytes, flooding the build log: use `--progress=dot:giga`, `-q` or `-nv`",
                command.name.range,
            ));
        }
    }
}
