use crate::object::objects;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/ingress-without-tls",
    language: Language::Kubernetes,
    summary: crate::rules::summary("An Ingress serves plain HTTP only (no tls section)"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "polaris",
        id: "tlsSettingsMissing",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports an Ingress without `spec.tls`.

Off by default (Polaris has it on): TLS is often terminated in front of the ingress controller
(a cloud load balancer, a CDN) or added by cert-manager from an annotation, which a manifest
alone does not show.

## Why is this bad?
Without `tls` the controller serves these hosts over HTTP only: credentials and cookies cross the
network in clear text, and browsers mark the site as not secure.

## Invalid
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
```

## Valid
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "Ingress" {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec().filter(|&s| doc.entries(s).is_some()) else {
            continue;
        };
        if doc.get(spec, "tls").is_none() {
            out.push(Diagnostic::new(
                &RULE,
                "the Ingress has no tls section: its hosts are served over plain HTTP",
                o.anchor(),
            ));
        }
    }
}
