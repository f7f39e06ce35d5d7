//! A Compose project converted to Kubernetes manifests, the way a careful engineer would write
//! them by hand: what `drydock convert` prints.
//!
//! The input is the resolved model ([`crate::load::resolved`]'s `json`, the model `docker compose
//! config --format json` prints): long syntax everywhere, paths absolute, defaults applied. The
//! output ([`convert`]) is one YAML stream, written here with YAML's quoting rules in mind (a
//! string that reads as a number, a boolean or null is quoted), and the [`Note`]s of what could
//! not be converted, which are both `#` comments in the stream (above the objects they concern)
//! and findings (`compose/not-converted`) for the front end to report.
//!
//! What a service becomes:
//! - a Deployment, or a StatefulSet when it mounts named volumes only it uses (each one a
//!   `volumeClaimTemplate`), labelled `app.kubernetes.io/name` on its metadata, selector and pod
//!   template;
//! - a ClusterIP Service for its published and exposed ports (headless for a StatefulSet, which
//!   needs one anyway), named after the service, so that other pods reach it by the name they
//!   used under Compose; its ports are the container's ports (what other containers of the
//!   project connect to), never the host's;
//! - its container: image, `entrypoint` → `command` and `command` → `args` (Compose's command
//!   replaces the image's CMD, which is what Kubernetes' `args` replaces), environment (with
//!   Kubernetes' `$(VAR)` expansion escaped), working directory, numeric user, privileges,
//!   capabilities, terminal, resources and the healthcheck as readiness and liveness probes;
//! - tmpfs mounts as memory-backed `emptyDir`s, named volumes as claims, secrets and configs as
//!   Secrets and ConfigMaps mounted at their targets; a `service_healthy` dependency on a service
//!   with ports as an init container waiting for that Service.
//!
//! Names become DNS-1123 labels (what Kubernetes accepts for these objects: lower case, digits
//! and `-`, 63 characters at most) and a note says so, since a name the other services used no
//! longer resolves. Bind mounts are not converted (the host path does not exist on a cluster's
//! nodes), nor what Kubernetes has no place for (host namespaces, devices, `links`…): each is a
//! note. Files are never read: a Secret or ConfigMap made from a file is written without data, and
//! its note says how to create it.
//!
//! Time is linear in the size of the model.

use std::collections::{HashMap, HashSet};

use drydock_base::json::{Value, write_string};

/// The id findings made from the [`Note`]s are reported under.
pub const RULE: &str = "compose/not-converted";

/// Something of the project that the manifests do not carry, or carry differently: one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The Compose service it is about (its name in the project), if any.
    pub service: Option<String>,
    pub message: String,
}

impl Note {
    /// The note as one line: the service it is about, then the message.
    pub fn text(&self) -> String {
        match &self.service {
            Some(service) => format!("service `{service}`: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// What [`convert`] makes of a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    /// The manifests, one YAML stream (documents separated by `---`), notes as comments.
    pub yaml: String,
    /// What could not be converted, in the order of the stream.
    pub notes: Vec<Note>,
    /// How many Kubernetes objects the stream holds.
    pub objects: usize,
}

/// The size given to a claim: Compose volumes have none.
const DEFAULT_STORAGE: &str = "1Gi";
/// The image of the init containers that wait for a dependency: pinned, and it has `nc`.
const WAIT_IMAGE: &str = "busybox:1.36";
/// How many ports one `expose` range may open before it is left as a note.
const MAX_RANGE: u32 = 100;

/// Converts the resolved model of a project (`docker compose config --format json`'s model) to
/// Kubernetes manifests.
pub fn convert(model: &Value) -> Conversion {
    Converter::new(model).run()
}

// ---------------------------------------------------------------------------------------------
// YAML, written by hand.

/// A YAML value to write: what the manifests need, no more.
#[derive(Debug, Clone, PartialEq)]
enum Yaml {
    Str(String),
    Int(i64),
    Bool(bool),
    Map(Vec<(String, Yaml)>),
    Seq(Vec<Yaml>),
}

impl Yaml {
    fn map() -> Yaml {
        Yaml::Map(Vec::new())
    }

    fn str(text: impl Into<String>) -> Yaml {
        Yaml::Str(text.into())
    }

    /// Adds `key: value` to a map (nothing to anything else).
    fn with(mut self, key: &str, value: Yaml) -> Yaml {
        self.put(key, value);
        self
    }

    fn put(&mut self, key: &str, value: Yaml) {
        if let Yaml::Map(entries) = self {
            entries.push((key.to_owned(), value));
        }
    }

    /// Adds `key: value` unless the value is an empty map or list.
    fn put_nonempty(&mut self, key: &str, value: Yaml) {
        if !value.is_empty() {
            self.put(key, value);
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Yaml::Map(entries) => entries.is_empty(),
            Yaml::Seq(items) => items.is_empty(),
            _ => false,
        }
    }

    fn strings<S: AsRef<str>>(items: &[S]) -> Yaml {
        Yaml::Seq(items.iter().map(|s| Yaml::str(s.as_ref())).collect())
    }
}

/// Whether `text` can be written as a plain scalar and read back as the same string: it starts
/// with a letter, `/` or `_`, holds no character with a meaning in YAML (nor a space, to keep
/// the rule short), a `:` is never followed by a space or the end, and it is no word YAML 1.1 or
/// 1.2 reads as a boolean or null. Starting with a letter, it is never a number.
fn plain(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    match chars.peek() {
        Some(c) if c.is_ascii_alphabetic() || *c == '/' || *c == '_' => {}
        _ => return false,
    }
    while let Some(c) = chars.next() {
        let ok = c.is_ascii_alphanumeric()
            || matches!(c, '.' | '_' | '/' | '-' | '@' | '=' | '+' | ',')
            || (c == ':' && chars.peek().is_some_and(|n| !n.is_whitespace()));
        if !ok {
            return false;
        }
    }
    !matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null"
    )
}

/// A scalar as it is written on one line: plain when [`plain`], else double-quoted (JSON's
/// escapes are YAML's).
fn scalar(text: &str) -> String {
    if plain(text) {
        text.to_owned()
    } else {
        let mut out = String::new();
        write_string(&mut out, text);
        out
    }
}

/// Whether a string is better written as a literal block (`|`): it spans lines, and nothing in
/// it needs escaping or an indentation indicator.
fn literal_block(text: &str) -> bool {
    text.contains('\n')
        && !text.starts_with([' ', '\t', '\n'])
        && !text
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{feff}')
}

fn indent(out: &mut String, width: usize) {
    out.extend(std::iter::repeat_n(' ', width));
}

/// Writes a literal block's header (after the key or dash) and its lines at `width`.
fn write_block(out: &mut String, text: &str, width: usize) {
    let body = text.trim_end_matches('\n');
    let trailing = text.len() - body.len();
    out.push_str(match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    });
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            indent(out, width);
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..trailing {
        out.push('\n');
    }
}

/// Writes the entries of a map at `width`; the first one's indentation is already written when
/// `first_inline` (a map that is a list item).
fn write_map(out: &mut String, entries: &[(String, Yaml)], width: usize, first_inline: bool) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 || !first_inline {
            indent(out, width);
        }
        out.push_str(&scalar(key));
        out.push(':');
        match value {
            Yaml::Map(inner) if !inner.is_empty() => {
                out.push('\n');
                write_map(out, inner, width + 2, false);
            }
            Yaml::Seq(items) if !items.is_empty() => {
                out.push('\n');
                write_seq(out, items, width);
            }
            Yaml::Str(text) if literal_block(text) => {
                out.push(' ');
                write_block(out, text, width + 2);
            }
            other => {
                out.push(' ');
                write_inline(out, other);
                out.push('\n');
            }
        }
    }
}

fn write_seq(out: &mut String, items: &[Yaml], width: usize) {
    for item in items {
        indent(out, width);
        out.push_str("- ");
        match item {
            Yaml::Map(inner) if !inner.is_empty() => write_map(out, inner, width + 2, true),
            Yaml::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, width + 2);
            }
            Yaml::Str(text) if literal_block(text) => write_block(out, text, width + 2),
            other => {
                write_inline(out, other);
                out.push('\n');
            }
        }
    }
}

/// A scalar, or an empty map or list, on the current line.
fn write_inline(out: &mut String, value: &Yaml) {
    match value {
        Yaml::Str(text) => out.push_str(&scalar(text)),
        Yaml::Int(n) => out.push_str(&n.to_string()),
        Yaml::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Yaml::Map(_) => out.push_str("{}"),
        Yaml::Seq(_) => out.push_str("[]"),
    }
}

