"""Compacts kubernetes-validate's JSON Schemas into Drydock's schema files.

Run by `cargo xtask schema` (crates/xtask/src/schema.rs) as
    python3 schema.py <unpacked wheel dir> <output dir>
Output is deterministic: definitions and fields sorted, no timestamps.

The format (one item per line, read by crates/drydock_k8s/src/schema.rs):
    K <apiVersion> <Kind> <definition> <versions>   a kind and the versions (indices into `V`) that serve it
    D <definition>                                  an object definition; its fields follow
    F [!]<field> <type>                             a field (`!` = required)
    A <type>                                        values of an object's other keys (a map)
    O                                               the object accepts any other key
A `?` before a definition's name: it may be null. Types: `?` prefix = nullable; s string (`s:format`, `s=A|B` enum); i integer (`i:int32`);
n number; b boolean; I int-or-string; Q quantity (string or number); * anything; o any object;
[T] array, then `m:k1,k2` (list-map keys) or `s` (set); {T} map of T; @Name a definition.
"""

import json
import os
import re
import sys

PREFIX = "io.k8s."

# Kubernetes marks these string fields `+enum` in its Go types, and publishes the values as `enum`
# in its OpenAPI v3 documents; kubernetes-validate's schemas come from OpenAPI v2, which drops them.
# Every value is checked against the field's description below, so a drifted table fails loudly.
ENUMS = {
    ("api.core.v1.Container", "imagePullPolicy"): ["Always", "IfNotPresent", "Never"],
    ("api.core.v1.EphemeralContainer", "imagePullPolicy"): ["Always", "IfNotPresent", "Never"],
    ("api.core.v1.Container", "terminationMessagePolicy"): ["FallbackToLogsOnError", "File"],
    ("api.core.v1.ContainerPort", "protocol"): ["SCTP", "TCP", "UDP"],
    ("api.core.v1.ServicePort", "protocol"): ["SCTP", "TCP", "UDP"],
    ("api.networking.v1.NetworkPolicyPort", "protocol"): ["SCTP", "TCP", "UDP"],
    ("api.core.v1.PodSpec", "restartPolicy"): ["Always", "Never", "OnFailure"],
    ("api.core.v1.PodSpec", "dnsPolicy"): ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
    ("api.core.v1.PodSpec", "preemptionPolicy"): ["Never", "PreemptLowerPriority"],
    ("api.core.v1.ServiceSpec", "type"): ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
    ("api.core.v1.ServiceSpec", "externalTrafficPolicy"): ["Cluster", "Local"],
    ("api.core.v1.ServiceSpec", "internalTrafficPolicy"): ["Cluster", "Local"],
    ("api.core.v1.ServiceSpec", "sessionAffinity"): ["ClientIP", "None"],
    ("api.core.v1.ServiceSpec", "ipFamilyPolicy"): ["PreferDualStack", "RequireDualStack", "SingleStack"],
    ("api.apps.v1.DeploymentStrategy", "type"): ["Recreate", "RollingUpdate"],
    ("api.apps.v1.DaemonSetUpdateStrategy", "type"): ["OnDelete", "RollingUpdate"],
    # The description names only the default; the Go type declares OnDelete too.
    ("api.apps.v1.StatefulSetUpdateStrategy", "type"): ["OnDelete", "RollingUpdate"],
    ("api.apps.v1.StatefulSetSpec", "podManagementPolicy"): ["OrderedReady", "Parallel"],
    # Likewise: PersistentVolumeMode is Block or Filesystem.
    ("api.core.v1.PersistentVolumeClaimSpec", "volumeMode"): ["Block", "Filesystem"],
    ("api.core.v1.Toleration", "operator"): ["Equal", "Exists"],
    ("api.core.v1.Toleration", "effect"): ["NoExecute", "NoSchedule", "PreferNoSchedule"],
    ("api.core.v1.NodeSelectorRequirement", "operator"): ["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"],
    ("api.core.v1.SeccompProfile", "type"): ["Localhost", "RuntimeDefault", "Unconfined"],
    ("api.batch.v1.JobSpec", "completionMode"): ["Indexed", "NonIndexed"],
    ("api.batch.v1.CronJobSpec", "concurrencyPolicy"): ["Allow", "Forbid", "Replace"],
    ("api.networking.v1.HTTPIngressPath", "pathType"): ["Exact", "ImplementationSpecific", "Prefix"],
}

# Entries whose descriptions do not list every value (see the comments above).
UNDESCRIBED = {
    ("api.apps.v1.StatefulSetUpdateStrategy", "type"),
    ("api.core.v1.PersistentVolumeClaimSpec", "volumeMode"),
}


def short(name):
    return name[len(PREFIX):] if name.startswith(PREFIX) else name


def ref_name(ref):
    return short(ref.rsplit("/", 1)[-1])


def is_nullable(schema):
    t = schema.get("type")
    return isinstance(t, list) and "null" in t


def base_type(schema):
    t = schema.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"]
        return t[0] if len(t) == 1 else None
    return t


