use crate::apiserver::{containers, pod_specs, rejects};
use crate::names::{dns1123_subdomain, is_placeholder, label_value, qualified_name};
use crate::object::{ContainerList, at, boolean, entry_at, int, items, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-pod-spec",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A pod spec setting the API server rejects: a toleration, an affinity term, a topology spread constraint, a DNS config, a sysctl, a security setting for the other OS or a deadline out of its rules",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks the scheduling and DNS settings of every workload's pod spec as `ValidatePodSpec` does:
- a toleration with no `key` has `operator: Exists`; one with `operator: Exists` has no `value`;
  `tolerationSeconds` only with `effect: NoExecute`; the key is a qualified name and the value a
  label value;
- a node selector requirement's `In`/`NotIn` have `values`, `Exists`/`DoesNotExist` have none,
  `Gt`/`Lt` have exactly one, and no other operator exists; a preferred term's `weight` is 1 to
  100; a pod affinity term has a `topologyKey`;
- a topology spread constraint's `maxSkew` is at least 1, and `minDomains` (at least 1) goes with
  `whenUnsatisfiable: DoNotSchedule`; `matchLabelKeys` go with a `labelSelector`, are label keys
  and are not already keys of the selector (the API server adds them to it for each pod);
- a pod affinity term's `topologyKey` and `matchLabelKeys`/`mismatchLabelKeys` are label keys (the
  latter two with a `labelSelector`, not both lists, a `matchLabelKeys` key not already in the
  selector), its `namespaces` labels;
- `dnsConfig` has at most 3 nameservers and 32 search domains, each an RFC 1123 subdomain (a
  trailing `.` and `_` allowed), 2048 characters in all; every option has a name;
- `hostAliases` hostnames are RFC 1123 subdomains; `readinessGates` condition types and
  `schedulingGates` names are qualified names; a Pod with scheduling gates sets no `nodeName`;
- sysctls are named as the kernel names them, each once; `net.*` sysctls not with
  `hostNetwork`, IPC sysctls (`kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`) not
  with `hostIPC`;
