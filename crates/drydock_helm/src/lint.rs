//! `helm lint`'s checks (Helm v4.1.4, `pkg/chart/v2/lint/rules`) that rendering does not make:
//! what `Chart.yaml` says (types, URLs, e-mail addresses, fields Helm does not know, versions
//! that are not strict SemVer 2, what an apiVersion v1 chart may not say, subcharts it does not
//! declare), templates' file names and indentation, `crds/`. Each finding is Helm's message at
//! the place it is about. What Helm checks while it loads or renders a chart is the render's
//! ([`crate::workspace`], `helm/render`); the names and APIs of rendered objects are the
//! Kubernetes rules'.

use std::borrow::Cow;
use std::rc::Rc;

use drydock_base::Severity;
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId, ScalarKind};

use crate::chart::{Files, Output, Texts};

/// One `helm lint` finding: the rule, Helm's severity and words, and where, by the file's path
/// in the chart's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintFinding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    pub range: TextRange,
}

/// The fields of `Chart.yaml` (Helm's `Metadata`), of a maintainer and of a dependency: Helm's
/// strict reading refuses any other (Go's JSON decoding, so without regard to case).
const METADATA_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "deprecated",
    "annotations",
    "kubeVersion",
    "dependencies",
    "type",
];
const MAINTAINER_FIELDS: &[&str] = &["name", "email", "url"];
const DEPENDENCY_FIELDS: &[&str] = &[
    "name",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
];

/// The extensions Helm accepts for a file under `templates/`.
const TEMPLATE_EXTENSIONS: &[&str] = &[".yaml", ".yml", ".tpl", ".txt"];

/// The lint findings of the chart whose files are `files` (paths in its folder, subcharts
/// under `charts/`), whose templates printed `outputs` when they ran.
pub fn lint(files: &Files, outputs: Option<&[Output]>) -> Vec<LintFinding> {
    let texts: Texts = files
        .iter()
        .map(|(path, text)| (path.clone(), Rc::from(text.as_str())))
        .collect();
    lint_with(&texts, outputs, &std::cell::OnceCell::new())
}

/// [`lint`], with `values` the first document of the chart's `values.yaml`, parsed here when a
/// check needs it (and left in `values` for the caller, who reads the same file: one parse).
pub fn lint_with(
    files: &Texts,
    outputs: Option<&[Output]>,
    values: &std::cell::OnceCell<Option<Document>>,
) -> Vec<LintFinding> {
    let rules = crate::helmignore::Rules::parse(files.get(".helmignore").map(|text| &**text));
    let mut out = Vec::new();
    if let Some(text) = files.get("Chart.yaml") {
        chart_file(text, files, &mut out);
    }
    let mut has_templates = false;
    for path in files.keys().filter(|path| !rules.excludes(path)) {
        let Some(name) = path.strip_prefix("templates/") else {
            continue;
        };
        has_templates = true;
        let extension = extension(name);
        if !TEMPLATE_EXTENSIONS.contains(&extension) {
            out.push(LintFinding {
                rule: crate::rules::template_extension::RULE.id,
                severity: Severity::Error,
                message: format!(
                    "file extension '{extension}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
                ),
                path: path.clone(),
                range: TextRange::new(0, 0),
            });
        }
    }
    if !has_templates {
        out.push(LintFinding {
            rule: crate::rules::no_templates::RULE.id,
            severity: Severity::Warning,
            message: "templates/: directory does not exist".to_owned(),
            path: "Chart.yaml".to_owned(),
            range: TextRange::new(0, 0),
        });
    }
    for output in outputs.unwrap_or_default() {
        if let Some((line, origin)) = output.indented() {
            out.push(LintFinding {
                rule: crate::rules::template_indent::RULE.id,
                severity: Severity::Warning,
                message: format!(
                    "document starts with an illegal indent: {}, which may cause parsing problems",
                    crate::template::fmt::quote(line)
                ),
                path: origin.file.to_string(),
                range: TextRange::new(origin.origin.start, origin.origin.end),
            });
        }
    }
    let mut reads: Vec<&crate::template::UnsetRead> = outputs
        .unwrap_or_default()
        .iter()
        .flat_map(|output| &output.unset)
        .collect();
    reads.sort_by(|a, b| (&a.template, a.range.start).cmp(&(&b.template, b.range.start)));
    reads.dedup_by(|a, b| a.template == b.template && a.range == b.range);
    for read in reads {
        // Globals are a parent's to set.
        if read
            .path
            .first()
            .map_or(read.field == "global", |top| top == "global")
        {
            continue;
        }
        let mut written = String::from(".Values");
        for key in read.path.iter().chain([&read.field]) {
            written.push('.');
            written.push_str(key);
        }
        let mut message =
            format!("the template reads `{written}`, which no values file sets: it is empty here");
        // A key the values hold that is close: most likely a typo. Else an optional value the
        // chart reads without declaring it: a note.
        let close =
            drydock_base::suggest::did_you_mean(&read.field, read.keys.iter().map(String::as_str));
        if let Some(close) = close {
            message.push_str(&format!(" (did you mean `{close}`?)"));
        }
        out.push(LintFinding {
            rule: crate::rules::undeclared_value::RULE.id,
            severity: if close.is_some() {
                Severity::Warning
            } else {
                Severity::Info
            },
            message,
            path: read.template.to_string(),
            range: TextRange::new(read.range.start, read.range.end),
        });
    }
    if let Some(text) = files.get("values.yaml") {
        unused_values(text, values, files, &mut out);
    }
    for (path, text) in files {
        if path.starts_with("crds/") && !rules.excludes(path) && is_yaml_path(path) {
            crd_file(path, text, &mut out);
        }
    }
    out
}

