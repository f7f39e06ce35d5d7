use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/unquoted-port",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A `HOST:CONTAINER` port mapping that YAML 1.1 reads as a base-60 number",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "dclint",
        id: "require-quotes-in-ports",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Finds unquoted port mappings such as `- 22:22` whose numbers after each `:` are below 60. YAML 1.1
reads them as sexagesimal integers (`22:22` is 1342). Docker Compose reads YAML 1.2 and gets the
string, but docker-compose v1, PyYAML and many linters and CI tools do not. The fix quotes the
mapping.

## Why is this bad?
The same file means two things to two tools; a mapping that works today breaks in the next tool
that reads it.

## Invalid
```yaml compose.yaml
services:
  ssh:
    image: linuxserver/openssh-server:9.9
    ports:
      - 22:22
```

## Valid
```yaml compose.yaml
services:
  ssh:
    image: linuxserver/openssh-server:9.9
    ports:
      - "22:22"
```
"#,
    ),
};
