//! The purpose-built validator: a YAML node against a schema type, with every violation on the
//! exact key or value it is about.

use crate::schema::{Definition, Format, ListType, Others, Schema, Type, TypeKind};
use drydock_base::diagnostic::Fix;
use drydock_base::suggest::did_you_mean;
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId, ScalarKind, ScalarStyle, Value};

/// What is wrong; each kind is reported by one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViolationKind {
    UnknownKind,
    WrongApiVersion,
    UnavailableApi,
    DeprecatedApi,
    NoSchema,
    UnknownField,
    InvalidType,
    InvalidEnum,
    MissingRequired,
    InvalidFormat,
    DuplicateListEntry,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub kind: ViolationKind,
    pub range: TextRange,
    pub message: String,
    pub label: Option<(TextRange, String)>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Violation {
    pub fn new(kind: ViolationKind, range: TextRange, message: impl Into<String>) -> Self {
        Violation {
            kind,
            range,
            message: message.into(),
            label: None,
            help: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_label(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.label = Some((range, message.into()));
        self
    }
}

/// Deeper than this, a document is not a manifest a person wrote; validation stops there.
const MAX_DEPTH: usize = 128;

pub struct Validator<'a> {
    pub schema: &'a Schema,
    pub document: &'a Document,
    pub text: &'a str,
    pub out: Vec<Violation>,
    /// Node visits left: aliases may make a small document a large tree.
    budget: usize,
}

/// Where a value sits, for messages and for ranges of findings about the whole value.
#[derive(Clone, Copy)]
pub struct Place<'p> {
    /// `replicas`, or `ports` for an item of `ports`.
    pub name: &'p str,
    pub item: bool,
    /// The key that holds the value (or the item's first line): where "missing field" goes.
    pub anchor: TextRange,
}

impl Place<'_> {
    fn describe(&self) -> String {
        if self.item {
            format!("each item of `{}`", self.name)
        } else {
            format!("`{}`", self.name)
        }
    }
}

impl<'a> Validator<'a> {
    pub fn new(schema: &'a Schema, document: &'a Document, text: &'a str) -> Self {
        Validator {
            schema,
            document,
            text,
            out: Vec::new(),
            budget: 2_000_000,
        }
    }

    fn push(&mut self, violation: Violation) {
        self.out.push(violation);
    }