/// `filepath.Ext`: from the last dot of the last path element, `""` when it has none.
fn extension(path: &str) -> &str {
    let base = path.rsplit('/').next().unwrap_or(path);
    base.rfind('.').and_then(|at| base.get(at..)).unwrap_or("")
}

fn is_yaml_path(path: &str) -> bool {
    let extension = extension(path).to_ascii_lowercase();
    extension == ".yaml" || extension == ".yml" || extension == ".json"
}

/// The checks of `Chart.yaml` (Helm's `rules.Chartfile`, and `rules.Dependencies`' subcharts
/// the metadata does not name). A file that is not a mapping is the render's to report.
fn chart_file(text: &str, files: &Texts, out: &mut Vec<LintFinding>) {
    let stream = drydock_yaml::parse(text);
    let Some(document) = stream.documents.first() else {
        return;
    };
    let Some(root) = document
        .root
        .filter(|&root| document.entries(root).is_some())
    else {
        return;
    };
    if !document.is_complete() {
        return;
    }
    let mut push = |rule: &'static str, severity, message: String, range| {
        out.push(LintFinding {
            rule,
            severity,
            message,
            path: "Chart.yaml".to_owned(),
            range,
        });
    };
    let chart_file_rule = crate::rules::chart_file::RULE.id;
    // Fields Helm does not know, here and in maintainers and dependencies.
    let mut unknown = Vec::new();
    unknown_fields(document, root, METADATA_FIELDS, &mut unknown);
    for (key, list) in [
        ("maintainers", MAINTAINER_FIELDS),
        ("dependencies", DEPENDENCY_FIELDS),
    ] {
        for item in field(document, root, key)
            .and_then(|entry| document.items(entry.value))
            .unwrap_or_default()
        {
            unknown_fields(document, *item, list, &mut unknown);
        }
    }
    for (name, range, known) in unknown {
        let mut message = format!(
            "failed to strictly parse chart metadata file: error unmarshaling JSON: while decoding JSON: json: unknown field {}",
            crate::template::fmt::quote(&name)
        );
        if let Some(close) = drydock_base::suggest::did_you_mean(&name, known.iter().copied()) {
            message.push_str(&format!(" (did you mean `{close}`?)"));
        }
        push(
            crate::rules::unknown_chart_field::RULE.id,
            Severity::Warning,
            message,
            range,
        );
    }
    // Version and appVersion written as strings (a number is read as Go's float64).
    for key in ["version", "appVersion"] {
        if let Some(entry) = field(document, root, key)
            && let Some(type_name) = go_type(document, entry.value)
            && type_name != "string"
        {
            push(
                chart_file_rule,
                Severity::Error,
                format!("{key} should be of type string but it's of type {type_name}"),
                document.range(entry.value),
            );
        }
    }
    let api_version = string(document, root, "apiVersion");
    if let Some((api_version, range)) = &api_version
        && !api_version.is_empty()
        && api_version != "v1"
        && api_version != "v2"
    {
        push(
            chart_file_rule,
            Severity::Error,
            format!(
                "apiVersion '{api_version}' is not valid. The value must be either \"v1\" or \"v2\""
            ),
            *range,
        );
    }
    let version = string(document, root, "version");
    if let Some((version, range)) = &version
        && !version.is_empty()
    {
        match crate::funcs::sprig::numbers::semver::Version::parse(version) {
            Err(_) => push(
                chart_file_rule,
                Severity::Error,
                format!("version '{version}' is not a valid SemVer"),
                *range,
            ),
            Ok(_) if !crate::funcs::sprig::numbers::semver::Version::is_strict(version) => push(
                crate::rules::chart_version_semver::RULE.id,
                Severity::Warning,
                format!("version '{version}' is not a valid SemVerV2"),
                *range,
            ),
            Ok(_) => {}
        }
    }
    for item in field(document, root, "maintainers")
        .and_then(|entry| document.items(entry.value))
        .unwrap_or_default()
    {
        let name = string(document, *item, "name").map(|(name, _)| name);
        let range = document.range(*item);
        match name {
            // An empty entry is refused when the chart loads: the render says so.
            _ if document.entries(*item).is_none_or(<[_]>::is_empty) => {}
            None => push(
                chart_file_rule,
                Severity::Error,
                "each maintainer requires a name".to_owned(),
                range,
            ),
            Some(name) if name.is_empty() => push(
                chart_file_rule,
                Severity::Error,
                "each maintainer requires a name".to_owned(),
                range,
            ),
            Some(name) => {
                if let Some((email, at)) = string(document, *item, "email")
                    && !email.is_empty()
                    && !is_email(&email)
                {
                    push(
                        chart_file_rule,
                        Severity::Error,
                        format!("invalid email '{email}' for maintainer '{name}'"),
                        at,
                    );
                }
                if let Some((url, at)) = string(document, *item, "url")
                    && !url.is_empty()
                    && !is_url(&url)
                {
                    push(
                        chart_file_rule,
                        Severity::Error,
                        format!("invalid url '{url}' for maintainer '{name}'"),
                        at,
                    );
                }
            }
        }
    }
    for item in field(document, root, "sources")
        .and_then(|entry| document.items(entry.value))
        .unwrap_or_default()
    {
        let source = document
            .scalar(*item)
            .map(|scalar| scalar.value.clone())
            .unwrap_or_default();
        if source.is_empty() || !is_request_url(&source) {
            push(
                chart_file_rule,
                Severity::Error,
                format!("invalid source URL '{source}'"),
                document.range(*item),
            );
        }
    }
    match string(document, root, "icon") {
        Some((icon, range)) if !icon.is_empty() => {
            if !is_request_url(&icon) {
                push(
                    chart_file_rule,
                    Severity::Error,
                    format!("invalid icon URL '{icon}'"),
                    range,
                );
            }
        }
        _ => push(
            crate::rules::chart_icon::RULE.id,
            Severity::Info,
            "icon is recommended".to_owned(),
            field(document, root, "name")
                .map_or(TextRange::new(0, 0), |entry| document.range(entry.key)),
        ),
    }
    let v2 = api_version.as_ref().is_some_and(|(v, _)| v == "v2");
    if !v2 {
        let api = api_version.map(|(v, _)| v).unwrap_or_default();
        if let Some(entry) = field(document, root, "type")
            && go_type(document, entry.value).is_some()
            && document
                .scalar(entry.value)
                .is_some_and(|s| !s.value.is_empty() && s.kind != ScalarKind::Null)
        {
            push(
                chart_file_rule,
                Severity::Error,
                format!(
                    "chart type is not valid in apiVersion '{api}'. It is valid in apiVersion 'v2'"
                ),
                document.range(entry.key),
            );
        }
        if let Some(entry) = field(document, root, "dependencies")
            && document
                .items(entry.value)
                .is_some_and(|items| !items.is_empty())
        {
            push(
                chart_file_rule,
                Severity::Error,
                format!(
                    "dependencies are not valid in the Chart file with apiVersion '{api}'. They are valid in apiVersion 'v2'"
                ),
                document.range(entry.key),
            );
        }
    }
    // Subcharts in `charts/` that the metadata does not name (a v1 chart names them in
    // `requirements.yaml`).
    let declared = declared_dependencies(document, root, v2, files);
    let mut missing: Vec<String> = Vec::new();
    for (path, text) in files {
        let Some(rest) = path.strip_prefix("charts/") else {
            continue;
        };
        let Some(folder) = rest.strip_suffix("/Chart.yaml") else {
            continue;
        };
        if folder.contains('/') {
            continue;
        }
        let Some(name) = chart_name(text) else {
            continue;
        };
        if !declared.contains(&name) && !missing.contains(&name) {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        let range = field(document, root, "dependencies")
            .or_else(|| field(document, root, "name"))
            .map_or(TextRange::new(0, 0), |entry| document.range(entry.key));
        push(
            chart_file_rule,
            Severity::Error,
            format!(
                "chart metadata is missing these dependencies: {}",
                missing.join(",")
            ),
            range,
        );
    }
}

