use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/build-target",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A service's `build.target` is not a stage of the Dockerfile it builds",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds the Dockerfile a service builds, in the workspace, as Compose resolves it (the project's
folder, the build's `context`, its `dockerfile`, `Dockerfile` by default), and checks that
`build.target` names one of its stages (`FROM … AS name`, compared as BuildKit compares them,
without case). A close name gets did-you-mean and a fix. `docker compose config` accepts any
target; a Dockerfile outside the workspace, or a remote context, is not judged.

## Why is this bad?
`docker compose build` (and `up`) fails: `target stage "…" could not be found`.

## Invalid
```yaml compose.yaml
services:
  web:
    build:
      context: .
      target: prod
```

```dockerfile Dockerfile
FROM node:22 AS build
RUN npm ci && npm run build
FROM nginx:1.27 AS production
COPY --from=build /app/dist /usr/share/nginx/html
```

## Valid
```yaml compose.yaml
services:
  web:
    build:
      context: .
      target: production
```

```dockerfile Dockerfile
FROM node:22 AS build
RUN npm ci && npm run build
FROM nginx:1.27 AS production
COPY --from=build /app/dist /usr/share/nginx/html
```
"#,
    ),
};
