"""Converts the Compose Specification's JSON schema (compose-go's, as Docker Compose embeds it) into
the tables drydock_compose validates with: `crates/drydock_compose/src/schema/tables.rs`, and the
schema's descriptions of properties, for the editor's help, apart:
`crates/drydock_compose/src/schema/descriptions.rs` (only the language server reads them, so a
build that does not, the playground's Compose engine, leaves them out).

Run by `cargo xtask compose-schema` (arguments: the schema, the tables' output, the descriptions'
output). Each schema object becomes
a node: the JSON types it allows, its properties, pattern properties and what it says of the others
(allOf members merged, `unevaluatedProperties` read as `additionalProperties`), its items, its
alternatives (oneOf / anyOf) and its enumeration of strings; `$ref` is followed to the node of the
definition. Every pattern must be one the validator knows (`Pattern` in `schema.rs`, matched by
hand: drydock_compose has no regular expression engine). A node also keeps its `required`
properties (allOf members' included), the `pattern` its strings must match and the `minimum` and
`maximum` of its integers.
"""

import json
import sys

TYPES = {"object": 1, "array": 2, "string": 4, "number": 8, "integer": 16, "boolean": 32, "null": 64}
PATTERNS = {
    "^x-": "XPrefix",
    "^[a-zA-Z0-9._-]+$": "Name",
    "^.+$": "NonEmpty",
    ".+": "NonEmpty",
    "^[a-z]+$": "Lowercase",
}
# The `pattern`s of string values.
VALUE_PATTERNS = {
    "[a-zA-Z0-9][a-zA-Z0-9_.-]+": "ContainerName",
    "^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$": "PullPolicy",
}

schema = json.load(open(sys.argv[1]))
nodes = []  # each: dict
ids = {}  # JSON pointer -> id


def resolve(pointer):
    node = schema
    for part in pointer.lstrip("#/").split("/"):
        if part:
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def node_of(obj, pointer):
    """The id of the node for the schema object `obj` at `pointer`."""
    while isinstance(obj, dict) and "$ref" in obj:
        pointer = obj["$ref"]
        obj = resolve(pointer)
    if pointer in ids:
        return ids[pointer]
    at = len(nodes)
    ids[pointer] = at
    nodes.append(None)
    nodes[at] = build(obj, pointer)
    return at


def build(obj, pointer):
    node = {"types": 0, "properties": {}, "patterns": [], "additional": "Any", "items": None,
            "alternatives": [], "enum": [], "required": [], "pattern": None, "minimum": None,
            "maximum": None, "descriptions": {}}
    if obj is True or obj is None:
        return node
    if obj is False:
        node["additional"] = "Forbidden"
        node["types"] = 128  # nothing is allowed
        return node
    t = obj.get("type")
    if isinstance(t, str):
        node["types"] = TYPES[t]
    elif isinstance(t, list):
        for x in t:
            node["types"] |= TYPES[x]
    members = [(obj, pointer)]
    for i, member in enumerate(obj.get("allOf", [])):
        p = f"{pointer}/allOf/{i}"
        while "$ref" in member:
            p = member["$ref"]
            member = resolve(p)
        members.append((member, p))
        if not t and "type" in member and isinstance(member["type"], str):
            node["types"] |= TYPES[member["type"]]
    for member, p in members:
        for name in member.get("required", []):
            if name not in node["required"]:
                node["required"].append(name)
        for name, sub in member.get("properties", {}).items():
            node["properties"][name] = node_of(sub, f"{p}/properties/{name}")
            text = description_of(sub)
            if text:
                node["descriptions"][name] = text
        for pattern, sub in member.get("patternProperties", {}).items():
            if pattern not in PATTERNS:
                sys.exit(f"unknown pattern {pattern!r} at {p}")
            node["patterns"].append((PATTERNS[pattern], node_of(sub, f"{p}/patternProperties/{pattern}")))
    for key in ("additionalProperties", "unevaluatedProperties"):
        if key in obj:
            value = obj[key]
            if value is False:
                node["additional"] = "Forbidden"
            elif isinstance(value, dict):
                sys.exit(f"{pointer}/{key}: a schema for additional properties is not supported")
    if "items" in obj and isinstance(obj["items"], dict):
        node["items"] = node_of(obj["items"], f"{pointer}/items")
    for key in ("oneOf", "anyOf"):
        for i, alternative in enumerate(obj.get(key, [])):
            node["alternatives"].append(node_of(alternative, f"{pointer}/{key}/{i}"))
    node["enum"] = [v for v in obj.get("enum", []) if isinstance(v, str)]
    if "pattern" in obj:
        if obj["pattern"] not in VALUE_PATTERNS:
            sys.exit(f"unknown pattern {obj['pattern']!r} at {pointer}")
        node["pattern"] = VALUE_PATTERNS[obj["pattern"]]
    for key in ("minimum", "maximum"):
        if key in obj:
            if not isinstance(obj[key], int) or isinstance(obj[key], bool):
                sys.exit(f"{pointer}/{key}: only integer bounds are supported")
            node[key] = obj[key]
    for key in ("exclusiveMinimum", "exclusiveMaximum", "const", "not", "if", "minLength",
                "maxLength", "minItems", "maxItems", "minProperties", "dependentRequired"):
        if key in obj:
            sys.exit(f"{pointer}/{key}: not supported by the validator")
    return node


