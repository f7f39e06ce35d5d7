use crate::names::{dns1123_subdomain, is_placeholder};
use crate::object::{at, int, items, objects};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/service-type-mismatch",
    language: Language::Kubernetes,
    summary: "A Service field that its type does not allow, or a field its type requires that is missing",
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks a Service's fields against its `type`, as `ValidateService` does:
- `nodePort` only with `type: NodePort` or `LoadBalancer` (not with `ClusterIP`, the default);
- `type: ExternalName` needs `externalName`, an RFC 1123 subdomain (a DNS name, not a URL);
- `clusterIP: None` (headless) only with `ClusterIP`; a headless Service with ports is fine.

## Why is this bad?
The API server rejects the Service. A `nodePort` on a ClusterIP Service usually means `type:
NodePort` was forgotten; an `externalName` with `https://` or a port is a URL where a host name
belongs.

## Invalid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    nodePort: 30080
```

## Valid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    nodePort: 30080
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "Service" {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec() else {
            continue;
        };
        let type_entry = doc.get(spec, "type");
        let kind = doc.get_str(spec, "type").unwrap_or("ClusterIP");
        if !matches!(
            kind,
            "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
        ) {
            continue; // invalid-enum-value's
        }
        let with_type = |d: Diagnostic| match type_entry {
            Some(e) => d.with_label(doc.range(e.value), "the type"),
            None => d,
        };
        if matches!(kind, "ClusterIP" | "ExternalName") {
            for &port in items(doc, at(doc, spec, &["ports"])) {
                if let Some(node) = at(doc, port, &["nodePort"])
                    && int(doc, node).is_some_and(|n| n != 0)
                {
                    out.push(with_type(
                        Diagnostic::new(
                            &RULE,
                            format!("nodePort is only for NodePort and LoadBalancer Services, and this one is {kind}: the API server rejects it"),
                            doc.range(node),
                        )
                        .with_help("set `type: NodePort`, or remove the nodePort"),
                    ));
                }
            }
        }
        if kind == "ExternalName" {
            match doc.get(spec, "externalName") {
                None => out.push(Diagnostic::new(
                    &RULE,
                    "an ExternalName Service needs `externalName`, the DNS name it points to: the API server rejects it",
                    type_entry.map_or(o.anchor(), |e| doc.range(e.value)),
                )),
                Some(entry) => {
                    let value = doc.scalar(entry.value).map_or("", |s| s.value.as_str());
                    let host = value.strip_suffix('.').unwrap_or(value);
                    if !is_placeholder(value)
                        && let Err(why) = dns1123_subdomain(host)
                    {
                        out.push(Diagnostic::new(
                            &RULE,
                            format!("externalName `{value}` {why}: it must be a DNS name (no scheme, port or path), and the API server rejects it"),
                            doc.range(entry.value),
                        ));
                    }
                }
            }
        }
        if matches!(kind, "NodePort" | "LoadBalancer")
            && let Some(entry) = doc.get(spec, "clusterIP")
            && doc.scalar(entry.value).is_some_and(|s| s.value == "None")
        {
            out.push(with_type(Diagnostic::new(
                &RULE,
                format!("clusterIP: None (headless) is only for ClusterIP Services, and this one is {kind}: the API server rejects it"),
                doc.range(entry.value),
            )));
        }
    }
}