- a container's `procMount: Unmasked` only with `hostUsers: false`; its `resizePolicy` names
  `cpu` and `memory` once each, says `NotRequired` when the pod's `restartPolicy` is `Never`,
  and is not on an init container (a sidecar's is fine); a Pod's container images have no
  whitespace around them;
- security contexts: `runAsUser`, `runAsGroup`, `fsGroup` and `supplementalGroups` between 0 and
  4294967295; a seccomp or AppArmor profile of type `Localhost` names its `localhostProfile`,
  and no other type does; `shareProcessNamespace` not with `hostPID`; a container with
  `allowPrivilegeEscalation: false` is not `privileged` and does not add `CAP_SYS_ADMIN`;
- with `os.name: linux`, no `windowsOptions`; with `os.name: windows`, none of the Linux-only
  settings (`hostPID`, `hostIPC`, `hostUsers`, `shareProcessNamespace`, SELinux, seccomp,
  AppArmor, `fsGroup`, run-as IDs, supplemental groups, sysctls; a container's capabilities,
  `privileged`, `allowPrivilegeEscalation`, `procMount`, `readOnlyRootFilesystem`);
- with `hostUsers: false` (a user namespace of the pod's own), no `hostNetwork`, `hostPID` or
  `hostIPC`;
- Windows host process containers (`windowsOptions.hostProcess`): a container's setting agrees
  with the pod's, either every container is a host process or none is, and such a pod sets
  `hostNetwork: true`;
- `activeDeadlineSeconds` is between 1 and 2147483647;
- the pod's annotations (`ValidatePodSpecificAnnotations`): an AppArmor annotation
  (`container.apparmor.security.beta.kubernetes.io/<container>`) names one of the pod's
  containers and a profile (`runtime/default`, `unconfined`, `localhost/…`); a seccomp annotation
  names a profile (`runtime/default`, `docker/default`, `unconfined`, `localhost/…`);
  `controller.kubernetes.io/pod-deletion-cost` is a 32-bit integer; a mirror pod's annotation
  (`kubernetes.io/config.mirror`) needs `spec.nodeName`; the tolerations annotation, when set, is
  a JSON list of tolerations;
- a Pod's seccomp and AppArmor annotations name the profile its fields name for the same pod or
  container (a container without an AppArmor profile of its own has the pod's; Windows pods are
  not compared), as `ValidatePodCreate` requires.

Each message ends with the API server's own error and the field path it prints.

## Why is this bad?
The API server rejects the workload. A toleration without a key and without `operator: Exists`
is the usual one: it reads as "tolerate the taint with an empty key", which the API server
refuses; `operator: Exists` alone tolerates every taint.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  tolerations:
  - effect: NoSchedule
  containers:
  - name: agent
    image: example/agent:1.0
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  tolerations:
  - operator: Exists
    effect: NoSchedule
  containers:
  - name: agent
    image: example/agent:1.0
```
"#,
    ),
};

struct Pod<'a> {
    doc: &'a Document,
    kind: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Pod<'_> {
    fn push(&mut self, range: TextRange, what: String, path: &str, error: String) {
        self.out.push(Diagnostic::new(
            &RULE,
            format!("{what}: {} (`{path}: {error}`)", rejects(self.kind)),
            range,
        ));
    }

    /// `validateHostUsers`: a pod in its own user namespace (`hostUsers: false`) shares no
    /// other namespace with the node.
    fn host_users(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        let Some(host_users) = doc.get(spec, "hostUsers") else {
            return;
        };
        if boolean(doc, host_users.value) != Some(false) {
            return;
        }
        // The API server prints the last two as its Go field names.
        for (key, printed) in [
            ("hostNetwork", "hostNetwork"),
            ("hostPID", "HostPID"),
            ("hostIPC", "HostIPC"),
        ] {
            if let Some(entry) = doc.get(spec, key)
                && boolean(doc, entry.value) == Some(true)
            {
                let range = doc.range(entry.value);
                self.out.push(
                    Diagnostic::new(
                        &RULE,
                        format!(
                            "`{key}: true` shares a namespace of the node with a pod that has a user namespace of its own (`hostUsers: false`): {} (`{path}.{printed}: Forbidden: when `pod.Spec.HostUsers` is false`)",
                            rejects(self.kind)
                        ),
                        range,
                    )
                    .with_label(doc.range(host_users.value), "hostUsers"),
                );
            }
        }
    }

    /// `validateWindowsHostProcessPod`: a container's `hostProcess` agrees with the pod's; if
    /// any container is a host process (its own setting, or the pod's it inherits), all are,
    /// and the pod is on the host's network.
    fn host_process(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        let flag = |node: Option<NodeId>| {
            node.and_then(|n| {
                at(
                    doc,
                    n,
                    &["securityContext", "windowsOptions", "hostProcess"],
                )
            })
        };
        let pod_node = flag(Some(spec));
        let pod = pod_node.and_then(|n| boolean(doc, n));
        let mut count = 0;
        let mut host = 0;
        let mut first_host: Option<NodeId> = None;
        let mut first_other: Option<(NodeId, String)> = None;
        for c in containers(doc, spec) {
            count += 1;
            let node = flag(Some(c.node));
            let own = node.and_then(|n| boolean(doc, n));
            if let (Some(pod), Some(own), Some(node)) = (pod, own, node)
                && pod != own
            {
                self.push(
                    doc.range(node),
                    format!("the container says hostProcess: {own} and the pod says {pod}"),
                    &format!("{}.securityContext.windowsOptions.hostProcess", c.path(path)),
                    format!("Invalid value: {own}: pod hostProcess value must be identical if both are specified, was {pod}"),
                );
            }
            if own.or(pod) == Some(true) {
                host += 1;
                first_host = first_host.or(node).or(pod_node);
            } else if first_other.is_none() {
                first_other = Some((c.node, c.path(path)));
            }
        }
        let Some(first_host) = first_host.filter(|_| host > 0) else {
            return;
        };
        if host != count
            && let Some((node, container)) = first_other
        {
            let range = doc
                .get(node, "name")
                .map_or_else(|| doc.range(node), |e| doc.range(e.value));
            self.out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "`{container}` is not a host process and another container is: a Windows pod's containers are all host processes or none: {} (`{path}: Invalid value: \"\": If pod contains any hostProcess containers then all containers must be HostProcess containers`)",
                        rejects(self.kind)
                    ),
                    range,
                )
                .with_label(doc.range(first_host), "a host process"),
            );
        }
        let host_network = doc.get(spec, "hostNetwork");
        if host_network.and_then(|e| boolean(doc, e.value)) != Some(true) {
            let range = host_network.map_or_else(|| doc.range(first_host), |e| doc.range(e.value));
            self.push(
                range,
                "a host process container runs on the node's network, so the pod sets `hostNetwork: true`".to_owned(),
                &format!("{path}.hostNetwork"),
                "Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers".to_owned(),
            );
        }
    }

    fn tolerations(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        for (index, &toleration) in items(doc, at(doc, spec, &["tolerations"]))
            .iter()
            .enumerate()
        {
            let path = format!("{path}.tolerations[{index}]");
            let key = doc.get(toleration, "key");
            let key_text = key.and_then(|e| scalar_text(doc, e.value)).unwrap_or("");
            let operator = doc.get(toleration, "operator");
            let op = operator
                .and_then(|e| scalar_text(doc, e.value))
                .unwrap_or("");
            let anchor = operator
                .or(key)
                .map_or_else(|| doc.range(toleration), |e| doc.range(e.value));
            if !key_text.is_empty()
                && !is_placeholder(key_text)
                && let Some(entry) = key
                && let Err(why) = qualified_name(key_text)
            {
                self.push(
                    doc.range(entry.value),
                    format!("the toleration key `{key_text}` {why}"),
                    &format!("{path}.key"),
                    format!("Invalid value: \"{key_text}\""),
                );
            }
            if key_text.is_empty() && op != "Exists" {
                self.push(
                    anchor,
                    "a toleration without a key must have `operator: Exists` (it then tolerates every taint)".to_owned(),
                    &format!("{path}.operator"),
                    format!("Invalid value: \"{op}\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""),
                );
            }
            let effect = doc.get_str(toleration, "effect").unwrap_or("");
            if let Some(seconds) = doc.get(toleration, "tolerationSeconds")
                && scalar_text(doc, seconds.value).is_some()
                && effect != "NoExecute"
            {
                self.push(
                    doc.range(seconds.key),
                    "tolerationSeconds says how long a pod stays after a NoExecute taint, and this toleration's effect is not NoExecute".to_owned(),
                    &format!("{path}.effect"),
                    format!("Invalid value: \"{effect}\": effect must be 'NoExecute' when `tolerationSeconds` is set"),
                );
            }
            let value = doc.get(toleration, "value");
            let value_text = value.and_then(|e| scalar_text(doc, e.value)).unwrap_or("");
            match op {
                "Exists" if !value_text.is_empty() => {
                    if let Some(entry) = value {
                        self.push(
                            doc.range(entry.value),
                            "a toleration with `operator: Exists` matches any value, and takes none".to_owned(),
                            &format!("{path}.operator"),
                            format!("Invalid value: \"{value_text}\": value must be empty when `operator` is 'Exists'"),
                        );
                    }
                }
                "" | "Equal" if !is_placeholder(value_text) => {
                    if let Some(entry) = value
                        && let Err(why) = label_value(value_text)
                    {
                        self.push(
                            doc.range(entry.value),
                            format!("the toleration value `{value_text}` {why}"),
                            &format!("{path}.operator"),
                            format!("Invalid value: \"{value_text}\""),
                        );
                    }
                }
                _ => {}
            }
        }
    }

    /// A node selector requirement's operator and values (`ValidateNodeSelectorRequirement`).
    fn requirement(&mut self, requirement: NodeId, path: &str) {
        let doc = self.doc;
        let Some(operator) = doc.get(requirement, "operator") else {
            return;
        };
        let Some(op) = scalar_text(doc, operator.value) else {
            return;
        };
        let values = doc.get(requirement, "values");
        let count = values
            .and_then(|v| doc.items(v.value))
            .map_or(0, <[NodeId]>::len);
        let (what, error) = match op {
            "In" | "NotIn" if count == 0 => (
                format!("`{op}` compares the node label with `values`, and there are none"),
                format!(
                    "{path}.values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
                ),
            ),
            "Exists" | "DoesNotExist" if count > 0 => (
                format!("`{op}` looks at the key only, and takes no `values`"),
                format!(
                    "{path}.values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                ),
            ),
            "Gt" | "Lt" if count != 1 => (
                format!("`{op}` compares the node label with one number, and there are {count}"),
                format!(
                    "{path}.values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"
                ),
            ),
            "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => return,
            _ => (
                format!(
                    "`{op}` is not a node selector operator (In, NotIn, Exists, DoesNotExist, Gt or Lt)"
                ),
                format!("{path}.operator: Invalid value: \"{op}\": not a valid selector operator"),
            ),
        };
        self.out.push(Diagnostic::new(
            &RULE,
            format!("{what}: {} (`{error}`)", rejects(self.kind)),
            doc.range(operator.value),
        ));
    }

    fn weight(&mut self, term: NodeId, path: &str) {
        let doc = self.doc;
        if let Some(entry) = doc.get(term, "weight")
            && let Some(weight) = int(doc, entry.value)
            && !(1..=100).contains(&weight)
        {
            self.push(
                doc.range(entry.value),
                format!("a preferred term's weight is 1 to 100, not {weight}"),
                &format!("{path}.weight"),
                format!("Invalid value: {weight}: must be in the range 1-100"),
            );
        }
    }

    fn affinity(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        let Some(affinity) = at(doc, spec, &["affinity"]) else {
            return;
        };
        let path = format!("{path}.affinity");
        let node = format!("{path}.nodeAffinity");
        let required =
            format!("{node}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms");
        for (t, &term) in items(
            doc,
            at(
                doc,
                affinity,
                &[
                    "nodeAffinity",
                    "requiredDuringSchedulingIgnoredDuringExecution",
                    "nodeSelectorTerms",
                ],
            ),
        )
        .iter()
        .enumerate()
        {
            for (r, &requirement) in items(doc, at(doc, term, &["matchExpressions"]))
                .iter()
                .enumerate()
            {
                self.requirement(
                    requirement,
                    &format!("{required}[{t}].matchExpressions[{r}]"),
                );
            }
        }
        let preferred = format!("{node}.preferredDuringSchedulingIgnoredDuringExecution");
        for (t, &term) in items(
            doc,
            at(
                doc,
                affinity,
                &[
                    "nodeAffinity",
                    "preferredDuringSchedulingIgnoredDuringExecution",
                ],
            ),
        )
        .iter()
        .enumerate()
        {
            self.weight(term, &format!("{preferred}[{t}]"));
            for (r, &requirement) in items(doc, at(doc, term, &["preference", "matchExpressions"]))
                .iter()
                .enumerate()
            {
                self.requirement(
                    requirement,
                    &format!("{preferred}[{t}].preference.matchExpressions[{r}]"),
                );
            }
        }
        for kind in ["podAffinity", "podAntiAffinity"] {
            let base = format!("{path}.{kind}");
            for (t, &term) in items(
                doc,
                at(
                    doc,
                    affinity,
                    &[kind, "preferredDuringSchedulingIgnoredDuringExecution"],
                ),
            )
            .iter()
            .enumerate()
            {
                self.weight(
                    term,
                    &format!("{base}.preferredDuringSchedulingIgnoredDuringExecution[{t}]"),
                );
            }
            let terms = items(
                doc,
                at(doc, affinity, &[kind, "requiredDuringSchedulingIgnoredDuringExecution"]),
            )
            .iter()
            .enumerate()
            .map(|(t, &term)| {
                (
                    term,
                    format!("{base}.requiredDuringSchedulingIgnoredDuringExecution[{t}]"),
                )
            })
            .chain(
                items(
                    doc,
                    at(doc, affinity, &[kind, "preferredDuringSchedulingIgnoredDuringExecution"]),
                )
                .iter()
                .enumerate()
                .filter_map(|(t, &term)| {
                    Some((
                        at(doc, term, &["podAffinityTerm"])?,
                        format!(
                            "{base}.preferredDuringSchedulingIgnoredDuringExecution[{t}].podAffinityTerm"
                        ),
                    ))
                }),
            );
            let terms: Vec<(NodeId, String)> = terms.collect();
            for (term, term_path) in terms {
                self.affinity_term(term, &term_path);
                if let Some(entry) = doc.get(term, "topologyKey")
                    && scalar_text(doc, entry.value).is_some_and(str::is_empty)
                {
                    self.push(
                        doc.range(entry.value),
                        "a pod affinity term needs a topologyKey: the node label whose values make the domains".to_owned(),
                        &format!("{term_path}.topologyKey"),
                        "Required value: can not be empty".to_owned(),
                    );
                }
            }
        }
    }

    fn spread(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        for (index, &constraint) in items(doc, at(doc, spec, &["topologySpreadConstraints"]))
            .iter()
            .enumerate()
        {
            let path = format!("{path}.topologySpreadConstraints[{index}]");
            let keys = doc.get(constraint, "matchLabelKeys");
            if let Some(entry) = keys.filter(|e| !items(doc, Some(e.value)).is_empty())
                && at(doc, constraint, &["labelSelector"]).is_none()
            {
                self.push(
                    doc.range(entry.key),
                    "matchLabelKeys narrows the constraint's labelSelector, and there is none"
                        .to_owned(),
                    &format!("{path}.matchLabelKeys"),
                    "Forbidden: must not be specified when labelSelector is not set".to_owned(),
                );
            }
            self.label_keys(keys.map(|e| e.value), &format!("{path}.matchLabelKeys"));
            if let Some(selector) = at(doc, constraint, &["labelSelector"]) {
                let selected = selector_keys(doc, selector);
                self.merged_keys(keys.map(|e| e.value), &selected, |i| {
                    format!("{path}.matchLabelKeys[{i}]")
                });
            }
            if let Some(entry) = doc.get(constraint, "maxSkew")
                && let Some(skew) = int(doc, entry.value).filter(|&s| s <= 0)
            {
                self.push(
                    doc.range(entry.value),
                    format!("maxSkew is {skew}: pods can always differ by at least 1"),
                    &format!("{path}.maxSkew"),
                    format!("Invalid value: {skew}: must be greater than zero"),
                );
            }
            if let Some(entry) = doc.get(constraint, "minDomains")
                && let Some(domains) = int(doc, entry.value)
            {
                let when = doc.get_str(constraint, "whenUnsatisfiable").unwrap_or("");
                if domains <= 0 {
                    self.push(
                        doc.range(entry.value),
                        format!("minDomains is {domains}"),
                        &format!("{path}.minDomains"),
                        format!("Invalid value: {domains}: must be greater than zero"),
                    );
                } else if when != "DoNotSchedule" {
                    self.push(
                        doc.range(entry.key),
                        "minDomains only applies when unsatisfiable constraints stop scheduling (`whenUnsatisfiable: DoNotSchedule`)".to_owned(),
                        &format!("{path}.minDomains"),
                        format!("Invalid value: {domains}: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {when}"),
                    );
                }
            }
        }
    }

    fn dns(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        for (key, limit, what) in [
            ("nameservers", 3, "nameservers"),
            ("searches", 32, "search paths"),
        ] {
            let Some(entry) = at(doc, spec, &["dnsConfig"]).and_then(|c| doc.get(c, key)) else {
                continue;
            };
            let count = doc.items(entry.value).map_or(0, <[NodeId]>::len);
            if count > limit {
                self.push(
                    doc.range(entry.key),
                    format!("dnsConfig lists {count} {what}; the resolver reads at most {limit}"),
                    &format!("{path}.dnsConfig.{key}"),
                    format!("Invalid value: [...]: must not have more than {limit} {what}"),
                );
            }
        }
    }
}

impl Pod<'_> {
    /// The IDs and the seccomp profile of a pod's or a container's security context.
    fn security_context(&mut self, holder: NodeId, path: &str) {
        let doc = self.doc;
        let Some(context) = at(doc, holder, &["securityContext"]) else {
            return;
        };
        let path = format!("{path}.securityContext");
        for key in ["runAsUser", "runAsGroup", "fsGroup"] {
            if let Some(entry) = doc.get(context, key)
                && let Some(id) = int(doc, entry.value)
                && !(0..=4_294_967_295).contains(&id)
            {
                self.push(
                    doc.range(entry.value),
                    format!("{key} {id} is not a Linux ID"),
                    &format!("{path}.{key}"),
                    format!("Invalid value: {id}: must be between 0 and 4294967295, inclusive"),
                );
            }
        }
        for (index, &group) in items(doc, at(doc, context, &["supplementalGroups"]))
            .iter()
            .enumerate()
        {
            if let Some(id) = int(doc, group).filter(|id| !(0..=4_294_967_295).contains(id)) {
                self.push(
                    doc.range(group),
                    format!("the supplemental group {id} is not a Linux ID"),
                    &format!("{path}.supplementalGroups[{index}]"),
                    format!("Invalid value: {id}: must be between 0 and 4294967295, inclusive"),
                );
            }
        }
        if let Some(profile) = at(doc, context, &["seccompProfile"])
            && let Some(kind) = doc.get_str(profile, "type")
        {
            let localhost = doc.get(profile, "localhostProfile");
            let profile_path = format!("{path}.seccompProfile");
            match (kind, localhost) {
                ("Localhost", None) => self.push(
                    doc.range(profile),
                    "a Localhost seccomp profile names the file it loads in `localhostProfile`".to_owned(),
                    &format!("{profile_path}.localhostProfile"),
                    "Required value: must be set when seccomp type is Localhost".to_owned(),
                ),
                ("Localhost", Some(_)) | (_, None) => {}
                (_, Some(entry)) => self.push(
                    doc.range(entry.key),
                    format!("localhostProfile is only for a Localhost seccomp profile, and this one is {kind}"),
                    &format!("{profile_path}.localhostProfile"),
                    "Invalid value: \"object\": can only be set when seccomp type is Localhost".to_owned(),
                ),
            }
        }
    }

    /// `validateAppArmorProfileField`: `localhostProfile` exactly with `type: Localhost`, unpadded.
    fn apparmor(&mut self, holder: NodeId, path: &str) {
        let doc = self.doc;
        let Some(profile) = at(doc, holder, &["securityContext", "appArmorProfile"]) else {
            return;
        };
        let Some(kind) = doc.get_str(profile, "type") else {
            return;
        };
        let path = format!("{path}.securityContext.appArmorProfile.localhostProfile");
        let localhost = doc.get(profile, "localhostProfile");
        let text = localhost.and_then(|e| scalar_text(doc, e.value));
        match (kind, localhost) {
            ("Localhost", _) => match text {
                None | Some("") => self.push(
                    localhost.map_or_else(|| doc.range(profile), |e| doc.range(e.key)),
                    "a Localhost AppArmor profile names the profile it loads in `localhostProfile`".to_owned(),
                    &path,
                    "Required value: must be set when AppArmor type is Localhost".to_owned(),
                ),
                Some(name) if name.trim() != name => {
                    if let Some(entry) = localhost {
                        self.push(
                            doc.range(entry.value),
                            format!("the AppArmor profile name `{name}` has whitespace around it"),
                            &path,
                            format!("Invalid value: \"{name}\": must not be padded with whitespace"),
                        );
                    }
                }
                Some(_) => {}
            },
            ("RuntimeDefault" | "Unconfined", Some(entry)) => self.push(
                doc.range(entry.key),
                format!("localhostProfile is only for a Localhost AppArmor profile, and this one is {kind}"),
                &path,
                format!("Invalid value: \"{}\": can only be set when AppArmor type is Localhost", text.unwrap_or("")),
            ),
            _ => {}
        }
    }

    /// `ValidateSecurityContext`'s rules on privilege escalation.
    fn escalation(&mut self, container: NodeId, path: &str) {
        let doc = self.doc;
        let Some(context) = at(doc, container, &["securityContext"]) else {
            return;
        };
        let Some(entry) = doc.get(context, "allowPrivilegeEscalation") else {
            return;
        };
        if boolean(doc, entry.value) != Some(false) {
            return;
        }
        let path = format!("{path}.securityContext");
        if at(doc, context, &["privileged"]).and_then(|n| boolean(doc, n)) == Some(true) {
            self.push(
                doc.range(entry.value),
                "a privileged container has every privilege, so it cannot also refuse to escalate".to_owned(),
                &path,
                "Invalid value: \"object\": cannot set `allowPrivilegeEscalation` to false and `privileged` to true".to_owned(),
            );
        }
        for &capability in items(doc, at(doc, context, &["capabilities", "add"])) {
            if scalar_text(doc, capability) == Some("CAP_SYS_ADMIN") {
                self.push(
                    doc.range(capability),
                    "CAP_SYS_ADMIN lets the container escalate, which `allowPrivilegeEscalation: false` forbids".to_owned(),
                    &path,
                    "Invalid value: \"object\": cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN".to_owned(),
                );
            }
        }
    }
}

