use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/schema",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A property or value the Compose Specification's schema refuses",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "dclint",
        id: "service-container-name-regex",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Validates each Compose file against the Compose Specification's JSON schema, the one Docker
Compose embeds: a property it does not know (a typo gets did-you-mean and a fix), a mapping, a
list or a single value where the schema wants another shape, a value outside the ones a field
takes (`depends_on`'s `condition`, …) or off its pattern (`pull_policy`, `container_name`), a
number out of its range, a required property missing (`condition` of a long `depends_on`,
`command` of a hook, `type` of a long volume…; only where the whole object is in the file: not
under a service that `extends` another). Every violation is reported at its key or
value; Docker Compose stops at the first, and says where only by its path in the model.
Extensions (`x-…`) are allowed everywhere the specification allows them.

## Why is this bad?
Docker Compose refuses the whole file: no service starts.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    contianer_name: web
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    container_name: web
```
"#,
    ),
};