/// One document of the stream: its comments, then the object.
fn write_document(out: &mut String, comments: &[String], object: &Yaml) {
    out.push_str("---\n");
    for comment in comments {
        for line in comment.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    if let Yaml::Map(entries) = object {
        write_map(out, entries, 0, false);
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the model.

/// A scalar of the model as text: strings as they are, numbers as Go prints integers, booleans
/// as words.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(number_text(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// A number of the model, written as a number or as a string of one.
fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => Some(*n),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn object(value: Option<&Value>) -> &[(String, Value)] {
    value.and_then(Value::as_object).unwrap_or_default()
}

fn array(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).unwrap_or_default()
}

fn string<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

fn truthy(value: &Value, key: &str) -> bool {
    matches!(value.get(key), Some(Value::Bool(true)))
}

/// A list of strings of the model (`command`, `cap_add`…); `None` when it is not set (null).
fn string_list(value: Option<&Value>) -> Option<Vec<String>> {
    Some(value?.as_array()?.iter().filter_map(text_of).collect())
}

/// A Go duration (`1m30s`, `500ms`, `2.5s`) in seconds.
pub fn duration_seconds(text: &str) -> Option<f64> {
    let text = text.trim();
    if text == "0" {
        return Some(0.0);
    }
    let mut rest = text;
    let mut total = 0.0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, tail) = rest.split_at(digits);
        let value: f64 = number.parse().ok()?;
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let scale = match unit {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        total += value * scale;
        rest = tail;
    }
    Some(total)
}

/// Whole seconds for a probe's field: rounded up, at least 1 (Kubernetes' minimum).
fn probe_seconds(text: Option<&str>, default: f64) -> i64 {
    let seconds = text.and_then(duration_seconds).unwrap_or(default);
    (seconds.ceil() as i64).max(1)
}

/// A DNS-1123 label made of `name`: lower case, every other character `-`, at most 63
/// characters, no `-` at either end; `fallback` when nothing is left.
pub fn dns_label(name: &str, fallback: &str) -> String {
    let mapped: String = name
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut label = String::new();
    for c in mapped.trim_matches('-').chars() {
        // `a__b` becomes `a-b`, not `a--b`.
        if c == '-' && label.ends_with('-') {
            continue;
        }
        label.push(c);
    }
    label.truncate(63);
    let label = label.trim_end_matches('-').to_owned();
    if label.is_empty() {
        fallback.to_owned()
    } else {
        label
    }
}

/// Names given so far, to give each new one unique: `name`, else `name-2`, `name-3`… (kept
/// within 63 characters). The next suffix of each name is kept, so that many names meeting cost
/// no more than one each.
#[derive(Default)]
struct Names {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Names {
    /// `name` (a DNS label, ASCII), or the first of its suffixed forms not given yet.
    fn unique(&mut self, name: String) -> String {
        if self.used.insert(name.clone()) {
            return name;
        }
        let mut n = self.next.get(&name).copied().unwrap_or(2);
        loop {
            let suffix = format!("-{n}");
            let keep = name
                .char_indices()
                .nth(63 - suffix.len())
                .map_or(name.len(), |(i, _)| i);
            let base = name.get(..keep).unwrap_or(&name).trim_end_matches('-');
            let candidate = format!("{base}{suffix}");
            n += 1;
            if self.used.insert(candidate.clone()) {
                self.next.insert(name, n);
                return candidate;
            }
        }
    }
}

/// Escapes Kubernetes' expansion of `$(VAR)` in env values, commands and arguments: a `$`
/// before `(` or `$` is doubled, so the container sees what Compose gave it.
fn escape_expansion(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '$' && matches!(chars.peek(), Some('(' | '$')) {
            out.push('$');
        }
    }
    out
}

/// CPUs as a Kubernetes quantity: whole cores as a number, else millicores (`500m`), rounded up.
pub fn cpu_quantity(cpus: f64) -> Option<String> {
    if !cpus.is_finite() || cpus <= 0.0 {
        return None;
    }
    let millis = (cpus * 1000.0).ceil() as u64;
    Some(if millis.is_multiple_of(1000) {
        (millis / 1000).to_string()
    } else {
        format!("{millis}m")
    })
}

/// Bytes as a Kubernetes quantity: the largest binary unit that divides them (`512Mi`), else
/// bytes.
pub fn memory_quantity(bytes: u64) -> String {
    for (unit, size) in [("Gi", 1u64 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{}{unit}", bytes / size);
        }
    }
    bytes.to_string()
}

/// A byte size of the model: a number, a string of digits, or Docker's units (`64m`, `1gb`).
fn bytes_of(value: &Value) -> Option<u64> {
    if let Some(n) = number_of(value) {
        return (n >= 0.0).then_some(n as u64);
    }
    let text = value.as_str()?.trim().to_ascii_lowercase();
    let text = text.strip_suffix('b').unwrap_or(&text);
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let scale: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((number * scale) as u64)
}

/// An annotation key Kubernetes accepts: an optional DNS subdomain prefix and `/`, then a name
/// of at most 63 alphanumerics, `-`, `_` and `.`, alphanumeric at both ends.
fn annotation_key(key: &str) -> bool {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let prefix_ok = prefix.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 253
            && p.split('.').all(|part| {
                !part.is_empty()
                    && part.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                    && part.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
    });
    name_ok && prefix_ok
}

/// Whether `text` is an IPv4 address (four decimal bytes) or an IPv6 address (hexadecimal
/// groups, `::` once at most), as `hostAliases` needs: Docker's `host-gateway` is none.
fn ip_address(text: &str) -> bool {
    let v4 = text.split('.').count() == 4 && text.split('.').all(|part| part.parse::<u8>().is_ok());
    let group = |g: &str| (1..=4).contains(&g.len()) && g.chars().all(|c| c.is_ascii_hexdigit());
    let groups = |part: &str| -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        part.split(':').all(group).then(|| part.split(':').count())
    };
    let v6 = match text.split_once("::") {
        Some((left, right)) => {
            !right.contains("::")
                && matches!((groups(left), groups(right)), (Some(l), Some(r)) if l + r < 8)
        }
        None => groups(text) == Some(8),
    };
    v4 || v6
}

/// A key of a Secret's or ConfigMap's data: alphanumerics, `-`, `_` and `.`.
fn data_key(name: &str) -> String {
    let key: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if key.is_empty() || key == "." || key == ".." {
        "data".to_owned()
    } else {
        key
    }
}

// ---------------------------------------------------------------------------------------------
// Ports.

/// A port a container listens on, as a Service serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Port {
    target: u16,
    /// `TCP`, `UDP` or `SCTP`.
    protocol: &'static str,
    app_protocol: Option<String>,
}

impl Port {
    /// The port's name, valid as an IANA service name (15 characters at most): `tcp-8080`.
    fn name(&self) -> String {
        format!("{}-{}", self.protocol.to_ascii_lowercase(), self.target)
    }
}

fn protocol(text: &str) -> Option<&'static str> {
    match text.to_ascii_lowercase().as_str() {
        "" | "tcp" => Some("TCP"),
        "udp" => Some("UDP"),
        "sctp" => Some("SCTP"),
        _ => None,
    }
}

fn port_number(n: f64) -> Option<u16> {
    (n.fract() == 0.0 && (1.0..=65535.0).contains(&n)).then_some(n as u16)
}

// ---------------------------------------------------------------------------------------------
// The conversion.

/// What one service's conversion needs to know of the others.
struct ServiceInfo {
    /// The name of its objects (Service, workload, container).
    name: String,
    /// Its Service's first port, when it has a Service with ports.
    first_port: Option<u16>,
}

struct Converter<'m> {
    model: &'m Value,
    project: String,
    services: &'m [(String, Value)],
    info: HashMap<&'m str, ServiceInfo>,
    /// How many services mount each named volume.
    volume_users: HashMap<&'m str, usize>,
    /// The names given to top-level volumes (claims), secrets and configs.
    claim_names: HashMap<&'m str, String>,
    secret_names: HashMap<&'m str, String>,
    config_names: HashMap<&'m str, String>,
    out: String,
    notes: Vec<Note>,
    objects: usize,
}

impl<'m> Converter<'m> {
    fn new(model: &'m Value) -> Self {
        let project = string(model, "name").unwrap_or_default().to_owned();
        Converter {
            model,
            project,
            services: object(model.get("services")),
            info: HashMap::new(),
            volume_users: HashMap::new(),
            claim_names: HashMap::new(),
            secret_names: HashMap::new(),
            config_names: HashMap::new(),
            out: String::new(),
            notes: Vec::new(),
            objects: 0,
        }
    }

    fn labels(&self, name: &str) -> Yaml {
        let mut labels = Yaml::map().with("app.kubernetes.io/name", Yaml::str(name));
        let project = dns_label(&self.project, "");
        if !project.is_empty() {
            labels.put("app.kubernetes.io/part-of", Yaml::str(project));
        }
        labels
    }

    fn metadata(&self, name: &str) -> Yaml {
        Yaml::map()
            .with("name", Yaml::str(name))
            .with("labels", self.labels(name))
    }

    fn emit(&mut self, notes: Vec<Note>, object: Yaml) {
        let comments: Vec<String> = notes.iter().map(Note::text).collect();
        write_document(&mut self.out, &comments, &object);
        self.notes.extend(notes);
        self.objects += 1;
    }

    fn run(mut self) -> Conversion {
        let mut global = Vec::new();
        self.name_services(&mut global);
        self.count_volume_users();
        let mut pending = global;
        self.top_level_objects(&mut pending);
        for (name, service) in self.services {
            let notes = std::mem::take(&mut pending);
            self.service(name, service, notes);
        }
        if !pending.is_empty() {
            // Notes with no object after them (a project of no service).
            for note in &pending {
                self.out.push_str("# ");
                self.out.push_str(&note.text());
                self.out.push('\n');
            }
            self.notes.extend(pending);
        }
        Conversion {
            yaml: self.out,
            notes: self.notes,
            objects: self.objects,
        }
    }