/// What the chart's templates (its own and its subcharts', every branch of them) could read of
/// the values, from their text: every name written as a field (`.name`) or a string
/// (`"name"`, for `index`, `get`, `hasKey`), and the names a field chain ends at (`.Values.env`
/// followed by no further field: the map may be used whole, by `toYaml` or `range`).
/// The names borrow the chart's texts (a name is met many times: no copy for each).
///
/// One map for both: each name, and whether it may be used whole (a name that may be used whole
/// is read, too), so a name met is hashed once. Only the names that may be keys of the values
/// are kept ([`KeyShapes`]): most names a template writes (its functions, `.Release`, its own
/// variables' fields) are not, and are dropped without hashing them.
#[derive(Default)]
struct Mentions<'t> {
    names: std::collections::HashMap<Cow<'t, str>, bool>,
    keys: Option<KeyShapes>,
}

/// The first byte and length (up to 63) of each key of a values document, `Values` among them:
/// a name of another shape is none of them. A filter only: what passes is looked up.
struct KeyShapes([u64; 256]);

impl KeyShapes {
    fn of(document: &Document) -> KeyShapes {
        let mut shapes = KeyShapes([0; 256]);
        shapes.add("Values");
        for node in &document.nodes {
            if let drydock_yaml::Value::Mapping(entries) = &node.value {
                for entry in entries {
                    if let Some(key) = document.key_str(entry) {
                        shapes.add(key);
                    }
                }
            }
        }
        shapes
    }

