use crate::command::{insertion_after, value_flags};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/yum-missing-yes",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "`yum install` without `-y` waits for a confirmation no one gives",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3030",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `yum install` without `-y` (`--assumeyes`), and adds `-y`.

## Why is this bad?
yum asks `Is this ok [y/N]` before installing; with stdin closed during a build the answer is no and the step fails.

## Invalid
```dockerfile
FROM centos:7
RUN yum install httpd-2.4.6 && yum clean all
```

## Valid
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("yum")) {
            continue;
        }
        let Some(sub) = command.subcommand(value_flags::YUM) else {
            continue;
        };
        if !["install", "groupinstall", "localinstall"].contains(&sub.value.as_str())
            || command.has_any_flag(&["y", "assumeyes"])
        {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "`yum install` without `-y` asks for confirmation, and a build has nobody to answer: it aborts",
            command.name.range.cover(sub.range),
        );
        if let Some(at) = insertion_after(sub, ctx.text) {
            diagnostic = diagnostic.with_fix(Fix::replace("Add `-y`", at, " -y"));
        }
        out.push(diagnostic);
    }
}
