use crate::names::{dns1123_subdomain, is_placeholder};
use crate::object::{at, int, items, objects};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/service-type-mismatch",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Service field that its type does not allow, or a field its type requires that is missing",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks a Service's fields against its `type`, as `ValidateService` does:
- `nodePort` only with `type: NodePort` or `LoadBalancer` (not with `ClusterIP`, the default);
- `type: ExternalName` needs `externalName`, an RFC 1123 subdomain (a DNS name, not a URL);
- `clusterIP: None` (headless) only with `ClusterIP`; a headless Service with ports is fine;
- the deprecated `service.kubernetes.io/topology-aware-hints` annotation agrees with
  `service.kubernetes.io/topology-mode` when both are set;
- `loadBalancerSourceRanges` (or its annotation,
  `service.beta.kubernetes.io/load-balancer-source-ranges`), `loadBalancerClass`,
  `allocateLoadBalancerNodePorts` and `healthCheckNodePort` only with
  `LoadBalancer` (the last with `externalTrafficPolicy: Local`), `externalTrafficPolicy` only
  on a Service reachable from outside (`NodePort`, `LoadBalancer`, or with `externalIPs`);
- `sessionAffinityConfig` only with `sessionAffinity: ClientIP`, its timeout 1 to 86400 seconds;
- an `ExternalName` Service sets no `clusterIP`, `ipFamilies` or `ipFamilyPolicy`.

Those messages end with the API server's own error and the field path it prints.

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
    if cfg!(feature = "api-server") {
        check_api_server(ctx, out);
    }
}

/// What the API server's validation adds to this rule (see `crate::apiserver`): run where the
/// build has the `api-server` feature, by [`crate::rules::API_SERVER`].
pub fn check_api_server(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "Service" {
            continue;
        }
        let Some(spec) = o.spec() else {
            continue;
        };
        let kind = o.doc.get_str(spec, "type").unwrap_or("ClusterIP");
        // An unknown type is invalid-enum-value's.
        if matches!(
            kind,
            "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
        ) {
            fields(&o, kind, out);
        }
    }
}

