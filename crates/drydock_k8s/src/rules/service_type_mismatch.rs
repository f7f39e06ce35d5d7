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
- an `ExternalName` Service sets no `clusterIP`, `ipFamilies` or `ipFamilyPolicy`;
- the cluster IPs agree with each other (`ValidateServiceClusterIPsRelatedFields`): `clusterIPs`
  only with `clusterIP`, its first value equal to it; `None` only alone; at most two, one per
  family; `ipFamilies` each `IPv4` or `IPv6`, once, and in the order of the cluster IPs;
  `ipFamilyPolicy: SingleStack` not with two cluster IPs or two families. What depends on the
  cluster's own families (a `RequireDualStack` Service on a single-stack cluster) is not judged.

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
            if kind != "ExternalName" && crate::apiserver::is_builtin(&o) {
                families(&o, spec, out);
            }
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

/// Go's `%v` of a `[]string`, as `field.Invalid` prints a list.
fn go_list(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("[]string{{{}}}", quoted.join(", "))
}

/// The family of an address as the API server reads it (`IsIPv6String`: an IPv4-mapped IPv6
/// address is IPv4); `None` for what is not an address.
fn family(text: &str) -> Option<&'static str> {
    match crate::rules::invalid_format::ip(text)? {
        core::net::IpAddr::V4(_) => Some("IPv4"),
        core::net::IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some() => Some("IPv4"),
        core::net::IpAddr::V6(_) => Some("IPv6"),
    }
}