/// A sysctl name (`IsValidSysctlName`): at most 253 characters, segments of lower-case letters,
/// digits, `-` and `_` (starting and ending with a letter or digit) joined by `.` or `/`.
fn valid_sysctl_name(name: &str) -> bool {
    name.len() <= 253
        && name.split(['.', '/']).all(|segment| {
            let bytes = segment.as_bytes();
            let edge =
                |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            edge(bytes.first())
                && edge(bytes.last())
                && bytes.iter().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_')
                })
        })
}

/// The namespace a sysctl belongs to (`utilsysctl.GetNamespace`), of its dotted form: a name
/// whose first separator is `/` is written with `/` and `.` swapped.
fn sysctl_namespace(name: &str) -> Option<&'static str> {
    let dotted: String = if name.find(['.', '/']).and_then(|i| name.get(i..=i)) == Some("/") {
        name.chars()
            .map(|c| match c {
                '/' => '.',
                '.' => '/',
                c => c,
            })
            .collect()
    } else {
        name.to_owned()
    };
    let ipc = matches!(
        dotted.as_str(),
        "kernel.shmall"
            | "kernel.shmmax"
            | "kernel.shmmni"
            | "kernel.shm_rmid_forced"
            | "kernel.msgmax"
            | "kernel.msgmnb"
            | "kernel.msgmni"
            | "kernel.sem"
    ) || dotted.starts_with("fs.mqueue.");
    if ipc {
        Some("hostIPC")
    } else if dotted.starts_with("net.") {
        Some("hostNetwork")
    } else {
        None
    }
}