    fn slot(name: &str) -> (usize, u64) {
        let first = name.as_bytes().first().copied().unwrap_or(0);
        (usize::from(first), 1 << name.len().min(63))
    }

    fn add(&mut self, name: &str) {
        let (first, bit) = KeyShapes::slot(name);
        if let Some(slot) = self.0.get_mut(first) {
            *slot |= bit;
        }
    }

    fn may_hold(&self, name: &str) -> bool {
        let (first, bit) = KeyShapes::slot(name);
        self.0.get(first).is_some_and(|slot| slot & bit != 0)
    }
}

impl<'t> Mentions<'t> {
    /// Notes that `name` is read, and used whole if `whole`.
    fn note(&mut self, name: Cow<'t, str>, whole: bool) {
        if self.keys.as_ref().is_some_and(|keys| !keys.may_hold(&name)) {
            return;
        }
        *self.names.entry(name).or_insert(false) |= whole;
    }

    /// Whether `name` is read.
    fn is_read(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// Whether what `name` holds may be used whole.
    fn is_whole(&self, name: &str) -> bool {
        self.names.get(name).copied().unwrap_or(false)
    }

    /// What the actions (`{{ … }}`) of a template read.
    fn read_template(&mut self, text: &'t str) {
        let mut rest = text;
        use crate::template::lex::find_pair;
        while let Some(open) = find_pair(rest, b'{') {
            let after = rest.get(open + 2..).unwrap_or_default();
            let close = find_pair(after, b'}').unwrap_or(after.len());
            self.read(after.get(..close).unwrap_or_default());
            rest = after.get(close..).unwrap_or_default();
        }
    }

    /// Every word of a text (`Chart.yaml`: its dependencies' conditions, tags and the parents
    /// of `import-values`, which Helm fills or reads whole).
    fn read_words(&mut self, text: &'t str) {
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
            if !word.is_empty() {
                self.note(Cow::Borrowed(word), true);
            }
        }
    }

    /// What a subchart's `values.yaml` exports (`exports.x`, imported whole by a parent's
    /// `import-values: [x]`): the keys of each export land at the top of the parent's values.
    fn read_exports(&mut self, text: &str) {
        let stream = drydock_yaml::parse(text);
        let Some(document) = stream.documents.first() else {
            return;
        };
        let Some(exports) = document
            .root
            .and_then(|root| document.get(root, "exports"))
            .map(|entry| entry.value)
        else {
            return;
        };
        for export in document.entries(exports).unwrap_or_default() {
            for key in document.entries(export.value).unwrap_or_default() {
                if let Some(name) = document.key_str(key) {
                    self.note(Cow::Owned(name.to_owned()), true);
                }
            }
        }
    }

