use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/obsolete-version",
    language: Language::Compose,
    summary: crate::rules::summary(
        "The top-level `version` is obsolete: Compose ignores it and warns",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "dclint",
        id: "no-version-field",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Finds the top-level `version` field. The Compose Specification has no versions: Docker Compose
ignores the field and prints `the attribute version is obsolete` on every command. The fix
removes the line.

## Why is this bad?
It suggests that the file is read by the rules of that version (`2.4`, `3.8`), which is not so:
options of every version are read, and a file that relies on version 2's behaviour (`mem_limit`
beside `deploy`) gets today's.

## Invalid
```yaml compose.yaml
version: "3.8"
services:
  web:
    image: nginx:1.27
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
```
"#,
    ),
};
