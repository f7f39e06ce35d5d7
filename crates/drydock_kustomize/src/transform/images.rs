//! kustomize's `images:`: new names, tags and digests for container images.
//!
//! Each rule is applied twice over, as kustomize does: to the `image` of every element of any
//! list called `containers` or `initContainers`, wherever it sits in the object (so custom kinds
//! with pod templates work without configuration), and to the fields of the `images` table (image
//! volumes, and what configuration files add). CustomResourceDefinitions are left alone: their
//! schemas describe containers, they hold none.

use super::fieldspec::{Configurations, apply, set_string};
use crate::resource::Resource;
use crate::value::{Node, Origin, Value};

/// One entry of `images:`, with where each of its fields was written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageRule {
    /// The image name to match, without tag or digest (`nginx`, `registry:5000/team/app`).
    pub name: String,
    pub new_name: Option<String>,
    pub new_tag: Option<String>,
    pub digest: Option<String>,
    pub tag_suffix: Option<String>,
    /// The entry as a whole.
    pub origin: Option<Origin>,
    pub new_name_origin: Option<Origin>,
    pub new_tag_origin: Option<Origin>,
    pub digest_origin: Option<Origin>,
    pub tag_suffix_origin: Option<Origin>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

impl ImageRule {
    /// The origin a rewritten image takes: the field that changed the most visible part.
    fn value_origin(&self) -> Option<Origin> {
        self.new_tag_origin
            .or(self.digest_origin)
            .or(self.tag_suffix_origin)
            .or(self.new_name_origin)
            .or(self.origin)
    }

    /// The image `value` as this rule rewrites it, or `None` when the rule does not match it.
    pub fn rewrite(&self, value: &str) -> Option<String> {
        if !matches(value, &self.name) {
            return None;
        }
        let (name, tag, digest) = split(value);
        let mut name = name.to_owned();
        let mut tag = tag.to_owned();
        let mut digest = digest.to_owned();
        if let Some(new_name) = non_empty(&self.new_name) {
            new_name.clone_into(&mut name);
        }
        match (
            non_empty(&self.new_tag),
            non_empty(&self.digest),
            non_empty(&self.tag_suffix),
        ) {
            (Some(new_tag), Some(new_digest), _) => {
                new_tag.clone_into(&mut tag);
                new_digest.clone_into(&mut digest);
            }
            (Some(new_tag), None, _) => {
                new_tag.clone_into(&mut tag);
                digest.clear();
            }
            (None, Some(new_digest), _) => {
                tag.clear();
                new_digest.clone_into(&mut digest);
            }
            (None, None, Some(suffix)) => {
                tag.push_str(suffix);
                digest.clear();
            }
            (None, None, None) => {}
        }
        if !tag.is_empty() {
            name.push(':');
            name.push_str(&tag);
        }
        if !digest.is_empty() {
            name.push('@');
            name.push_str(&digest);
        }
        Some(name)
    }
}

/// kustomize v5.7.1's match: the value is the name, optionally followed by `:tag` (tag characters
/// `[A-Za-z0-9_.{}-]`) and then optionally by `@sha256:digest`. (kustomize reads the name as a
/// regular expression; here it is literal text, which differs only for names with regex
/// metacharacters.)
fn matches(value: &str, name: &str) -> bool {
    let Some(rest) = value.strip_prefix(name) else {
        return false;
    };
    let tag_char = |c: char| c.is_ascii_alphanumeric() || "_.{}-".contains(c);
    let rest = match rest.strip_prefix(':') {
        Some(after) => after.trim_start_matches(tag_char),
        None => rest,
    };
    match rest.strip_prefix("@sha256:") {
        Some(digest) => digest.chars().all(tag_char),
        None => rest.is_empty(),
    }
}

