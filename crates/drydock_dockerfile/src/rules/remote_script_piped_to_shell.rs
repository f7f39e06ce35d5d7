use crate::rules::{DockerfileContext, FixKind, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/remote-script-piped-to-shell",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A script downloaded and piped straight into a shell"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports `curl …` or `wget …` whose output is piped into a shell or interpreter (`sh`, `bash`, `python`…) in the same pipeline.

## Why is this bad?
The build runs whatever the server returns at that moment, unverified: a compromised or changed script, or a download cut short half-way through a line, runs as root in the image. Download the script, check its checksum or signature, then run it.

## Invalid
```dockerfile
FROM debian:12
RUN curl -fsSL https://get.docker.com/ | sh
```

## Valid
```dockerfile
FROM debian:12
RUN curl -fsSLo /tmp/get-docker.sh https://get.docker.com/ \
    && echo "4f282167c2c2d6e6e0ad4e4b3d58dd4c5d4a4c7a  /tmp/get-docker.sh" | sha1sum -c - \
    && sh /tmp/get-docker.sh
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        let commands = &run.script.commands;
        for download in commands.iter().filter(|c| c.is("curl") || c.is("wget")) {
            let Some(shell) = commands.iter().find(|c| {
                c.pipeline == download.pipeline
                    && c.pipe_position > download.pipe_position
                    && INTERPRETERS.contains(&c.base_name())
            }) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "The output of `{}` is piped into `{}`: whatever the server returns runs unverified in the build",
                        download.base_name(),
                        shell.base_name()
                    ),
                    download.range.cover(shell.range),
                )
                .with_label(shell.name.range, "runs the downloaded script"),
            );
        }
    }
}

const INTERPRETERS: &[&str] = &[
    "sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node", "php",
];
