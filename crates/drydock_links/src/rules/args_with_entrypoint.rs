use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_k8s::object::{at, items, scalar_text};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/args-with-entrypoint",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A container sets args without command: they replace the Dockerfile's CMD and go to its ENTRYPOINT",
    ),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
For a container whose image a Dockerfile of the workspace builds (linked as for
`kubernetes/image-runs-as-root`) and whose final stage has an `ENTRYPOINT`, reports `args` set
without `command`, and spells out what runs. Kubernetes' `command` replaces the image's
`ENTRYPOINT`, and `args` its `CMD`: with `args` alone, the Dockerfile's `CMD` is dropped and the
`args` become the `ENTRYPOINT`'s arguments. With a shell-form `ENTRYPOINT` (`ENTRYPOINT node
server.js`), `sh -c` receives them as `$0`, `$1`… and the program never sees them.

## Why is this bad?
It is how a wrapper entrypoint (`tini --`, `docker-entrypoint.sh`) is meant to be used — but it is
also a classic mistake: `args` that repeat the program (`["python", "app.py", "--debug"]` under
`ENTRYPOINT ["python", "app.py"]`) run `python app.py python app.py --debug`, and `args` under a
shell-form `ENTRYPOINT` are silently ignored. The finding shows the command line that actually
runs.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
  - name: api
    image: api:1.0
    args: ["python", "app.py", "--debug"]
```
```dockerfile
FROM python:3.13-slim
COPY app.py .
ENTRYPOINT ["python", "app.py"]
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
  - name: api
    image: api:1.0
    command: ["python", "app.py"]
    args: ["--debug"]
```
```dockerfile
FROM python:3.13-slim
COPY app.py .
ENTRYPOINT ["python", "app.py"]
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for (link, dockerfile) in ctx.dockerfiles.linked() {
        let Some(entrypoint) = &dockerfile.entrypoint else {
            continue;
        };
        let Some((file, object)) = ctx.objects.get(link.node) else {
            continue;
        };
        let doc = object.doc;
        let Some((_, container)) = object.containers().get(link.container).copied() else {
            continue;
        };
        let (Some(args), None) = (doc.get(container, "args"), at(doc, container, &["command"]))
        else {
            continue;
        };
        let values: Vec<&str> = items(doc, Some(args.value))
            .iter()
            .filter_map(|&a| scalar_text(doc, a))
            .collect();
        let where_ = format!("{} (line {})", dockerfile.path, entrypoint.line);
        let cmd = dockerfile
            .cmd
            .as_ref()
            .map(|c| format!(" and its CMD {} is dropped", c.display()))
            .unwrap_or_default();
        let message = if entrypoint.exec {
            let runs: Vec<String> = entrypoint
                .words
                .iter()
                .map(String::as_str)
                .chain(values.iter().copied())
                .map(|w| format!("{w:?}"))
                .collect();
            let program = |w: &str| w.rsplit('/').next().unwrap_or(w).to_owned();
            let repeats = match (entrypoint.words.first(), values.first()) {
                (Some(e), Some(a)) => program(e) == program(a),
                _ => false,
            };
            format!(
                "args without command go to the ENTRYPOINT {} of {where_}{cmd}: the container \
                 runs [{}]{}",
                entrypoint.display(),
                runs.join(", "),
                if repeats {
                    " — the args repeat the ENTRYPOINT's program, so it runs with itself as \
                     its first argument"
                } else {
                    ""
                }
            )
        } else {
            format!(
                "args without command go to the shell-form ENTRYPOINT {} of {where_}{cmd}: \
                 `sh -c` takes them as $0, $1…, and the program never sees them",
                entrypoint.display()
            )
        };
        out.push(Placed {
            file: *file,
            diagnostic: Diagnostic::new(&RULE, message, doc.range(args.key)).with_help(
                "set `command` too, to say the whole command line in the manifest, or write the \
                 ENTRYPOINT in exec form",
            ),
        });
    }
}
