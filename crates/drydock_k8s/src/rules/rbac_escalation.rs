use crate::rules::pod_exec_access::grants;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/rbac-escalation",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Role or ClusterRole grants a permission that leads to more permissions",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "checkov",
            id: "CKV_K8S_155",
        },
        Mirror {
            tool: "checkov",
            id: "CKV_K8S_156",
        },
        Mirror {
            tool: "checkov",
            id: "CKV_K8S_157",
        },
        Mirror {
            tool: "checkov",
            id: "CKV_K8S_158",
        },
        Mirror {
            tool: "checkov",
            id: "CKV2_K8S_3",
        },
        Mirror {
            tool: "checkov",
            id: "CKV2_K8S_4",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Role or ClusterRole rule that grants one of the permissions Kubernetes' RBAC
documentation lists as escalation paths:

- `escalate` or `bind` on `roles` or `clusterroles`: create or bind roles with permissions the
  subject does not have;
- `impersonate` on `users`, `groups` or `serviceaccounts`: act as anyone;
- `approve` on `certificatesigningrequests/approval` or `signers`: issue client certificates,
  `system:masters` ones included;
- `create`, `update` or `patch` on `mutatingwebhookconfigurations` or
  `validatingwebhookconfigurations`: intercept or rewrite every object sent to the API server;
- `update` or `patch` on `services/status`: set a LoadBalancer's ingress IP and intercept traffic
  (CVE-2020-8554).

A wildcard verb counts; a wildcard resource is `kubernetes/rbac-wildcard`'s.

## Why is this bad?
Each of these turns a narrow role into cluster-admin in one or two steps, so the role is only as
safe as the most trusted subject could be. Controllers that need them (cert-manager approves
certificates, operators install webhooks) should be the only subjects, and reviewed as such.

## Invalid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["clusterroles"]
  verbs: ["get", "bind"]
```

## Valid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["clusterroles"]
  verbs: ["get", "list"]
```
"#,
    ),
};

/// One escalation path: the `(API group, resource)` pairs, the verbs, and what the grant allows.
type Escalation = (
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
    &'static str,
);

const ESCALATIONS: [Escalation; 5] = [
    (
        &[
            ("rbac.authorization.k8s.io", "roles"),
            ("rbac.authorization.k8s.io", "clusterroles"),
        ],
        &["escalate", "bind"],
        "grant themselves permissions they do not have",
    ),
    (
        &[("", "users"), ("", "groups"), ("", "serviceaccounts")],
        &["impersonate"],
        "act as any user, group or ServiceAccount",
    ),
    (
        &[
            ("certificates.k8s.io", "certificatesigningrequests/approval"),
            ("certificates.k8s.io", "signers"),
        ],
        &["approve"],
        "issue client certificates, system:masters ones included",
    ),
    (
        &[
            (
                "admissionregistration.k8s.io",
                "mutatingwebhookconfigurations",
            ),
            (
                "admissionregistration.k8s.io",
                "validatingwebhookconfigurations",
            ),
        ],
        &["create", "update", "patch"],
        "intercept or rewrite every object sent to the API server",
    ),
    (
        &[("", "services/status")],
        &["update", "patch"],
        "set a LoadBalancer's ingress IP and intercept traffic (CVE-2020-8554)",
    ),
];

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (resources, verbs, allows) in ESCALATIONS {
        for grant in grants(ctx.stream, resources, verbs) {
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "the {} grants {} on {}: its subjects can {allows}",
                    grant.object.kind, grant.verb, grant.resource_name
                ),
                grant.object.doc.range(grant.resource),
            ));
        }
    }
}