/// The fields `ValidateService` allows only with some types.
fn fields(o: &crate::object::Object<'_>, kind: &str, out: &mut Vec<Diagnostic>) {
    let doc = o.doc;
    let Some(spec) = o.spec().filter(|_| crate::apiserver::is_builtin(o)) else {
        return;
    };
    if let Some(node) = at(
        doc,
        spec,
        &["sessionAffinityConfig", "clientIP", "timeoutSeconds"],
    ) && let Some(seconds) = int(doc, node)
        && !(1..=86400).contains(&seconds)
    {
        out.push(Diagnostic::new(
            &RULE,
            format!("a client stays with its pod for 1 to 86400 seconds, not {seconds}: the API server rejects the Service (`spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: {seconds}: must be greater than 0 and less than 86400`)"),
            doc.range(node),
        ));
    }
    let annotations = o.annotations();
    let annotation = |key: &str| annotations.iter().find(|(k, ..)| *k == key);
    if let Some(&(_, hints, _, hints_node)) =
        annotation("service.kubernetes.io/topology-aware-hints")
        && let Some(&(_, mode, ..)) = annotation("service.kubernetes.io/topology-mode")
        && hints != mode
    {
        out.push(Diagnostic::new(
            &RULE,
            format!("the deprecated topology-aware-hints annotation says `{hints}` and topology-mode says `{mode}`: the API server rejects the Service (`metadata.annotations[service.kubernetes.io/topology-aware-hints]: Invalid value: \"{hints}\": must match annotations[service.kubernetes.io/topology-mode] when both are specified`)"),
            doc.range(hints_node),
        ));
    }
    if kind != "LoadBalancer" {
        let ranges = items(doc, at(doc, spec, &["loadBalancerSourceRanges"])).is_empty();
        if ranges
            && let Some((.., key_node, _)) = o
                .annotations()
                .into_iter()
                .find(|(key, ..)| *key == crate::apiserver::SOURCE_RANGES_ANNOTATION)
        {
            out.push(Diagnostic::new(
                &RULE,
                format!("the source-ranges annotation restricts a load balancer's clients, and this Service is {kind}: the API server rejects the Service (`metadata.annotations[{}]: Forbidden: may only be used when `type` is 'LoadBalancer'`)", crate::apiserver::SOURCE_RANGES_ANNOTATION),
                doc.range(key_node),
            ));
        }
    }
    let mut forbid = |key: &str, why: String, error: String| {
        if let Some(entry) = doc.get(spec, key)
            && doc
                .scalar(entry.value)
                .is_none_or(|s| s.kind != drydock_yaml::ScalarKind::Null)
        {
            out.push(Diagnostic::new(
                &RULE,
                format!("{why}: the API server rejects the Service (`spec.{key}: {error}`)"),
                doc.range(entry.key),
            ));
        }
    };
    if kind != "LoadBalancer" {
        for key in [
            "loadBalancerSourceRanges",
            "allocateLoadBalancerNodePorts",
            "loadBalancerClass",
        ] {
            forbid(
                key,
                format!("{key} is only for LoadBalancer Services, and this one is {kind}"),
                "Forbidden: may only be used when `type` is 'LoadBalancer'".to_owned(),
            );
        }
    }
    let external_ips = items(doc, at(doc, spec, &["externalIPs"])).is_empty();
    let accessible =
        matches!(kind, "NodePort" | "LoadBalancer") || (kind == "ClusterIP" && !external_ips);
    if !accessible {
        let value = doc.get_str(spec, "externalTrafficPolicy").unwrap_or("");
        forbid(
            "externalTrafficPolicy",
            format!(
                "externalTrafficPolicy is for Services reachable from outside the cluster, and this {kind} Service is not"
            ),
            format!(
                "Invalid value: \"{value}\": may only be set for externally-accessible services"
            ),
        );
    }
    let local = doc.get_str(spec, "externalTrafficPolicy") == Some("Local");
    if !(kind == "LoadBalancer" && local)
        && let Some(value) = at(doc, spec, &["healthCheckNodePort"]).and_then(|n| int(doc, n))
        && value != 0
    {
        forbid(
            "healthCheckNodePort",
            "healthCheckNodePort is only for LoadBalancer Services with externalTrafficPolicy: Local".to_owned(),
            format!("Invalid value: {value}: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
        );
    }
    if doc.get_str(spec, "sessionAffinity").unwrap_or("None") == "None" {
        forbid(
            "sessionAffinityConfig",
            "sessionAffinityConfig configures `sessionAffinity: ClientIP`, and this Service has none".to_owned(),
            "Forbidden: must not be set when session affinity is None".to_owned(),
        );
    }
    if kind == "ExternalName" {
        let cluster_ip = doc
            .get_str(spec, "clusterIP")
            .is_some_and(|ip| !ip.is_empty())
            || !items(doc, at(doc, spec, &["clusterIPs"])).is_empty();
        if cluster_ip {
            let key = if doc.get(spec, "clusterIP").is_some() {
                "clusterIP"
            } else {
                "clusterIPs"
            };
            if let Some(entry) = doc.get(spec, key) {
                out.push(Diagnostic::new(
                    &RULE,
                    "an ExternalName Service is a DNS alias and gets no cluster IP: the API server rejects the Service (`spec.clusterIPs: Forbidden: may not be set for ExternalName services`)",
                    doc.range(entry.key),
                ));
            }
        }
        for key in ["ipFamilies", "ipFamilyPolicy"] {
            if let Some(entry) = doc.get(spec, key) {
                out.push(Diagnostic::new(
                    &RULE,
                    format!("an ExternalName Service is a DNS alias and has no IP family: the API server rejects the Service (`spec.{key}: Forbidden: may not be set for ExternalName services`)"),
                    doc.range(entry.key),
                ));
            }
        }
    }
}