    /// What the text of one action reads.
    fn read(&mut self, text: &'t str) {
        let bytes = text.as_bytes();
        let is_name = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let in_chain = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '$');
        // Where the last chain ended, and whether a lookup takes it: a later field of the same
        // run of chain characters has the same start, which is not walked back to again
        // (`.a$.a$.a…` would cost the square of its length).
        let mut last_chain: Option<(usize, bool)> = None;
        let mut at = 0;
        while let Some(&c) = bytes.get(at) {
            match c {
                b'.' => {
                    let start = at + 1;
                    let mut end = start;
                    while bytes.get(end).copied().is_some_and(is_name) {
                        end += 1;
                    }
                    if let Some(name) = text.get(start..end).filter(|n| !n.is_empty()) {
                        // At the chain's end: the chain's start, and whether a lookup of named
                        // keys takes it (`index .Values "a"`: only `a` is read, and it is a
                        // string here).
                        if bytes.get(end) != Some(&b'.') {
                            let looked_up = match last_chain {
                                // The same run as the last chain's: the same start.
                                Some((from, looked_up))
                                    if text
                                        .get(from..at)
                                        .is_some_and(|gap| gap.chars().all(in_chain)) =>
                                {
                                    looked_up
                                }
                                _ => {
                                    let chain_start = text.get(..at).map_or(0, |before| {
                                        before.trim_end_matches(in_chain).len()
                                    });
                                    text.get(..chain_start).is_some_and(|before| {
                                        let before = before.trim_end().trim_end_matches('(');
                                        ["index", "hasKey", "get", "pluck"]
                                            .iter()
                                            .any(|lookup| before.ends_with(lookup))
                                    })
                                }
                            };
                            last_chain = Some((at, looked_up));
                            self.note(Cow::Borrowed(name), !looked_up);
                        } else {
                            self.note(Cow::Borrowed(name), false);
                        }
                    }
                    at = end.max(at + 1);
                }
                b'"' | b'`' => {
                    let end = text
                        .get(at + 1..)
                        .and_then(|rest| rest.find(c as char))
                        .map_or(text.len(), |n| at + 1 + n);
                    if let Some(literal) = text.get(at + 1..end) {
                        // `index .Values "a" "b"`, `dig "a" "b"`, a dependency's condition.
                        // What a lookup returns may be used whole.
                        for part in literal.split(['.', ',']) {
                            self.note(Cow::Borrowed(part.trim()), true);
                        }
                    }
                    at = end + 1;
                }
                _ => at += 1,
            }
        }
    }
}

/// The keys of `values.yaml` that nothing in the chart could read (Drydock's
/// `helm/unused-value`): each reported at its key, the topmost of a branch only.
fn unused_values(
    text: &str,
    values: &std::cell::OnceCell<Option<Document>>,
    files: &Texts,
    out: &mut Vec<LintFinding>,
) {
    let values = values.get_or_init(|| drydock_yaml::parse(text).documents.into_iter().next());
    let Some(document) = values else {
        return;
    };
    let Some(root) = document.root else { return };
    // Only what may be a key of the values is noted.
    let mut mentions = Mentions {
        keys: Some(KeyShapes::of(document)),
        ..Mentions::default()
    };
    for (path, text) in files {
        let template = path.starts_with("templates/")
            || (path.starts_with("charts/") && path.contains("/templates/"));
        // Values that hold templates (`tpl .Values.x $`), and the conditions and tags of
        // `Chart.yaml`, read values too.
        if template || path.ends_with("values.yaml") {
            mentions.read_template(text);
        } else if path.ends_with("Chart.yaml") {
            mentions.read_words(text);
        }
        if path.starts_with("charts/") && path.ends_with("/values.yaml") {
            mentions.read_exports(text);
        }
    }
    // The whole of `.Values` handed on (`toYaml .Values`, `include "x" .Values`): anything may
    // be read.
    if mentions.is_whole("Values") {
        return;
    }
    // Subcharts' sections and the tags of dependencies are read by Helm itself.
    let mut pending: Vec<(NodeId, Vec<String>)> = vec![(root, Vec::new())];
    let mut budget = document.nodes.len();
    while let Some((node, path)) = pending.pop() {
        if budget == 0 {
            return;
        }
        budget -= 1;
        // A map that may be used whole: what it holds is used with it.
        if path.last().is_some_and(|key| mentions.is_whole(key)) {
            continue;
        }
        for entry in document
            .entries(node)
            .unwrap_or_default()
            .iter()
            .filter(|e| !e.merged)
        {
            let Some(key) = document.key_str(entry) else {
                continue;
            };
            // Helm's own: globals, tags, what the chart exports to its parents.
            if path.is_empty() && matches!(key, "global" | "tags" | "exports") {
                continue;
            }
            if path.is_empty() && files.contains_key(&format!("charts/{key}/Chart.yaml")) {
                continue;
            }
            if mentions.is_read(key) {
                let mut child = path.clone();
                child.push(key.to_owned());
                pending.push((entry.value, child));
                continue;
            }
            let mut dotted = path.join(".");
            if !dotted.is_empty() {
                dotted.push('.');
            }
            dotted.push_str(key);
            out.push(LintFinding {
                rule: crate::rules::unused_value::RULE.id,
                severity: Severity::Warning,
                message: format!(
                    "`{dotted}` is set here, but no template of the chart reads it: changing it changes nothing"
                ),
                path: "values.yaml".to_owned(),
                range: document.range(entry.key),
            });
        }
    }
}