    /// Validates `node` against `ty`.
    pub fn value(&mut self, node: NodeId, ty: &Type, place: Place<'_>, depth: usize) {
        if depth > MAX_DEPTH || self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let Some(n) = self.document.node(node) else {
            return;
        };
        let range = n.range;
        if let Value::Scalar(s) = &n.value
            && s.kind == ScalarKind::Null
        {
            if !ty.nullable && !matches!(ty.kind, TypeKind::Any) && !self.nullable_ref(ty) {
                let expected = self.expected(ty);
                let range = if range.is_empty() {
                    place.anchor
                } else {
                    range
                };
                self.push(Violation::new(
                    ViolationKind::InvalidType,
                    range,
                    format!("{} must be {expected}, not null", place.describe()),
                ));
            }
            return;
        }
        match &ty.kind {
            TypeKind::Any => {}
            TypeKind::AnyObject => {
                if !matches!(n.value, Value::Mapping(_)) {
                    self.wrong_type(node, ty, place);
                }
            }
            TypeKind::String { format, values } => {
                self.string(node, ty, place, *format, values.as_deref())
            }
            TypeKind::Integer { format, values } => {
                self.integer(node, ty, place, *format, values.as_deref())
            }
            TypeKind::Number => match self.document.scalar(node).map(|s| s.kind) {
                Some(ScalarKind::Int(_) | ScalarKind::Float(_)) => {}
                _ => self.wrong_type(node, ty, place),
            },
            TypeKind::Boolean => match self.document.scalar(node).map(|s| s.kind) {
                Some(ScalarKind::Bool(_)) => {}
                _ => self.wrong_type(node, ty, place),
            },
            TypeKind::IntOrString => match self.document.scalar(node).map(|s| s.kind) {
                Some(ScalarKind::Int(_) | ScalarKind::String) => {}
                _ => self.wrong_type(node, ty, place),
            },
            TypeKind::Quantity => match self.document.scalar(node) {
                Some(s) if matches!(s.kind, ScalarKind::Int(_) | ScalarKind::Float(_)) => {}
                Some(s) if s.kind == ScalarKind::String => {
                    if !is_quantity(&s.value) {
                        self.push(
                            Violation::new(
                                ViolationKind::InvalidFormat,
                                range,
                                format!(
                                    "`{}` is not a quantity: {} takes a number with an optional \
                                     suffix such as `500m`, `128Mi` or `2Gi`",
                                    s.value,
                                    place.describe()
                                ),
                            )
                            .with_help(quantity_help(&s.value)),
                        );
                    }
                }
                _ => self.wrong_type(node, ty, place),
            },
            TypeKind::Array { items, list } => {
                let document = self.document;
                let Some(children) = document.items(node) else {
                    self.wrong_type(node, ty, place);
                    return;
                };
                for child in children {
                    let anchor = first_line(self.document.range(*child), self.text);
                    let item_place = Place {
                        name: place.name,
                        item: true,
                        anchor,
                    };
                    self.value(*child, items, item_place, depth + 1);
                }
                let claims = match &items.kind {
                    TypeKind::Ref(id) => self
                        .schema
                        .definition(*id)
                        .is_some_and(|d| d.name == "api.core.v1.ResourceClaim"),
                    _ => false,
                };
                if claims {
                    self.claim_duplicates(children, place);
                } else {
                    self.duplicates(children, list, place);
                }
            }
            TypeKind::Map(values) => {
                let document = self.document;
                let Some(entries) = document.entries(node) else {
                    self.wrong_type(node, ty, place);
                    return;
                };
                for entry in entries {
                    let place = Place {
                        name: document.key_str(entry).unwrap_or(""),
                        item: false,
                        anchor: document.range(entry.key),
                    };
                    self.value(entry.value, values, place, depth + 1);
                }
            }
            TypeKind::Ref(id) => {
                let schema = self.schema;
                if let Some(def) = schema.definition(*id) {
                    self.object(node, def, place, depth);
                }
            }
            TypeKind::Object(def) => self.object(node, def, place, depth),
        }
    }

    fn nullable_ref(&self, ty: &Type) -> bool {
        match &ty.kind {
            TypeKind::Ref(id) => self.schema.definition(*id).is_some_and(|d| d.nullable),
            _ => false,
        }
    }

    /// Validates a mapping against an object definition. `skip` names fields checked elsewhere.
    pub fn object(&mut self, node: NodeId, def: &Definition, place: Place<'_>, depth: usize) {
        self.object_except(node, def, place, depth, &[]);
    }

    pub fn object_except(
        &mut self,
        node: NodeId,
        def: &Definition,
        place: Place<'_>,
        depth: usize,
        skip: &[&str],
    ) {
        let document = self.document;
        let Some(entries) = document.entries(node) else {
            let ty = Type {
                kind: TypeKind::Object(Box::new(Definition {
                    name: def.name.clone(),
                    fields: Vec::new(),
                    others: Others::Any,
                    nullable: def.nullable,
                })),
                nullable: def.nullable,
            };
            self.wrong_type(node, &ty, place);
            return;
        };
        for entry in entries {
            let Some(key) = document.key_str(entry) else {
                continue;
            };
            if skip.contains(&key) {
                continue;
            }
            let key_range = document.range(entry.key);
            let child_place = Place {
                name: key,
                item: false,
                anchor: key_range,
            };
            match def.field(key) {
                Some(field) => self.value(entry.value, &field.ty, child_place, depth + 1),
                None => match &def.others {
                    Others::Any => {}
                    Others::Typed(ty) => self.value(entry.value, ty, child_place, depth + 1),
                    Others::Rejected => self.unknown_field(key, key_range, def, entries),
                },
            }
        }
        for field in def.fields.iter().filter(|f| f.required) {
            if skip.contains(&field.name.as_str()) {
                continue;
            }
            let present = entries
                .iter()
                .any(|e| document.key_str(e) == Some(field.name.as_str()));
            if !present {
                self.push(Violation::new(
                    ViolationKind::MissingRequired,
                    place.anchor,
                    format!(
                        "missing required field `{}` in {}",
                        field.name,
                        def.short_name()
                    ),
                ));
            }
        }
    }

