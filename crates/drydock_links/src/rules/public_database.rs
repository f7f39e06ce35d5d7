use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_k8s::object::database_image;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/public-database",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A database is exposed through a LoadBalancer or NodePort Service",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Follows a Service of type `LoadBalancer` or `NodePort` to the pods it selects, and reports it when
they run a database image (MySQL, PostgreSQL, MongoDB, Redis, …).

## Why is this bad?
A LoadBalancer gets an address outside the cluster — on most clouds, a public one — and a NodePort
opens the port on every node: the database is then reachable by anyone who can reach them, and
databases are scanned for and brute-forced within minutes. The applications that use it are in
the cluster: a `ClusterIP` Service is enough.

## Invalid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  type: LoadBalancer
  selector:
    app: mysql
  ports:
  - port: 3306
---
apiVersion: v1
kind: Pod
metadata:
  name: mysql
  labels:
    app: mysql
spec:
  containers:
  - name: mysql
    image: mysql:8.0
```

## Valid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  type: ClusterIP
  selector:
    app: mysql
  ports:
  - port: 3306
---
apiVersion: v1
kind: Pod
metadata:
  name: mysql
  labels:
    app: mysql
spec:
  containers:
  - name: mysql
    image: mysql:8.0
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    let mut seen = std::collections::HashSet::new();
    for edge in ctx.graph.edges_of(EdgeKind::ServiceSelector) {
        let (EdgeStatus::Resolved, Some(to)) = (edge.status, edge.to) else {
            continue;
        };
        let Some((file, service)) = ctx.objects.get(edge.from) else {
            continue;
        };
        let doc = service.doc;
        let Some(type_entry) = service.spec().and_then(|s| doc.get(s, "type")) else {
            continue;
        };
        let Some(kind) = doc.scalar(type_entry.value).map(|s| s.value.as_str()) else {
            continue;
        };
        if !matches!(kind, "LoadBalancer" | "NodePort") {
            continue;
        }
        let Some(node) = ctx.graph.nodes.get(to) else {
            continue;
        };
        let Some((product, image_range)) = node.containers.iter().find_map(|c| {
            let product = database_image(c.image.as_deref()?)?;
            Some((product, c.image_range))
        }) else {
            continue;
        };
        if !seen.insert(edge.from) {
            continue;
        }
        let exposure = if kind == "LoadBalancer" {
            "an address outside the cluster (public on most clouds)"
        } else {
            "a port on every node"
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            format!(
                "{} is of type {kind} and selects {product} ({}): the database gets {exposure}, \
                 reachable by anyone who can reach it",
                ctx.describe(edge.from),
                ctx.describe_at(to)
            ),
            doc.range(type_entry.value),
        )
        .with_help("use type ClusterIP: the applications that use the database run in the cluster");
        if node.file == *file
            && let Some(range) = image_range
        {
            diagnostic = diagnostic.with_label(range, "the database image");
        }
        out.push(Placed {
            file: *file,
            diagnostic,
        });
    }
}
