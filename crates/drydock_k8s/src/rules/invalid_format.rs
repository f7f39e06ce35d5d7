use crate::ViolationKind;
use crate::apiserver::{is_builtin, pod_specs, rejects};
use crate::object::{at, items, objects, scalar_text};
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use core::net::IpAddr;
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-format",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A value that does not have the field's format"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubectl",
            id: "quantities must match the regular expression",
        },
        Mirror {
            tool: "kubeconform",
            id: "is not valid",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports values of the right type but the wrong form: a resource quantity such as `1GB` (Kubernetes
writes `1G` or `1Gi`), a port beyond 32 bits, Secret `data` that is not base64, a timestamp that is
not RFC 3339.

IP addresses, as the API server's validation reads them (`IsValidIP`, `IsValidCIDR`): a pod's
`dnsConfig.nameservers` and `hostAliases[].ip`, a Service's `clusterIP`/`clusterIPs` (or
`None`), its `externalIPs` (which may not be
unspecified, loopback or link-local either) and `loadBalancerSourceRanges` (CIDRs). Those
messages end with the API server's own error and the field path it prints.

## Why is this bad?
The API server rejects the object, or (for quantities) the error only shows when the Pod is
scheduled.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      limits:
        memory: 512MB
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
    resources:
      limits:
        memory: 512Mi
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::InvalidFormat, &RULE, out);
    if cfg!(feature = "api-server") {
        check_api_server(ctx, out);
    }
}

/// An IP address as the API server parses it (`ParseIPSloppy`: IPv4 octets may have leading
/// zeros).
pub(crate) fn ip(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    let octets: Vec<u8> = text
        .split('.')
        .map(|part| {
            let trimmed = part.trim_start_matches('0');
            let digits = if trimmed.is_empty() && !part.is_empty() {
                "0"
            } else {
                trimmed
            };
            if part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse::<u8>().ok()
        })
        .collect::<Option<Vec<u8>>>()?;
    let [a, b, c, d] = octets.as_slice() else {
        return None;
    };
    Some(IpAddr::from([*a, *b, *c, *d]))
}

/// A CIDR: an address and a prefix length that fits it.
fn cidr(text: &str) -> bool {
    let Some((address, bits)) = text.split_once('/') else {
        return false;
    };
    let Ok(bits) = bits.parse::<u8>() else {
        return false;
    };
    match ip(address) {
        Some(IpAddr::V4(_)) => bits <= 32,
        Some(IpAddr::V6(_)) => bits <= 128,
        None => false,
    }
}

/// Why an external IP is refused beyond its syntax (`ValidateNonSpecialIP`).
fn special(ip: IpAddr) -> Option<&'static str> {
    let link_local = match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => v6.segments().first().is_some_and(|s| s & 0xffc0 == 0xfe80),
    };
    let link_local_multicast = match ip {
        IpAddr::V4(v4) => v4.octets().get(..3) == Some(&[224, 0, 0][..]),
        IpAddr::V6(v6) => v6.segments().first().is_some_and(|s| s & 0xff0f == 0xff02),
    };
    if ip.is_unspecified() {
        Some("may not be unspecified (0.0.0.0, ::)")
    } else if ip.is_loopback() {
        Some("may not be in the loopback range (127.0.0.0/8, ::1/128)")
    } else if link_local {
        Some("may not be in the link-local range (169.254.0.0/16, fe80::/10)")
    } else if link_local_multicast {
        Some("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")
    } else {
        None
    }
}

pub(crate) const NOT_AN_IP: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

