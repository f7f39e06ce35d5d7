use crate::command::insertion_after;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/useradd-high-uid",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`useradd` with a high UID and without `-l`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3046",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `useradd` with a UID of more than 5 digits and without `-l` (`--no-log-init`), and adds `-l`.

## Why is this bad?
useradd records the user in `/var/log/lastlog` and `faillog`, sparse files indexed by UID. Docker's layers do not keep files sparse, so a UID like 100000000 writes gigabytes of zeros into the image.

## Invalid
```dockerfile
FROM debian:12
RUN useradd -u 123456789 app
```

## Valid
```dockerfile
FROM debian:12
RUN useradd -l -u 123456789 app
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !command.is("useradd") || command.has_any_flag(&["l", "no-log-init"]) {
            continue;
        }
        let Some(uid) = command.flag_value(&["u", "uid"]) else {
            continue;
        };
        let uid_text = uid.value.strip_prefix("--uid=").unwrap_or(&uid.value);
        if uid_text.len() <= 5 {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            format!(
                "`useradd` without `-l` and UID {uid_text} writes a huge sparse lastlog file, which the image layer stores in full"
            ),
            command.range,
        );
        if let Some(at) = insertion_after(&command.name, ctx.text) {
            diagnostic = diagnostic.with_fix(Fix::replace("Add `-l`", at, " -l"));
        }
        out.push(diagnostic);
    }
}