class Compactor:
    def __init__(self, defs):
        self.defs = defs  # short name -> schema

    def alias(self, name):
        """Definitions that are a plain type are written inline where they are used."""
        schema = self.defs.get(name)
        if schema is None:
            raise SystemExit(f"unresolved $ref {name}")
        one_of = schema.get("oneOf")
        if one_of:
            kinds = sorted(base_type(s) for s in one_of)
            if kinds == ["integer", "string"]:
                return "I"
            if kinds == ["number", "string"]:
                return "Q"
            raise SystemExit(f"unknown oneOf in {name}: {kinds}")
        if "properties" in schema:
            return None
        t = base_type(schema)
        if t is None and "type" not in schema:
            return "*"
        if t == "object" and "additionalProperties" not in schema:
            return "o"
        if t in ("string", "integer", "number", "boolean"):
            return ("?" if is_nullable(schema) else "") + self.scalar(schema)
        return None

    def scalar(self, schema):
        t = base_type(schema)
        letter = {"string": "s", "integer": "i", "number": "n", "boolean": "b"}[t]
        out = letter
        if "format" in schema:
            out += ":" + schema["format"]
        if "enum" in schema:
            out += "=" + "|".join(check_value(v) for v in schema["enum"])
        return out

    def type(self, schema, nullable_default=False):
        if "$ref" in schema:
            name = ref_name(schema["$ref"])
            inline = self.alias(name)
            return inline if inline is not None else "@" + name
        nullable = "?" if is_nullable(schema) else ""
        if "oneOf" in schema:
            kinds = sorted(base_type(s) for s in schema["oneOf"])
            return {("integer", "string"): "I", ("number", "string"): "Q"}[tuple(kinds)]
        t = base_type(schema)
        if t is None:
            return "*"
        if t == "array":
            inner = self.type(schema.get("items", {}))
            suffix = ""
            list_type = schema.get("x-kubernetes-list-type")
            if list_type == "map":
                suffix = "m:" + ",".join(schema.get("x-kubernetes-list-map-keys", []))
            elif list_type == "set":
                suffix = "s"
            return f"{nullable}[{inner}]{suffix}"
        if t == "object":
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                return f"{nullable}{{{self.type(extra)}}}"
            if "properties" in schema:
                raise SystemExit("inline object with properties is not supported")
            return nullable + "o"
        return nullable + self.scalar(schema)


def check_value(value):
    value = str(value)
    if re.search(r"[\s|\]}]", value):
        raise SystemExit(f"enum value {value!r} cannot be written")
    return value


def load(wheel, version, strict=True):
    path = os.path.join(wheel, "kubernetes_validate", "kubernetes-json-schema",
                        f"v{version}.0-local{'-strict' if strict else ''}", "_definitions.json")
    with open(path) as f:
        return {short(k): v for k, v in json.load(f)["$defs"].items()}


def main():
    wheel, out_dir = sys.argv[1], sys.argv[2]
    root = os.path.join(wheel, "kubernetes_validate", "kubernetes-json-schema")
    versions = sorted({m.group(1) for d in os.listdir(root)
                       for m in [re.match(r"v(\d+\.\d+)\.0-local-strict$", d)] if m},
                      key=lambda v: tuple(map(int, v.split("."))))
    per_version = {v: load(wheel, v) for v in versions}
    # Every definition, taken from the newest version that has it.
    defs = {}
    for v in versions:
        defs.update(per_version[v])
    for (name, field), values in ENUMS.items():
        schema = defs[name]["properties"][field]
        description = schema.get("description", "")
        for value in values:
            if value not in description and (name, field) not in UNDESCRIBED:
                raise SystemExit(f"enum value {value} not in the description of {name}.{field}")
        schema["enum"] = values
    compactor = Compactor(defs)

    kinds = {}
    for index, v in enumerate(versions):
        for name, schema in per_version[v].items():
            gvks = schema.get("x-kubernetes-group-version-kind", [])
            # DeleteOptions and WatchEvent claim every group; they are not manifests.
            if len(gvks) > 1:
                continue
            for gvk in gvks:
                api = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                kinds.setdefault((api, gvk["kind"], name), []).append(index)

    lines = [
        "# Drydock's Kubernetes schema, generated by `cargo xtask schema` - do not edit.",
        "# Source: the JSON Schemas in kubernetes-validate 1.37.0 (PyPI; Apache-2.0,",
        "# https://github.com/willthames/kubernetes-validate), from Kubernetes' OpenAPI (Apache-2.0).",
        "V " + " ".join(versions),
    ]
    for (api, kind, name), indices in sorted(kinds.items()):
        lines.append(f"K {api} {kind} {name} {','.join(map(str, indices))}")
    descriptions = []
    written = 0
    for name in sorted(defs):
        schema = defs[name]
        if compactor.alias(name) is not None and "properties" not in schema:
            continue
        written += 1
        lines.append(f"D {'?' if is_nullable(schema) else ''}{name}")
        if schema.get("description"):
            descriptions.append(f"{name}\t\t{escape(schema['description'])}")
        required = set(schema.get("required", []))
        for field in sorted(schema.get("properties", {})):
            prop = schema["properties"][field]
            flag = "!" if field in required else ""
            lines.append(f"F {flag}{field} {compactor.type(prop)}")
            if prop.get("description"):
                descriptions.append(f"{name}\t{field}\t{escape(prop['description'])}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            lines.append(f"A {compactor.type(extra)}")
        elif extra is not False:
            lines.append("O")
    os.makedirs(out_dir, exist_ok=True)
    write(os.path.join(out_dir, "kubernetes.schema"), lines)
    write(os.path.join(out_dir, "kubernetes.descriptions"), [
        "# Field descriptions for Drydock's Kubernetes schema (hover docs), generated by",
        "# `cargo xtask schema` - do not edit. Definition, field (empty for the type), text.",
    ] + descriptions)
    print(f"{len(versions)} versions, {len(kinds)} kinds, {written} definitions")


def escape(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def write(path, lines):
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