    /// Gives each service the name of its objects, and notes the names that change.
    fn name_services(&mut self, notes: &mut Vec<Note>) {
        let mut used = Names::default();
        for (name, service) in self.services {
            let mut label = dns_label(name, "service");
            // A Service's name is an RFC 1035 label: it starts with a letter.
            if !label.starts_with(|c: char| c.is_ascii_lowercase()) {
                label = dns_label(&format!("svc-{label}"), "service");
            }
            let label = used.unique(label);
            if label != *name {
                notes.push(Note {
                    service: Some(name.clone()),
                    message: format!(
                        "`{name}` is not a valid Kubernetes name: its objects are named `{label}`, \
                         and the other services must reach it as `{label}`"
                    ),
                });
            }
            let first_port = self
                .ports(service, &mut Vec::new())
                .first()
                .map(|port| port.target);
            self.info.insert(
                name.as_str(),
                ServiceInfo {
                    name: label,
                    first_port,
                },
            );
        }
    }

    fn count_volume_users(&mut self) {
        for (_, service) in self.services {
            let mut seen = HashSet::new();
            for volume in array(service.get("volumes")) {
                if string(volume, "type") == Some("volume")
                    && let Some(source) = string(volume, "source").filter(|s| !s.is_empty())
                    && seen.insert(source)
                {
                    *self.volume_users.entry(source).or_default() += 1;
                }
            }
        }
    }

    /// Whether a named volume is mounted by this service alone (and is not external): it is
    /// then a `volumeClaimTemplate` of the service's StatefulSet, else a claim of its own.
    fn owned_volume(&self, source: &str) -> bool {
        let external = self
            .model
            .get("volumes")
            .and_then(|v| v.get(source))
            .is_some_and(|v| truthy(v, "external"));
        !external && self.volume_users.get(source).copied().unwrap_or(0) <= 1
    }

    /// The claims of shared named volumes, the Secrets and the ConfigMaps, before the services
    /// that use them.
    fn top_level_objects(&mut self, pending: &mut Vec<Note>) {
        let mut used = Names::default();
        for (key, volume) in object(self.model.get("volumes")) {
            let name = used.unique(dns_label(key, "volume"));
            self.claim_names.insert(key.as_str(), name.clone());
            let mut notes = std::mem::take(pending);
            if truthy(volume, "external") {
                notes.push(Note {
                    service: None,
                    message: format!(
                        "volume `{key}` is external: the PersistentVolumeClaim `{name}` must exist"
                    ),
                });
                *pending = notes;
                continue;
            }
            if self.owned_volume(key) {
                *pending = notes;
                continue;
            }
            if volume.get("driver_opts").is_some() || volume.get("driver").is_some() {
                notes.push(Note {
                    service: None,
                    message: format!(
                        "volume `{key}`: its driver and options are Docker's; choose a storageClassName"
                    ),
                });
            }
            let users = self.volume_users.get(key.as_str()).copied().unwrap_or(0);
            if users > 1 {
                notes.push(Note {
                    service: None,
                    message: format!(
                        "volume `{key}` is shared by {users} services: a ReadWriteOnce claim mounts \
                         on one node only; use a ReadWriteMany storage class if their pods may run apart"
                    ),
                });
            }
            notes.push(Note {
                service: None,
                message: format!(
                    "volume `{key}`: the claim `{name}` asks for {DEFAULT_STORAGE} (Compose volumes have no size)"
                ),
            });
            let claim = Yaml::map()
                .with("apiVersion", Yaml::str("v1"))
                .with("kind", Yaml::str("PersistentVolumeClaim"))
                .with("metadata", self.metadata(&name))
                .with("spec", claim_spec());
            self.emit(notes, claim);
        }
        let mut used = Names::default();
        for (key, secret) in object(self.model.get("secrets")) {
            let name = used.unique(dns_label(key, "secret"));
            self.secret_names.insert(key.as_str(), name.clone());
            let mut notes = std::mem::take(pending);
            let data_name = data_key(key);
            let mut object = Yaml::map()
                .with("apiVersion", Yaml::str("v1"))
                .with("kind", Yaml::str("Secret"))
                .with("metadata", self.metadata(&name))
                .with("type", Yaml::str("Opaque"));
            if truthy(secret, "external") {
                notes.push(Note {
                    service: None,
                    message: format!("secret `{key}` is external: the Secret `{name}` must exist, with the key `{data_name}`"),
                });
                *pending = notes;
                continue;
            } else if let Some(file) = string(secret, "file") {
                notes.push(Note {
                    service: None,
                    message: format!(
                        "secret `{key}` is read from `{file}`: create the Secret with \
                         `kubectl create secret generic {name} --from-file={data_name}={file}`"
                    ),
                });
            } else if let Some(variable) = string(secret, "environment") {
                notes.push(Note {
                    service: None,
                    message: format!(
                        "secret `{key}` is the variable `{variable}`: create the Secret with \
                         `kubectl create secret generic {name} --from-literal={data_name}=\"${variable}\"`"
                    ),
                });
            } else if let Some(content) = string(secret, "content") {
                object.put(
                    "stringData",
                    Yaml::map().with(&data_name, Yaml::str(content)),
                );
            }
            self.emit(notes, object);
        }
        let mut used = Names::default();
        for (key, config) in object(self.model.get("configs")) {
            let name = used.unique(dns_label(key, "config"));
            self.config_names.insert(key.as_str(), name.clone());
            let mut notes = std::mem::take(pending);
            let data_name = data_key(key);
            let mut object = Yaml::map()
                .with("apiVersion", Yaml::str("v1"))
                .with("kind", Yaml::str("ConfigMap"))
                .with("metadata", self.metadata(&name));
            if truthy(config, "external") {
                notes.push(Note {
                    service: None,
                    message: format!("config `{key}` is external: the ConfigMap `{name}` must exist, with the key `{data_name}`"),
                });
                *pending = notes;
                continue;
            } else if let Some(content) = string(config, "content") {
                object.put("data", Yaml::map().with(&data_name, Yaml::str(content)));
            } else if let Some(file) = string(config, "file") {
                notes.push(Note {
                    service: None,
                    message: format!(
                        "config `{key}` is read from `{file}`: create the ConfigMap with \
                         `kubectl create configmap {name} --from-file={data_name}={file}`"
                    ),
                });
            } else if let Some(variable) = string(config, "environment") {
                notes.push(Note {
                    service: None,
                    message: format!(
                        "config `{key}` is the variable `{variable}`: create the ConfigMap with \
                         `kubectl create configmap {name} --from-literal={data_name}=\"${variable}\"`"
                    ),
                });
            }
            self.emit(notes, object);
        }
    }

    /// The ports a service's container listens on for others: its `ports` and `expose`, once
    /// each (by number and protocol).
    fn ports(&self, service: &Value, notes: &mut Vec<String>) -> Vec<Port> {
        let mut ports: Vec<Port> = Vec::new();
        let mut seen = HashSet::new();
        let mut add = |port: Port| {
            if seen.insert((port.target, port.protocol)) {
                ports.push(port);
            }
        };
        for spec in array(service.get("ports")) {
            let target = spec.get("target").and_then(number_of).and_then(port_number);
            let proto = protocol(string(spec, "protocol").unwrap_or("tcp"));
            match (target, proto) {
                (Some(target), Some(protocol)) => add(Port {
                    target,
                    protocol,
                    app_protocol: string(spec, "app_protocol").map(str::to_owned),
                }),
                _ => notes.push(format!(
                    "the port {} is not one Kubernetes serves: not converted",
                    spec.get("target").and_then(text_of).unwrap_or_default()
                )),
            }
        }
        for spec in array(service.get("expose")) {
            let Some(text) = text_of(spec) else { continue };
            let (range, proto) = match text.split_once('/') {
                Some((range, proto)) => (range, proto),
                None => (text.as_str(), "tcp"),
            };
            let (first, last) = match range.split_once('-') {
                Some((first, last)) => (first, last),
                None => (range, range),
            };
            let bounds = (
                first.trim().parse::<f64>().ok().and_then(port_number),
                last.trim().parse::<f64>().ok().and_then(port_number),
                protocol(proto),
            );
            match bounds {
                (Some(first), Some(last), Some(protocol))
                    if first <= last && u32::from(last - first) < MAX_RANGE =>
                {
                    for target in first..=last {
                        add(Port {
                            target,
                            protocol,
                            app_protocol: None,
                        });
                    }
                }
                _ => notes.push(format!("`expose: {text}` is not converted")),
            }
        }
        ports
    }

