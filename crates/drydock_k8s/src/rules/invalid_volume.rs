use crate::apiserver::{containers, is_builtin, pod_specs, rejects};
use crate::names::is_placeholder;
use crate::object::{at, boolean, int, items, objects, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId, ScalarStyle};
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-volume",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A volume or volume mount the API server rejects: two sources, a file mode out of range, a path that climbs out",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks a pod's `volumes` and its containers' `volumeMounts` as `ValidateVolumes` and
`ValidateVolumeMounts` do:
- a volume has one source (`emptyDir`, `configMap`, `secret`, `persistentVolumeClaim`, …), and
  a projection of a `projected` volume one kind, with no two files at the same path;
- a `defaultMode` or an item's `mode` is a file mode between 0 and 0777: `644` is decimal in YAML,
  and more than 0777 (the fix writes it in octal, `0644`);
- an item's `path`, a mount's `subPath` and `subPathExpr` are relative and never climb out with
  `..`; a mount sets `subPath` or `subPathExpr`, not both;
- `mountPropagation: Bidirectional` only in a privileged container; `recursiveReadOnly` only on a
  `readOnly` mount without propagation;
- an `emptyDir`'s `sizeLimit` is not negative;
- a downward API file reads one `fieldRef` (`metadata.name`, `namespace`, `uid`, `labels`,
  `annotations`; a subscript only on labels and annotations, a qualified name) or
  `resourceFieldRef` (naming its `containerName`, a container resource, a divisor the API
  server takes for it);
- a container's `volumeDevices` come from claims (`persistentVolumeClaim` or `ephemeral`
  volumes), each name once, neither name nor device path also in its `volumeMounts`, no `..`;
- a service-account token projection lives between 10 minutes and 2^32 seconds; an `nfs` path is
  absolute; a `hostPath` does not contain `..`;
- a field the API server requires is not written as `""` (the schema accepts an empty field, as
  it is there): a `hostPath` path, a gitRepo `repository`, an RBD `image`, a flexVolume or CSI
  `driver`, an NFS `server` and `path`, a `claimName`, a GCE `pdName` or EBS `volumeID`, a
  secret's or configMap's items' `key` and `path`, a downward API file's `path`, `fieldPath` and
  `resource`, a service account token's `path`;
- a CSI `driver` is an RFC 1123 subdomain of at most 63 characters (case aside) and its
  `nodePublishSecretRef` names a Secret; a GCE or EBS `partition` is at most 255;
- the in-tree sources' own rules: an iSCSI `iqn` and `initiatorName` in the `iqn.`, `eui.` or
  `naa.` format, an iSCSI or FC `lun` 0 to 255, CHAP with a `secretRef`; an FC volume with
  `targetWWNs` (and a `lun`) or `wwids`, not both; Ceph `monitors` listed; a gitRepo
  `directory` inside the volume; flexVolume options outside the `kubernetes.io` and `k8s.io`
  namespaces; a Flocker dataset by name or UUID; a Pod's image volume with a `reference`;
- the removed in-tree drivers' sources (Cinder, GlusterFS, Quobyte, Azure disk and file, vSphere,
  Photon, Portworx, ScaleIO, StorageOS): their identifying fields not empty (`volumeID`,
  `endpoints` and `path`, `diskName` and `diskURI`, …) and a `secretRef` naming its Secret; a
  Quobyte `registry` of `host:port` pairs and a `tenant` of at most 64 characters; an Azure
  disk's `kind` and `cachingMode` values and a `diskURI` its kind takes (`/subscriptions/…` for
  Managed, an `https://` blob URL otherwise); StorageOS volume and namespace names that are
  RFC 1123 labels.

And a PersistentVolumeClaim, an ephemeral volume's `volumeClaimTemplate`, or a StatefulSet's
`volumeClaimTemplates` (`ValidatePersistentVolumeClaimSpec`, which judges those since
Kubernetes 1.34): `ReadWriteOncePod` is its only access mode when used, its storage request is
more than zero, its `storageClassName` and `volumeAttributesClassName` are RFC 1123 subdomains; a
`dataSource` or `dataSourceRef` of the core group is a PersistentVolumeClaim, and other groups
are subdomains; `dataSource` and `dataSourceRef`, when both are written, name the same object,
and `dataSource` is not written with a `dataSourceRef` to another namespace.

Each message ends with the API server's own error and the field path it prints.

## Why is this bad?
The API server rejects the workload. `defaultMode: 644` is the classic: YAML reads it as the
decimal number 644, which is 01204 in octal, and the API server refuses every mode above 0777.

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
    volumeMounts:
    - name: config
      mountPath: /etc/web
  volumes:
  - name: config
    configMap:
      name: web-config
      defaultMode: 644
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
    - name: config
      mountPath: /etc/web
  volumes:
  - name: config
    configMap:
      name: web-config
      defaultMode: 0644
