use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/values-schema",
    language: Language::Helm,
    summary: crate::rules::summary("A value does not meet the chart's `values.schema.json`"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "helm",
        id: "values.schema.json",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Checks the chart's values (its `values.yaml`, with what a parent chart sets for it) against the
JSON Schema in its `values.schema.json`, as Helm does before it renders anything, and reports
every value that does not meet it, in Helm's words, at the line of the values file that sets it
(for a missing property: the map it is missing from). Subcharts are checked against their own
schemas with the values their parent gives them.

Drafts 4, 6, 7, 2019-09 and 2020-12 are understood (2020-12 when `$schema` names none). Not
checked: `format`, `unevaluatedProperties` and `unevaluatedItems`, `$dynamicRef`, and schemas a
`$ref` fetches from the network (Helm fetches them; Drydock works offline).

## Why is this bad?
`helm install`, `helm upgrade` and `helm template` refuse values that do not meet the schema:
nothing is deployed. Helm stops at the first chart that fails and prints its violations without
a line number.

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 0.1.0
```

```json values.schema.json
{
  "type": "object",
  "properties": {
    "replicas": { "type": "integer", "minimum": 1 }
  }
}
```

```yaml values.yaml
replicas: two
```

## Valid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 0.1.0
```

```json values.schema.json
{
  "type": "object",
  "properties": {
    "replicas": { "type": "integer", "minimum": 1 }
  }
}
```

```yaml values.yaml
replicas: 2
```
"#,
    ),
};
