//! Choosing resources: the `target` of a patch or a replacement, as kustomize selects them.
//!
//! Group, version and kind must equal when given; `name` and `namespace` are regular
//! expressions anchored at both ends, matched against the resource's current *or* original
//! name and namespace (an empty namespace is `default`); `labelSelector` and
//! `annotationSelector` use Kubernetes' label selector syntax.

use crate::resource::Resource;
use crate::value::Node;

/// A parsed `target`.
#[derive(Debug, Clone, Default)]
pub struct Selector {
    pub group: Option<String>,
    pub version: Option<String>,
    pub kind: Option<String>,
    name: Option<regex_lite::Regex>,
    namespace: Option<regex_lite::Regex>,
    labels: Option<Requirements>,
    annotations: Option<Requirements>,
}

/// The fields a `target` may have.
pub const FIELDS: &[&str] = &[
    "group",
    "version",
    "kind",
    "name",
    "namespace",
    "labelSelector",
    "annotationSelector",
];

/// Regular expressions longer than this are refused (they come from user input and are
/// compiled: a bound keeps a hostile one cheap).
const MAX_PATTERN: usize = 4096;

impl Selector {
    /// Reads a `target` mapping; the error says which field is wrong and why.
    pub fn parse(node: &Node) -> Result<Selector, String> {
        if !node.is_map() {
            return Err("a patch `target` must be a mapping of selector fields".to_owned());
        }
        let text = |key: &str| -> Option<String> {
            node.get(key)
                .and_then(Node::as_scalar)
                .filter(|s| !s.is_null())
                .map(|s| s.text.clone())
                .filter(|s| !s.is_empty())
        };
        for entry in node.entries().unwrap_or_default() {
            if !FIELDS.contains(&entry.key.as_str()) {
                return Err(format!(
                    "`{}` is not a field of a patch target (one of {})",
                    entry.key,
                    FIELDS.join(", ")
                ));
            }
        }
        let anchored = |key: &str| -> Result<Option<regex_lite::Regex>, String> {
            let Some(pattern) = text(key) else {
                return Ok(None);
            };
            if pattern.len() > MAX_PATTERN {
                return Err(format!("the target's `{key}` is too long to be a pattern"));
            }
            regex_lite::Regex::new(&format!("^(?:{pattern})$"))
                .map(Some)
                .map_err(|error| {
                    format!("the target's `{key}` is not a regular expression: {error}")
                })
        };
        Ok(Selector {
            group: text("group"),
            version: text("version"),
            kind: text("kind"),
            name: anchored("name")?,
            namespace: anchored("namespace")?,
            labels: text("labelSelector")
                .map(|s| Requirements::parse(&s))
                .transpose()?,
            annotations: text("annotationSelector")
                .map(|s| Requirements::parse(&s))
                .transpose()?,
        })
    }

    /// True when `resource` is selected.
    pub fn matches(&self, resource: &Resource) -> bool {
        let gvk = resource.gvk();
        let equal = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        if !equal(&self.group, &gvk.group)
            || !equal(&self.version, &gvk.version)
            || !equal(&self.kind, &gvk.kind)
        {
            return false;
        }
        let original = resource.original_id();
        if let Some(name) = &self.name
            && !name.is_match(resource.name())
            && !name.is_match(&original.name)
        {
            return false;
        }
        if let Some(namespace) = &self.namespace {
            let effective = |ns: &str| if ns.is_empty() { "default" } else { ns }.to_owned();
            if !namespace.is_match(&effective(resource.namespace()))
                && !namespace.is_match(&effective(&original.namespace))
            {
                return false;
            }
        }
        if let Some(labels) = &self.labels
            && !labels.matches(resource.node.get_path(&["metadata", "labels"]))
        {
            return false;
        }
        if let Some(annotations) = &self.annotations
            && !annotations.matches(resource.node.get_path(&["metadata", "annotations"]))
        {
            return false;
        }
        true
    }
}

/// A label selector: every requirement must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirements(Vec<Requirement>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