```
"#,
    ),
};

/// Every source a volume can name (`validateVolumeSource`).
const SOURCES: [&str; 30] = [
    "emptyDir",
    "hostPath",
    "gitRepo",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "secret",
    "nfs",
    "iscsi",
    "glusterfs",
    "flocker",
    "persistentVolumeClaim",
    "rbd",
    "cinder",
    "cephfs",
    "quobyte",
    "downwardAPI",
    "fc",
    "flexVolume",
    "configMap",
    "azureFile",
    "vsphereVolume",
    "photonPersistentDisk",
    "portworxVolume",
    "azureDisk",
    "storageos",
    "projected",
    "scaleIO",
    "csi",
    "ephemeral",
    "image",
];

const FILE_MODE: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// The kind of files a source lists in `items`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Files {
    /// A secret's or configMap's keys (`KeyToPath`), reported at each item.
    Keys,
    /// Downward API files, reported at the source's path.
    Downward,
}

struct Volumes<'a> {
    doc: &'a Document,
    text: &'a str,
    kind: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Volumes<'_> {
    fn push(&mut self, range: TextRange, what: String, path: &str, error: String) -> usize {
        self.out.push(Diagnostic::new(
            &RULE,
            format!("{what}: {} (`{path}: {error}`)", rejects(self.kind)),
            range,
        ));
        self.out.len() - 1
    }

    /// A `defaultMode` or `mode` between 0 and 0777; a decimal that reads as a mode is fixed.
    fn mode(&mut self, holder: NodeId, key: &str, path: &str) {
        let doc = self.doc;
        let Some(entry) = doc.get(holder, key) else {
            return;
        };
        let Some(value) = int(doc, entry.value) else {
            return;
        };
        if (0..=0o777).contains(&value) {
            return;
        }
        let range = doc.range(entry.value);
        let written = range.slice(self.text);
        let at = self.push(
            range,
            format!(
                "{key} {written} is not a file mode: modes are octal, and {value} is more than 0777"
            ),
            &format!("{path}.{key}"),
            format!("Invalid value: {value}: {FILE_MODE}"),
        );
        let octal_digits =
            written.len() == 3 && written.bytes().all(|b| (b'0'..=b'7').contains(&b));
        let plain = doc
            .scalar(entry.value)
            .is_some_and(|s| s.style == ScalarStyle::Plain);
        if octal_digits
            && plain
            && let Some(diagnostic) = self.out.get_mut(at)
        {
            *diagnostic = diagnostic.clone().with_fix(Fix::replace(
                format!("Write it in octal: `0{written}`"),
                range,
                format!("0{written}"),
            ));
        }
    }

    /// A path inside the volume: relative, without `..` (`ValidateLocalNonReservedPath`).
    fn local_path(&mut self, holder: NodeId, key: &str, path: &str, reserved: bool) {
        let doc = self.doc;
        let Some(entry) = doc.get(holder, key) else {
            return;
        };
        let Some(value) = scalar_text(doc, entry.value) else {
            return;
        };
        let error = if value.starts_with('/') {
            Some("must be a relative path")
        } else if value.split(['/', '\\']).any(|part| part == "..") {
            Some("must not contain '..'")
        } else if reserved && value.starts_with("..") {
            Some("must not start with '..'")
        } else {
            None
        };
        if let Some(error) = error {
            self.push(
                doc.range(entry.value),
                format!("`{value}` {error}: the path stays inside the volume"),
                &format!("{path}.{key}"),
                format!("Invalid value: \"{value}\": {error}"),
            );
        }
    }

    /// A field that is there and empty where the API server requires a value (the schema, which
    /// requires many of these, is satisfied by a field that is there, even empty).
    fn empty(&mut self, holder: NodeId, field: &str, path: &str, what: &str) -> bool {
        let doc = self.doc;
        let Some(entry) = doc.get(holder, field) else {
            return false;
        };
        if scalar_text(doc, entry.value) != Some("") {
            return false;
        }
        self.push(
            doc.range(entry.value),
            what.to_owned(),
            &format!("{path}.{field}"),
            "Required value".to_owned(),
        );
        true
    }

    /// The files a volume source lists (`validateKeyToPath`, `validateDownwardAPIVolumeFile`):
    /// a key and a path each, each mode in range. Downward API files are reported at the
    /// source's path, as the API server prints them. Only a projected volume (`projected`, its
    /// path and the paths written so far) has its files' paths compared: a single source's
    /// are not (`validateProjectionSources` is the only one that does).
    fn items(
        &mut self,
        source: NodeId,
        path: &str,
        files: Files,
        projected: Option<(&str, &mut HashMap<String, TextRange>)>,
    ) {
        let doc = self.doc;
        let mut projected = projected;
        for (index, &item) in items(doc, at(doc, source, &["items"])).iter().enumerate() {
            let item_path = match files {
                Files::Keys => format!("{path}.items[{index}]"),
                Files::Downward => path.to_owned(),
            };
            if files == Files::Keys {
                self.empty(
                    item,
                    "key",
                    &item_path,
                    "the file names no key of its source (`key` is empty)",
                );
            }
            self.empty(
                item,
                "path",
                &item_path,
                "the file has no name in the volume (`path` is empty)",
            );
            self.mode(item, "mode", &item_path);
            self.local_path(item, "path", &item_path, true);
            if let Some((projected_path, paths)) = projected.as_mut()
                && let Some(entry) = doc.get(item, "path")
                && let Some(file) = scalar_text(doc, entry.value)
                && !file.is_empty()
            {
                let range = doc.range(entry.value);
                if let Some(first) = paths.get(file) {
                    let first = *first;
                    // The API server prints a secret's or configMap's name as the value, and a
                    // downward API file's path.
                    let value = match files {
                        Files::Keys => doc.get_str(source, "name").unwrap_or(""),
                        Files::Downward => file,
                    };
                    let at = self.push(
                        range,
                        format!("two files of the volume are written to `{file}`"),
                        projected_path,
                        format!("Invalid value: \"{value}\": conflicting duplicate paths"),
                    );
                    if let Some(d) = self.out.get_mut(at) {
                        *d = d.clone().with_label(first, "first written here");
                    }
                } else {
                    paths.insert(file.to_owned(), range);
                }
            }
        }
    }

    /// A downward API file reads one field the volume can give (`validateDownwardAPIVolumeFile`).
    fn downward(&mut self, source: NodeId, path: &str) {
        let doc = self.doc;
        // The API server prints the volume source's path for these, not the item's.
        for &item in items(doc, at(doc, source, &["items"])) {
            let field = doc
                .get(item, "fieldRef")
                .filter(|e| doc.entries(e.value).is_some());
            let resource = doc
                .get(item, "resourceFieldRef")
                .filter(|e| doc.entries(e.value).is_some());
            match (field, resource) {
                (Some(_), Some(second)) => {
                    self.push(
                        doc.range(second.key),
                        "a downward API file holds one field: a fieldRef or a resourceFieldRef".to_owned(),
                        path,
                        "Invalid value: \"resource\": fieldRef and resourceFieldRef can not be specified simultaneously".to_owned(),
                    );
                }
                (None, None) => {
                    let range = doc
                        .get(item, "path")
                        .map_or_else(|| doc.range(item), |e| doc.range(e.value));
                    self.push(
                        range,
                        "the downward API file reads nothing: it needs a fieldRef or a resourceFieldRef".to_owned(),
                        path,
                        "Required value: one of fieldRef and resourceFieldRef is required".to_owned(),
                    );
                }
                _ => {}
            }
            if let Some(field) = field
                && let Some(node) = at(doc, field.value, &["fieldPath"])
                && let Some(text) = scalar_text(doc, node)
            {
                if text.is_empty() {
                    self.push(
                        doc.range(node),
                        "the downward API file's fieldRef names no field (`fieldPath` is empty)"
                            .to_owned(),
                        &format!("{path}.fieldRef.fieldPath"),
                        "Required value".to_owned(),
                    );
                    continue;
                }
                if let Err((what, error, on_field_path)) = crate::apiserver::field_subscript(text) {
                    let at_path = if on_field_path {
                        format!("{path}.fieldRef.fieldPath")
                    } else {
                        format!("{path}.fieldRef")
                    };
                    self.push(doc.range(node), what, &at_path, error);
                    continue;
                }
                let subscripted = ["metadata.labels['", "metadata.annotations['"]
                    .iter()
                    .any(|p| text.starts_with(p) && text.ends_with("']"));
                let supported = [
                    "metadata.name",
                    "metadata.namespace",
                    "metadata.labels",
                    "metadata.annotations",
                    "metadata.uid",
                ];
                if !text.is_empty() && !subscripted && !supported.contains(&text) {
                    self.push(
                        doc.range(node),
                        format!("a downward API volume cannot hold `{text}` (env vars can read some fields volumes cannot)"),
                        &format!("{path}.fieldRef.fieldPath"),
                        format!("Unsupported value: \"{text}\": supported values: \"metadata.annotations\", \"metadata.labels\", \"metadata.name\", \"metadata.namespace\", \"metadata.uid\""),
                    );
                }
            }
            if let Some(resource) = resource
                && doc
                    .get(resource.value, "containerName")
                    .and_then(|e| scalar_text(doc, e.value))
                    .is_some_and(|c| !c.is_empty())
                && let Some(name) = doc.get(resource.value, "resource")
                && let Some(text) = scalar_text(doc, name.value)
                && !text.is_empty()
            {
                let resource_path = format!("{path}.resourceFieldRef");
                let hugepages = ["limits.hugepages-", "requests.hugepages-"]
                    .iter()
                    .any(|p| text.starts_with(p));
                if !hugepages && !RESOURCE_FIELDS.contains(&text) && !is_placeholder(text) {
                    let supported: Vec<String> =
                        RESOURCE_FIELDS.iter().map(|p| format!("\"{p}\"")).collect();
                    self.push(
                        doc.range(name.value),
                        format!(
                            "`{text}` is not a container resource a downward API volume can hold"
                        ),
                        &format!("{resource_path}.resource"),
                        format!(
                            "Unsupported value: \"{text}\": supported values: {}",
                            supported.join(", ")
                        ),
                    );
                }
                if let Some(divisor) = doc.get(resource.value, "divisor")
                    && let Some(written) = scalar_text(doc, divisor.value)
                    && let Some(error) = crate::apiserver::divisor_error(text, written)
                {
                    self.push(
                        doc.range(divisor.value),
                        format!("`{written}` is not a divisor the downward API takes for {text}"),
                        &format!("{resource_path}.divisor"),
                        format!("Invalid value: \"{text}\": {error}"),
                    );
                }
            }
            // `resource` is judged once `containerName` is there.
            if let Some(resource) = resource
                && doc
                    .get(resource.value, "containerName")
                    .and_then(|e| scalar_text(doc, e.value))
                    .is_some_and(|c| !c.is_empty())
            {
                self.empty(
                    resource.value,
                    "resource",
                    &format!("{path}.resourceFieldRef"),
                    "the downward API file's resourceFieldRef names no resource (`resource` is empty)",
                );
            }
            if let Some(resource) = resource
                && doc
                    .get(resource.value, "containerName")
                    .and_then(|e| scalar_text(doc, e.value))
                    .is_none_or(str::is_empty)
            {
                self.push(
                    doc.range(resource.key),
                    "a resourceFieldRef in a volume names the container whose resources it reads"
                        .to_owned(),
                    &format!("{path}.resourceFieldRef.containerName"),
                    "Required value".to_owned(),
                );
            }
        }
    }

    fn volume(&mut self, volume: NodeId, path: &str) {
        let doc = self.doc;
        let Some(entries) = doc.entries(volume) else {
            return;
        };
        // A source set to null is no source (`emptyDir:` alone is defaulted to an emptyDir).
        let sources: Vec<drydock_yaml::Entry> = entries
            .iter()
            .filter(|e| doc.key_str(e).is_some_and(|k| SOURCES.contains(&k)))
            .filter(|e| scalar_text(doc, e.value).is_some() || doc.scalar(e.value).is_none())
            .copied()
            .collect();
        if let [first, rest @ ..] = sources.as_slice() {
            for extra in rest {
                let key = doc.key_str(extra).unwrap_or("");
                let index = self.push(
                    doc.range(extra.key),
                    format!(
                        "the volume already has the source `{}`: a volume has one source",
                        doc.key_str(first).unwrap_or("")
                    ),
                    &format!("{path}.{key}"),
                    "Forbidden: may not specify more than 1 volume type".to_owned(),
                );
                if let Some(d) = self.out.get_mut(index) {
                    *d = d
                        .clone()
                        .with_label(doc.range(first.key), "the first source");
                }
            }
        }
        for (key, source) in entries
            .iter()
            .filter_map(|e| Some((doc.key_str(e)?, e.value)))
        {
            let source_path = format!("{path}.{key}");
            match key {
                "secret" | "configMap" | "downwardAPI" | "projected" => {
                    self.mode(source, "defaultMode", &source_path);
                    if key == "projected" {
                        self.projected(source, &source_path);
                    } else {
                        let files = if key == "downwardAPI" {
                            Files::Downward
                        } else {
                            Files::Keys
                        };
                        self.items(source, &source_path, files, None);
                    }
                    if key == "downwardAPI" {
                        self.downward(source, &source_path);
                    }
                }
                "ephemeral" => {
                    if let Some(claim) = at(doc, source, &["volumeClaimTemplate", "spec"])
                        && doc.entries(claim).is_some()
                    {
                        claim_spec(
                            doc,
                            claim,
                            &rejects(self.kind),
                            &format!("{source_path}.volumeClaimTemplate.spec"),
                            self.out,
                        );
                    }
                }
                "emptyDir" => {
                    if let Some(entry) = doc.get(source, "sizeLimit")
                        && let Some(text) = scalar_text(doc, entry.value)
                        && crate::quantity::parse(text).is_some_and(|q| q < 0.0)
                    {
                        self.push(
                            doc.range(entry.value),
                            format!("the emptyDir's sizeLimit {text} is negative"),
                            &format!("{source_path}.sizeLimit"),
                            "Forbidden: SizeLimit field must be a valid resource quantity"
                                .to_owned(),
                        );
                    }
                }
                "nfs" => {
                    self.empty(
                        source,
                        "server",
                        &source_path,
                        "the NFS volume names no server (`server` is empty)",
                    );
                    // An empty path is also not absolute; one finding says it.
                    let empty = self.empty(
                        source,
                        "path",
                        &source_path,
                        "the NFS volume names no exported path (`path` is empty)",
                    );
                    if !empty
                        && let Some(entry) = doc.get(source, "path")
                        && let Some(value) = scalar_text(doc, entry.value)
                        && !value.starts_with('/')
                    {
                        self.push(
                            doc.range(entry.value),
                            format!("the NFS path `{value}` is relative"),
                            &format!("{source_path}.path"),
                            format!("Invalid value: \"{value}\": must be an absolute path"),
                        );
                    }
                }
                "iscsi" | "fc" | "rbd" | "cephfs" | "gitRepo" | "flexVolume" | "flocker" => {
                    self.legacy(volume, key, source, &source_path, path);
                }
                "cinder"
                | "glusterfs"
                | "quobyte"
                | "azureDisk"
                | "azureFile"
                | "vsphereVolume"
                | "photonPersistentDisk"
                | "portworxVolume"
                | "scaleIO"
                | "storageos"
                    if doc.entries(source).is_some() =>
                {
                    self.removed(key, source, &source_path);
                }
                "image" if self.kind == "Pod" => {
                    let reference = doc.get(source, "reference");
                    if reference
                        .and_then(|e| scalar_text(doc, e.value))
                        .is_none_or(str::is_empty)
                    {
                        self.push(
                            reference.map_or_else(|| doc.range(source), |e| doc.range(e.value)),
                            "an image volume names the image it mounts in `reference`".to_owned(),
                            &format!("{source_path}.reference"),
                            "Required value".to_owned(),
                        );
                    }
                }
                "persistentVolumeClaim" => {
                    self.empty(
                        source,
                        "claimName",
                        &source_path,
                        "the volume names no PersistentVolumeClaim (`claimName` is empty)",
                    );
                }
                "gcePersistentDisk" | "awsElasticBlockStore" if doc.entries(source).is_some() => {
                    self.disk(key, source, path);
                }
                "csi" if doc.entries(source).is_some() => self.csi(source, &source_path),
                "hostPath" => {
                    // An empty path ends the API server's checks of the source.
                    if self.empty(
                        source,
                        "path",
                        &source_path,
                        "the hostPath volume names no path on the node (`path` is empty)",
                    ) {
                        continue;
                    }
                    if let Some(entry) = doc.get(source, "path")
                        && let Some(value) = scalar_text(doc, entry.value)
                        && value.split(['/', '\\']).any(|part| part == "..")
                    {
                        self.push(
                            doc.range(entry.value),
                            format!("the host path `{value}` climbs with `..`"),
                            &format!("{source_path}.path"),
                            format!("Invalid value: \"{value}\": must not contain '..'"),
                        );
                    }
                }
                _ => {}
            }
        }
    }

    /// The source-specific rules of the in-tree volume plugins that go beyond the schema's
    /// required fields (`validateISCSIVolumeSource`, `validateFCVolumeSource`,
    /// `validateRBDVolumeSource`, `validateCephFSVolumeSource`, `validateGitRepoVolumeSource`,
    /// `validateFlexVolumeSource`, `validateFlockerVolumeSource`).
    fn legacy(&mut self, volume: NodeId, key: &str, source: NodeId, path: &str, volume_path: &str) {
        let doc = self.doc;
        let text = |field: &str| {
            doc.get(source, field)
                .and_then(|e| Some((scalar_text(doc, e.value)?, e.value)))
        };
        let list = |field: &str| {
            doc.get(source, field)
                .map(|e| (items(doc, Some(e.value)).len(), e.value))
        };
        match key {
            "iscsi" => {
                for field in ["targetPortal", "iqn"] {
                    if let Some(("", node)) = text(field) {
                        self.push(
                            doc.range(node),
                            format!("the iSCSI volume's `{field}` is empty"),
                            &format!("{path}.{field}"),
                            "Required value".to_owned(),
                        );
                    }
                }
                if let Some((iqn, node)) =
                    text("iqn").filter(|(t, _)| !t.is_empty() && !is_placeholder(t))
                {
                    let error = iscsi_name_error(iqn);
                    if let Some(error) = error {
                        self.push(
                            doc.range(node),
                            format!("`{iqn}` is not an iSCSI qualified name (`iqn.YYYY-MM.domain:name`, `eui.` and 16 characters, or `naa.` and 32)"),
                            &format!("{path}.iqn"),
                            format!("Invalid value: \"{iqn}\": {error}"),
                        );
                    }
                }
                if let Some((initiator, node)) =
                    text("initiatorName").filter(|(t, _)| !is_placeholder(t))
                {
                    // The API server prints this field lower-cased.
                    let error = if ["iqn", "eui", "naa"]
                        .iter()
                        .any(|p| initiator.starts_with(p))
                    {
                        iscsi_name_error(initiator)
                    } else {
                        Some("must be valid format starting with iqn, eui, or naa")
                    };
                    if let Some(error) = error {
                        self.push(
                            doc.range(node),
                            format!("`{initiator}` is not an iSCSI initiator name"),
                            &format!("{path}.initiatorname"),
                            format!("Invalid value: \"{initiator}\": {error}"),
                        );
                    }
                    if let Some(name) = doc.get_str(volume, "name")
                        && let Some((portal, _)) = text("targetPortal")
                        && name.len() + 1 + portal.len() > 64
                        && !is_placeholder(name)
                        && !is_placeholder(portal)
                        && let Some(entry) = doc.get(volume, "name")
                    {
                        self.push(
                            doc.range(entry.value),
                            format!("with an initiatorName, `{name}:{portal}` names the iSCSI interface and is longer than 64 characters"),
                            &format!("{volume_path}.name"),
                            format!("Invalid value: \"{name}\": Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified."),
                        );
                    }
                }
                self.lun(source, path);
                let chap = ["chapAuthDiscovery", "chapAuthSession"]
                    .iter()
                    .filter_map(|f| doc.get(source, f))
                    .find(|e| boolean(doc, e.value) == Some(true));
                if let Some(entry) = chap
                    && doc.get(source, "secretRef").is_none()
                {
                    self.push(
                        doc.range(entry.value),
                        "CHAP authentication reads its credentials from a `secretRef`, and the volume has none".to_owned(),
                        &format!("{path}.secretRef"),
                        "Required value".to_owned(),
                    );
                }
            }
            "fc" => {
                let wwns = list("targetWWNs").filter(|(n, _)| *n > 0);
                let wwids = list("wwids").filter(|(n, _)| *n > 0);
                match (wwns, wwids) {
                    (None, None) => {
                        self.push(
                            doc.range(source),
                            "a Fibre Channel volume names its target by `targetWWNs` (with a `lun`) or by `wwids`".to_owned(),
                            &format!("{path}.targetWWNs"),
                            "Required value: must specify either targetWWNs or wwids, but not both".to_owned(),
                        );
                    }
                    (Some((_, node)), Some(_)) => {
                        self.push(
                            doc.range(node),
                            "a Fibre Channel volume names its target by `targetWWNs` or by `wwids`, not both".to_owned(),
                            &format!("{path}.targetWWNs"),
                            "Invalid value: targetWWNs and wwids can not be specified simultaneously".to_owned(),
                        );
                    }
                    (Some((_, node)), None) => {
                        if doc.get(source, "lun").is_none() {
                            self.push(
                                doc.range(node),
                                "a Fibre Channel volume with `targetWWNs` names the `lun` to use"
                                    .to_owned(),
                                &format!("{path}.lun"),
                                "Required value: lun is required if targetWWNs is specified"
                                    .to_owned(),
                            );
                        } else {
                            self.lun(source, path);
                        }
                    }
                    (None, Some(_)) => {}
                }
            }
            "rbd" | "cephfs" => {
                if key == "rbd" {
                    self.empty(
                        source,
                        "image",
                        path,
                        "the RBD volume names no image (`image` is empty)",
                    );
                }
                if let Some((0, node)) = list("monitors") {
                    self.push(
                        doc.range(node),
                        "the volume lists no Ceph monitors to connect to".to_owned(),
                        &format!("{path}.monitors"),
                        "Required value".to_owned(),
                    );
                }
            }
            "gitRepo" => {
                self.empty(
                    source,
                    "repository",
                    path,
                    "the gitRepo volume names no repository to clone (`repository` is empty)",
                );
                if let Some((directory, node)) =
                    text("directory").filter(|(t, _)| !is_placeholder(t))
                {
                    let error = if directory.starts_with('/') {
                        Some("must be a relative path")
                    } else if directory.split(['/', '\\']).any(|part| part == "..") {
                        Some("must not contain '..'")
                    } else {
                        None
                    };
                    if let Some(error) = error {
                        self.push(
                            doc.range(node),
                            format!("the gitRepo directory `{directory}` {error}: the clone stays inside the volume"),
                            &format!("{path}.directory"),
                            format!("Invalid value: \"{directory}\": {error}"),
                        );
                    }
                }
            }
            "flexVolume" => {
                self.empty(
                    source,
                    "driver",
                    path,
                    "the flexVolume names no driver (`driver` is empty)",
                );
                for (option, _, node, _) in
                    crate::object::string_map(doc, at(doc, source, &["options"]))
                {
                    let namespace = option.split_once('/').map_or(option, |(ns, _)| ns);
                    let normalized = format!(".{}", namespace.to_ascii_lowercase());
                    if normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io") {
                        self.push(
                            doc.range(node),
                            format!("the flexVolume option `{option}` is in a namespace Kubernetes reserves"),
                            &format!("{path}.options[{option}]"),
                            format!("Invalid value: \"{option}\": kubernetes.io and k8s.io namespaces are reserved"),
                        );
                    }
                }
            }
            "flocker" => {
                let name = text("datasetName").filter(|(t, _)| !t.is_empty());
                let uuid = text("datasetUUID").filter(|(t, _)| !t.is_empty());
                match (name, uuid) {
                    (None, None) => {
                        self.push(
                            doc.range(source),
                            "a Flocker volume names its dataset by `datasetName` or `datasetUUID`"
                                .to_owned(),
                            path,
                            "Required value: one of datasetName and datasetUUID is required"
                                .to_owned(),
                        );
                    }
                    (Some(_), Some((_, node))) => {
                        self.push(
                            doc.range(node),
                            "a Flocker volume names its dataset by `datasetName` or `datasetUUID`, not both".to_owned(),
                            path,
                            "Invalid value: \"resource\": datasetName and datasetUUID can not be specified simultaneously".to_owned(),
                        );
                    }
                    _ => {}
                }
                if let Some((name, node)) = name
                    && name.contains('/')
                {
                    self.push(
                        doc.range(node),
                        format!("the Flocker dataset name `{name}` contains `/`"),
                        &format!("{path}.datasetName"),
                        format!("Invalid value: \"{name}\": must not contain '/'"),
                    );
                }
            }
            _ => {}
        }
    }

    /// The rules of the in-tree drivers Kubernetes has removed (their CSI migration refuses them
    /// at the kubelet, but the API server still validates them): `validateCinderVolumeSource`,
    /// `validateGlusterfsVolumeSource`, `validateQuobyteVolumeSource`, `validateAzureDisk`,
    /// `validateAzureFile`, `validateVsphereVolumeSource`, `validatePhotonPersistentDiskVolumeSource`,
    /// `validatePortworxVolumeSource`, `validateScaleIOVolumeSource`,
    /// `validateStorageOSVolumeSource`. Mostly empty strings in fields the schema requires (it
    /// is satisfied by a field that is there, even empty); a field the schema leaves optional
    /// and the API server requires is also reported when it is missing.
    fn removed(&mut self, key: &str, source: NodeId, path: &str) {
        let doc = self.doc;
        let driver = match key {
            "cinder" => "Cinder",
            "glusterfs" => "GlusterFS",
            "quobyte" => "Quobyte",
            "azureDisk" => "Azure disk",
            "azureFile" => "Azure file",
            "vsphereVolume" => "vSphere",
            "photonPersistentDisk" => "Photon disk",
            "portworxVolume" => "Portworx",
            "scaleIO" => "ScaleIO",
            _ => "StorageOS",
        };
        let text = |holder: NodeId, field: &str| {
            doc.get(holder, field)
                .and_then(|e| Some((scalar_text(doc, e.value)?, e.value)))
        };
        // The fields the schema requires: an empty one (a missing one is the schema's).
        let required: &[&str] = match key {
            "cinder" | "portworxVolume" => &["volumeID"],
            "glusterfs" => &["endpoints", "path"],
            "quobyte" => &["volume"],
            "azureDisk" => &["diskName", "diskURI"],
            "azureFile" => &["secretName", "shareName"],
            "vsphereVolume" => &["volumePath"],
            "photonPersistentDisk" => &["pdID"],
            "scaleIO" => &["gateway", "system"],
            _ => &[],
        };
        for &field in required {
            if let Some(("", node)) = text(source, field) {
                self.push(
                    doc.range(node),
                    format!("the {driver} volume's `{field}` is empty"),
                    &format!("{path}.{field}"),
                    "Required value".to_owned(),
                );
            }
        }
        // The fields the schema leaves optional and the API server requires.
        let mut needed = |holder: NodeId, field: &str, field_path: &str, what: &str| match doc
            .get(holder, field)
        {
            Some(entry) if scalar_text(doc, entry.value).is_some_and(|t| !t.is_empty()) => {}
            entry => {
                self.push(
                    entry.map_or_else(|| doc.range(holder), |e| doc.range(e.value)),
                    what.to_owned(),
                    field_path,
                    "Required value".to_owned(),
                );
            }
        };
        if key == "scaleIO" || key == "storageos" {
            needed(
                source,
                "volumeName",
                &format!("{path}.volumeName"),
                &format!("the {driver} volume names no `volumeName` to mount"),
            );
        }
        if key == "cinder" || key == "storageos" {
            // A `secretRef` that is there names its Secret.
            if let Some(secret) = doc
                .get(source, "secretRef")
                .filter(|e| doc.entries(e.value).is_some())
            {
                needed(
                    secret.value,
                    "name",
                    &format!("{path}.secretRef.name"),
                    &format!("the {driver} volume's `secretRef` names no Secret"),
                );
            }
        }
        match key {
            "quobyte" => self.quobyte(source, path),
            "azureDisk" => self.azure_disk(source, path),
            "storageos" => {
                for field in ["volumeName", "volumeNamespace"] {
                    if let Some((value, node)) = text(source, field)
                        && !value.is_empty()
                        && !is_placeholder(value)
                        && let Err(why) = crate::names::dns1123_label(value)
                    {
                        self.push(
                            doc.range(node),
                            format!(
                                "the StorageOS {field} `{value}` {why} (it is an RFC 1123 label)"
                            ),
                            &format!("{path}.{field}"),
                            format!("Invalid value: \"{value}\""),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// A Quobyte `registry` of `host:port` pairs, checked only once the `tenant` fits in 64
    /// characters (as the API server does).
    fn quobyte(&mut self, source: NodeId, path: &str) {
        const PAIRS: &str = "must be a host:port pair or multiple pairs separated by commas";
        let doc = self.doc;
        let Some((registry, node)) = doc
            .get(source, "registry")
            .and_then(|e| Some((scalar_text(doc, e.value)?, e.value)))
        else {
            return;
        };
        if registry.is_empty() {
            self.push(
                doc.range(node),
                "the Quobyte volume's `registry` is empty".to_owned(),
                &format!("{path}.registry"),
                format!("Required value: {PAIRS}"),
            );
            return;
        }
        if let Some(entry) = doc.get(source, "tenant")
            && let Some(tenant) = scalar_text(doc, entry.value)
            && tenant.len() >= 65
        {
            self.push(
                doc.range(entry.value),
                format!(
                    "the Quobyte tenant is {} characters long, more than 64",
                    tenant.len()
                ),
                &format!("{path}.tenant"),
                "Required value: must be a UUID and may not exceed a length of 64 characters"
                    .to_owned(),
            );
            return;
        }
        if is_placeholder(registry) {
            return;
        }
        let bad: Vec<String> = registry
            .split(',')
            .filter_map(|pair| {
                split_host_port(pair)
                    .err()
                    .map(|why| format!("`{pair}` ({why})"))
            })
            .collect();
        if !bad.is_empty() {
            // One error per bad pair, all alike; the API server prints them once.
            self.push(
                doc.range(node),
                format!(
                    "the Quobyte registry lists {} where a host:port pair belongs",
                    bad.join(", ")
                ),
                &format!("{path}.registry"),
                format!("Invalid value: \"{registry}\": {PAIRS}"),
            );
        }
    }

    /// An Azure disk's `cachingMode` and `kind`, and a `diskURI` of the form its kind takes:
    /// a resource ID for a Managed disk, a blob URL for the others (`Shared` when no kind is
    /// set, as defaulting makes it).
    fn azure_disk(&mut self, source: NodeId, path: &str) {
        const MANAGED: &str = "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}";
        const BLOB: &str =
            "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd";
        let doc = self.doc;
        let text = |field: &str| {
            doc.get(source, field)
                .and_then(|e| Some((scalar_text(doc, e.value)?, e.value)))
        };
        let supported = |values: &[&str]| {
            values
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some((mode, node)) = text("cachingMode")
            && !matches!(mode, "None" | "ReadOnly" | "ReadWrite")
            && !is_placeholder(mode)
        {
            self.push(
                doc.range(node),
                format!("`{mode}` is not an Azure disk caching mode (None, ReadOnly or ReadWrite)"),
                &format!("{path}.cachingMode"),
                format!(
                    "Unsupported value: \"{mode}\": supported values: {}",
                    supported(&["None", "ReadOnly", "ReadWrite"])
                ),
            );
        }
        let kind = text("kind");
        if let Some((kind, node)) = kind
            && !matches!(kind, "Dedicated" | "Managed" | "Shared")
            && !is_placeholder(kind)
        {
            self.push(
                doc.range(node),
                format!("`{kind}` is not an Azure disk kind (Shared, Dedicated or Managed)"),
                &format!("{path}.kind"),
                format!(
                    "Unsupported value: \"{kind}\": supported values: {}",
                    supported(&["Dedicated", "Managed", "Shared"])
                ),
            );
        }
        let kind = kind.map_or("Shared", |(k, _)| k);
        let Some((uri, node)) = text("diskURI") else {
            return;
        };
        if is_placeholder(kind) || is_placeholder(uri) {
            return;
        }
        let (prefix, form, what) = if kind == "Managed" {
            (
                "/subscriptions/",
                MANAGED,
                "a Managed disk is named by its resource ID",
            )
        } else {
            (
                "https://",
                BLOB,
                "a Shared or Dedicated disk (Shared when no kind is set) is named by its blob URL",
            )
        };
        if !uri.starts_with(prefix) {
            self.push(
                doc.range(node),
                format!("{what}, starting with `{prefix}`"),
                &format!("{path}.diskURI"),
                format!("Unsupported value: \"{uri}\": supported values: \"{form}\""),
            );
        }
    }

    /// A GCE persistent disk or AWS EBS volume (`validateGCEPersistentDiskVolumeSource`,
    /// `validateAWSElasticBlockStoreVolumeSource`): its disk named, a `partition` up to 255.
    /// The API server prints a GCE disk's fields under `persistentDisk`, not
    /// `gcePersistentDisk`.
    fn disk(&mut self, key: &str, source: NodeId, volume_path: &str) {
        let doc = self.doc;
        let (path, field, what) = if key == "gcePersistentDisk" {
            (
                format!("{volume_path}.persistentDisk"),
                "pdName",
                "the GCE persistent disk volume names no disk (`pdName` is empty)",
            )
        } else {
            (
                format!("{volume_path}.awsElasticBlockStore"),
                "volumeID",
                "the AWS EBS volume names no volume (`volumeID` is empty)",
            )
        };
        self.empty(source, field, &path, what);
        if let Some(entry) = doc.get(source, "partition")
            && let Some(partition) = int(doc, entry.value)
            && !(0..=255).contains(&partition)
        {
            // The check is 0 to 255; the message the API server prints says 1.
            self.push(
                doc.range(entry.value),
                format!("partition {partition} is out of range (0 to 255)"),
                &format!("{path}.partition"),
                format!("Invalid value: {partition}: must be between 1 and 255, inclusive"),
            );
        }
    }

    /// A CSI volume (`validateCSIVolumeSource`): a `driver` named as `ValidateCSIDriverName`
    /// takes it (at most 63 characters, an RFC 1123 subdomain once lower-cased), and a
    /// `nodePublishSecretRef` naming a Secret (its name judged a subdomain, printed at the
    /// source's `name`, as the API server does).
    fn csi(&mut self, source: NodeId, path: &str) {
        let doc = self.doc;
        let empty = self.empty(
            source,
            "driver",
            path,
            "the CSI volume names no driver (`driver` is empty)",
        );
        if !empty
            && let Some(entry) = doc.get(source, "driver")
            && let Some(driver) = scalar_text(doc, entry.value)
            && !is_placeholder(driver)
        {
            let field = format!("{path}.driver");
            if driver.len() > 63 {
                self.push(
                    doc.range(entry.value),
                    format!(
                        "the CSI driver name is {} characters long, more than 63",
                        driver.len()
                    ),
                    &field,
                    "Too long: may not be more than 63 bytes".to_owned(),
                );
            }
            if let Err(why) = crate::names::dns1123_subdomain(&driver.to_ascii_lowercase()) {
                self.push(
                    doc.range(entry.value),
                    format!("the CSI driver `{driver}` {why}"),
                    &field,
                    format!("Invalid value: \"{driver}\""),
                );
            }
        }
        let Some(secret) = doc
            .get(source, "nodePublishSecretRef")
            .filter(|e| doc.entries(e.value).is_some())
        else {
            return;
        };
        match doc.get(secret.value, "name") {
            Some(entry) if scalar_text(doc, entry.value).is_some_and(|t| !t.is_empty()) => {
                if let Some(name) = scalar_text(doc, entry.value)
                    && !is_placeholder(name)
                    && let Err(why) = crate::names::dns1123_subdomain(name)
                {
                    self.push(
                        doc.range(entry.value),
                        format!("the Secret name `{name}` {why}"),
                        &format!("{path}.name"),
                        format!("Invalid value: \"{name}\""),
                    );
                }
            }
            entry => {
                self.push(
                    entry.map_or_else(|| doc.range(secret.key), |e| doc.range(e.value)),
                    "the CSI volume's nodePublishSecretRef names no Secret".to_owned(),
                    &format!("{path}.nodePublishSecretRef.name"),
                    "Required value".to_owned(),
                );
            }
        }
    }

    /// An iSCSI or Fibre Channel `lun`: 0 to 255.
    fn lun(&mut self, source: NodeId, path: &str) {
        let doc = self.doc;
        if let Some(entry) = doc.get(source, "lun")
            && let Some(lun) = int(doc, entry.value)
            && !(0..=255).contains(&lun)
        {
            self.push(
                doc.range(entry.value),
                format!("LUN {lun} is out of range"),
                &format!("{path}.lun"),
                format!("Invalid value: {lun}: must be between 0 and 255, inclusive"),
            );
        }
    }

    /// `ValidateVolumeDevices`: block devices come from claims, each name and path once, and
    /// neither also mounted. `block` holds whether each of the pod's volumes is a claim (a
    /// `persistentVolumeClaim` or `ephemeral` one); a name it lacks is `missing-volume`'s.
    fn devices(&mut self, container: NodeId, block: &HashMap<&str, bool>, path: &str) {
        let doc = self.doc;
        let mounts = items(doc, at(doc, container, &["volumeMounts"]));
        let mounted: std::collections::HashSet<&str> = mounts
            .iter()
            .filter_map(|&m| doc.get_str(m, "name"))
            .collect();
        let mount_paths: std::collections::HashSet<&str> = mounts
            .iter()
            .filter_map(|&m| doc.get_str(m, "mountPath"))
            .collect();
        let mut names = std::collections::HashSet::new();
        // A device path used twice: `duplicate-list-entry` (the schema's list-map key).
        for (index, &device) in items(doc, at(doc, container, &["volumeDevices"]))
            .iter()
            .enumerate()
        {
            let device_path = format!("{path}.volumeDevices[{index}]");
            if let Some(entry) = doc.get(device, "name")
                && let Some(name) = scalar_text(doc, entry.value)
                && !name.is_empty()
                && !is_placeholder(name)
            {
                let range = doc.range(entry.value);
                let name_path = format!("{device_path}.name");
                if !names.insert(name) {
                    self.push(
                        range,
                        format!("the volume `{name}` is already a device of this container"),
                        &name_path,
                        format!("Invalid value: \"{name}\": must be unique"),
                    );
                }
                if block.get(name) == Some(&false) {
                    self.push(range, format!("the volume `{name}` is not a claim: only a persistentVolumeClaim or ephemeral volume is a raw block device"), &name_path, format!("Invalid value: \"{name}\": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
                }
                if mounted.contains(name) {
                    self.push(range, format!("the volume `{name}` is also mounted: a claim is a block device or a filesystem, not both"), &name_path, format!("Invalid value: \"{name}\": must not already exist in volumeMounts"));
                }
            }
            if let Some(entry) = doc.get(device, "devicePath")
                && let Some(text) = scalar_text(doc, entry.value)
                && !text.is_empty()
                && !is_placeholder(text)
            {
                let range = doc.range(entry.value);
                let field = format!("{device_path}.devicePath");
                if text.split(['/', '\\']).any(|part| part == "..") {
                    self.push(
                        range,
                        format!("the device path `{text}` climbs with `..`"),
                        &field,
                        format!("Invalid value: \"{text}\": can not contain backsteps ('..')"),
                    );
                }
                if mount_paths.contains(text) {
                    self.push(range, format!("`{text}` is also a mount path of this container"), &field, format!("Invalid value: \"{text}\": must not already exist as a path in volumeMounts"));
                }
            }
        }
    }

    fn projected(&mut self, projected: NodeId, path: &str) {
        let doc = self.doc;
        let mut paths = HashMap::new();
        for (index, &source) in items(doc, at(doc, projected, &["sources"]))
            .iter()
            .enumerate()
        {
            let source_path = format!("{path}.sources[{index}]");
            let Some(entries) = doc.entries(source) else {
                continue;
            };
            let kinds: Vec<drydock_yaml::Entry> = entries
                .iter()
                .filter(|e| doc.scalar(e.value).is_none())
                .copied()
                .collect();
            if let [_, second, ..] = kinds.as_slice() {
                self.push(
                    doc.range(second.key),
                    "a projection names one kind of source".to_owned(),
                    &source_path,
                    "Forbidden: may not specify more than 1 volume type per source".to_owned(),
                );
            }
            for kind in &kinds {
                let key = doc.key_str(kind).unwrap_or("");
                let kind_path = format!("{source_path}.{key}");
                match key {
                    "secret" | "configMap" | "downwardAPI" => {
                        let files = if key == "downwardAPI" {
                            Files::Downward
                        } else {
                            Files::Keys
                        };
                        self.items(kind.value, &kind_path, files, Some((path, &mut paths)));
                        if key == "downwardAPI" {
                            self.downward(kind.value, &kind_path);
                        }
                    }
                    "serviceAccountToken" => {
                        if let Some(entry) = doc.get(kind.value, "expirationSeconds")
                            && let Some(seconds) = int(doc, entry.value)
                        {
                            let error = if seconds < 600 {
                                Some("may not specify a duration less than 10 minutes")
                            } else if seconds > 1 << 32 {
                                Some("may not specify a duration larger than 2^32 seconds")
                            } else {
                                None
                            };
                            if let Some(error) = error {
                                self.push(
                                    doc.range(entry.value),
                                    format!("a token that expires after {seconds} seconds"),
                                    &format!("{kind_path}.expirationSeconds"),
                                    format!("Invalid value: {seconds}: {error}"),
                                );
                            }
                        }
                        // The API server prints the projected volume's path for these.
                        self.empty(
                            kind.value,
                            "path",
                            path,
                            "the service account token has no file name in the volume (`path` is empty)",
                        );
                        self.local_path(kind.value, "path", path, true);
                    }
                    _ => {}
                }
            }
        }
    }

    fn mount(&mut self, container: NodeId, mount: NodeId, path: &str) {
        let doc = self.doc;
        let sub_path = doc
            .get(mount, "subPath")
            .filter(|e| scalar_text(doc, e.value).is_some_and(|s| !s.is_empty()));
        let expr = doc
            .get(mount, "subPathExpr")
            .filter(|e| scalar_text(doc, e.value).is_some_and(|s| !s.is_empty()));
        if let (Some(_), Some(expr)) = (sub_path, expr) {
            let value = scalar_text(doc, expr.value).unwrap_or("");
            self.push(
                doc.range(expr.key),
                "the mount sets both `subPath` and `subPathExpr`".to_owned(),
                &format!("{path}.subPathExpr"),
                format!(
                    "Invalid value: \"{value}\": subPathExpr and subPath are mutually exclusive"
                ),
            );
        }
        // The API server prints the list's path for these, not the item's.
        let list = path.rsplit_once('[').map_or(path, |(list, _)| list);
        for key in ["subPath", "subPathExpr"] {
            if let Some(entry) = doc.get(mount, key)
                && let Some(value) = scalar_text(doc, entry.value)
            {
                let error = if value.starts_with('/') {
                    Some("must be a relative path")
                } else if value.split(['/', '\\']).any(|part| part == "..") {
                    Some("must not contain '..'")
                } else {
                    None
                };
                if let Some(error) = error {
                    self.push(
                        doc.range(entry.value),
                        format!("the {key} `{value}` {error}"),
                        &format!("{list}.{key}"),
                        format!("Invalid value: \"{value}\": {error}"),
                    );
                }
            }
        }
        let propagation = doc.get_str(mount, "mountPropagation");
        let privileged = at(doc, container, &["securityContext", "privileged"])
            .and_then(|n| boolean(doc, n))
            .unwrap_or(false);
        if propagation == Some("Bidirectional")
            && !privileged
            && let Some(entry) = doc.get(mount, "mountPropagation")
        {
            self.push(
                doc.range(entry.value),
                "Bidirectional mount propagation needs a privileged container".to_owned(),
                &format!("{list}.mountPropagation"),
                "Forbidden: Bidirectional mount propagation is available only to privileged containers".to_owned(),
            );
        }
        if let Some(entry) = doc.get(mount, "recursiveReadOnly")
            && matches!(
                scalar_text(doc, entry.value),
                Some("Enabled" | "IfPossible")
            )
        {
            let read_only = at(doc, mount, &["readOnly"])
                .and_then(|n| boolean(doc, n))
                .unwrap_or(false);
            let error = if !read_only {
                Some("may only be specified when readOnly is true")
            } else if propagation.is_some_and(|p| p != "None") {
                Some("may only be specified when mountPropagation is None or not specified")
            } else {
                None
            };
            if let Some(error) = error {
                self.push(
                    doc.range(entry.value),
                    format!("recursiveReadOnly {error}"),
                    &format!("{list}.recursiveReadOnly"),
                    format!("Forbidden: {error}"),
                );
            }
        }
    }
}

/// The container resources a downward API file may hold, besides `*.hugepages-*`
/// (`validContainerResourceFieldPathExpressions`).
const RESOURCE_FIELDS: [&str; 6] = [
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
];

/// A PersistentVolumeClaim's access modes, storage, classes and data source.
fn claim(o: &crate::object::Object<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(spec) = o.spec() {
        claim_spec(o.doc, spec, &rejects("PersistentVolumeClaim"), "spec", out);
    }
}

/// What the API server does with a StatefulSet whose claim template it refuses.
pub const CLAIM_TEMPLATE_REJECTED: &str = "the API server rejects the StatefulSet (since Kubernetes 1.34; before, its controller fails to create the claim)";

/// A StatefulSet's `volumeClaimTemplates`, each spec judged by `ValidatePersistentVolumeClaimSpec`
/// since Kubernetes 1.34 (kubernetes/kubernetes#132212; an update keeps a template that
/// already failed).
fn claim_templates(o: &crate::object::Object<'_>, out: &mut Vec<Diagnostic>) {
    let doc = o.doc;
    for (index, &template) in items(doc, at(doc, o.node, &["spec", "volumeClaimTemplates"]))
        .iter()
        .enumerate()
    {
        if let Some(spec) = at(doc, template, &["spec"])
            && doc.entries(spec).is_some()
        {
            claim_spec(
                doc,
                spec,
                CLAIM_TEMPLATE_REJECTED,
                &format!("spec.volumeClaimTemplates[{index}].spec"),
                out,
            );
        }
    }
}

/// `ValidatePersistentVolumeClaimSpec` on the spec at `path`: a PersistentVolumeClaim's, or an
/// ephemeral volume's `volumeClaimTemplate.spec` in a `kind`'s pod.
fn claim_spec(doc: &Document, spec: NodeId, rejected: &str, path: &str, out: &mut Vec<Diagnostic>) {
    let mut push = |range: TextRange, what: String, field: &str, error: String| {
        let field = if field.is_empty() {
            path.to_owned()
        } else {
            format!("{path}.{field}")
        };
        out.push(Diagnostic::new(
            &RULE,
            format!("{what}: {rejected} (`{field}: {error}`)"),
            range,
        ));
    };
    let modes: Vec<NodeId> = items(doc, at(doc, spec, &["accessModes"])).to_vec();
    let once_pod = modes
        .iter()
        .find(|&&m| scalar_text(doc, m) == Some("ReadWriteOncePod"));
    if let Some(&node) = once_pod
        && modes.len() > 1
    {
        push(
            doc.range(node),
            "ReadWriteOncePod gives one pod the volume, and cannot be combined with other access modes".to_owned(),
            "accessModes",
            "Forbidden: may not use ReadWriteOncePod with other access modes".to_owned(),
        );
    }
    if let Some(node) = at(doc, spec, &["resources", "requests", "storage"])
        && let Some(text) = scalar_text(doc, node)
        && crate::quantity::parse(text).is_some_and(|q| q <= 0.0)
    {
        push(
            doc.range(node),
            format!("the claim requests {text} of storage"),
            "resources[storage]",
            format!("Invalid value: \"{text}\": must be greater than zero"),
        );
    }
    // A VolumeAttributesClass (GA in 1.34, its feature gate on by default) is named as a
    // StorageClass is; an empty name is not judged.
    if let Some(node) = at(doc, spec, &["volumeAttributesClassName"])
        && let Some(text) = scalar_text(doc, node)
        && !text.is_empty()
        && !is_placeholder(text)
        && let Err(why) = crate::names::dns1123_subdomain(text)
    {
        push(
            doc.range(node),
            format!("the volume attributes class `{text}` {why}"),
            "volumeAttributesClassName",
            format!("Invalid value: \"{text}\""),
        );
    }
    if let Some(node) = at(doc, spec, &["storageClassName"])
        && let Some(text) = scalar_text(doc, node)
        && !text.is_empty()
        && !is_placeholder(text)
        && let Err(why) = crate::names::dns1123_subdomain(text)
    {
        push(
            doc.range(node),
            format!("the storage class `{text}` {why}"),
            "storageClassName",
            format!("Invalid value: \"{text}\""),
        );
    }
    // `validateDataSource` / `validateDataSourceRef`.
    let field =
        |source: NodeId, key: &str| at(doc, source, &[key]).and_then(|n| scalar_text(doc, n));
    let sources: Vec<(&str, drydock_yaml::Entry)> = ["dataSource", "dataSourceRef"]
        .iter()
        .filter_map(|&key| {
            let entry = doc
                .get(spec, key)
                .filter(|e| doc.entries(e.value).is_some())?;
            Some((key, *entry))
        })
        .collect();
    for &(key, entry) in &sources {
        let group = field(entry.value, "apiGroup").unwrap_or("");
        if let Some(kind_text) = field(entry.value, "kind")
            && group.is_empty()
            && kind_text != "PersistentVolumeClaim"
            && !is_placeholder(kind_text)
        {
            let range = doc
                .get(entry.value, "kind")
                .map_or_else(|| doc.range(entry.key), |e| doc.range(e.value));
            push(
                range,
                format!(
                    "a `{kind_text}` data source of the core API group: only a PersistentVolumeClaim is one (a VolumeSnapshot's `apiGroup` is `snapshot.storage.k8s.io`)"
                ),
                key,
                format!(
                    "Invalid value: \"{kind_text}\": must be 'PersistentVolumeClaim' when referencing the default apiGroup"
                ),
            );
        }
        if !group.is_empty()
            && !is_placeholder(group)
            && let Err(why) = crate::names::dns1123_subdomain(group)
            && let Some(node) = at(doc, entry.value, &["apiGroup"])
        {
            push(
                doc.range(node),
                format!("the API group `{group}` {why}"),
                &format!("{key}.apiGroup"),
                format!("Invalid value: \"{group}\""),
            );
        }
    }
    if let [(_, source), (_, reference)] = sources.as_slice() {
        let namespaced = field(reference.value, "namespace").is_some_and(|n| !n.is_empty());
        if namespaced {
            push(
                doc.range(source.key),
                "a data source in another namespace is named by dataSourceRef alone".to_owned(),
                "",
                format!(
                    "Invalid value: {path}.dataSource: may not be specified when dataSourceRef.namespace is specified"
                ),
            );
        } else {
            let same = ["apiGroup", "kind", "name"]
                .iter()
                .all(|key| field(source.value, key) == field(reference.value, key));
            if !same {
                push(
                    doc.range(source.key),
                    "dataSource and dataSourceRef name different sources: set one, or both alike"
                        .to_owned(),
                    "",
                    format!("Invalid value: {path}.dataSource: must match dataSourceRef"),
                );
            }
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind == "PersistentVolumeClaim" && is_builtin(&o) {
            claim(&o, out);
        }
        if o.kind == "StatefulSet" && is_builtin(&o) {
            claim_templates(&o, out);
        }
    }
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let spec = pod.template.spec;
        let mut volumes = Volumes {
            doc,
            text: ctx.text,
            kind: pod.object.kind,
            out: &mut *out,
        };
        for (index, &volume) in items(doc, at(doc, spec, &["volumes"])).iter().enumerate() {
            volumes.volume(volume, &format!("{}.volumes[{index}]", pod.path));
        }
        let block: HashMap<&str, bool> = items(doc, at(doc, spec, &["volumes"]))
            .iter()
            .filter_map(|&v| {
                let claim = ["persistentVolumeClaim", "ephemeral"]
                    .iter()
                    .any(|k| doc.get(v, k).is_some());
                Some((doc.get_str(v, "name")?, claim))
            })
            .collect();
        for c in containers(doc, spec) {
            let path = c.path(pod.path);
            volumes.devices(c.node, &block, &path);
            for (index, &mount) in items(doc, at(doc, c.node, &["volumeMounts"]))
                .iter()
                .enumerate()
            {
                volumes.mount(c.node, mount, &format!("{path}.volumeMounts[{index}]"));
            }
        }
    }
}

/// Why an iSCSI name starting with `iqn`, `eui` or `naa` is refused, as the API server's three
/// regular expressions read it: `iqn.YYYY-MM.` then letters, digits, `-` and `.`, a `:` and a
/// name without `,;*&$|` or whitespace up to the end (matched anywhere in the name, as the
/// expression is not anchored at its start); `eui`, any character and 16 letters or digits;
/// `naa`, any character and 32. Linear: one pass for the runs, one for the candidates.
fn iscsi_name_error(name: &str) -> Option<&'static str> {
    const FORMAT: &str = "must be valid format";
    let bytes = name.as_bytes();
    let alnum_tail = |prefix: &str, count: usize| {
        name.strip_prefix(prefix).is_some_and(|rest| {
            let mut chars = rest.chars();
            chars.next().is_some_and(|c| c != '\n') && {
                let tail = chars.as_str();
                tail.len() == count && tail.bytes().all(|b| b.is_ascii_alphanumeric())
            }
        })
    };
    if name.starts_with("iqn") {
        // run_end[i]: the first index at or after i whose byte is not a letter, digit, `-` or `.`.
        let mut run_end = vec![bytes.len(); bytes.len() + 1];
        let mut next = bytes.len();
        for (i, &b) in bytes.iter().enumerate().rev() {
            if !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
                next = i;
            }
            if let Some(slot) = run_end.get_mut(i) {
                *slot = next;
            }
        }
        let forbidden = |b: u8| {
            b",;*&$|".contains(&b) || matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c | 0x0b)
        };
        let last_forbidden = bytes.iter().rposition(|&b| forbidden(b));
        let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        let ok = (0..bytes.len()).any(|p| {
            bytes.get(p..p + 4) == Some(&b"iqn."[..])
                && (4..8).all(|k| digit(p + k))
                && bytes.get(p + 8) == Some(&b'-')
                && digit(p + 9)
                && digit(p + 10)
                && bytes.get(p + 11) == Some(&b'.')
                && {
                    let start = p + 12;
                    let end = run_end.get(start).copied().unwrap_or(start);
                    end > start
                        && bytes.get(end) == Some(&b':')
                        && end + 1 < bytes.len()
                        && last_forbidden.is_none_or(|f| f <= end)
                }
        });
        (!ok).then_some(FORMAT)
    } else if name.starts_with("eui") {
        (!alnum_tail("eui", 16)).then_some(FORMAT)
    } else if name.starts_with("naa") {
        (!alnum_tail("naa", 32)).then_some(FORMAT)
    } else {
        Some("must be valid format starting with iqn, eui, or naa")
    }
}

/// Go's `net.SplitHostPort`, for whether it accepts `host:port`: the port follows the last
/// colon; a host with a colon is bracketed (`[::1]:80`), and brackets appear nowhere else.
/// Host and port may be empty. The error is Go's reason.
fn split_host_port(pair: &str) -> Result<(), &'static str> {
    const MISSING_PORT: &str = "missing port in address";
    let Some(colon) = pair.rfind(':') else {
        return Err(MISSING_PORT);
    };
    let (open, close) = if pair.starts_with('[') {
        let Some(end) = pair.find(']') else {
            return Err("missing ']' in address");
        };
        if end + 1 == pair.len() {
            return Err(MISSING_PORT);
        }
        if end + 1 != colon {
            return Err(if pair.as_bytes().get(end + 1) == Some(&b':') {
                "too many colons in address"
            } else {
                MISSING_PORT
            });
        }
        (1, end + 1)
    } else {
        if pair.get(..colon).is_some_and(|host| host.contains(':')) {
            return Err("too many colons in address");
        }
        (0, 0)
    };
    if pair.get(open..).is_some_and(|rest| rest.contains('[')) {
        return Err("unexpected '[' in address");
    }
    if pair.get(close..).is_some_and(|rest| rest.contains(']')) {
        return Err("unexpected ']' in address");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_pairs_as_go_splits_them() {
        for ok in [
            "registry:7861",
            "[::1]:7861",
            ":7861",
            "host:",
            "[]:80",
            ":",
        ] {
            assert_eq!(split_host_port(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("registry", "missing port in address"),
            ("", "missing port in address"),
            ("::1:80", "too many colons in address"),
            ("[::1]", "missing port in address"),
            ("[::1]x:80", "missing port in address"),
            ("[::1]::80", "too many colons in address"),
            ("[::1:80", "missing ']' in address"),
            ("a[b:80", "unexpected '[' in address"),
            ("[a[b]:80", "unexpected '[' in address"),
            ("ab]:80", "unexpected ']' in address"),
            ("[ab]:8]0", "unexpected ']' in address"),
        ] {
            assert_eq!(split_host_port(bad), Err(why), "{bad}");
        }
    }
}
