use crate::apiserver::{containers, pod_specs, rejects};
use crate::names::{is_placeholder, qualified_name};
use crate::object::{at, scalar_text};
use crate::quantity;
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-resources",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A container resource the API server rejects: an unknown name, a negative or fractional amount, a GPU request without the same limit",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks a container's `resources.requests` and `resources.limits` as
`ValidateContainerResourceRequirements` does:
- a resource without a domain is `cpu`, `memory`, `ephemeral-storage` or `hugepages-<size>`;
  others are qualified names with a domain (`nvidia.com/gpu`);
- no amount is negative, and an extended resource's is a whole number;
- a resource that cannot be overcommitted (extended resources such as GPUs, and huge pages) is
  requested exactly as much as its limit, and has a limit;
- huge pages come with a cpu or memory request or limit, in a whole number of pages (`3Mi` of
  `hugepages-2Mi` is refused).

(A request above its limit is `kubernetes/requests-exceed-limits`.) Each message ends with the
API server's own error and the field path it prints.

## Why is this bad?
The API server rejects the workload. `limits: {storage: 1Gi}` is a common slip: a container's
disk is `ephemeral-storage`; `storage` is what a PersistentVolumeClaim requests.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: trainer
spec:
  containers:
  - name: trainer
    image: example/trainer:1.0
    resources:
      requests:
        nvidia.com/gpu: 1
      limits:
        nvidia.com/gpu: 2
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: trainer
spec:
  containers:
  - name: trainer
    image: example/trainer:1.0
    resources:
      limits:
        nvidia.com/gpu: 2
