use crate::Keyword;
use crate::rules::{DockerfileContext, FixKind, Language, RuleMeta};
use crate::semantic::Base;
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/final-stage-runs-as-root",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "The final stage never sets a `USER`, so the container runs as root",
    ),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports the `FROM` of the final stage when neither it nor a stage it builds on sets `USER`: the container then runs as the base image's user, which for most images (`debian`, `ubuntu`, `alpine`, `node`, `python`…) is root. `FROM scratch` images, images whose name says they run unprivileged (`distroless …:nonroot`, `*-rootless`), and images that install or call `gosu`, `su-exec` or `setpriv` (an entrypoint that starts as root to drop privileges, as the official `postgres` and `redis` images do) are left alone.

## Why is this bad?
Running as root turns any compromise of the application into root in the container, one kernel bug away from the host. Kubernetes' `runAsNonRoot` refuses such images.

## Invalid
```dockerfile
FROM node:20
COPY . /app
CMD ["node", "/app/index.js"]
```

## Valid
```dockerfile
FROM node:20
COPY . /app
USER node
CMD ["node", "/app/index.js"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(stage) = ctx.semantic.final_stage() else {
        return;
    };
    let last = stage.end.saturating_sub(1).max(stage.from);
    let set_here = ctx
        .tree
        .instructions
        .get(stage.from..stage.end)
        .is_some_and(|all| all.iter().any(|i| i.keyword == Some(Keyword::User)));
    let inherited = ctx
        .semantic
        .instructions
        .get(last)
        .and_then(|info| info.user)
        .is_some();
    if set_here || inherited {
        return;
    }
    let Some(root) = ctx.semantic.root_stage(stage.index) else {
        return;
    };
    // Images that start as root to drop privileges in their entrypoint (`gosu`, `su-exec`,
    // `setpriv`), as the official postgres and redis images do, run their process unprivileged.
    const DROPPERS: [&str; 4] = ["gosu", "su-exec", "setpriv", "s6-setuidgid"];
    let mentions = |from: usize, end: usize| {
        ctx.tree
            .instructions
            .get(from..end)
            .unwrap_or_default()
            .iter()
            .any(|i| {
                i.range
                    .slice(ctx.text)
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .any(|word| DROPPERS.contains(&word))
            })
    };
    let drops_privileges = DROPPERS.iter().any(|name| ctx.text.contains(name))
        && (mentions(stage.from, stage.end) || mentions(root.from, root.end));
    if drops_privileges {
        return;
    }
    let image = match &root.base {
        Base::Image(image) => image,
        _ => return,
    };
    let text = image.text.to_ascii_lowercase();
    if text.contains("nonroot") || text.contains("rootless") || text.contains("non-root") {
        return;
    }
    let range = stage.base_word.as_ref().map_or_else(
        || {
            ctx.tree
                .instructions
                .get(stage.from)
                .map_or(TextRange::default(), |i| i.keyword_range)
        },
        |word| word.range,
    );
    out.push(Diagnostic::new(
        &RULE,
        format!("The final stage never sets `USER`, so the container runs as `{}`'s default user, usually root", image.text),
        range,
    ).with_help("create an unprivileged user and add `USER <name>` before `CMD`/`ENTRYPOINT`"));
}
