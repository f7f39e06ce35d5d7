use crate::object::{ContainerList, at, database_image, int, items, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/database-without-volume",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A database runs in several replicas of a Deployment without a persistent volume",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a database image (MySQL, PostgreSQL, MongoDB, Redis, …) in a Deployment, ReplicaSet or
ReplicationController with more than one replica whose container mounts no PersistentVolumeClaim.

## Why is this bad?
Each replica is a separate database with its own empty data directory: writes land on one of
them at random, reads come from another, and everything is lost when a pod is replaced. Replicas
do not replicate; a database needs a StatefulSet with `volumeClaimTemplates` (one volume per
replica) and the database's own replication, or one replica with a claim.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysql
spec:
  replicas: 3
  selector:
    matchLabels:
      app: mysql
  template:
    metadata:
      labels:
        app: mysql
    spec:
      containers:
      - name: mysql
        image: mysql:8.0
```

## Valid
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  replicas: 1
  serviceName: mysql
  selector:
    matchLabels:
      app: mysql
  template:
    metadata:
      labels:
        app: mysql
    spec:
      containers:
      - name: mysql
        image: mysql:8.0
        volumeMounts:
        - name: data
          mountPath: /var/lib/mysql
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 10Gi
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        if !matches!(
            o.kind,
            "Deployment" | "ReplicaSet" | "ReplicationController"
        ) {
            continue;
        }
        let doc = o.doc;
        let replicas_entry = o.spec().and_then(|s| doc.get(s, "replicas"));
        // Absent replicas means 1 (unless an autoscaler decides).
        let Some(replicas) = replicas_entry
            .and_then(|e| int(doc, e.value))
            .filter(|&n| n > 1)
        else {
            continue;
        };
        let claims: Vec<&str> = items(doc, at(doc, template.spec, &["volumes"]))
            .iter()
            .filter(|&&v| doc.get(v, "persistentVolumeClaim").is_some())
            .filter_map(|&v| doc.get_str(v, "name"))
            .collect();
        for (list, container) in o.containers() {
            if list != ContainerList::Containers {
                continue;
            }
            let Some(image_entry) = doc.get(container, "image") else {
                continue;
            };
            let Some(product) = scalar_text(doc, image_entry.value).and_then(database_image) else {
                continue;
            };
            let mounted = items(doc, at(doc, container, &["volumeMounts"]))
                .iter()
                .filter_map(|&m| doc.get_str(m, "name"))
                .any(|name| claims.contains(&name));
            if mounted {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                &RULE,
                format!(
                    "{product} runs in {replicas} replicas of a {} with no persistent volume: each \
                     replica is a separate, empty database, and its data is lost whenever the pod is \
                     replaced",
                    o.kind
                ),
                doc.range(image_entry.value),
            )
            .with_help("use a StatefulSet with volumeClaimTemplates (and the database's own replication), or a single replica with a PersistentVolumeClaim");
            if let Some(entry) = replicas_entry {
                diagnostic = diagnostic.with_label(doc.range(entry.value), "several replicas");
            }
            out.push(diagnostic);
        }
    }
}