def description_of(obj):
    """A property's description: its own, else that of the definition it refers to."""
    while isinstance(obj, dict):
        if isinstance(obj.get("description"), str):
            return " ".join(obj["description"].split())
        if "$ref" not in obj:
            return None
        obj = resolve(obj["$ref"])
    return None


root = node_of(schema, "#")
assert root == 0


def rust_str(s):
    return json.dumps(s)


out = [
    "// @generated by `cargo xtask compose-schema` from the Compose Specification's JSON schema as",
    "// Docker Compose v5.6.1 embeds it (compose-go v2.16.1, Apache-2.0; see",
    "// ../shared/conformance/compose/schema/NOTE.md). Do not edit.",
    "",
    "use super::{Additional, Node, Pattern};",
    "",
    f"pub(super) static NODES: [Node; {len(nodes)}] = [",
]
for i, n in enumerate(nodes):
    props = ", ".join(f"({rust_str(k)}, {v})" for k, v in sorted(n["properties"].items()))
    pats = ", ".join(f"(Pattern::{p}, {v})" for p, v in n["patterns"])
    add = n["additional"]
    add = f"Additional::{add}"
    items = "None" if n["items"] is None else f"Some({n['items']})"
    alts = ", ".join(str(a) for a in n["alternatives"])
    enum = ", ".join(rust_str(e) for e in n["enum"])
    required = ", ".join(rust_str(r) for r in n["required"])
    pattern = "None" if n["pattern"] is None else f"Some(Pattern::{n['pattern']})"
    minimum = "None" if n["minimum"] is None else f"Some({n['minimum']})"
    maximum = "None" if n["maximum"] is None else f"Some({n['maximum']})"
    out.append(f"    // {i}")
    out.append("    Node {")
    out.append(f"        types: {n['types']},")
    out.append(f"        properties: &[{props}],")
    out.append(f"        patterns: &[{pats}],")
    out.append(f"        additional: {add},")
    out.append(f"        items: {items},")
    out.append(f"        alternatives: &[{alts}],")
    out.append(f"        enumeration: &[{enum}],")
    out.append(f"        required: &[{required}],")
    out.append(f"        pattern: {pattern},")
    out.append(f"        minimum: {minimum},")
    out.append(f"        maximum: {maximum},")
    out.append("    },")
out.append("];")
open(sys.argv[2], "w").write("\n".join(out) + "\n")


def rust_text(s):
    text = json.dumps(s, ensure_ascii=False)
    if "\\u" in text.replace("\\\\", ""):
        sys.exit(f"a description needs an escape Rust does not read: {s!r}")
    return text


out = [
    "// @generated by `cargo xtask compose-schema` from the Compose Specification's JSON schema as",
    "// Docker Compose v5.6.1 embeds it (compose-go v2.16.1, Apache-2.0; see",
    "// ../shared/conformance/compose/schema/NOTE.md). Do not edit.",
    "",
    "/// The schema's description of each node's properties (by node, in the order of `NODES`; by",
    "/// property name).",
    f"pub(super) static DESCRIPTIONS: [&[(&str, &str)]; {len(nodes)}] = [",
]
for i, n in enumerate(nodes):
    pairs = ", ".join(f"({rust_str(k)}, {rust_text(v)})" for k, v in sorted(n["descriptions"].items()))
    out.append(f"    // {i}")
    out.append(f"    &[{pairs}],")
out.append("];")
open(sys.argv[3], "w").write("\n".join(out) + "\n")
print(f"{len(nodes)} nodes")