    fn service(&mut self, key: &'m str, service: &'m Value, mut notes: Vec<Note>) {
        let Some(info) = self.info.get(key) else {
            return;
        };
        let name = info.name.clone();
        let mut said: Vec<String> = Vec::new();
        if service.get("provider").is_some() {
            said.push(
                "a `provider` service is run by a plugin, not a container: not converted"
                    .to_owned(),
            );
            notes.extend(said.into_iter().map(|message| Note {
                service: Some(key.to_owned()),
                message,
            }));
            self.pending_to_comments(notes);
            return;
        }
        let image = match (string(service, "image"), service.get("build")) {
            (Some(image), Some(_)) => {
                said.push(format!(
                    "it is built by Compose: build `{image}` and push it to a registry the cluster pulls from"
                ));
                image.to_owned()
            }
            (Some(image), None) => image.to_owned(),
            (None, Some(_)) => {
                let image = format!("{}-{}", self.project, key);
                said.push(format!(
                    "it has no `image`: Compose would build `{image}`; build it, push it to a \
                     registry the cluster pulls from and name it with that registry"
                ));
                image
            }
            (None, None) => {
                said.push("it has no image: not converted".to_owned());
                notes.extend(said.into_iter().map(|message| Note {
                    service: Some(key.to_owned()),
                    message,
                }));
                self.pending_to_comments(notes);
                return;
            }
        };
        let ports = self.ports(service, &mut said);
        let published: Vec<String> = array(service.get("ports"))
            .iter()
            .filter_map(|p| {
                let published = string(p, "published").filter(|s| !s.is_empty())?;
                let target = p.get("target").and_then(text_of)?;
                Some(match string(p, "protocol").filter(|p| *p != "tcp") {
                    Some(protocol) => format!("{published}:{target}/{protocol}"),
                    None => format!("{published}:{target}"),
                })
            })
            .collect();
        if !published.is_empty() {
            said.push(format!(
                "it publishes {} on the host: the Service `{name}` is ClusterIP, reachable in the \
                 cluster only; expose it with an Ingress (HTTP) or reach it with \
                 `kubectl port-forward service/{name} LOCAL:PORT`",
                published.join(", ")
            ));
        }
        if array(service.get("ports"))
            .iter()
            .any(|p| string(p, "host_ip").is_some_and(|ip| !ip.is_empty()))
        {
            said.push("`host_ip` binds a host interface: not converted".to_owned());
        }

        let mut pod = PodParts::default();
        self.volumes(service, &mut pod, &mut said);
        self.secrets_and_configs(service, &mut pod, &mut said);
        let container = self.container(service, &name, &image, &ports, &mut pod, &mut said);
        let init = self.dependencies(service, &mut said);
        self.unconverted(service, &name, &mut said);

        let replicas = service
            .get("deploy")
            .and_then(|d| d.get("replicas"))
            .or_else(|| service.get("scale"))
            .and_then(number_of)
            .map(|n| n.max(0.0) as i64);
        let stateful = !pod.templates.is_empty();
        if stateful && replicas.is_some_and(|r| r > 1) {
            said.push(
                "its replicas each get their own claims, where Compose's replicas share the volumes"
                    .to_owned(),
            );
        }

        notes.extend(said.into_iter().map(|message| Note {
            service: Some(key.to_owned()),
            message,
        }));

        // The Service: ClusterIP, or headless for a StatefulSet (which needs one).
        if !ports.is_empty() || stateful {
            let mut spec = Yaml::map();
            if stateful {
                spec.put("clusterIP", Yaml::str("None"));
            } else {
                spec.put("type", Yaml::str("ClusterIP"));
            }
            spec.put(
                "selector",
                Yaml::map().with("app.kubernetes.io/name", Yaml::str(&name)),
            );
            let service_ports: Vec<Yaml> = ports
                .iter()
                .map(|port| {
                    let mut p = Yaml::map()
                        .with("name", Yaml::str(port.name()))
                        .with("port", Yaml::Int(i64::from(port.target)))
                        .with("targetPort", Yaml::Int(i64::from(port.target)))
                        .with("protocol", Yaml::str(port.protocol));
                    if let Some(app) = &port.app_protocol {
                        p.put("appProtocol", Yaml::str(app));
                    }
                    p
                })
                .collect();
            spec.put_nonempty("ports", Yaml::Seq(service_ports));
            let object = Yaml::map()
                .with("apiVersion", Yaml::str("v1"))
                .with("kind", Yaml::str("Service"))
                .with("metadata", self.metadata(&name))
                .with("spec", spec);
            // The service's notes go above its first object.
            self.emit(std::mem::take(&mut notes), object);
        }

        // The pod.
        let mut pod_spec = Yaml::map();
        pod_spec.put_nonempty("initContainers", Yaml::Seq(init));
        pod_spec.put("containers", Yaml::Seq(vec![container]));
        if let Some(hostname) = string(service, "hostname") {
            if dns_label(hostname, "") == hostname {
                pod_spec.put("hostname", Yaml::str(hostname));
            } else {
                notes.push(Note {
                    service: Some(key.to_owned()),
                    message: format!(
                        "`hostname: {hostname}` is not a DNS label Kubernetes accepts: not converted"
                    ),
                });
            }
        }
        pod_spec.put_nonempty("hostAliases", Yaml::Seq(pod.host_aliases));
        if let Some(seconds) = string(service, "stop_grace_period").and_then(duration_seconds) {
            pod_spec.put(
                "terminationGracePeriodSeconds",
                Yaml::Int(seconds.ceil() as i64),
            );
        }
        pod_spec.put_nonempty("volumes", Yaml::Seq(pod.volumes));
        let mut template_metadata = Yaml::map().with("labels", self.labels(&name));
        template_metadata.put_nonempty("annotations", Yaml::Map(pod.annotations));
        let template = Yaml::map()
            .with("metadata", template_metadata)
            .with("spec", pod_spec);

        let mut spec = Yaml::map();
        if let Some(replicas) = replicas {
            spec.put("replicas", Yaml::Int(replicas));
        }
        if stateful {
            spec.put("serviceName", Yaml::str(&name));
        }
        spec.put(
            "selector",
            Yaml::map().with(
                "matchLabels",
                Yaml::map().with("app.kubernetes.io/name", Yaml::str(&name)),
            ),
        );
        if !stateful && pod.claims {
            // A ReadWriteOnce claim cannot be mounted by the new pod while the old one holds it.
            spec.put("strategy", Yaml::map().with("type", Yaml::str("Recreate")));
        }
        spec.put("template", template);
        if stateful {
            spec.put("volumeClaimTemplates", Yaml::Seq(pod.templates));
        }
        let object = Yaml::map()
            .with("apiVersion", Yaml::str("apps/v1"))
            .with(
                "kind",
                Yaml::str(if stateful {
                    "StatefulSet"
                } else {
                    "Deployment"
                }),
            )
            .with("metadata", self.metadata(&name))
            .with("spec", spec);
        self.emit(notes, object);
    }

    /// Notes with no object of their own: written as comments where they fall.
    fn pending_to_comments(&mut self, notes: Vec<Note>) {
        for note in &notes {
            self.out.push_str("# ");
            self.out.push_str(&note.text());
            self.out.push('\n');
        }
        self.notes.extend(notes);
    }

    /// The service's `volumes` and `tmpfs`, as pod volumes, claim templates and mounts.
    fn volumes(&self, service: &'m Value, pod: &mut PodParts, said: &mut Vec<String>) {
        for volume in array(service.get("volumes")) {
            let Some(target) = string(volume, "target") else {
                continue;
            };
            let source = string(volume, "source").filter(|s| !s.is_empty());
            let read_only = truthy(volume, "read_only");
            let sub_path = volume
                .get("volume")
                .and_then(|v| string(v, "subpath"))
                .filter(|s| !s.is_empty());
            match (string(volume, "type").unwrap_or("volume"), source) {
                ("volume", Some(source)) => {
                    let claim = self
                        .claim_names
                        .get(source)
                        .cloned()
                        .unwrap_or_else(|| dns_label(source, "volume"));
                    if self.owned_volume(source) {
                        if !pod.mount(target, &claim, read_only, sub_path, said) {
                            continue;
                        }
                        if pod.template_names.insert(claim.clone()) {
                            said.push(format!(
                                "volume `{source}`: its claim asks for {DEFAULT_STORAGE} (Compose volumes have no size)"
                            ));
                            pod.templates.push(
                                Yaml::map()
                                    .with("metadata", Yaml::map().with("name", Yaml::str(&claim)))
                                    .with("spec", claim_spec()),
                            );
                        }
                    } else {
                        let volume_name = pod.volume_name(&claim);
                        if !pod.mount(target, &volume_name, read_only, sub_path, said) {
                            continue;
                        }
                        pod.claims = true;
                        pod.volumes
                            .push(Yaml::map().with("name", Yaml::str(&volume_name)).with(
                                "persistentVolumeClaim",
                                Yaml::map().with("claimName", Yaml::str(&claim)),
                            ));
                    }
                }
                ("volume", None) => {
                    let volume_name = pod.volume_name("anonymous");
                    if !pod.mount(target, &volume_name, read_only, None, said) {
                        continue;
                    }
                    said.push(format!(
                        "the anonymous volume at `{target}` is an emptyDir: its data lives as long as the pod"
                    ));
                    pod.volumes.push(
                        Yaml::map()
                            .with("name", Yaml::str(&volume_name))
                            .with("emptyDir", Yaml::map()),
                    );
                }
                ("tmpfs", _) => {
                    let size = volume
                        .get("tmpfs")
                        .and_then(|t| t.get("size"))
                        .and_then(bytes_of);
                    pod.tmpfs(target, size, said);
                }
                ("bind", source) => said.push(format!(
                    "the bind mount of `{}` at `{target}` is not converted: the host path does not \
                     exist on a cluster's nodes; put files in a ConfigMap (or Secret), data in a \
                     PersistentVolumeClaim",
                    source.unwrap_or_default()
                )),
                (kind, _) => {
                    said.push(format!("the `{kind}` mount at `{target}` is not converted"))
                }
            }
        }
        for entry in array(service.get("tmpfs")) {
            let Some(text) = entry.as_str() else { continue };
            let target = text.split(':').next().unwrap_or(text);
            pod.tmpfs(target, None, said);
        }
        if let Some(size) = service.get("shm_size").and_then(bytes_of) {
            pod.tmpfs("/dev/shm", Some(size), said);
        }
    }