impl Pod<'_> {
    /// `validatePodDNSConfig`'s searches and options (the counts are [`Pod::dns`]).
    fn dns_names(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        let Some(config) = at(doc, spec, &["dnsConfig"]) else {
            return;
        };
        let path = format!("{path}.dnsConfig");
        let searches_entry = doc.get(config, "searches");
        let searches = items(doc, searches_entry.map(|e| e.value));
        let texts: Vec<&str> = searches
            .iter()
            .filter_map(|&s| scalar_text(doc, s))
            .collect();
        // The resolver's limit counts the spaces between the domains.
        let length = texts.iter().map(|t| t.len()).sum::<usize>() + texts.len().saturating_sub(1);
        if length > 2048
            && let Some(entry) = searches_entry
        {
            self.push(
                doc.range(entry.key),
                format!("the search list is {length} characters long; the resolver reads at most 2048"),
                &format!("{path}.searches"),
                "Invalid value: [...]: must not have more than 2048 characters (including spaces) in the search list".to_owned(),
            );
        }
        for (index, &search) in searches.iter().enumerate() {
            let Some(text) = scalar_text(doc, search) else {
                continue;
            };
            // A trailing dot is fine, `.` alone too, and `_` since Kubernetes 1.33
            // (`RelaxedDNSSearchValidation`).
            let trimmed = text.strip_suffix('.').unwrap_or(text);
            if text == "." || is_placeholder(text) {
                continue;
            }
            if let Err(why) = dns1123_subdomain(&trimmed.replace('_', "a")) {
                self.push(
                    doc.range(search),
                    format!("the search domain `{text}` {why} (a search domain is an RFC 1123 subdomain)"),
                    &format!("{path}.searches[{index}]"),
                    format!("Invalid value: \"{trimmed}\""),
                );
            }
        }
        for (index, &option) in items(doc, at(doc, config, &["options"])).iter().enumerate() {
            let name = doc.get(option, "name");
            if name
                .and_then(|e| scalar_text(doc, e.value))
                .is_none_or(str::is_empty)
            {
                self.push(
                    name.map_or_else(|| doc.range(option), |e| doc.range(e.key)),
                    "a resolver option needs a name (`ndots`, `timeout`, `edns0`…)".to_owned(),
                    &format!("{path}.options[{index}]"),
                    "Required value: Option.Name must not be empty".to_owned(),
                );
            }
        }
    }

    /// `validateHostAliases`' hostnames.
    fn host_aliases(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        for (index, &alias) in items(doc, at(doc, spec, &["hostAliases"]))
            .iter()
            .enumerate()
        {
            for (h, &hostname) in items(doc, at(doc, alias, &["hostnames"]))
                .iter()
                .enumerate()
            {
                let Some(text) = scalar_text(doc, hostname) else {
                    continue;
                };
                if is_placeholder(text) {
                    continue;
                }
                if let Err(why) = dns1123_subdomain(text) {
                    self.push(
                        doc.range(hostname),
                        format!(
                            "the host alias `{text}` {why} (a hostname is an RFC 1123 subdomain)"
                        ),
                        &format!("{path}.hostAliases[{index}].hostnames[{h}]"),
                        format!("Invalid value: \"{text}\""),
                    );
                }
            }
        }
    }

    /// `validateReadinessGates` and `validateSchedulingGates`: qualified names, gates once each;
    /// on a Pod, no `nodeName` before the gates are cleared (`ValidatePodCreate`).
    fn gates(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        for (index, &gate) in items(doc, at(doc, spec, &["readinessGates"]))
            .iter()
            .enumerate()
        {
            if let Some(entry) = doc.get(gate, "conditionType")
                && let Some(text) = scalar_text(doc, entry.value)
                && !is_placeholder(text)
                && let Err(why) = qualified_name(text)
            {
                self.push(
                    doc.range(entry.value),
                    format!("the readiness gate's condition type `{text}` {why}"),
                    &format!("{path}.readinessGates[{index}].conditionType"),
                    format!("Invalid value: \"{text}\""),
                );
            }
        }
        let gates = items(doc, at(doc, spec, &["schedulingGates"]));
        for (index, &gate) in gates.iter().enumerate() {
            if let Some(entry) = doc.get(gate, "name")
                && let Some(text) = scalar_text(doc, entry.value)
                && !is_placeholder(text)
                && let Err(why) = qualified_name(text)
            {
                self.push(
                    doc.range(entry.value),
                    format!("the scheduling gate `{text}` {why}"),
                    &format!("{path}.schedulingGates[{index}]"),
                    format!("Invalid value: \"{text}\""),
                );
            }
        }
        if self.kind == "Pod"
            && !gates.is_empty()
            && let Some(entry) = doc.get(spec, "nodeName")
            && scalar_text(doc, entry.value).is_some_and(|n| !n.is_empty())
        {
            self.push(
                doc.range(entry.key),
                "a pod bound to a node with `nodeName` skips the scheduler, whose gates it still has".to_owned(),
                &format!("{path}.nodeName"),
                "Forbidden: cannot be set until all schedulingGates have been cleared".to_owned(),
            );
        }
    }

    /// `validateSysctls`: names, duplicates, and the node's namespaces a pod shares.
    fn sysctls(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        let flag = |key: &str| at(doc, spec, &[key]).and_then(|n| boolean(doc, n)) == Some(true);
        let shared = [
            ("hostNetwork", flag("hostNetwork")),
            ("hostIPC", flag("hostIPC")),
        ];
        let mut seen = std::collections::HashSet::new();
        for (index, &sysctl) in items(doc, at(doc, spec, &["securityContext", "sysctls"]))
            .iter()
            .enumerate()
        {
            let Some(entry) = doc.get(sysctl, "name") else {
                continue;
            };
            let Some(name) = scalar_text(doc, entry.value) else {
                continue;
            };
            if name.is_empty() || is_placeholder(name) {
                continue;
            }
            let name_path = format!("{path}.securityContext.sysctls[{index}].name");
            let range = doc.range(entry.value);
            if !valid_sysctl_name(name) {
                self.push(
                    range,
                    format!("`{name}` is not a sysctl name (lower-case segments joined by `.` or `/`)"),
                    &name_path,
                    format!("Invalid value: \"{name}\": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"),
                );
            } else if !seen.insert(name) {
                self.push(
                    range,
                    format!("the sysctl `{name}` is set twice"),
                    &name_path,
                    format!("Duplicate value: \"{name}\""),
                );
            }
            if let Some(host) = sysctl_namespace(name)
                && shared.iter().any(|&(key, on)| key == host && on)
            {
                self.push(
                    range,
                    format!("`{name}` would change the node's own namespace, which the pod shares with `{host}: true`"),
                    &name_path,
                    format!("Invalid value: \"{name}\": may not be specified when '{host}' is true"),
                );
            }
        }
    }

    /// What `validateContainerCommon` and `validateContainersOnlyForPod` add for one container:
    /// `procMount: Unmasked` only in a user namespace, its `resizePolicy`, and (Pods only) an
    /// image without surrounding whitespace.
    fn container(&mut self, spec: NodeId, c: &crate::apiserver::Container, path: &str) {
        let doc = self.doc;
        if let Some(entry) = entry_at(doc, c.node, &["securityContext", "procMount"])
            && scalar_text(doc, entry.value) == Some("Unmasked")
            && at(doc, spec, &["hostUsers"]).and_then(|n| boolean(doc, n)) != Some(false)
        {
            self.push(
                doc.range(entry.value),
                "an unmasked /proc is only safe in the pod's own user namespace (`hostUsers: false`)".to_owned(),
                &format!("{path}.securityContext.procMount"),
                "Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`".to_owned(),
            );
        }
        if self.kind == "Pod"
            && c.list != ContainerList::EphemeralContainers
            && let Some(entry) = doc.get(c.node, "image")
            && let Some(image) = scalar_text(doc, entry.value)
            && image.trim() != image
        {
            self.push(
                doc.range(entry.value),
                format!("the image `{image}` has whitespace around it"),
                &format!("{path}.image"),
                format!("Invalid value: \"{image}\": must not have leading or trailing whitespace"),
            );
        }
        let Some(resize) = doc.get(c.node, "resizePolicy") else {
            return;
        };
        let policies = items(doc, Some(resize.value));
        if policies.is_empty() {
            return;
        }
        let resize_path = format!("{path}.resizePolicy");
        let sidecar = doc.get_str(c.node, "restartPolicy") == Some("Always");
        if c.list == ContainerList::InitContainers && !sidecar {
            self.push(
                doc.range(resize.key),
                "an init container runs to completion, so its resources are never resized in place (unless it is a sidecar, `restartPolicy: Always`)".to_owned(),
                &resize_path,
                "Invalid value: \"object\": must not be set for init containers".to_owned(),
            );
            return;
        }
        let never = doc.get_str(spec, "restartPolicy") == Some("Never");
        let mut seen = std::collections::HashSet::new();
        for (index, &policy) in policies.iter().enumerate() {
            if let Some(entry) = doc.get(policy, "resourceName")
                && let Some(resource) = scalar_text(doc, entry.value)
                && !is_placeholder(resource)
            {
                if !seen.insert(resource) {
                    self.push(
                        doc.range(entry.value),
                        format!("the resize policy for `{resource}` is given twice"),
                        &format!("{resize_path}[{index}]"),
                        format!("Duplicate value: \"{resource}\""),
                    );
                } else if !matches!(resource, "cpu" | "memory") {
                    self.push(
                        doc.range(entry.value),
                        format!("only cpu and memory are resized in place, not `{resource}`"),
                        &resize_path,
                        format!("Unsupported value: \"{resource}\": supported values: \"cpu\", \"memory\""),
                    );
                }
            }
            if never
                && let Some(entry) = doc.get(policy, "restartPolicy")
                && let Some(restart) = scalar_text(doc, entry.value)
                && restart != "NotRequired"
                && !is_placeholder(restart)
            {
                self.push(
                    doc.range(entry.value),
                    "the pod's `restartPolicy: Never` forbids restarting a container to resize it".to_owned(),
                    &resize_path,
                    format!("Invalid value: \"{restart}\": must be 'NotRequired' when `restartPolicy` is 'Never'"),
                );
            }
        }
    }
}