    fn unknown_field(
        &mut self,
        key: &str,
        range: TextRange,
        def: &Definition,
        entries: &[drydock_yaml::Entry],
    ) {
        let names = def.fields.iter().map(|f| f.name.as_str());
        let suggestion = did_you_mean(key, names)
            .filter(|s| !entries.iter().any(|e| self.document.key_str(e) == Some(*s)));
        let mut message = format!("unknown field `{key}` in {}", def.short_name());
        let mut violation;
        if let Some(suggestion) = suggestion {
            message.push_str(&format!("; did you mean `{suggestion}`?"));
            violation = Violation::new(ViolationKind::UnknownField, range, message);
            let merged_or_quoted = range.slice(self.text) != key;
            if !merged_or_quoted {
                violation = violation.with_fix(Fix::replace(
                    format!("Rename `{key}` to `{suggestion}`"),
                    range,
                    suggestion,
                ));
            }
        } else {
            violation = Violation::new(ViolationKind::UnknownField, range, message);
            if def.fields.len() <= 12 {
                let names: Vec<&str> = def.fields.iter().map(|f| f.name.as_str()).collect();
                violation = violation.with_help(format!(
                    "{} has the fields {}",
                    def.short_name(),
                    names.join(", ")
                ));
            }
        }
        self.push(violation);
    }