    /// The service's `secrets` and `configs`, each a file mounted from its Secret or ConfigMap.
    fn secrets_and_configs(&self, service: &Value, pod: &mut PodParts, said: &mut Vec<String>) {
        for (field, names, default_dir, kind) in [
            ("secrets", &self.secret_names, "/run/secrets/", "secret"),
            ("configs", &self.config_names, "/", "config"),
        ] {
            for mount in array(service.get(field)) {
                let Some(source) = string(mount, "source") else {
                    continue;
                };
                let Some(object_name) = names.get(source) else {
                    said.push(format!("the {kind} `{source}` is not defined: not mounted"));
                    continue;
                };
                let target = match string(mount, "target").filter(|t| !t.is_empty()) {
                    Some(t) if t.starts_with('/') => t.to_owned(),
                    Some(t) => format!("{default_dir}{t}"),
                    None => format!("{default_dir}{source}"),
                };
                let volume_name = pod.volume_name(&format!("{kind}-{object_name}"));
                let key = data_key(source);
                if !pod.mount(&target, &volume_name, true, Some(&key), said) {
                    continue;
                }
                let source_field = if kind == "secret" {
                    Yaml::map().with(
                        "secret",
                        Yaml::map().with("secretName", Yaml::str(object_name)),
                    )
                } else {
                    Yaml::map().with(
                        "configMap",
                        Yaml::map().with("name", Yaml::str(object_name)),
                    )
                };
                let mut volume = Yaml::map().with("name", Yaml::str(&volume_name));
                if let Yaml::Map(entries) = source_field {
                    for (k, v) in entries {
                        volume.put(&k, v);
                    }
                }
                pod.volumes.push(volume);
                if mount.get("uid").is_some() || mount.get("gid").is_some() {
                    said.push(format!(
                        "the {kind} `{source}`'s owner is not converted (set the pod's fsGroup)"
                    ));
                }
            }
        }
    }

    fn container(
        &self,
        service: &Value,
        name: &str,
        image: &str,
        ports: &[Port],
        pod: &mut PodParts,
        said: &mut Vec<String>,
    ) -> Yaml {
        let mut container = Yaml::map()
            .with("name", Yaml::str(name))
            .with("image", Yaml::str(image));
        match string(service, "pull_policy") {
            Some("always") | Some("daily") | Some("weekly") => {
                container.put("imagePullPolicy", Yaml::str("Always"))
            }
            Some("never") => container.put("imagePullPolicy", Yaml::str("Never")),
            Some("missing") | Some("if_not_present") => {
                container.put("imagePullPolicy", Yaml::str("IfNotPresent"))
            }
            _ => {}
        }
        for (field, k8s) in [("entrypoint", "command"), ("command", "args")] {
            if let Some(list) = string_list(service.get(field)) {
                if list.is_empty() {
                    said.push(format!(
                        "`{field}: []` clears the image's; Kubernetes cannot (an empty `{k8s}` keeps it)"
                    ));
                } else {
                    let escaped: Vec<String> = list.iter().map(|s| escape_expansion(s)).collect();
                    container.put(k8s, Yaml::strings(&escaped));
                }
            }
        }
        if let Some(dir) = string(service, "working_dir").filter(|d| !d.is_empty()) {
            container.put("workingDir", Yaml::str(dir));
        }
        let mut env = Vec::new();
        for (variable, value) in object(service.get("environment")) {
            match text_of(value) {
                Some(value) => env.push(
                    Yaml::map()
                        .with("name", Yaml::str(variable))
                        .with("value", Yaml::str(escape_expansion(&value))),
                ),
                None => said.push(format!(
                    "the variable `{variable}` has no value (Compose takes it from the shell): not converted"
                )),
            }
        }
        container.put_nonempty("env", Yaml::Seq(env));
        let container_ports: Vec<Yaml> = ports
            .iter()
            .map(|port| {
                Yaml::map()
                    .with("name", Yaml::str(port.name()))
                    .with("containerPort", Yaml::Int(i64::from(port.target)))
                    .with("protocol", Yaml::str(port.protocol))
            })
            .collect();
        container.put_nonempty("ports", Yaml::Seq(container_ports));
        container.put_nonempty("resources", resources(service, said));
        if let Some((readiness, liveness)) = probes(service.get("healthcheck"), said) {
            container.put("readinessProbe", readiness);
            container.put("livenessProbe", liveness);
        }
        container.put_nonempty("volumeMounts", Yaml::Seq(std::mem::take(&mut pod.mounts)));
        container.put_nonempty("securityContext", security_context(service, said));
        if truthy(service, "tty") {
            container.put("tty", Yaml::Bool(true));
        }
        if truthy(service, "stdin_open") {
            container.put("stdin", Yaml::Bool(true));
        }
        // Service labels annotate the pods (Kubernetes labels have stricter values).
        for (key, value) in object(service.get("labels")) {
            match text_of(value) {
                Some(value) if annotation_key(key) => {
                    pod.annotations.push((key.clone(), Yaml::str(value)))
                }
                _ => said.push(format!(
                    "the label `{key}` is not a valid annotation: not converted"
                )),
            }
        }
        // `extra_hosts`: `host=ip` (or `host:ip`), grouped by address.
        let mut aliases: Vec<(String, Vec<String>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for entry in array(service.get("extra_hosts")) {
            let Some(text) = entry.as_str() else { continue };
            let Some((host, ip)) = text.split_once('=').or_else(|| text.split_once(':')) else {
                continue;
            };
            if !ip_address(ip) {
                said.push(format!("`extra_hosts: {text}` is not converted"));
                continue;
            }
            match index.get(ip).and_then(|&i| aliases.get_mut(i)) {
                Some((_, hosts)) => hosts.push(host.to_owned()),
                None => {
                    index.insert(ip.to_owned(), aliases.len());
                    aliases.push((ip.to_owned(), vec![host.to_owned()]));
                }
            }
        }
        pod.host_aliases = aliases
            .into_iter()
            .map(|(ip, hosts)| {
                Yaml::map()
                    .with("ip", Yaml::str(ip))
                    .with("hostnames", Yaml::strings(&hosts))
            })
            .collect();
        container
    }

    /// `depends_on`: a note each (pods start independently), and for a `service_healthy`
    /// dependency with a Service, an init container waiting until that Service answers. A
    /// Service routes to ready pods only, and the dependency's healthcheck is its readiness
    /// probe: the port answers once the dependency is healthy.
    fn dependencies(&self, service: &Value, said: &mut Vec<String>) -> Vec<Yaml> {
        let mut init = Vec::new();
        let mut used = Names::default();
        for (dependency, how) in object(service.get("depends_on")) {
            let condition = string(how, "condition").unwrap_or("service_started");
            let target = self.info.get(dependency.as_str());
            match (condition, target.and_then(|t| t.first_port.map(|p| (&t.name, p)))) {
                ("service_healthy", Some((host, port))) => {
                    let container = used.unique(dns_label(&format!("wait-for-{host}"), "wait"));
                    init.push(
                        Yaml::map()
                            .with("name", Yaml::str(container))
                            .with("image", Yaml::str(WAIT_IMAGE))
                            .with(
                                "command",
                                Yaml::strings(&[
                                    "sh".to_owned(),
                                    "-c".to_owned(),
                                    format!(
                                        "until nc -z {host} {port}; do echo waiting for {host}; sleep 2; done"
                                    ),
                                ]),
                            )
                            .with(
                                "resources",
                                Yaml::map()
                                    .with(
                                        "requests",
                                        Yaml::map()
                                            .with("cpu", Yaml::str("10m"))
                                            .with("memory", Yaml::str("16Mi")),
                                    )
                                    .with(
                                        "limits",
                                        Yaml::map().with("memory", Yaml::str("16Mi")),
                                    ),
                            ),
                    );
                    said.push(format!(
                        "it depends on `{dependency}` being healthy: an init container waits for the Service `{host}`"
                    ));
                }
                ("service_completed_successfully", _) => said.push(format!(
                    "it waits for `{dependency}` to complete: Kubernetes starts pods independently; \
                     run `{dependency}` as a Job (or an init container) first"
                )),
                _ => said.push(format!(
                    "it depends on `{dependency}`: Kubernetes starts pods independently; the \
                     application must retry, or wait in an init container, until `{dependency}` is ready"
                )),
            }
        }
        init
    }

    /// What the service sets that these manifests do not carry: a note each.
    fn unconverted(&self, service: &Value, name: &str, said: &mut Vec<String>) {
        match string(service, "restart") {
            Some("no") => said.push(
                "`restart: no`: a Deployment always restarts its pods; a one-off task is a Job"
                    .to_owned(),
            ),
            Some(policy) if policy.starts_with("on-failure") => said.push(format!(
                "`restart: {policy}`: a Deployment always restarts its pods; a task that may fail is a Job"
            )),
            _ => {}
        }
        if let Some(deploy) = service.get("deploy") {
            if string(deploy, "mode") == Some("global") {
                said.push(
                    "`deploy.mode: global` (one per node) is a DaemonSet: not converted".to_owned(),
                );
            }
            if let Some(placement) = deploy.get("placement")
                && (!array(placement.get("constraints")).is_empty()
                    || !array(placement.get("preferences")).is_empty())
            {
                said.push(
                    "`deploy.placement` is not converted (use nodeSelector or affinity)".to_owned(),
                );
            }
            if let Some(condition) = deploy
                .get("restart_policy")
                .and_then(|r| string(r, "condition"))
                .filter(|c| *c != "any")
            {
                said.push(format!(
                    "`deploy.restart_policy: {condition}`: a Deployment always restarts its pods; a task is a Job"
                ));
            }
        }
        if let Some(mode) =
            string(service, "network_mode").filter(|m| *m != "bridge" && *m != "default")
        {
            let advice = if mode.starts_with("service:") || mode.starts_with("container:") {
                "containers that share a network are containers of one pod"
            } else if mode == "host" {
                "`hostNetwork` would give the pod the node's network"
            } else {
                "Kubernetes gives every pod its own network"
            };
            said.push(format!("`network_mode: {mode}` is not converted: {advice}"));
        }
        for field in ["ipc", "pid", "uts", "userns_mode", "cgroup"] {
            if let Some(mode) = string(service, field) {
                said.push(format!("`{field}: {mode}` is not converted"));
            }
        }
        if let Some(container_name) = string(service, "container_name") {
            said.push(format!(
                "`container_name: {container_name}`: pods have generated names; reach it as `{name}`"
            ));
        }
        let networks = object(service.get("networks"));
        if networks.iter().any(|(n, _)| n != "default") {
            said.push(
                "its networks are not converted: every pod reaches every Service (restrict with NetworkPolicies)"
                    .to_owned(),
            );
        }
        if networks
            .iter()
            .any(|(_, n)| !array(n.get("aliases")).is_empty())
        {
            said.push(format!(
                "its network aliases are not converted: it is reached as `{name}`"
            ));
        }
        for (field, what) in [
            ("devices", "devices need a device plugin"),
            (
                "profiles",
                "Kubernetes has no profiles: it is always deployed",
            ),
            ("links", "it is reached by its Service's name"),
            ("external_links", "it is reached by its Service's name"),
            ("volumes_from", "mount the volumes themselves"),
            ("dns", "set the pod's dnsConfig"),
            ("dns_search", "set the pod's dnsConfig"),
            ("dns_opt", "set the pod's dnsConfig"),
            ("ulimits", "Kubernetes sets no ulimits"),
            ("sysctls", "set the pod's securityContext.sysctls"),
            (
                "group_add",
                "set the pod's securityContext.supplementalGroups",
            ),
            ("security_opt", "set the container's securityContext"),
            ("logging", "the cluster collects logs"),
            ("stop_signal", "set STOPSIGNAL in the image"),
            ("init", "use an image with an init process (tini)"),
            ("runtime", "set the pod's runtimeClassName"),
            ("platform", "set a nodeSelector on kubernetes.io/arch"),
            ("post_start", "set the container's lifecycle.postStart"),
            ("pre_stop", "set the container's lifecycle.preStop"),
            ("domainname", "set the pod's subdomain"),
            ("mac_address", "Kubernetes assigns addresses"),
            ("oom_score_adj", "Kubernetes sets it from the QoS class"),
            ("pids_limit", "the kubelet limits pids"),
            ("models", "models are Docker's"),
        ] {
            let set = match service.get(field) {
                None | Some(Value::Null) | Some(Value::Bool(false)) => false,
                Some(Value::Array(items)) => !items.is_empty(),
                Some(Value::Object(entries)) => !entries.is_empty(),
                Some(_) => true,
            };
            if set {
                said.push(format!("`{field}` is not converted: {what}"));
            }
        }
    }
}

/// A claim's spec: one node's read and write, the default size.
fn claim_spec() -> Yaml {
    Yaml::map()
        .with("accessModes", Yaml::strings(&["ReadWriteOnce"]))
        .with(
            "resources",
            Yaml::map().with(
                "requests",
                Yaml::map().with("storage", Yaml::str(DEFAULT_STORAGE)),
            ),
        )
}

/// The parts of a pod that its volumes and mounts add up to.
#[derive(Default)]
struct PodParts {
    volumes: Vec<Yaml>,
    mounts: Vec<Yaml>,
    templates: Vec<Yaml>,
    template_names: HashSet<String>,
    volume_names: Names,
    mount_paths: HashSet<String>,
    annotations: Vec<(String, Yaml)>,
    host_aliases: Vec<Yaml>,
    /// Whether the pod mounts a claim of its own (not a template).
    claims: bool,
}

impl PodParts {
    fn volume_name(&mut self, base: &str) -> String {
        self.volume_names.unique(dns_label(base, "volume"))
    }