/// The names of the dependencies the chart declares.
fn declared_dependencies(
    document: &Document,
    root: NodeId,
    v2: bool,
    files: &Texts,
) -> Vec<String> {
    let names = |document: &Document, root: NodeId| -> Vec<String> {
        field(document, root, "dependencies")
            .and_then(|entry| document.items(entry.value))
            .unwrap_or_default()
            .iter()
            .filter_map(|item| string(document, *item, "name").map(|(name, _)| name))
            .collect()
    };
    if v2 {
        return names(document, root);
    }
    let Some(requirements) = files.get("requirements.yaml") else {
        return names(document, root);
    };
    let stream = drydock_yaml::parse(requirements);
    stream
        .documents
        .first()
        .and_then(|document| Some(names(document, document.root?)))
        .unwrap_or_default()
}

/// The `name` a `Chart.yaml` gives its chart.
fn chart_name(text: &str) -> Option<String> {
    let stream = drydock_yaml::parse(text);
    let document = stream.documents.first()?;
    string(document, document.root?, "name").map(|(name, _)| name)
}

/// The entry of `map` whose key is `key`, without regard to case (Go's JSON decoding); the
/// last of equal keys.
fn field<'d>(document: &'d Document, map: NodeId, key: &str) -> Option<&'d drydock_yaml::Entry> {
    let entries = document.entries(map)?;
    entries
        .iter()
        .rev()
        .find(|entry| document.key_str(entry) == Some(key))
        .or_else(|| {
            entries.iter().rev().find(|entry| {
                document
                    .key_str(entry)
                    .is_some_and(|k| k.eq_ignore_ascii_case(key))
            })
        })
}

/// The text of scalar field `key` of `map` (whatever its YAML type) and where it is.
fn string(document: &Document, map: NodeId, key: &str) -> Option<(String, TextRange)> {
    let entry = field(document, map, key)?;
    let scalar = document.scalar(entry.value)?;
    let text = if scalar.kind == ScalarKind::Null {
        String::new()
    } else {
        match scalar.kind {
            // Go prints the float64 it read.
            ScalarKind::Int(_) | ScalarKind::Float(_) => {
                let number: f64 = scalar.value.parse().unwrap_or_default();
                crate::template::fmt::float_g(number, None, false)
            }
            _ => scalar.value.clone(),
        }
    };
    Some((text, document.range(entry.value)))
}

/// Go's `%T` of what `encoding/json` reads a node as (`None` for null, which Helm skips).
fn go_type(document: &Document, node: NodeId) -> Option<&'static str> {
    if document.entries(node).is_some() {
        return Some("map[string]interface {}");
    }
    if document.items(node).is_some() {
        return Some("[]interface {}");
    }
    match document.scalar(node)?.kind {
        ScalarKind::Null => None,
        ScalarKind::Bool(_) => Some("bool"),
        ScalarKind::Int(_) | ScalarKind::Float(_) => Some("float64"),
        ScalarKind::String => Some("string"),
    }
}

/// Each key of mapping `node` that `known` does not name (without regard to case).
fn unknown_fields(
    document: &Document,
    node: NodeId,
    known: &'static [&'static str],
    out: &mut Vec<(String, TextRange, &'static [&'static str])>,
) {
    for entry in document.entries(node).unwrap_or_default() {
        let Some(key) = document.key_str(entry) else {
            continue;
        };
        if !known.iter().any(|field| field.eq_ignore_ascii_case(key)) {
            out.push((key.to_owned(), document.range(entry.key), known));
        }
    }
}