    fn string(
        &mut self,
        node: NodeId,
        ty: &Type,
        place: Place<'_>,
        format: Option<Format>,
        values: Option<&[String]>,
    ) {
        let Some(s) = self.document.scalar(node) else {
            self.wrong_type(node, ty, place);
            return;
        };
        let range = self.document.range(node);
        if s.kind != ScalarKind::String {
            let quoted = format!("\"{}\"", s.value);
            let violation = Violation::new(
                ViolationKind::InvalidType,
                range,
                format!(
                    "{} must be a string, not {}",
                    place.describe(),
                    found(s.kind, &s.value)
                ),
            )
            .with_help("YAML reads an unquoted number, `true`, `false` or `null` as that type; quote it to make it a string")
            .with_fix(Fix::replace("Quote the value", range, quoted));
            self.push(violation);
            return;
        }
        if let Some(values) = values
            && !values.contains(&s.value)
        {
            let mut violation = Violation::new(
                ViolationKind::InvalidEnum,
                range,
                format!(
                    "`{}` is not a valid value for {}: expected one of {}",
                    s.value,
                    place.describe(),
                    values
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            let suggestion = values
                .iter()
                .find(|v| v.eq_ignore_ascii_case(&s.value))
                .map(String::as_str)
                .or_else(|| did_you_mean(&s.value, values.iter().map(String::as_str)));
            if let Some(suggestion) = suggestion
                && s.style == ScalarStyle::Plain
            {
                violation = violation.with_fix(Fix::replace(
                    format!("Replace with `{suggestion}`"),
                    range,
                    suggestion,
                ));
            }
            self.push(violation);
            return;
        }
        match format {
            Some(Format::Byte) if !is_base64(&s.value) => {
                self.push(Violation::new(
                    ViolationKind::InvalidFormat,
                    range,
                    format!(
                        "{} must be base64-encoded: put plain text under `stringData` instead of `data`",
                        place.describe()
                    ),
                ));
            }
            Some(Format::DateTime) if !is_date_time(&s.value) => {
                self.push(Violation::new(
                    ViolationKind::InvalidFormat,
                    range,
                    format!(
                        "`{}` is not an RFC 3339 date-time such as `2024-01-31T12:00:00Z`",
                        s.value
                    ),
                ));
            }
            _ => {}
        }
    }

    fn integer(
        &mut self,
        node: NodeId,
        ty: &Type,
        place: Place<'_>,
        format: Option<Format>,
        values: Option<&[i64]>,
    ) {
        let range = self.document.range(node);
        let Some(s) = self.document.scalar(node) else {
            self.wrong_type(node, ty, place);
            return;
        };
        let value = match s.kind {
            ScalarKind::Int(n) => n,
            ScalarKind::Float(f) if f.fract() == 0.0 && f.is_finite() && f.abs() < 9.0e15 => {
                f as i64
            }
            _ => {
                self.wrong_type(node, ty, place);
                return;
            }
        };
        if format == Some(Format::Int32) && i32::try_from(value).is_err() {
            self.push(Violation::new(
                ViolationKind::InvalidFormat,
                range,
                format!(
                    "{} is a 32-bit integer; {value} is out of range",
                    place.describe()
                ),
            ));
        }
        if let Some(values) = values
            && !values.contains(&value)
        {
            let list: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.push(Violation::new(
                ViolationKind::InvalidEnum,
                range,
                format!(
                    "{value} is not a valid value for {}: expected one of {}",
                    place.describe(),
                    list.join(", ")
                ),
            ));
        }
    }

    fn wrong_type(&mut self, node: NodeId, ty: &Type, place: Place<'_>) {
        let Some(n) = self.document.node(node) else {
            return;
        };
        let range = match &n.value {
            Value::Scalar(_) => n.range,
            // A whole block collection is too much to underline: its first line says enough.
            _ => first_line(n.range, self.text),
        };
        let expected = self.expected(ty);
        let found_text = match &n.value {
            Value::Scalar(s) => found(s.kind, &s.value),
            Value::Mapping(_) => "a mapping".to_owned(),
            Value::Sequence(_) => "a list".to_owned(),
        };
        let mut violation = Violation::new(
            ViolationKind::InvalidType,
            range,
            format!("{} must be {expected}, not {found_text}", place.describe()),
        );
        if let Value::Scalar(s) = &n.value {
            let quoted = matches!(
                s.style,
                ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
            );
            let resolved = drydock_yaml::resolve(&s.value, ScalarStyle::Plain, None);
            let wants_number = matches!(
                ty.kind,
                TypeKind::Integer { .. }
                    | TypeKind::Number
                    | TypeKind::IntOrString
                    | TypeKind::Quantity
            );
            let number = matches!(resolved, ScalarKind::Int(_))
                || (matches!(resolved, ScalarKind::Float(_))
                    && matches!(ty.kind, TypeKind::Number));
            if quoted && wants_number && number {
                violation = violation
                    .with_help("quotes make a YAML value a string")
                    .with_fix(Fix::replace("Remove the quotes", range, s.value.clone()));
            } else if matches!(ty.kind, TypeKind::Boolean) && s.kind == ScalarKind::String {
                let word = s.value.to_ascii_lowercase();
                let meant = match word.as_str() {
                    "yes" | "y" | "on" | "true" => Some("true"),
                    "no" | "n" | "off" | "false" => Some("false"),
                    _ => None,
                };
                if let Some(meant) = meant {
                    violation = violation
                        .with_help(
                            "Kubernetes reads YAML 1.2, where only `true` and `false` are booleans",
                        )
                        .with_fix(Fix::replace(
                            format!("Replace with `{meant}`"),
                            range,
                            meant,
                        ));
                }
            }
        }
        self.push(violation);
    }

    fn expected(&self, ty: &Type) -> String {
        match &ty.kind {
            TypeKind::String { .. } => "a string".into(),
            TypeKind::Integer { .. } => "an integer".into(),
            TypeKind::Number => "a number".into(),
            TypeKind::Boolean => "a boolean".into(),
            TypeKind::IntOrString => "an integer or a string".into(),
            TypeKind::Quantity => {
                "a quantity (a number, or a string such as `500m` or `1Gi`)".into()
            }
            TypeKind::Any => "a value".into(),
            TypeKind::AnyObject | TypeKind::Map(_) => "a mapping".into(),
            TypeKind::Array { .. } => "a list".into(),
            TypeKind::Ref(id) => self.schema.definition(*id).map_or("a mapping".into(), |d| {
                format!("a mapping ({})", d.short_name())
            }),
            TypeKind::Object(def) => format!("a mapping ({})", def.short_name()),
        }
    }

    /// Entries of a list-map that share their keys, and repeated values of a set.
    fn duplicates(&mut self, items: &[NodeId], list: &ListType, place: Place<'_>) {
        match list {
            ListType::Atomic => {}
            ListType::Set => {
                let mut seen: Vec<(String, NodeId)> = Vec::new();
                for item in items {
                    let Some(s) = self.document.scalar(*item) else {
                        continue;
                    };
                    if let Some((_, first)) = seen.iter().find(|(v, _)| *v == s.value) {
                        let first = self.document.range(*first);
                        self.push(
                            Violation::new(
                                ViolationKind::DuplicateListEntry,
                                self.document.range(*item),
                                format!("`{}` appears twice in `{}`, a set", s.value, place.name),
                            )
                            .with_label(first, "first here"),
                        );
                    } else {
                        seen.push((s.value.clone(), *item));
                    }
                }
            }
            ListType::Map(keys) => {
                let mut seen: Vec<(Vec<String>, NodeId)> = Vec::new();
                for item in items {
                    if self.document.entries(*item).is_none() {
                        continue;
                    }
                    let identity: Vec<String> = keys
                        .iter()
                        .map(|key| {
                            let value = self
                                .document
                                .get(*item, key)
                                .and_then(|e| self.document.scalar(e.value))
                                .map(|s| s.value.clone());
                            // Protocols default to TCP, so `80` and `80/TCP` are one port.
                            value.unwrap_or_else(|| {
                                if key == "protocol" {
                                    "TCP".into()
                                } else {
                                    String::new()
                                }
                            })
                        })
                        .collect();
                    if let Some((_, first)) = seen.iter().find(|(k, _)| *k == identity) {
                        let main_key = keys.first().map(String::as_str).unwrap_or("");
                        let at = |id: NodeId| {
                            self.document
                                .get(id, main_key)
                                .map(|e| self.document.range(e.value))
                                .unwrap_or_else(|| first_line(self.document.range(id), self.text))
                        };
                        let (range, first_range) = (at(*item), at(*first));
                        let described: Vec<String> = keys
                            .iter()
                            .zip(&identity)
                            .map(|(k, v)| format!("{k}: {v}"))
                            .collect();
                        self.push(
                            Violation::new(
                                ViolationKind::DuplicateListEntry,
                                range,
                                format!(
                                    "duplicate entry in `{}`: another entry already has {}; \
                                     entries are identified by {} and must be unique",
                                    place.name,
                                    described.join(", "),
                                    keys.iter()
                                        .map(|k| format!("`{k}`"))
                                        .collect::<Vec<_>>()
                                        .join(" and ")
                                ),
                            )
                            .with_label(first_range, "first used here"),
                        );
                    } else {
                        seen.push((identity, *item));
                    }
                }
            }
        }
    }
}

impl Validator<'_> {
    /// A container's `resources.claims`, which the schema keys by `name` alone but the API
    /// server (`validateResourceClaimNames`) by name and `request`: two requests of one claim
    /// are two entries; a repeated name and request, or a claim referenced whole besides
    /// another entry for it, are duplicates.
    fn claim_duplicates(&mut self, items: &[NodeId], place: Place<'_>) {
        use std::collections::HashMap;
        let document = self.document;
        let text = |item: NodeId, key: &str| {
            document
                .get(item, key)
                .and_then(|e| document.scalar(e.value))
                .map_or(String::new(), |s| s.value.clone())
        };
        // Claims referenced whole, claims with a request referenced, and (name, request) pairs,
        // each with its first entry.
        let mut whole: HashMap<String, NodeId> = HashMap::new();
        let mut some_request: HashMap<String, NodeId> = HashMap::new();
        let mut exact: HashMap<(String, String), NodeId> = HashMap::new();
        for &item in items {
            if document.entries(item).is_none() {
                continue;
            }
            let (name, request) = (text(item, "name"), text(item, "request"));
            if name.is_empty() {
                continue;
            }
            let first = if let Some(&first) = whole.get(&name) {
                Some((
                    first,
                    format!(
                        "the claim `{name}` is already referenced whole, with all its requests"
                    ),
                ))
            } else if request.is_empty() {
                let first = some_request.get(&name).copied();
                whole.insert(name.clone(), item);
                first.map(|f| (f, format!("an earlier entry already references a request of the claim `{name}`, which this one references whole")))
            } else {
                let key = (name.clone(), request.clone());
                if let Some(&first) = exact.get(&key) {
                    Some((
                        first,
                        format!(
                            "another entry already references request `{request}` of the claim `{name}`"
                        ),
                    ))
                } else {
                    exact.insert(key, item);
                    some_request.entry(name.clone()).or_insert(item);
                    None
                }
            };
            if let Some((first, why)) = first {
                let at = |id: NodeId| {
                    document
                        .get(id, "name")
                        .map(|e| document.range(e.value))
                        .unwrap_or_else(|| first_line(document.range(id), self.text))
                };
                let (range, first_range) = (at(item), at(first));
                self.push(
                    Violation::new(
                        ViolationKind::DuplicateListEntry,
                        range,
                        format!(
                            "duplicate entry in `{}`: {why}; entries are identified by `name` and `request`",
                            place.name
                        ),
                    )
                    .with_label(first_range, "first used here"),
                );
            }
        }
    }
}

/// The range cut at its first line break.
pub fn first_line(range: TextRange, text: &str) -> TextRange {
    let slice = range.slice(text);
    let end = slice.find(['\n', '\r']).unwrap_or(slice.len());
    TextRange::new(
        range.start,
        range.start + slice.get(..end).map_or(0, |s| s.trim_end().len()),
    )
}

fn found(kind: ScalarKind, value: &str) -> String {
    match kind {
        ScalarKind::String => format!("the string \"{}\"", truncate(value)),
        ScalarKind::Null => "null".into(),
        ScalarKind::Bool(b) => format!("the boolean `{b}`"),
        ScalarKind::Int(_) => format!("the integer `{}`", truncate(value)),
        ScalarKind::Float(_) => format!("the number `{}`", truncate(value)),
    }
}

fn truncate(value: &str) -> String {
    let mut out: String = value.chars().take(40).collect();
    if out.len() < value.len() {
        out.push('…');
    }
    out
}

/// Kubernetes' quantity syntax: a signed decimal number, then a binary suffix (`Ki` … `Ei`), a
/// decimal suffix (`n`, `u`, `m`, `k`, `M` … `E`), or a decimal exponent (`e3`).
pub fn is_quantity(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let number_end = unsigned
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(unsigned.len());
    let (number, suffix) = unsigned.split_at(number_end);
    let digits = number.chars().filter(char::is_ascii_digit).count();
    if digits == 0 || number.matches('.').count() > 1 {
        return false;
    }
    match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T"
        | "P" | "E" => true,
        _ => {
            let Some(exponent) = suffix.strip_prefix(['e', 'E']) else {
                return false;
            };
            let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

fn quantity_help(value: &str) -> String {
    let lower = value.to_ascii_lowercase();
    for (wrong, right) in [
        ("gb", "G` (10^9) or `Gi` (2^30"),
        ("mb", "M` (10^6) or `Mi` (2^20"),
        ("kb", "k` (10^3) or `Ki` (2^10"),
    ] {
        if lower.ends_with(wrong) {
            return format!("write `{right})");
        }
    }
    "binary suffixes are Ki, Mi, Gi, Ti, Pi, Ei; decimal ones n, u, m, k, M, G, T, P, E".into()
}

fn is_base64(text: &str) -> bool {
    let bytes: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !bytes.len().is_multiple_of(4) {
        return false;
    }
    let padding = bytes.iter().rev().take_while(|b| **b == b'=').count();
    padding <= 2
        && bytes
            .iter()
            .take(bytes.len() - padding)
            .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

/// RFC 3339: `2006-01-02T15:04:05Z` with optional fraction and offset.
fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(digits(0..4) && at(4, b'-') && digits(5..7) && at(7, b'-') && digits(8..10)) {
        return false;
    }
    if !(matches!(b.get(10), Some(b'T' | b't' | b' '))
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6) && i + 6 == b.len()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_base64_and_dates() {
        for q in ["1", "500m", "1.5Gi", "2e3", "+1k", ".5", "128974848"] {
            assert!(is_quantity(q), "{q}");
        }
        for q in ["1GB", "Gi", "1..5", "1 Gi", "", "1e", "x"] {
            assert!(!is_quantity(q), "{q}");
        }
        assert!(is_base64("aGVsbG8="));
        assert!(!is_base64("hello world!"));
        assert!(is_date_time("2024-01-31T12:00:00Z"));
        assert!(is_date_time("2024-01-31T12:00:00.123+02:00"));
        assert!(!is_date_time("2024-01-31"));
    }
}