impl Requirements {
    /// Parses Kubernetes' selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
    /// `a notin (x,y)`, `a`, `!a`, separated by commas.
    pub fn parse(text: &str) -> Result<Requirements, String> {
        let mut requirements = Vec::new();
        for part in split_top_level(text) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            requirements.push(parse_requirement(part).ok_or_else(|| {
                format!("`{part}` is not a label selector requirement (in `{text}`)")
            })?);
        }
        Ok(Requirements(requirements))
    }

    /// True when the labels (a mapping, or absent) satisfy every requirement.
    pub fn matches(&self, labels: Option<&Node>) -> bool {
        let value = |key: &str| -> Option<String> {
            labels
                .and_then(|l| l.get(key))
                .and_then(Node::as_scalar)
                .map(|s| s.text.clone())
        };
        self.0.iter().all(|requirement| match requirement {
            Requirement::Equals(key, want) => value(key).is_some_and(|v| v == *want),
            Requirement::NotEquals(key, want) => value(key).is_none_or(|v| v != *want),
            Requirement::In(key, set) => value(key).is_some_and(|v| set.contains(&v)),
            Requirement::NotIn(key, set) => value(key).is_none_or(|v| !set.contains(&v)),
            Requirement::Exists(key) => value(key).is_some(),
            Requirement::DoesNotExist(key) => value(key).is_none(),
        })
    }
}

/// Splits at commas outside parentheses.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(text.get(start..at).unwrap_or(""));
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or(""));
    parts
}

fn parse_requirement(part: &str) -> Option<Requirement> {
    if let Some(key) = part.strip_prefix('!') {
        return valid_key(key.trim()).map(Requirement::DoesNotExist);
    }
    if let Some((key, value)) = part.split_once("!=") {
        return Some(Requirement::NotEquals(
            valid_key(key.trim())?,
            value.trim().to_owned(),
        ));
    }
    if let Some((key, value)) = part.split_once("==").or_else(|| part.split_once('=')) {
        return Some(Requirement::Equals(
            valid_key(key.trim())?,
            value.trim().to_owned(),
        ));
    }
    let words: Vec<&str> = part.splitn(2, char::is_whitespace).collect();
    if let [key, rest] = words.as_slice() {
        let rest = rest.trim();
        let (negated, set) = if let Some(set) = rest.strip_prefix("notin") {
            (true, set)
        } else if let Some(set) = rest.strip_prefix("in") {
            (false, set)
        } else {
            return None;
        };
        let set = set.trim().strip_prefix('(')?.strip_suffix(')')?;
        let values: Vec<String> = set.split(',').map(|v| v.trim().to_owned()).collect();
        let key = valid_key(key)?;
        return Some(if negated {
            Requirement::NotIn(key, values)
        } else {
            Requirement::In(key, values)
        });
    }
    valid_key(part).map(Requirement::Exists)
}

fn valid_key(key: &str) -> Option<String> {
    let ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    ok.then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Node {
        let stream = drydock_yaml::parse(text);
        let document = stream.documents.first().unwrap();
        let mut budget = 1000;
        Node::from_yaml(
            document,
            document.root.unwrap(),
            crate::FileId(0),
            &mut budget,
        )
        .unwrap()
    }

    #[test]
    fn label_selectors_as_kubernetes_reads_them() {
        let app = labels("app: web\ntier: front\n");
        let cases = [
            ("app=web", true),
            ("app==web", true),
            ("app!=web", false),
            ("app=web,tier=back", false),
            ("app in (api, web)", true),
            ("app notin (api, web)", false),
            ("tier", true),
            ("!tier", false),
            ("!missing", true),
            ("missing!=x", true),
            ("app in (api,web),tier notin (back)", true),
        ];
        for (selector, expected) in cases {
            let requirements = Requirements::parse(selector).unwrap();
            assert_eq!(requirements.matches(Some(&app)), expected, "{selector}");
        }
        assert!(Requirements::parse("app in web").is_err());
        assert!(Requirements::parse("a b c").is_err());
    }
}