/// `clusterIP`, `clusterIPs`, `ipFamilies` and `ipFamilyPolicy` together, as
/// `ValidateServiceClusterIPsRelatedFields` judges them on create, and then the service
/// registry's allocator before it looks at the cluster (`SingleStack` with two families or
/// two IPs). What depends on the cluster's own families is not judged. The addresses' syntax
/// is invalid-format's.
fn families(o: &crate::object::Object<'_>, spec: drydock_yaml::NodeId, out: &mut Vec<Diagnostic>) {
    let doc = o.doc;
    let Some(ips) = crate::apiserver::cluster_ips(doc, spec) else {
        return;
    };
    let mut found: Vec<Diagnostic> = Vec::new();
    let texts: Vec<&str> = ips.iter().map(|&(_, t)| t).collect();
    let list_written = !items(doc, at(doc, spec, &["clusterIPs"])).is_empty();
    let single = doc
        .get_str(spec, "clusterIP")
        .filter(|t| !t.is_empty() && !is_placeholder(t));
    if list_written {
        match single {
            None if doc.get_str(spec, "clusterIP").is_none_or(str::is_empty) => {
                if let Some(entry) = doc.get(spec, "clusterIPs") {
                    found.push(diag(
                        doc.range(entry.key),
                        "clusterIPs without clusterIP: the API server fills `clusterIPs` from `clusterIP`, never the other way, so a manifest that sets the list sets `clusterIP` to its first value".to_owned(),
                        "spec.clusterIPs",
                        format!("Invalid value: {}: must be empty when `clusterIP` is not specified", go_list(&texts)),
                    ));
                }
            }
            Some(single) => {
                if let Some(&(node, first)) = ips.first()
                    && first != single
                {
                    let mut d = Diagnostic::new(
                        &RULE,
                        format!(
                            "clusterIP is `{single}` and clusterIPs begins with `{first}`: the first of clusterIPs is the primary cluster IP, clusterIP itself: the API server rejects the Service (`spec.clusterIPs: Invalid value: {}: first value must match `clusterIP``)",
                            go_list(&texts)
                        ),
                        doc.range(node),
                    );
                    if let Some(entry) = doc.get(spec, "clusterIP") {
                        d = d.with_label(doc.range(entry.value), "clusterIP");
                    }
                    found.push(d);
                }
            }
            None => {}
        }
    }
    // ipFamilies on their own: IPv4 or IPv6, each once.
    let family_nodes = items(doc, at(doc, spec, &["ipFamilies"]));
    let mut families: Vec<Option<&str>> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, &node) in family_nodes.iter().enumerate() {
        let Some(text) = crate::object::scalar_text(doc, node) else {
            families.push(None);
            continue;
        };
        if is_placeholder(text) {
            return;
        }
        families.push(Some(text));
        let path = format!("spec.ipFamilies[{i}]");
        if !matches!(text, "IPv4" | "IPv6") {
            found.push(diag(
                doc.range(node),
                format!("`{text}` is not an IP family (`IPv4` or `IPv6`)"),
                &path,
                format!("Unsupported value: \"{text}\": supported values: \"IPv4\", \"IPv6\""),
            ));
        }
        if seen.contains(&text) {
            found.push(diag(
                doc.range(node),
                format!("the family `{text}` is listed twice: a dual-stack Service lists IPv4 and IPv6 once each"),
                &path,
                format!("Duplicate value: \"{text}\""),
            ));
        }
        seen.push(text);
    }
    // clusterIPs on their own: `None` first and alone, at most two, one per family.
    let mut invalid = false;
    for (i, &(node, text)) in ips.iter().enumerate() {
        if i == 0 && text == "None" {
            if ips.len() > 1 {
                invalid = true;
                found.push(diag(
                    doc.range(node),
                    "`None` (headless) means no cluster IP, so it is the only value of clusterIPs"
                        .to_owned(),
                    "spec.clusterIPs",
                    format!(
                        "Invalid value: {}: 'None' must be the first and only value",
                        go_list(&texts)
                    ),
                ));
            }
        } else if family(text).is_none() {
            invalid = true; // invalid-format's finding
        }
    }
    if let Some(&(node, _)) = ips.get(2) {
        found.push(diag(
            doc.range(node),
            format!(
                "{} cluster IPs: a Service has one, or two for dual-stack (an IPv4 and an IPv6)",
                ips.len()
            ),
            "spec.clusterIPs",
            format!(
                "Invalid value: {}: may only hold up to 2 values",
                go_list(&texts)
            ),
        ));
    }
    if invalid {
        out.append(&mut found);
        return;
    }
    if ips.len() > 1 {
        // `IsDualStackIPStrings`: both families among them, however many there are.
        let has = |wanted: &str| ips.iter().any(|&(_, t)| family(t) == Some(wanted));
        if !(has("IPv4") && has("IPv6"))
            && let Some(&(node, _)) = ips.get(1)
        {
            found.push(diag(
                doc.range(node),
                "cluster IPs of one family only: a second cluster IP is for dual-stack, one IPv4 and one IPv6 address".to_owned(),
                "spec.clusterIPs",
                format!("Invalid value: {}: may specify no more than one IP for each IP family", go_list(&texts)),
            ));
        }
    }
    let headless = texts == ["None"];
    if !headless {
        for (i, (&(node, text), wanted)) in ips.iter().zip(families.iter()).enumerate() {
            let (Some(wanted), Some(is)) = (*wanted, family(text)) else {
                continue;
            };
            if matches!(wanted, "IPv4" | "IPv6") && wanted != is {
                let mut d = Diagnostic::new(
                    &RULE,
                    format!(
                        "`{text}` is an {is} address and ipFamilies[{i}] says {wanted}: the families list the cluster IPs' families in order: the API server rejects the Service (`spec.clusterIPs[{i}]: Invalid value: \"{text}\": expected an {wanted} value as indicated by `ipFamilies[{i}]``)"
                    ),
                    doc.range(node),
                );
                if let Some(&family_node) = family_nodes.get(i) {
                    d = d.with_label(doc.range(family_node), "the family");
                }
                found.push(d);
            }
        }
    }
    // The allocator runs these only on what passed the checks above.
    let errors = !found.is_empty();
    out.append(&mut found);
    if errors {
        return;
    }
    if let Some(entry) = doc.get(spec, "ipFamilyPolicy")
        && crate::object::scalar_text(doc, entry.value) == Some("SingleStack")
    {
        let mut single_stack = |what: &str, many: &str| {
            out.push(Diagnostic::new(
                &RULE,
                format!("`ipFamilyPolicy: SingleStack` with {what}: the API server rejects the Service (`spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple {many} are specified`)"),
                doc.range(entry.value),
            ));
        };
        if ips.len() == 2 {
            single_stack("two cluster IPs", "cluster IPs");
        }
        if family_nodes.len() == 2 {
            single_stack("two IP families", "IP families");
        }
    }
}

fn diag(
    range: drydock_base::text::TextRange,
    what: String,
    path: &str,
    error: String,
) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        format!("{what}: the API server rejects the Service (`{path}: {error}`)"),
        range,
    )
}