/// Splits an image into name, tag and digest the way kustomize does: the first `:` or `@` after
/// the first `/` (so a registry port stays in the name).
pub fn split(image: &str) -> (&str, &str, &str) {
    let start = match image.find('/') {
        Some(at) if at > 0 => at,
        _ => 0,
    };
    let search = image.get(start..).unwrap_or("");
    let at = search.find('@').map(|i| i + start);
    let colon = search.find(':').map(|i| i + start);
    let part = |from: usize, to: usize| image.get(from..to).unwrap_or("");
    match (colon, at) {
        (None, None) => (image, "", ""),
        (c, Some(a)) if c.is_none_or(|c| a < c) => (part(0, a), "", part(a + 1, image.len())),
        (Some(c), Some(a)) => (part(0, c), part(c + 1, a), part(a + 1, image.len())),
        (Some(c), None) => (part(0, c), part(c + 1, image.len()), ""),
        // Unreachable: the guard above covers `(None, Some(_))`.
        (None, Some(_)) => (image, "", ""),
    }
}

/// Applies each rule, in order, to every resource.
pub fn images(resources: &mut [Resource], rules: &[ImageRule], config: &Configurations) {
    for rule in rules {
        for resource in resources.iter_mut() {
            if resource.node.get_str("kind") == Some("CustomResourceDefinition") {
                continue;
            }
            containers(&mut resource.node, rule, 0);
            for spec in &config.images {
                apply(&mut resource.node, spec, &mut |n| rewrite_node(n, rule));
            }
        }
    }
}

fn rewrite_node(node: &mut Node, rule: &ImageRule) {
    let Some(scalar) = node.as_scalar().filter(|s| !s.is_null()) else {
        return;
    };
    if let Some(new) = rule.rewrite(&scalar.text)
        && new != scalar.text
    {
        set_string(node, &new, rule.value_origin());
    }
}

/// Bounds the recursion of the search for container lists.
const MAX_DEPTH: usize = 256;

/// kustomize's legacy image filter: every `containers`/`initContainers` list anywhere.
fn containers(node: &mut Node, rule: &ImageRule, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match &mut node.value {
        Value::Map(entries) => {
            for entry in entries {
                containers(&mut entry.value, rule, depth + 1);
                if (entry.key == "containers" || entry.key == "initContainers")
                    && let Some(items) = entry.value.items_mut()
                {
                    for item in items {
                        if let Some(image) = item.get_mut("image") {
                            rewrite_node(image, rule);
                        }
                    }
                }
            }
        }
        Value::Seq(items) => {
            for item in items {
                containers(item, rule, depth + 1);
            }
        }
        Value::Scalar(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, new_name: &str, tag: &str, digest: &str) -> ImageRule {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        ImageRule {
            name: name.to_owned(),
            new_name: opt(new_name),
            new_tag: opt(tag),
            digest: opt(digest),
            ..ImageRule::default()
        }
    }

    #[test]
    fn splits_like_kustomize() {
        assert_eq!(split("nginx"), ("nginx", "", ""));
        assert_eq!(split("nginx:1.2"), ("nginx", "1.2", ""));
        assert_eq!(split("reg:5000/app:v1"), ("reg:5000/app", "v1", ""));
        assert_eq!(split("app@sha256:abc"), ("app", "", "sha256:abc"));
        assert_eq!(split("app:v1@sha256:abc"), ("app", "v1", "sha256:abc"));
    }

    #[test]
    fn rewrites() {
        let r = rule("nginx", "", "1.25", "");
        assert_eq!(r.rewrite("nginx:1.0").as_deref(), Some("nginx:1.25"));
        assert_eq!(r.rewrite("nginx@sha256:abc").as_deref(), Some("nginx:1.25"));
        assert_eq!(r.rewrite("nginxx:1.0"), None);
        assert_eq!(r.rewrite("my/nginx:1.0"), None);
        let r = rule("app", "reg:5000/app", "", "sha256:ff");
        assert_eq!(
            r.rewrite("app:v1").as_deref(),
            Some("reg:5000/app@sha256:ff")
        );
        let r = rule("app", "", "v2", "sha256:ff");
        assert_eq!(r.rewrite("app").as_deref(), Some("app:v2@sha256:ff"));
        let r = rule("app", "other", "", "");
        assert_eq!(
            r.rewrite("app:v1@sha256:00").as_deref(),
            Some("other:v1@sha256:00")
        );
    }
}