/// The checks of a file under `crds/` (Helm's `rules.Crds`): each document YAML, of
/// `apiextensions.k8s.io`, a `CustomResourceDefinition`.
fn crd_file(path: &str, text: &str, out: &mut Vec<LintFinding>) {
    let stream = drydock_yaml::parse(text);
    let mut push = |message: String, range| {
        out.push(LintFinding {
            rule: crate::rules::crd_file::RULE.id,
            severity: Severity::Error,
            message,
            path: path.to_owned(),
            range,
        });
    };
    for document in &stream.documents {
        if let Some(error) = document.errors.first() {
            push(
                format!(
                    "unable to parse YAML: error converting YAML to JSON: yaml: {}",
                    crate::values::go_yaml_message(text, error)
                ),
                error.range,
            );
            return;
        }
        let Some(root) = document
            .root
            .filter(|&root| document.entries(root).is_some())
        else {
            continue;
        };
        let head = field(document, root, "apiVersion")
            .or_else(|| field(document, root, "kind"))
            .map_or(document.range(root), |entry| document.range(entry.key));
        let api_version = string(document, root, "apiVersion");
        if !api_version
            .as_ref()
            .is_some_and(|(v, _)| v.starts_with("apiextensions.k8s.io"))
        {
            push(
                "apiVersion is not in 'apiextensions.k8s.io'".to_owned(),
                api_version.map_or(head, |(_, range)| range),
            );
        }
        let kind = string(document, root, "kind");
        if kind
            .as_ref()
            .is_none_or(|(k, _)| k != "CustomResourceDefinition")
        {
            push(
                "object kind is not 'CustomResourceDefinition'".to_owned(),
                kind.map_or(head, |(_, range)| range),
            );
        }
    }
}

/// A URL as `govalidator.IsRequestURL` takes one (Go's `url.ParseRequestURI` with a scheme):
/// a scheme, then no space or control character, and a host without characters a host cannot
/// hold.
pub fn is_request_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || text.chars().any(|c| c.is_control() || c == ' ') {
        return false;
    }
    if !valid_escapes(rest) {
        return false;
    }
    if let Some(authority) = rest.strip_prefix("//") {
        let host = authority
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .rsplit('@')
            .next()
            .unwrap_or_default();
        return host
            .chars()
            .all(|c| c.is_alphanumeric() || "-._~!$&'()*+,;=:[]%".contains(c));
    }
    // An opaque URL (`mailto:x`) is not a request URI; a rooted path is.
    rest.starts_with('/') || rest.is_empty()
}