impl Pod<'_> {
    /// Label keys (`ValidateLabelName`) of `matchLabelKeys` or `mismatchLabelKeys` at `path`.
    fn label_keys(&mut self, list: Option<NodeId>, path: &str) {
        let doc = self.doc;
        for (index, &key) in items(doc, list).iter().enumerate() {
            if let Some(text) = scalar_text(doc, key)
                && !is_placeholder(text)
                && let Err(why) = qualified_name(text)
            {
                self.push(
                    doc.range(key),
                    format!("the label key `{text}` {why}"),
                    &format!("{path}[{index}]"),
                    format!("Invalid value: \"{text}\""),
                );
            }
        }
    }

    /// `validatePodAffinityTerm`: the topology key a label name, `namespaces` labels, and
    /// `matchLabelKeys` / `mismatchLabelKeys` (`validateMatchLabelKeysAndMismatchLabelKeys`).
    fn affinity_term(&mut self, term: NodeId, path: &str) {
        let doc = self.doc;
        if let Some(entry) = doc.get(term, "topologyKey")
            && let Some(key) = scalar_text(doc, entry.value)
            && !key.is_empty()
            && !is_placeholder(key)
            && let Err(why) = qualified_name(key)
        {
            self.push(
                doc.range(entry.value),
                format!("the topology key `{key}` {why}"),
                &format!("{path}.topologyKey"),
                format!("Invalid value: \"{key}\""),
            );
        }
        for &namespace in items(doc, at(doc, term, &["namespaces"])) {
            if let Some(name) = scalar_text(doc, namespace)
                && !is_placeholder(name)
                && let Err(why) = crate::names::dns1123_label(name)
            {
                // The API server prints `namespace`, not `namespaces[i]`.
                self.push(
                    doc.range(namespace),
                    format!("the namespace `{name}` {why} (a namespace is an RFC 1123 label)"),
                    &format!("{path}.namespace"),
                    format!("Invalid value: \"{name}\""),
                );
            }
        }
        // `validateLabelKeys`, for each list; then the keys the selector would hold twice once
        // the API server merges `matchLabelKeys` into it, and the keys in both lists.
        let list = |key: &str| {
            doc.get(term, key)
                .filter(|e| !items(doc, Some(e.value)).is_empty())
        };
        let (matching, mismatching) = (list("matchLabelKeys"), list("mismatchLabelKeys"));
        let selector = at(doc, term, &["labelSelector"]);
        for (key, entry) in [
            ("matchLabelKeys", matching),
            ("mismatchLabelKeys", mismatching),
        ] {
            let Some(entry) = entry else {
                continue;
            };
            if selector.is_none() {
                self.push(
                    doc.range(entry.key),
                    format!("{key} narrows the term's labelSelector, and there is none"),
                    &format!("{path}.{key}"),
                    "Forbidden: must not be specified when labelSelector is not set".to_owned(),
                );
            } else {
                self.label_keys(Some(entry.value), &format!("{path}.{key}"));
            }
        }
        if let Some(selector) = selector {
            let selected = selector_keys(doc, selector);
            // The API server prints the term's path with the key's index.
            self.merged_keys(matching.map(|e| e.value), &selected, |i| {
                format!("{path}[{i}]")
            });
        }
        let mismatched: std::collections::HashSet<&str> = items(doc, mismatching.map(|e| e.value))
            .iter()
            .filter_map(|&k| scalar_text(doc, k))
            .collect();
        for (index, &key) in items(doc, matching.map(|e| e.value)).iter().enumerate() {
            if let Some(text) = scalar_text(doc, key)
                && mismatched.contains(text)
            {
                self.push(
                    doc.range(key),
                    format!("`{text}` cannot both match and mismatch the pod's own label"),
                    &format!("{path}.matchLabelKeys[{index}]"),
                    format!("Invalid value: \"{text}\": exists in both matchLabelKeys and mismatchLabelKeys"),
                );
            }
        }
    }

    /// A `matchLabelKeys` key the selector already has: the API server adds each key to the
    /// selector (`key In (the pod's value)`) when it creates a pod, and refuses a key twice.
    /// On a Pod that is its own refusal; a controller's template is stored, and its pods refused.
    fn merged_keys(
        &mut self,
        keys: Option<NodeId>,
        selected: &std::collections::HashSet<&str>,
        path_of: impl Fn(usize) -> String,
    ) {
        let doc = self.doc;
        for (index, &key) in items(doc, keys).iter().enumerate() {
            let Some(text) = scalar_text(doc, key) else {
                continue;
            };
            if !selected.contains(text) || is_placeholder(text) {
                continue;
            }
            let rejects = if self.kind == "Pod" {
                "the API server rejects the Pod".to_owned()
            } else {
                format!("the API server rejects every pod the {} creates", self.kind)
            };
            self.out.push(Diagnostic::new(
                &RULE,
                format!(
                    "`{text}` is already a key of the labelSelector, and matchLabelKeys adds it again from the pod's own labels: {rejects} (`{}: Invalid value: \"{text}\": exists in both matchLabelKeys and labelSelector`)",
                    path_of(index)
                ),
                doc.range(key),
            ));
        }
    }
}