/// The IP addresses and CIDRs of pod specs and Services.
fn addresses(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut push = |range, what: String, kind: &str, path: String, error: String| {
        out.push(Diagnostic::new(
            &RULE,
            format!("{what}: {} (`{path}: {error}`)", rejects(kind)),
            range,
        ));
    };
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let spec = pod.template.spec;
        let mut fields: Vec<(drydock_yaml::NodeId, String)> =
            items(doc, at(doc, spec, &["dnsConfig", "nameservers"]))
                .iter()
                .enumerate()
                .map(|(i, &n)| (n, format!("{}.dnsConfig.nameservers[{i}]", pod.path)))
                .collect();
        for (i, &alias) in items(doc, at(doc, spec, &["hostAliases"]))
            .iter()
            .enumerate()
        {
            if let Some(node) = at(doc, alias, &["ip"]) {
                fields.push((node, format!("{}.hostAliases[{i}].ip", pod.path)));
            }
        }
        for (node, path) in fields {
            let Some(text) = scalar_text(doc, node) else {
                continue;
            };
            if ip(text).is_none() && !crate::names::is_placeholder(text) {
                push(
                    doc.range(node),
                    format!("`{text}` is not an IP address"),
                    pod.object.kind,
                    path,
                    format!("Invalid value: \"{text}\": {NOT_AN_IP}"),
                );
            }
        }
    }
    for o in objects(ctx.stream) {
        if o.kind != "Service" || !is_builtin(&o) {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec() else {
            continue;
        };
        // Cluster IPs (`ValidateServiceClusterIPsRelatedFields`); an ExternalName Service may
        // have none at all, which is service-type-mismatch's.
        if doc.get_str(spec, "type").unwrap_or("ClusterIP") != "ExternalName"
            && let Some(ips) = crate::apiserver::cluster_ips(doc, spec)
        {
            for (i, &(node, text)) in ips.iter().enumerate() {
                // A first `None` with others is service-type-mismatch's.
                if (i == 0 && text == "None") || ip(text).is_some() {
                    continue;
                }
                let what = if text == "None" {
                    "`None` (headless) can only be the first and only cluster IP, and here it is not an address".to_owned()
                } else {
                    format!(
                        "`{text}` is not an IP address: a cluster IP is an address, or `None` for a headless Service"
                    )
                };
                push(
                    doc.range(node),
                    what,
                    "Service",
                    format!("spec.clusterIPs[{i}]"),
                    format!("Invalid value: \"{text}\": {NOT_AN_IP}"),
                );
            }
        }
        for (i, &node) in items(doc, at(doc, spec, &["externalIPs"]))
            .iter()
            .enumerate()
        {
            let Some(text) = scalar_text(doc, node) else {
                continue;
            };
            if crate::names::is_placeholder(text) {
                continue;
            }
            let error = match ip(text) {
                None => Some(NOT_AN_IP),
                Some(address) => special(address),
            };
            if let Some(error) = error {
                push(
                    doc.range(node),
                    format!("`{text}` cannot be an external IP"),
                    "Service",
                    format!("spec.externalIPs[{i}]"),
                    format!("Invalid value: \"{text}\": {error}"),
                );
            }
        }
        // The annotation counts only when the field is empty (`ValidateService`).
        if items(doc, at(doc, spec, &["loadBalancerSourceRanges"])).is_empty()
            && let Some((_, value, _, value_node)) = o
                .annotations()
                .into_iter()
                .find(|(key, ..)| *key == crate::apiserver::SOURCE_RANGES_ANNOTATION)
            && !crate::names::is_placeholder(value)
        {
            let annotation = crate::apiserver::SOURCE_RANGES_ANNOTATION;
            let whole = doc.range(value_node);
            let written = whole.slice(ctx.text);
            let mut from = 0;
            for range in value.trim().split(',').filter(|_| !value.trim().is_empty()) {
                let trimmed = range.trim();
                // The piece's own range when the scalar is written as it reads (no escapes).
                let found = written.get(from..).and_then(|rest| rest.find(trimmed));
                let at_piece = found.filter(|_| !trimmed.is_empty()).map(|i| {
                    from += i + trimmed.len();
                    TextRange::new(whole.start + from - trimmed.len(), whole.start + from)
                });
                if !cidr(trimmed) {
                    push(
                        at_piece.unwrap_or(whole),
                        format!(
                            "`{trimmed}` in the source-ranges annotation is not a CIDR (an address and a prefix length, `10.0.0.0/8`)"
                        ),
                        "Service",
                        format!("metadata.annotations[{annotation}]"),
                        format!(
                            "Invalid value: \"{trimmed}\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
                        ),
                    );
                }
            }
        }
        for (i, &node) in items(doc, at(doc, spec, &["loadBalancerSourceRanges"]))
            .iter()
            .enumerate()
        {
            let Some(text) = scalar_text(doc, node) else {
                continue;
            };
            // The API server trims spaces here, for the annotation's sake.
            let trimmed = text.trim();
            if !cidr(trimmed) && !crate::names::is_placeholder(text) {
                push(
                    doc.range(node),
                    format!(
                        "`{text}` is not a CIDR (an address and a prefix length, `10.0.0.0/8`)"
                    ),
                    "Service",
                    format!("spec.LoadBalancerSourceRanges[{i}]"),
                    format!(
                        "Invalid value: \"{trimmed}\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
                    ),
                );
            }
        }
    }
}

/// What the API server's validation adds to this rule (see `crate::apiserver`): run where the
/// build has the `api-server` feature, by [`crate::rules::API_SERVER`].
pub fn check_api_server(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    addresses(ctx, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(ip("10.0.0.1").is_some());
        assert!(ip("010.000.000.001").is_some());
        assert!(ip("2001:db8::1").is_some());
        assert!(ip("10.0.0").is_none());
        assert!(ip("10.0.0.256").is_none());
        assert!(ip("dns.example.com").is_none());
        assert!(cidr("10.0.0.0/8") && cidr("2001:db8::/64"));
        assert!(!cidr("10.0.0.0") && !cidr("10.0.0.0/33"));
        assert!(special("127.0.0.1".parse().unwrap_or(IpAddr::from([1, 1, 1, 1]))).is_some());
        assert!(special(IpAddr::from([203, 0, 113, 10])).is_none());
    }
}