/// Every `%` followed by two hex digits.
fn valid_escapes(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(at, &b)| {
        b != b'%'
            || (bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// A URL as `govalidator.IsURL` takes one: no space, longer than 3 characters, not starting
/// with a dot, and a host (with a scheme or without) of labels, an IP address or `localhost`.
pub fn is_url(text: &str) -> bool {
    if text.chars().count() <= 3 || text.starts_with('.') || text.chars().any(char::is_whitespace) {
        return false;
    }
    let rest = match text.split_once("://") {
        Some((scheme, rest)) => {
            if !matches!(
                scheme.to_ascii_lowercase().as_str(),
                "http" | "https" | "ftp" | "irc" | "ws" | "wss"
            ) {
                return false;
            }
            rest
        }
        None => text,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(host, _)| host);
    if host == "localhost" || host.parse::<core::net::IpAddr>().is_ok() {
        return true;
    }
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
}

/// An e-mail address as `govalidator.IsEmail` takes one: a local part and a domain of labels.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    local_ok
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_read_chains_in_linear_time() {
        let mut mentions = Mentions::default();
        mentions.read_template("{{ index .Values.a \"b\" }} {{ toYaml .Values.c.d }} {{ $.e$.f }}");
        for name in ["Values", "a", "b", "c", "d", "e", "f"] {
            assert!(mentions.is_read(name), "{name}");
        }
        for (name, whole) in [
            ("a", false),
            ("b", true),
            ("d", true),
            ("e", true),
            ("f", true),
        ] {
            assert_eq!(mentions.is_whole(name), whole, "{name}");
        }
        // Fields chained through `$` (each ends a chain): once over the run, not once a field.
        let long = format!("{{{{ index {} }}}}", ".a$".repeat(200_000));
        let mut mentions = Mentions::default();
        mentions.read_template(&long);
        assert!(mentions.is_read("a") && !mentions.is_whole("a"));
    }

    #[test]
    fn urls_and_addresses_as_govalidator_reads_them() {
        for (url, ok) in [
            ("https://example.com/icon.png", true),
            ("ftp://x", true),
            ("notaurl", false),
            ("x", false),
            ("http://x y", false),
            ("", false),
            ("http://a%zz", false),
        ] {
            assert_eq!(is_request_url(url), ok, "{url}");
        }
        for (url, ok) in [
            ("https://example.com", true),
            ("example.com/me", true),
            ("x y", false),
            ("abc", false),
            ("http://localhost:8080", true),
        ] {
            assert_eq!(is_url(url), ok, "{url}");
        }
        for (email, ok) in [
            ("me@example.com", true),
            ("bad", false),
            ("a@b", false),
            ("a b@example.com", false),
        ] {
            assert_eq!(is_email(email), ok, "{email}");
        }
    }
}

#[cfg(test)]
mod chart_tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect()
    }

    #[test]
    fn chart_file_findings_in_helms_words_at_their_keys() {
        let chart = "apiVersion: v2\nname: c3\nversion: v1.2\nappVersion: 1.10\nengine: x\n";
        let files = files(&[
            ("Chart.yaml", chart),
            ("templates/cm.yaml", "kind: ConfigMap\n"),
            ("templates/x.json", "{}"),
        ]);
        let found = lint(&files, None);
        let messages: Vec<(&str, &str)> = found
            .iter()
            .map(|f| {
                (
                    f.message.as_str(),
                    chart.get(f.range.start..f.range.end).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "failed to strictly parse chart metadata file: error unmarshaling JSON: while decoding JSON: json: unknown field \"engine\"",
                    "engine"
                ),
                (
                    "appVersion should be of type string but it's of type float64",
                    "1.10"
                ),
                ("version 'v1.2' is not a valid SemVerV2", "v1.2"),
                ("icon is recommended", "name"),
                (
                    "file extension '.json' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt",
                    ""
                ),
            ]
        );
    }

    #[test]
    fn a_value_the_values_do_not_hold_is_reported_where_a_template_reads_it() {
        let template = "{{- define \"port\" }}{{ .Values.service.prot }}{{ end -}}\nkind: Service\nspec:\n  replicas: {{ .Values.replicaCout }}\n  port: {{ include \"port\" . }}\n  opt: {{ .Values.extra | default 1 }}\n  g: {{ .Values.global }}\n";
        let files = files(&[
            (
                "Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 1.0.0\nicon: https://example.com/i.png\n",
            ),
            ("values.yaml", "replicaCount: 1\nservice:\n  port: 80\n"),
            ("templates/svc.yaml", template),
        ]);
        let outputs = crate::chart::render_outputs(&files, &crate::chart::Options::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let linted = lint(&files, Some(&outputs));
        let found: Vec<(Severity, &str, &str)> = linted
            .iter()
            .filter(|f| f.rule == "helm/undeclared-value")
            .map(|f| {
                (
                    f.severity,
                    f.message.as_str(),
                    template.get(f.range.start..f.range.end).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    Severity::Warning,
                    "the template reads `.Values.service.prot`, which no values file sets: it is empty here (did you mean `port`?)",
                    ".Values.service.prot"
                ),
                (
                    Severity::Warning,
                    "the template reads `.Values.replicaCout`, which no values file sets: it is empty here (did you mean `replicaCount`?)",
                    ".Values.replicaCout"
                ),
                (
                    Severity::Info,
                    "the template reads `.Values.extra`, which no values file sets: it is empty here",
                    ".Values.extra"
                ),
            ]
        );
    }

    #[test]
    fn values_nothing_could_read_are_reported_at_their_topmost_key() {
        let values = "replicas: 1\nreplicaCount: 2\nimage:\n  repository: nginx\n  tagg: x\n  extra:\n    a: 1\nresources:\n  limits:\n    cpu: 1\ndb:\n  enabled: true\n  port: 5432\nglobal:\n  x: 1\nlabels:\n  team: '{{ .Values.teamName }}'\nteamName: a\nkeys: {a: 1}\n";
        let template = "spec:\n  replicas: {{ .Values.replicaCount }}\n  image: \"{{ .Values.image.repository }}\"\n  resources: {{- toYaml .Values.resources | nindent 4 }}\n  labels: {{ tpl (toYaml .Values.labels) . }}\n  k: {{ index .Values \"keys\" }}\n";
        let files = files(&[
            (
                "Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n  - name: db\n    condition: db.enabled\n",
            ),
            ("values.yaml", values),
            ("templates/deploy.yaml", template),
            (
                "charts/db/Chart.yaml",
                "apiVersion: v2\nname: db\nversion: 1.0.0\n",
            ),
        ]);
        let linted = lint(&files, None);
        let found: Vec<(&str, &str)> = linted
            .iter()
            .filter(|f| f.rule == "helm/unused-value")
            .map(|f| {
                (
                    f.message.split('`').nth(1).unwrap_or_default(),
                    values.get(f.range.start..f.range.end).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("replicas", "replicas"),
                ("image.tagg", "tagg"),
                ("image.extra", "extra")
            ]
        );
    }
}