/// The keys a label selector names, in `matchLabels` and `matchExpressions`.
fn selector_keys(doc: &Document, selector: NodeId) -> std::collections::HashSet<&str> {
    crate::object::string_map(doc, at(doc, selector, &["matchLabels"]))
        .into_iter()
        .map(|(key, ..)| key)
        .chain(
            items(doc, at(doc, selector, &["matchExpressions"]))
                .iter()
                .filter_map(|&e| doc.get_str(e, "key")),
        )
        .collect()
}

impl Pod<'_> {
    /// `validateOS`, then `validateLinux` or `validateWindows`: the settings the other
    /// operating system's kubelet would ignore are refused once `os.name` says which it is.
    fn os(&mut self, spec: NodeId, path: &str) {
        let doc = self.doc;
        let Some(name) = entry_at(doc, spec, &["os", "name"]) else {
            return;
        };
        let Some(os) = scalar_text(doc, name.value) else {
            return;
        };
        if is_placeholder(os) {
            return;
        }
        let set = |node: NodeId, key: &str| {
            doc.get(node, key)
                .filter(|e| {
                    doc.scalar(e.value)
                        .is_none_or(|s| s.kind != drydock_yaml::ScalarKind::Null)
                })
                .copied()
        };
        let pod_context = at(doc, spec, &["securityContext"]);
        let context_path = format!("{path}.securityContext");
        let mut forbidden: Vec<(drydock_yaml::Entry, String, &str)> = Vec::new();
        match os {
            "linux" => {
                let error = "windows options cannot be set for a linux pod";
                if let Some(entry) = pod_context.and_then(|c| set(c, "windowsOptions")) {
                    forbidden.push((entry, format!("{context_path}.windowsOptions"), error));
                }
                for c in containers(doc, spec) {
                    if let Some(entry) = at(doc, c.node, &["securityContext"])
                        .and_then(|sc| set(sc, "windowsOptions"))
                    {
                        forbidden.push((
                            entry,
                            format!("{}.securityContext.windowsOptions", c.path(path)),
                            error,
                        ));
                    }
                }
            }
            "windows" => {
                let error = "cannot be set for a windows pod";
                // The API server keeps these in the pod's security context, and prints them so.
                for key in ["hostUsers", "shareProcessNamespace"] {
                    if let Some(entry) = set(spec, key) {
                        forbidden.push((entry, format!("{context_path}.{key}"), error));
                    }
                }
                for key in ["hostPID", "hostIPC"] {
                    if let Some(entry) =
                        set(spec, key).filter(|e| boolean(doc, e.value) == Some(true))
                    {
                        forbidden.push((entry, format!("{context_path}.{key}"), error));
                    }
                }
                if let Some(context) = pod_context {
                    for key in [
                        "appArmorProfile",
                        "seLinuxOptions",
                        "seccompProfile",
                        "fsGroup",
                        "fsGroupChangePolicy",
                        "runAsUser",
                        "runAsGroup",
                        "supplementalGroupsPolicy",
                    ] {
                        if let Some(entry) = set(context, key) {
                            forbidden.push((entry, format!("{context_path}.{key}"), error));
                        }
                    }
                    for key in ["sysctls", "supplementalGroups"] {
                        if let Some(entry) =
                            set(context, key).filter(|e| !items(doc, Some(e.value)).is_empty())
                        {
                            forbidden.push((entry, format!("{context_path}.{key}"), error));
                        }
                    }
                }
                for c in containers(doc, spec) {
                    let Some(context) = at(doc, c.node, &["securityContext"]) else {
                        continue;
                    };
                    for key in [
                        "appArmorProfile",
                        "seLinuxOptions",
                        "seccompProfile",
                        "capabilities",
                        "readOnlyRootFilesystem",
                        "privileged",
                        "allowPrivilegeEscalation",
                        "procMount",
                        "runAsUser",
                        "runAsGroup",
                    ] {
                        if let Some(entry) = set(context, key) {
                            forbidden.push((
                                entry,
                                format!("{}.securityContext.{key}", c.path(path)),
                                error,
                            ));
                        }
                    }
                }
            }
            _ => {
                self.push(
                    doc.range(name.value),
                    format!("`{os}` is not an operating system a pod runs on (linux or windows)"),
                    &format!("{path}.os.name"),
                    format!(
                        "Unsupported value: \"{os}\": supported values: \"linux\", \"windows\""
                    ),
                );
            }
        }
        for (entry, field, error) in forbidden {
            let key = doc.key_str(&entry).unwrap_or("");
            self.push(
                doc.range(entry.key),
                format!("`{key}` is a setting of the other operating system's pods, and this pod's `os.name` is {os}"),
                &field,
                format!("Forbidden: {error}"),
            );
        }
    }
}