    /// Mounts `volume` at `path`, unless something is mounted there already (Kubernetes
    /// refuses two mounts at one path).
    fn mount(
        &mut self,
        path: &str,
        volume: &str,
        read_only: bool,
        sub_path: Option<&str>,
        said: &mut Vec<String>,
    ) -> bool {
        if !self.mount_paths.insert(path.to_owned()) {
            said.push(format!("a second mount at `{path}` is not converted"));
            return false;
        }
        let mut mount = Yaml::map()
            .with("name", Yaml::str(volume))
            .with("mountPath", Yaml::str(path));
        if let Some(sub_path) = sub_path {
            mount.put("subPath", Yaml::str(sub_path));
        }
        if read_only {
            mount.put("readOnly", Yaml::Bool(true));
        }
        self.mounts.push(mount);
        true
    }

    /// A tmpfs: an emptyDir in memory.
    fn tmpfs(&mut self, path: &str, size: Option<u64>, said: &mut Vec<String>) {
        let name = self.volume_name("tmpfs");
        if !self.mount(path, &name, false, None, said) {
            return;
        }
        let mut empty_dir = Yaml::map().with("medium", Yaml::str("Memory"));
        if let Some(size) = size.filter(|s| *s > 0) {
            empty_dir.put("sizeLimit", Yaml::str(memory_quantity(size)));
        }
        self.volumes.push(
            Yaml::map()
                .with("name", Yaml::str(name))
                .with("emptyDir", empty_dir),
        );
    }
}

/// `deploy.resources` (or the service's `cpus`, `mem_limit`, `mem_reservation`) as the
/// container's limits and requests. A reservation above its limit, which Kubernetes refuses, is
/// left out.
fn resources(service: &Value, said: &mut Vec<String>) -> Yaml {
    let resources = service.get("deploy").and_then(|d| d.get("resources"));
    let limits = resources.and_then(|r| r.get("limits"));
    let reservations = resources.and_then(|r| r.get("reservations"));
    let cpu = |of: Option<&Value>, fallback: &str| {
        of.and_then(|o| o.get("cpus"))
            .or_else(|| service.get(fallback))
            .and_then(number_of)
            .filter(|n| *n > 0.0)
    };
    let memory = |of: Option<&Value>, fallback: &str| {
        of.and_then(|o| o.get("memory"))
            .or_else(|| service.get(fallback))
            .and_then(bytes_of)
            .filter(|n| *n > 0)
    };
    let (limit_cpu, limit_memory) = (cpu(limits, "cpus"), memory(limits, "mem_limit"));
    let (mut request_cpu, mut request_memory) = (
        cpu(reservations, ""),
        memory(reservations, "mem_reservation"),
    );
    if let (Some(request), Some(limit)) = (request_cpu, limit_cpu)
        && cpu_quantity(request).is_some()
        && (request * 1000.0).ceil() > (limit * 1000.0).ceil()
    {
        said.push("its CPU reservation exceeds its limit: not converted".to_owned());
        request_cpu = None;
    }
    if let (Some(request), Some(limit)) = (request_memory, limit_memory)
        && request > limit
    {
        said.push("its memory reservation exceeds its limit: not converted".to_owned());
        request_memory = None;
    }
    let mut out = Yaml::map();
    for (key, cpu, memory) in [
        ("requests", request_cpu, request_memory),
        ("limits", limit_cpu, limit_memory),
    ] {
        let mut part = Yaml::map();
        if let Some(cpu) = cpu.and_then(cpu_quantity) {
            part.put("cpu", Yaml::str(cpu));
        }
        if let Some(memory) = memory {
            part.put("memory", Yaml::str(memory_quantity(memory)));
        }
        out.put_nonempty(key, part);
    }
    if reservations.is_some_and(|r| !array(r.get("devices")).is_empty()) {
        said.push("its device reservations (GPUs) are not converted: request the device plugin's resource".to_owned());
    }
    out
}

/// The healthcheck as a readiness probe (a Service routes to healthy pods only, as
/// `service_healthy` waits for them) and a liveness probe (restarted after `retries` failures,
/// after its `start_period`). `None` when there is no test to run.
fn probes(healthcheck: Option<&Value>, said: &mut Vec<String>) -> Option<(Yaml, Yaml)> {
    let healthcheck = healthcheck?;
    if truthy(healthcheck, "disable") {
        return None;
    }
    let test = string_list(healthcheck.get("test")).unwrap_or_default();
    let command: Vec<String> = match test.split_first() {
        Some((kind, rest)) if kind == "CMD" && !rest.is_empty() => rest.to_vec(),
        Some((kind, rest)) if kind == "CMD-SHELL" && !rest.is_empty() => {
            vec!["/bin/sh".to_owned(), "-c".to_owned(), rest.join(" ")]
        }
        Some((kind, _)) if kind == "NONE" => return None,
        None => {
            said.push(
                "its healthcheck has no test (the image's HEALTHCHECK): no probe is written"
                    .to_owned(),
            );
            return None;
        }
        Some(_) => {
            said.push("its healthcheck's test is not converted".to_owned());
            return None;
        }
    };
    let period = probe_seconds(string(healthcheck, "interval"), 30.0);
    let timeout = probe_seconds(string(healthcheck, "timeout"), 30.0);
    let retries = healthcheck
        .get("retries")
        .and_then(number_of)
        .map_or(3, |n| (n as i64).max(1));
    let start = string(healthcheck, "start_period")
        .and_then(duration_seconds)
        .map_or(0, |s| s.ceil() as i64);
    let probe = |delay: i64| {
        let mut probe =
            Yaml::map().with("exec", Yaml::map().with("command", Yaml::strings(&command)));
        if delay > 0 {
            probe.put("initialDelaySeconds", Yaml::Int(delay));
        }
        probe
            .with("periodSeconds", Yaml::Int(period))
            .with("timeoutSeconds", Yaml::Int(timeout))
            .with("failureThreshold", Yaml::Int(retries))
    };
    Some((probe(0), probe(start)))
}

/// `user`, `privileged`, `read_only` and capabilities as the container's securityContext. A user
/// given by name has no uid Kubernetes could use: a note.
fn security_context(service: &Value, said: &mut Vec<String>) -> Yaml {
    let mut context = Yaml::map();
    if let Some(user) = string(service, "user").filter(|u| !u.is_empty()) {
        let id = |text: &str| -> Option<i64> {
            if text == "root" {
                Some(0)
            } else {
                text.parse::<u32>().ok().map(i64::from)
            }
        };
        let (uid, gid) = match user.split_once(':') {
            Some((uid, gid)) => (id(uid), Some(id(gid))),
            None => (id(user), None),
        };
        match (uid, gid) {
            (Some(uid), None) => context.put("runAsUser", Yaml::Int(uid)),
            (Some(uid), Some(Some(gid))) => {
                context.put("runAsUser", Yaml::Int(uid));
                context.put("runAsGroup", Yaml::Int(gid));
            }
            _ => said.push(format!(
                "`user: {user}` names a user: Kubernetes needs numeric ids (runAsUser, runAsGroup); not converted"
            )),
        }
    }
    if truthy(service, "privileged") {
        context.put("privileged", Yaml::Bool(true));
    }
    if truthy(service, "read_only") {
        context.put("readOnlyRootFilesystem", Yaml::Bool(true));
    }
    let capabilities = |field: &str| -> Vec<String> {
        string_list(service.get(field))
            .unwrap_or_default()
            .iter()
            .map(|c| {
                let upper = c.to_ascii_uppercase();
                upper.strip_prefix("CAP_").unwrap_or(&upper).to_owned()
            })
            .collect()
    };
    let mut caps = Yaml::map();
    let (add, drop) = (capabilities("cap_add"), capabilities("cap_drop"));
    if !add.is_empty() {
        caps.put("add", Yaml::strings(&add));
    }
    if !drop.is_empty() {
        caps.put("drop", Yaml::strings(&drop));
    }
    context.put_nonempty("capabilities", caps);
    context
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_base::json::parse;

    fn run(json: &str) -> Conversion {
        convert(&parse(json).unwrap())
    }

    fn has_note(conversion: &Conversion, text: &str) -> bool {
        conversion.notes.iter().any(|n| n.message.contains(text))
    }

    #[test]
    fn names_become_dns_labels() {
        assert_eq!(dns_label("My_Service.v2", "x"), "my-service-v2");
        assert_eq!(dns_label("__a__b__", "x"), "a-b");
        assert_eq!(dns_label("___", "x"), "x");
        assert_eq!(dns_label(&"a".repeat(80), "x").len(), 63);
        assert_eq!(
            dns_label(&format!("{}_b", "a".repeat(62)), "x"),
            "a".repeat(62)
        );
        let c = run(
            r#"{"name":"p","services":{"Web_App":{"image":"nginx:1.27"},"9lives":{"image":"nginx:1.27"}}}"#,
        );
        assert!(c.yaml.contains("name: web-app\n"), "{}", c.yaml);
        assert!(c.yaml.contains("name: svc-9lives\n"), "{}", c.yaml);
        assert!(has_note(&c, "`Web_App` is not a valid Kubernetes name"));
        // Names that meet are told apart.
        let c = run(r#"{"name":"p","services":{"a_b":{"image":"x:1"},"a-b":{"image":"x:1"}}}"#);
        assert!(c.yaml.contains("name: a-b-2\n"), "{}", c.yaml);
    }

    #[test]
    fn quoting_keeps_strings_strings() {
        for text in [
            "8080", "true", "no", "Yes", "null", "1.5", "0x1F", "-1", ".inf", "", "a: b", "x #y",
            "~", "12:30",
        ] {
            assert!(!plain(text), "{text}");
        }
        for text in [
            "nginx:1.27",
            "ReadWriteOnce",
            "/bin/sh",
            "app.kubernetes.io/name",
        ] {
            assert!(plain(text), "{text}");
        }
        let c = run(
            r#"{"name":"p","services":{"s":{"image":"x:1","environment":{"A":"1","B":"on","C":null,"D":"$(HOME) $$"}}}}"#,
        );
        assert!(c.yaml.contains("value: \"1\"\n"), "{}", c.yaml);
        assert!(c.yaml.contains("value: \"on\"\n"), "{}", c.yaml);
        assert!(c.yaml.contains("value: \"$$(HOME) $$$\"\n"), "{}", c.yaml);
        assert!(!c.yaml.contains("name: C"), "{}", c.yaml);
        assert!(has_note(&c, "`C` has no value"));
    }

    #[test]
    fn ports_make_a_cluster_ip_service() {
        let c = run(r#"{"name":"p","services":{"web":{"image":"nginx:1.27",
            "ports":[{"mode":"ingress","target":80,"published":"8080","protocol":"tcp"},
                     {"mode":"ingress","target":80,"published":"8081","protocol":"tcp"},
                     {"mode":"ingress","target":53,"protocol":"udp"}],
            "expose":["9000-9001/tcp","abc"]}}}"#);
        assert!(c.yaml.contains("kind: Service\n"));
        assert!(c.yaml.contains("type: ClusterIP\n"));
        for port in ["tcp-80", "udp-53", "tcp-9000", "tcp-9001"] {
            assert_eq!(
                c.yaml.matches(&format!("name: {port}\n")).count(),
                2,
                "{port}: {}",
                c.yaml
            );
        }
        assert!(c.yaml.contains("targetPort: 80\n"));
        assert!(c.yaml.contains("protocol: UDP\n"));
        assert!(has_note(&c, "8080:80, 8081:80"));
        assert!(has_note(&c, "kubectl port-forward service/web"));
        assert!(has_note(&c, "`expose: abc`"));
    }