```
"#,
    ),
};

/// Native resources (no domain, or one under `kubernetes.io`) may be overcommitted, except huge
/// pages (`IsOvercommitAllowed`).
fn overcommit_allowed(name: &str) -> bool {
    let native = !name.contains('/') || name.contains("kubernetes.io/");
    native && !name.starts_with("hugepages-")
}

/// Why a container resource name is refused (`validateContainerResourceName`).
fn resource_name(name: &str) -> Option<String> {
    if let Err(why) = qualified_name(name) {
        return Some(format!("the name {why}"));
    }
    if !name.contains('/') {
        let standard = matches!(name, "cpu" | "memory" | "ephemeral-storage")
            || name.starts_with("hugepages-");
        return (!standard).then(|| "must be a standard resource for containers".to_owned());
    }
    None
}

struct Resources<'a> {
    doc: &'a Document,
    kind: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Resources<'_> {
    fn push(&mut self, range: TextRange, what: String, path: &str, error: String) {
        self.out.push(Diagnostic::new(
            &RULE,
            format!("{what}: {} (`{path}: {error}`)", rejects(self.kind)),
            range,
        ));
    }

    fn container(&mut self, container: NodeId, path: &str) {
        let doc = self.doc;
        let Some(resources) = at(doc, container, &["resources"]) else {
            return;
        };
        let path = format!("{path}.resources");
        let bag = |key: &str| -> Vec<(&str, NodeId, TextRange)> {
            at(doc, resources, &[key])
                .and_then(|b| doc.entries(b))
                .map(|entries| {
                    entries
                        .iter()
                        .filter_map(|e| Some((doc.key_str(e)?, e.value, doc.range(e.key))))
                        .collect()
                })
                .unwrap_or_default()
        };
        let limits = bag("limits");
        let requests = bag("requests");
        let mut compute = false;
        let mut huge = None;
        for (bag_key, entries) in [("limits", &limits), ("requests", &requests)] {
            for &(name, value, key_range) in entries.iter() {
                if is_placeholder(name) {
                    continue;
                }
                let entry_path = format!("{path}.{bag_key}[{name}]");
                if let Some(error) = resource_name(name) {
                    let hint = match name {
                        "storage" => " (a container's disk is `ephemeral-storage`)",
                        "gpu" | "nvidia-gpu" => {
                            " (a GPU is an extended resource such as `nvidia.com/gpu`)"
                        }
                        _ => "",
                    };
                    self.push(
                        key_range,
                        format!(
                            "`{name}` is not a resource a container can {}{hint}",
                            if bag_key == "limits" {
                                "be limited in"
                            } else {
                                "request"
                            }
                        ),
                        &entry_path,
                        format!("Invalid value: \"{name}\": {error}"),
                    );
                    continue;
                }
                if matches!(name, "cpu" | "memory") {
                    compute = true;
                }
                if name.starts_with("hugepages-") {
                    huge.get_or_insert(key_range);
                }
                let Some(text) = scalar_text(doc, value) else {
                    continue;
                };
                let Some(amount) = quantity::parse(text) else {
                    continue;
                };
                if amount < 0.0 {
                    self.push(
                        doc.range(value),
                        format!(
                            "the {name} {} is negative",
                            if bag_key == "limits" {
                                "limit"
                            } else {
                                "request"
                            }
                        ),
                        &entry_path,
                        format!("Invalid value: \"{text}\": must be greater than or equal to 0"),
                    );
                } else if let Some(page) = name
                    .strip_prefix("hugepages-")
                    .and_then(quantity::parse)
                    .filter(|&p| p > 0.0)
                    && (amount / page).fract() != 0.0
                {
                    self.push(
                        doc.range(value),
                        format!("{text} is not a whole number of {} pages", name.trim_start_matches("hugepages-")),
                        &entry_path,
                        format!("Invalid value: \"{text}\": {text} is not positive integer multiple of {name}"),
                    );
                } else if !overcommit_allowed(name)
                    && !name.starts_with("hugepages-")
                    && amount.fract() != 0.0
                {
                    self.push(
                        doc.range(value),
                        format!("{name} is counted in whole units, not {text}"),
                        &entry_path,
                        format!("Invalid value: \"{text}\": must be an integer"),
                    );
                }
            }
        }
        // By name, so that many resources stay linear.
        let limit_of: std::collections::HashMap<&str, NodeId> =
            limits.iter().map(|&(name, node, _)| (name, node)).collect();
        for &(name, value, key_range) in &requests {
            if overcommit_allowed(name) || resource_name(name).is_some() || is_placeholder(name) {
                continue;
            }
            let request = scalar_text(doc, value).unwrap_or("");
            match limit_of.get(name) {
                None => self.push(
                    key_range,
                    format!("{name} cannot be overcommitted: a request needs an equal limit (setting only the limit requests as much)"),
                    &format!("{path}.limits"),
                    "Required value: Limit must be set for non overcommitable resources".to_owned(),
                ),
                Some(&limit_node) => {
                    let limit = scalar_text(doc, limit_node).unwrap_or("");
                    let equal = match (quantity::parse(request), quantity::parse(limit)) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    };
                    if !equal {
                        self.push(
                            doc.range(value),
                            format!("{name} cannot be overcommitted: its request ({request}) must equal its limit ({limit})"),
                            &format!("{path}.requests"),
                            format!("Invalid value: \"{request}\": must be equal to {name} limit of {limit}"),
                        );
                    }
                }
            }
        }
        if let Some(range) = huge
            && !compute
        {
            self.push(
                range,
                "huge pages come with a cpu or memory request or limit".to_owned(),
                &path,
                "Forbidden: HugePages require cpu or memory".to_owned(),
            );
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let mut resources = Resources {
            doc,
            kind: pod.object.kind,
            out: &mut *out,
        };
        for c in containers(doc, pod.template.spec) {
            resources.container(c.node, &c.path(pod.path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(resource_name("cpu").is_none());
        assert!(resource_name("hugepages-2Mi").is_none());
        assert!(resource_name("nvidia.com/gpu").is_none());
        assert!(resource_name("storage").is_some());
        assert!(resource_name("gpu").is_some());
        assert!(overcommit_allowed("memory"));
        assert!(!overcommit_allowed("nvidia.com/gpu"));
        assert!(!overcommit_allowed("hugepages-1Gi"));
    }
}
