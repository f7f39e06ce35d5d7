use crate::object::{at, items, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/host-path-volume",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A pod mounts a directory of the node (hostPath), such as the Docker socket",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "sensitive-host-mounts",
        },
        Mirror {
            tool: "kube-linter",
            id: "docker-sock",
        },
        Mirror {
            tool: "polaris",
            id: "hostPathSet",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports every `hostPath` volume, and says so when it is the container runtime's socket
(`/var/run/docker.sock`, containerd's, CRI-O's) or another sensitive path (`/`, `/etc`, `/proc`,
`/var/lib/kubelet`).

## Why is this bad?
A hostPath ties the pod to one node's files and lets it read or change them; the runtime's
socket is root on the node (it can start a privileged container).

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: agent
    image: docker:27
    volumeMounts:
    - name: docker
      mountPath: /var/run/docker.sock
  volumes:
  - name: docker
    hostPath:
      path: /var/run/docker.sock
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - name: cache
      mountPath: /cache
  volumes:
  - name: cache
    emptyDir: {}
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    const SOCKETS: [&str; 4] = [
        "/var/run/docker.sock",
        "/run/docker.sock",
        "/run/containerd/containerd.sock",
        "/var/run/crio/crio.sock",
    ];
    const SENSITIVE: [&str; 8] = [
        "/",
        "/etc",
        "/proc",
        "/sys",
        "/root",
        "/var/lib/kubelet",
        "/var/lib/docker",
        "/boot",
    ];
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        for &volume in items(doc, at(doc, template.spec, &["volumes"])) {
            let Some(host_path) = doc.get(volume, "hostPath") else {
                continue;
            };
            let path_node = at(doc, host_path.value, &["path"]);
            let path = path_node.and_then(|n| scalar_text(doc, n)).unwrap_or("");
            let trimmed = if path.len() > 1 {
                path.trim_end_matches('/')
            } else {
                path
            };
            let message = if SOCKETS.contains(&trimmed) {
                format!(
                    "the pod mounts the container runtime's socket ({path}): whoever controls the container can start privileged containers, which is root on the node"
                )
            } else if SENSITIVE.contains(&trimmed) {
                format!(
                    "the pod mounts {path} of the node: it can read or change the node's own files"
                )
            } else {
                format!(
                    "the pod mounts {path} of the node (hostPath): it is tied to that node's files and can change them"
                )
            };
            out.push(Diagnostic::new(
                &RULE,
                message,
                path_node.map_or(doc.range(host_path.key), |n| doc.range(n)),
            ));
        }
    }
}