const APPARMOR_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";
const SECCOMP_POD: &str = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";

/// The annotations the API server reads on a pod or pod template.
fn annotations(checker: &mut Pod<'_>, metadata: NodeId, spec: NodeId, path: &str) {
    let doc = checker.doc;
    let names: std::collections::HashSet<&str> = containers(doc, spec)
        .iter()
        .filter_map(|c| doc.get_str(c.node, "name"))
        .collect();
    for (key, value, key_node, value_node) in
        crate::object::string_map(doc, at(doc, metadata, &["annotations"]))
    {
        let entry_path = format!("{path}[{key}]");
        if let Some(container) = key.strip_prefix(APPARMOR_PREFIX) {
            if !names.contains(container) && !is_placeholder(container) {
                checker.push(
                    doc.range(key_node),
                    format!("the AppArmor annotation is for container `{container}`, which the pod does not have"),
                    &entry_path,
                    format!("Invalid value: \"{container}\": container not found"),
                );
            }
            let known = value.is_empty()
                || matches!(value, "runtime/default" | "unconfined")
                || value.starts_with("localhost/");
            if !known && !is_placeholder(value) {
                checker.push(
                    doc.range(value_node),
                    format!("`{value}` is not an AppArmor profile (`runtime/default`, `unconfined` or `localhost/<name>`)"),
                    &entry_path,
                    format!("Invalid value: \"{value}\": invalid AppArmor profile name: \"{value}\""),
                );
            }
        }
        if key == SECCOMP_POD || key.starts_with(SECCOMP_PREFIX) {
            let known = matches!(value, "runtime/default" | "docker/default" | "unconfined")
                || value
                    .strip_prefix("localhost/")
                    .is_some_and(|p| !p.starts_with('/') && !p.split('/').any(|s| s == ".."));
            if !known && !is_placeholder(value) {
                checker.push(
                    doc.range(value_node),
                    format!("`{value}` is not a seccomp profile (`runtime/default`, `unconfined` or `localhost/<file>`)"),
                    &entry_path,
                    format!("Invalid value: \"{value}\": must be a valid seccomp profile"),
                );
            }
        }
        // A mirror pod is the kubelet's copy of a static pod: it is bound to that node.
        if key == "kubernetes.io/config.mirror"
            && doc.get_str(spec, "nodeName").is_none_or(str::is_empty)
        {
            checker.push(
                doc.range(key_node),
                "a mirror pod (the API server's copy of a node's static pod) is bound to its node, and this one sets no `spec.nodeName`".to_owned(),
                &entry_path,
                format!("Invalid value: \"{value}\": must set spec.nodeName if mirror pod annotation is set"),
            );
        }
        // The tolerations annotation, when not empty, is read as a JSON list of tolerations.
        if key == "scheduler.alpha.kubernetes.io/tolerations"
            && !value.is_empty()
            && !is_placeholder(value)
            && !is_json_list_of_objects(value)
        {
            checker.push(
                doc.range(value_node),
                "the tolerations annotation is not a JSON list of tolerations (`[{\"key\": \"k\", \"operator\": \"Exists\"}]`)".to_owned(),
                &entry_path,
                format!("Invalid value: \"{value}\": the annotation does not hold a JSON list of tolerations"),
            );
        }
        if key == "controller.kubernetes.io/pod-deletion-cost"
            && value.trim().parse::<i32>().is_err()
            && !is_placeholder(value)
        {
            checker.push(
                doc.range(value_node),
                format!("the pod deletion cost `{value}` is not a 32-bit integer"),
                &entry_path,
                format!("Invalid value: \"{value}\": must be a 32bit integer"),
            );
        }
    }
}

/// Whether `text` is a JSON array of objects (JSON is YAML's flow syntax, so the YAML parser
/// reads it; a block-style YAML list is not JSON and does not count).
fn is_json_list_of_objects(text: &str) -> bool {
    let trimmed = text.trim();
    if !(trimmed.starts_with('[') && trimmed.ends_with(']')) {
        return false;
    }
    let stream = drydock_yaml::parse(trimmed);
    let [document] = stream.documents.as_slice() else {
        return false;
    };
    if !document.errors.is_empty() {
        return false;
    }
    document
        .root
        .and_then(|root| document.items(root))
        .is_some_and(|items| items.iter().all(|&item| document.entries(item).is_some()))
}