    #[test]
    fn healthchecks_become_probes() {
        let c = run(r#"{"name":"p","services":{"db":{"image":"postgres:16",
            "healthcheck":{"test":["CMD-SHELL","pg_isready -U $$USER"],"interval":"1m30s","timeout":"500ms","retries":5,"start_period":"2.5s"}}}}"#);
        assert!(c.yaml.contains("readinessProbe:\n"), "{}", c.yaml);
        assert!(
            c.yaml.contains(
                "- /bin/sh\n            - \"-c\"\n            - \"pg_isready -U $$USER\"\n"
            ),
            "{}",
            c.yaml
        );
        assert!(c.yaml.contains("periodSeconds: 90\n"));
        assert!(c.yaml.contains("timeoutSeconds: 1\n"));
        assert!(c.yaml.contains("failureThreshold: 5\n"));
        assert!(c.yaml.contains("initialDelaySeconds: 3\n"));
        let c = run(
            r#"{"name":"p","services":{"a":{"image":"x:1","healthcheck":{"test":["NONE"]}},
            "b":{"image":"x:1","healthcheck":{"test":["CMD","curl","-f","http://localhost"]}},
            "c":{"image":"x:1","healthcheck":{"disable":true}}}}"#,
        );
        assert_eq!(c.yaml.matches("livenessProbe:").count(), 1, "{}", c.yaml);
        assert!(c.yaml.contains("- curl\n"));
        assert_eq!(duration_seconds("1h2m3s"), Some(3723.0));
        assert_eq!(duration_seconds("0"), Some(0.0));
        assert_eq!(duration_seconds("10x"), None);
        for ip in ["10.0.0.1", "::1", "fe80::1:2", "2001:db8:0:0:0:0:0:1"] {
            assert!(ip_address(ip), "{ip}");
        }
        for ip in [
            "host-gateway",
            "10.0.0.256",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            "",
        ] {
            assert!(!ip_address(ip), "{ip}");
        }
    }

    #[test]
    fn volumes_claims_tmpfs_and_binds() {
        let c = run(r#"{"name":"p","services":{
            "db":{"image":"postgres:16","volumes":[{"type":"volume","source":"data","target":"/var/lib/postgresql/data"},
                 {"type":"bind","source":"/home/me/init.sql","target":"/docker-entrypoint-initdb.d/init.sql"},
                 {"type":"tmpfs","target":"/run","tmpfs":{"size":67108864}},
                 {"type":"volume","source":"shared","target":"/shared","read_only":true}]},
            "web":{"image":"nginx:1.27","volumes":[{"type":"volume","source":"shared","target":"/srv"},{"type":"volume","target":"/cache"}]}},
            "volumes":{"data":{"name":"p_data"},"shared":{"name":"p_shared"}}}"#);
        assert!(c.yaml.contains("kind: StatefulSet\n"), "{}", c.yaml);
        assert!(c.yaml.contains("volumeClaimTemplates:\n"));
        assert!(c.yaml.contains("clusterIP: None\n"));
        assert!(c.yaml.contains("kind: PersistentVolumeClaim\n"));
        assert!(c.yaml.contains("claimName: shared\n"));
        assert!(c.yaml.contains("medium: Memory\n"));
        assert!(c.yaml.contains("sizeLimit: \"64Mi\"\n"));
        assert!(c.yaml.contains("type: Recreate\n"));
        assert!(!c.yaml.contains("/home/me/init.sql\n"));
        assert!(has_note(&c, "the bind mount of `/home/me/init.sql`"));
        assert!(has_note(&c, "shared by 2 services"));
        assert!(has_note(&c, "anonymous volume at `/cache`"));
    }

    #[test]
    fn resources_as_quantities() {
        assert_eq!(cpu_quantity(0.5).as_deref(), Some("500m"));
        assert_eq!(cpu_quantity(0.001).as_deref(), Some("1m"));
        assert_eq!(cpu_quantity(2.0).as_deref(), Some("2"));
        assert_eq!(memory_quantity(536_870_912), "512Mi");
        assert_eq!(memory_quantity(1_610_612_736), "1536Mi");
        assert_eq!(memory_quantity(1 << 30), "1Gi");
        assert_eq!(memory_quantity(10_000), "10000");
        let c = run(
            r#"{"name":"p","services":{"s":{"image":"x:1","deploy":{"replicas":3,"resources":{
            "limits":{"cpus":0.5,"memory":"536870912"},"reservations":{"cpus":1,"memory":"20971520"}}}}}}"#,
        );
        assert!(c.yaml.contains("replicas: 3\n"));
        assert!(c.yaml.contains("cpu: \"500m\"\n"), "{}", c.yaml);
        assert!(c.yaml.contains("memory: \"512Mi\"\n"));
        assert!(c.yaml.contains("memory: \"20Mi\"\n"));
        assert!(has_note(&c, "CPU reservation exceeds its limit"));
    }

    #[test]
    fn commands_users_secrets_and_dependencies() {
        let c = run(r#"{"name":"proj","services":{
            "app":{"build":{"context":"."},"entrypoint":["/init"],"command":["serve","--port","80"],"user":"1000:1000",
                   "cap_add":["CAP_NET_ADMIN"],"cap_drop":["ALL"],"read_only":true,"working_dir":"/app",
                   "secrets":[{"source":"pw","target":"/run/secrets/pw"}],"configs":[{"source":"conf","target":"/etc/app.conf"}],
                   "depends_on":{"db":{"condition":"service_healthy","required":true},"cache":{"condition":"service_started"}},
                   "restart":"no"},
            "db":{"image":"postgres:16","ports":[{"target":5432,"protocol":"tcp"}],"healthcheck":{"test":["CMD","pg_isready"]}},
            "cache":{"image":"redis:7","user":"redis"}},
            "secrets":{"pw":{"name":"proj_pw","file":"/x/pw.txt"}},
            "configs":{"conf":{"name":"proj_conf","content":"a: 1\nb: 2\n"}}}"#);
        let y = &c.yaml;
        assert!(y.contains("image: proj-app\n"), "{y}");
        assert!(has_note(&c, "Compose would build `proj-app`"));
        assert!(y.contains("command:\n        - /init\n"), "{y}");
        assert!(
            y.contains("args:\n        - serve\n        - \"--port\"\n        - \"80\"\n"),
            "{y}"
        );
        assert!(y.contains("runAsUser: 1000\n") && y.contains("runAsGroup: 1000\n"));
        assert!(y.contains("- NET_ADMIN\n"));
        assert!(y.contains("readOnlyRootFilesystem: true\n"));
        assert!(y.contains("secretName: pw\n"));
        assert!(y.contains("subPath: pw\n"));
        assert!(y.contains("data:\n  conf: |\n    a: 1\n    b: 2\n"), "{y}");
        assert!(y.contains("until nc -z db 5432"));
        assert!(has_note(
            &c,
            "kubectl create secret generic pw --from-file=pw=/x/pw.txt"
        ));
        assert!(has_note(&c, "it depends on `cache`"));
        assert!(has_note(&c, "`restart: no`"));
        assert!(has_note(&c, "`user: redis` names a user"));
        // Every note is a comment too.
        for note in &c.notes {
            assert!(y.contains(&format!("# {}", note.text())), "{}", note.text());
        }
    }

    #[test]
    fn hosts_tmpfs_and_what_stays_a_note() {
        let c = run(r#"{"name":"p","services":{"s":{"image":"x:1",
            "extra_hosts":["a=10.0.0.1","b=10.0.0.1","c=host-gateway"],"tmpfs":["/tmp:rw,noexec"],
            "network_mode":"host","pid":"host","devices":[{"source":"/dev/kvm","target":"/dev/kvm"}],
            "privileged":true,"tty":true,"stdin_open":true,"stop_grace_period":"1m30s",
            "labels":{"com.example.team":"web","bad key":"x"}}}}"#);
        let y = &c.yaml;
        assert!(
            y.contains(
                "hostAliases:\n      - ip: \"10.0.0.1\"\n        hostnames:\n        - a\n        - b\n"
            ),
            "{y}"
        );
        assert!(y.contains("mountPath: /tmp\n"), "{y}");
        assert!(
            y.contains("privileged: true\n")
                && y.contains("tty: true\n")
                && y.contains("stdin: true\n")
        );
        assert!(y.contains("terminationGracePeriodSeconds: 90\n"));
        assert!(
            y.contains("annotations:\n        com.example.team: web\n"),
            "{y}"
        );
        for text in [
            "`extra_hosts: c=host-gateway`",
            "`network_mode: host`",
            "`pid: host`",
            "`devices`",
            "the label `bad key`",
        ] {
            assert!(has_note(&c, text), "{text}");
        }
    }

    #[test]
    fn odd_input_converts_without_panicking() {
        for json in [
            "null",
            "[]",
            r#"{"services":[]}"#,
            r#"{"services":{"s":null}}"#,
            r#"{"services":{"s":{"image":"x","ports":[{"target":"abc"},{"target":70000},1],"expose":["1-65535","0",null],
                "volumes":[{"type":"volume"},{"target":"/a"},{"type":"volume","source":"v","target":"/a"}],
                "healthcheck":{"test":["CMD"],"interval":"forever"},"deploy":{"resources":{"limits":{"cpus":"x","memory":-5}}},
                "user":"1:x","environment":{"A":[1]},"secrets":[{"source":"missing"}],"depends_on":{"zz":null}}}}"#,
        ] {
            let c = run(json);
            assert!(
                c.yaml.is_empty() || c.yaml.starts_with("---") || c.yaml.starts_with('#'),
                "{json}"
            );
        }
        // Many names that meet stay distinct, and valid.
        let services: Vec<String> = (0..200)
            .map(|i| {
                format!(
                    "\"a{}\":{{\"image\":\"x:1\"}}",
                    "_".repeat(i % 7 + 1) + &".".repeat(i / 7)
                )
            })
            .collect();
        let c = run(&format!(
            r#"{{"name":"p","services":{{{}}}}}"#,
            services.join(",")
        ));
        assert_eq!(c.objects, 200);
    }
}
