//! The schema as an editor's help reads it: from a place (the root, then a key at a time), the
//! properties a mapping there may have with the schema's description of each, and the strings a
//! value there may take. Alternatives (`oneOf`/`anyOf`) and list items are looked through, so
//! `ports` offers the keys of its long syntax and `depends_on` those of its mapping form.

use super::{ARRAY, OBJECT, PULL_POLICIES, Pattern, descriptions, node, reference_types};

/// How many nodes a place's alternatives and items are followed to (the schema is finite; this
/// bounds the walk).
const LIMIT: usize = 64;

/// A place in the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place(u16);

/// A property a mapping may have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: &'static str,
    pub place: Place,
    /// The schema's description, if it has one.
    pub description: Option<&'static str>,
}

impl Place {
    /// A Compose file's top level.
    pub fn root() -> Place {
        Place(0)
    }

    /// The node and what it allows instead (alternatives, list items), each once.
    fn flattened(self) -> Vec<u16> {
        let mut out = vec![self.0];
        let mut at = 0;
        while let Some(&id) = out.get(at) {
            at += 1;
            let Some(schema) = node(id) else { continue };
            for next in schema.alternatives.iter().chain(schema.items.as_ref()) {
                if !out.contains(next) && out.len() < LIMIT {
                    out.push(*next);
                }
            }
        }
        out
    }

    /// What is under `key`: a property, or a name the schema's patterns allow (a service under
    /// `services`, a dependency under `depends_on`).
    pub fn child(self, key: &str) -> Option<Place> {
        let flattened = self.flattened();
        let schemas = || flattened.iter().filter_map(|&id| node(id));
        let property = schemas().find_map(|schema| {
            schema
                .properties
                .iter()
                .find(|(name, _)| *name == key)
                .map(|&(_, id)| Place(id))
        });
        property.or_else(|| {
            schemas().find_map(|schema| {
                schema
                    .patterns
                    .iter()
                    .find(|(pattern, _)| {
                        pattern.matches(key)
                            && !(matches!(pattern, Pattern::XPrefix) ^ key.starts_with("x-"))
                    })
                    .map(|&(_, id)| Place(id))
            })
        })
    }

    /// The named properties a mapping here may have, in the schema's (alphabetical) order.
    pub fn properties(self) -> Vec<Property> {
        let mut out: Vec<Property> = Vec::new();
        for id in self.flattened() {
            let Some(schema) = node(id) else { continue };
            for &(name, child) in schema.properties {
                if out.iter().any(|p| p.name == name) {
                    continue;
                }
                out.push(Property {
                    name,
                    place: Place(child),
                    description: description(id, name),
                });
            }
        }
        out.sort_by_key(|p| p.name);
        out
    }

    /// The schema's description of the property `key` here.
    pub fn description(self, key: &str) -> Option<&'static str> {
        self.flattened()
            .into_iter()
            .find_map(|id| description(id, key))
    }

    /// The strings a value here may be, when the schema enumerates them (or its pattern is a
    /// list of words with one open form, the pull policies).
    pub fn values(self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for id in self.flattened() {
            let Some(schema) = node(id) else { continue };
            let words: &[&'static str] = if matches!(schema.pattern, Some(Pattern::PullPolicy)) {
                &PULL_POLICIES
            } else {
                schema.enumeration
            };
            for word in words {
                if !out.contains(word) {
                    out.push(word);
                }
            }
        }
        out
    }

    /// Whether a value here may be a boolean (and nothing enumerated).
    pub fn is_boolean(self) -> bool {
        self.types() & 32 != 0
    }

    /// Whether a value here may be a mapping or a list (a key then goes on the next lines).
    pub fn is_collection(self) -> bool {
        self.types() & (OBJECT | ARRAY) != 0
    }

    /// What it may be, as compose-go words types: `mapping`, `integer or string`, ….
    pub fn detail(self) -> String {
        reference_types(self.types() & 127)
    }

    /// The JSON types of the node and its alternatives.
    fn types(self) -> u8 {
        let mut types = node(self.0).map_or(0, |schema| schema.types);
        let mut stack: Vec<u16> = node(self.0)
            .map(|schema| schema.alternatives.to_vec())
            .unwrap_or_default();
        let mut seen = 0;
        while let Some(id) = stack.pop() {
            seen += 1;
            if seen > LIMIT {
                break;
            }
            if let Some(schema) = node(id) {
                types |= schema.types;
                stack.extend(schema.alternatives);
            }
        }
        types
    }
}

fn description(id: u16, key: &str) -> Option<&'static str> {
    descriptions::DESCRIPTIONS
        .get(usize::from(id))?
        .iter()
        .find(|(name, _)| *name == key)
        .map(|&(_, text)| text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &[&str]) -> Place {
        path.iter()
            .try_fold(Place::root(), |place, key| place.child(key))
            .unwrap_or_else(|| panic!("{path:?}"))
    }

    fn names(place: Place) -> Vec<&'static str> {
        place.properties().into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn properties_values_and_descriptions_along_a_path() {
        assert!(names(Place::root()).contains(&"services"));
        let service = at(&["services", "web"]);
        let keys = names(service);
        for key in [
            "image",
            "build",
            "depends_on",
            "healthcheck",
            "restart",
            "deploy",
        ] {
            assert!(keys.contains(&key), "{key}: {keys:?}");
        }
        assert!(
            Place::root()
                .description("services")
                .unwrap()
                .contains("services")
        );
        assert!(names(at(&["services", "web", "deploy", "resources", "limits"])).contains(&"cpus"));
        assert!(names(at(&["services", "web", "build"])).contains(&"dockerfile"));
        // Through the alternatives: `depends_on`'s mapping form.
        let dependency = at(&["services", "web", "depends_on", "db"]);
        assert!(names(dependency).contains(&"condition"));
        assert_eq!(
            dependency.child("condition").unwrap().values(),
            [
                "service_started",
                "service_healthy",
                "service_completed_successfully"
            ]
        );
        assert!(
            at(&["services", "web", "pull_policy"])
                .values()
                .contains(&"missing")
        );
        assert!(at(&["services", "web", "privileged"]).is_boolean());
        // Through list items: the long syntax of `ports`.
        assert!(names(at(&["services", "web", "ports"])).contains(&"published"));
    }
}