/// Where an annotation's profile disagrees with a `seccompProfile` or `appArmorProfile` field
/// (`validateSeccompAnnotationsAndFieldsMatch` and the AppArmor switch of
/// `validateAppArmorAnnotationsAndFieldsMatchOnCreate`): the field's key that differs
/// (`type` or `localhostProfile`), or `None` when they agree or the type is not one of the three.
fn profile_mismatch(
    annotation: &str,
    kind: &str,
    localhost: Option<&str>,
    runtime_default: &[&str],
) -> Option<&'static str> {
    match kind {
        "Unconfined" => (annotation != "unconfined").then_some("type"),
        "RuntimeDefault" => (!runtime_default.contains(&annotation)).then_some("type"),
        "Localhost" => match annotation.strip_prefix("localhost/") {
            None => Some("type"),
            Some(name) => (localhost != Some(name)).then_some("localhostProfile"),
        },
        _ => None,
    }
}

/// An annotation's profile and the field that must agree with it, with the field's path.
struct Profile<'a> {
    annotation: &'a str,
    profile: NodeId,
    path: String,
}

impl Pod<'_> {
    /// `ValidatePodCreate`'s last two checks: a Pod (not a template) whose legacy seccomp or
    /// AppArmor annotation names another profile than the field for the same container.
    fn annotations_match_fields(&mut self, metadata: NodeId, spec: NodeId, spec_path: &str) {
        let doc = self.doc;
        let annotations: std::collections::HashMap<&str, &str> =
            crate::object::string_map(doc, at(doc, metadata, &["annotations"]))
                .into_iter()
                .map(|(key, value, _, _)| (key, value))
                .collect();
        if annotations.is_empty() {
            return;
        }
        let mut seccomp = Vec::new();
        if let Some(&annotation) = annotations.get(SECCOMP_POD)
            && let Some(profile) = at(doc, spec, &["securityContext", "seccompProfile"])
        {
            seccomp.push(Profile {
                annotation,
                profile,
                path: format!("{spec_path}.securityContext.seccompProfile"),
            });
        }
        let windows =
            at(doc, spec, &["os", "name"]).and_then(|n| scalar_text(doc, n)) == Some("windows");
        let pod_apparmor = at(doc, spec, &["securityContext", "appArmorProfile"]);
        let mut apparmor = Vec::new();
        for c in containers(doc, spec) {
            let Some(name) = doc.get_str(c.node, "name") else {
                continue;
            };
            let path = c.path(spec_path);
            if let Some(&annotation) = annotations.get(format!("{SECCOMP_PREFIX}{name}").as_str())
                && let Some(profile) = at(doc, c.node, &["securityContext", "seccompProfile"])
            {
                seccomp.push(Profile {
                    annotation,
                    profile,
                    path: format!("{path}.securityContext.seccompProfile"),
                });
            }
            // A container without a profile of its own runs with the pod's; Windows pods are
            // not compared.
            if !windows
                && let Some(&annotation) =
                    annotations.get(format!("{APPARMOR_PREFIX}{name}").as_str())
                && let Some(profile) =
                    at(doc, c.node, &["securityContext", "appArmorProfile"]).or(pod_apparmor)
            {
                apparmor.push(Profile {
                    annotation,
                    profile,
                    path: format!("{path}.securityContext.appArmorProfile"),
                });
            }
        }
        for (profiles, what, runtime_default) in [
            (
                seccomp,
                "seccomp",
                &["runtime/default", "docker/default"][..],
            ),
            (apparmor, "apparmor", &["runtime/default"][..]),
        ] {
            for p in profiles {
                let Some(kind) = doc.get_str(p.profile, "type") else {
                    continue;
                };
                let localhost = doc.get(p.profile, "localhostProfile");
                let localhost_text = localhost.and_then(|e| scalar_text(doc, e.value));
                if is_placeholder(p.annotation)
                    || is_placeholder(kind)
                    || localhost_text.is_some_and(is_placeholder)
                {
                    continue;
                }
                let Some(key) =
                    profile_mismatch(p.annotation, kind, localhost_text, runtime_default)
                else {
                    continue;
                };
                let (range, detail) = match key {
                    "type" => (
                        doc.get(p.profile, "type")
                            .map_or_else(|| doc.range(p.profile), |e| doc.range(e.value)),
                        format!(
                            "the {what} annotation says `{}` but the field's type is {kind}",
                            p.annotation
                        ),
                    ),
                    _ => (
                        localhost.map_or_else(|| doc.range(p.profile), |e| doc.range(e.value)),
                        format!(
                            "the {what} annotation loads `{}` but `localhostProfile` is {}",
                            p.annotation,
                            localhost_text
                                .map_or_else(|| "not set".to_owned(), |t| format!("`{t}`"))
                        ),
                    ),
                };
                let noun = if key == "type" { "type" } else { "profile" };
                self.push(
                    range,
                    detail,
                    &format!("{}.{key}", p.path),
                    format!("Forbidden: {what} {noun} in annotation and field must match"),
                );
            }
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let spec = pod.template.spec;
        let mut checker = Pod {
            doc,
            kind: pod.object.kind,
            out: &mut *out,
        };
        checker.tolerations(spec, pod.path);
        checker.affinity(spec, pod.path);
        checker.spread(spec, pod.path);
        checker.dns(spec, pod.path);
        checker.dns_names(spec, pod.path);
        checker.host_aliases(spec, pod.path);
        checker.gates(spec, pod.path);
        checker.sysctls(spec, pod.path);
        checker.os(spec, pod.path);
        checker.security_context(spec, pod.path);
        checker.apparmor(spec, pod.path);
        checker.host_users(spec, pod.path);
        checker.host_process(spec, pod.path);
        if let Some(metadata) = pod.template.metadata {
            let path = match pod.object.kind {
                "Pod" => "metadata.annotations".to_owned(),
                // A template's metadata is embedded: the API server prints no `metadata`.
                _ => format!(
                    "{}.annotations",
                    pod.path.strip_suffix(".spec").unwrap_or("spec.template")
                ),
            };
            annotations(&mut checker, metadata, spec, &path);
            if pod.object.kind == "Pod" {
                checker.annotations_match_fields(metadata, spec, pod.path);
            }
        }
        for c in containers(doc, spec) {
            let path = c.path(pod.path);
            checker.security_context(c.node, &path);
            checker.escalation(c.node, &path);
            checker.apparmor(c.node, &path);
            checker.container(spec, &c, &path);
        }
        let flag = |key: &str| at(doc, spec, &[key]).and_then(|n| boolean(doc, n)) == Some(true);
        if flag("shareProcessNamespace")
            && flag("hostPID")
            && let Some(entry) = doc.get(spec, "shareProcessNamespace")
        {
            checker.push(
                doc.range(entry.value),
                "a pod shares its process namespace among its containers or uses the host's, not both".to_owned(),
                &format!("{}.securityContext.shareProcessNamespace", pod.path),
                "Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled".to_owned(),
            );
        }
        if let Some(entry) = doc.get(spec, "activeDeadlineSeconds")
            && let Some(value) = int(doc, entry.value)
            && !(1..=i64::from(i32::MAX)).contains(&value)
        {
            checker.push(
                doc.range(entry.value),
                format!("activeDeadlineSeconds is {value}"),
                &format!("{}.activeDeadlineSeconds", pod.path),
                format!("Invalid value: {value}: must be between 1 and 2147483647, inclusive"),
            );
        }
    }
}
