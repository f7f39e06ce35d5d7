//! Editor help for Compose files: completion of keys at the cursor's path and of the values a
//! key takes, the names a reference may use (a service in `depends_on`, `links`, `extends`,
//! `network_mode: service:`; a top-level network, volume, secret or config where a service uses
//! one), and hover on a key — from the schema (`schema::Place`, with the Compose
//! Specification's descriptions) and the file's own names.
//!
//! Works on the text's lines (`drydock_yaml::cursor`), since the file is being typed. Never
//! panics; where it cannot tell, it offers nothing.

use drydock_base::TextRange;
use drydock_yaml::cursor::{self, Cursor, Slot};

use crate::practices::RESTART_POLICIES;
use crate::schema::Place;

/// What a completion inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A key of a mapping.
    Key,
    /// A value the key takes.
    Value,
    /// The name of a service, network, volume, secret or config of the file.
    Reference,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub kind: Kind,
    /// What it is: a key's type (`mapping or list`), a name's kind (`service`).
    pub detail: String,
    /// Markdown (empty when there is nothing to say).
    pub documentation: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completions {
    /// Where the word being completed starts; it ends at the cursor.
    pub from: usize,
    pub items: Vec<Item>,
}

pub use drydock_base::text::Hover;

/// Values the schema leaves open (a string) that Compose or the engine reads from a fixed set,
/// by the key's path from the service (`*` for any name).
const VALUES: &[(&[&str], &[&str])] = &[
    (&["restart"], &RESTART_POLICIES),
    (
        &["deploy", "restart_policy", "condition"],
        &["none", "on-failure", "any"],
    ),
    (
        &["deploy", "mode"],
        &["replicated", "global", "replicated-job", "global-job"],
    ),
    (&["deploy", "endpoint_mode"], &["vip", "dnsrr"]),
    (&["network_mode"], &["bridge", "host", "none"]),
    (&["ipc"], &["shareable", "host", "private", "none"]),
    (&["pid"], &["host"]),
    (
        &["deploy", "update_config", "failure_action"],
        &["continue", "rollback", "pause"],
    ),
];

/// The top-level sections whose entries services refer to, and the service keys that do.
const SECTIONS: [(&str, &str); 4] = [
    ("networks", "network"),
    ("volumes", "volume"),
    ("secrets", "secret"),
    ("configs", "config"),
];

/// Completions at `offset` of a Compose file.
pub fn complete(text: &str, offset: usize) -> Option<Completions> {
    let at = cursor::cursor(text, offset)?;
    if let Some(items) = names_for(text, &at) {
        return Some(Completions {
            from: at.from,
            items,
        });
    }
    let place = walk(&at.path)?;
    let items = match &at.slot {
        Slot::Key { .. } => place
            .properties()
            .into_iter()
            .filter(|p| p.name.starts_with(&at.typed) && !at.present.iter().any(|k| k == p.name))
            .map(|p| Item {
                label: p.name.to_owned(),
                kind: Kind::Key,
                detail: p.place.detail(),
                documentation: p.description.unwrap_or_default().to_owned(),
            })
            .collect(),
        Slot::Value { key } => {
            let child = place.child(key)?;
            let documentation = place.description(key).unwrap_or_default().to_owned();
            let detail = child.detail();
            let mut values: Vec<&str> = child.values();
            if values.is_empty() {
                values = known_values(&at.path, key).to_vec();
            }
            if values.is_empty() && child.is_boolean() {
                values = vec!["true", "false"];
            }
            values
                .into_iter()
                .filter(|value| value.starts_with(&at.typed))
                .map(|value| Item {
                    label: value.to_owned(),
                    kind: Kind::Value,
                    detail: detail.clone(),
                    documentation: documentation.clone(),
                })
                .collect()
        }
    };
    Some(Completions {
        from: at.from,
        items,
    })
}

/// The schema's place at `path` from the root.
fn walk(path: &[String]) -> Option<Place> {
    path.iter()
        .try_fold(Place::root(), |place, key| place.child(key))
}

/// The path from a service (`["deploy", "mode"]` for `services.web.deploy` and `mode`), when
/// `path` is under one.
fn in_service(path: &[String]) -> Option<(&str, &[String])> {
    match path {
        [top, service, rest @ ..] if top == "services" => Some((service.as_str(), rest)),
        _ => None,
    }
}

fn known_values(path: &[String], key: &str) -> &'static [&'static str] {
    let Some((_, rest)) = in_service(path) else {
        return &[];
    };
    VALUES
        .iter()
        .find(|(at, _)| {
            at.split_last()
                .is_some_and(|(last, parents)| *last == key && parents.iter().eq(rest.iter()))
        })
        .map_or(&[], |(_, values)| values)
}

/// The names that fit where the cursor is, when it is where a service refers to something.
fn names_for(text: &str, at: &Cursor) -> Option<Vec<Item>> {
    let (service, rest) = in_service(&at.path)?;
    let services = || {
        cursor::keys_under(text, "services")
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| name != service)
            .collect::<Vec<_>>()
    };
    let names: Vec<(String, &str)> = match (rest, &at.slot) {
        ([key], Slot::Key { .. }) if key == "depends_on" => tag(services(), "service"),
        ([key], Slot::Key { item: true }) if key == "links" || key == "volumes_from" => {
            tag(services(), "service")
        }
        ([key], Slot::Value { key: field }) if key == "extends" && field == "service" => {
            tag(services(), "service")
        }
        ([], Slot::Value { key }) if key == "network_mode" || key == "ipc" || key == "pid" => {
            // Only once `service:` is typed: the plain values are the schema's and ours.
            at.typed.strip_prefix("service:")?;
            services()
                .into_iter()
                .map(|name| (format!("service:{name}"), "service"))
                .collect()
        }
        ([key], Slot::Key { item }) => {
            let (section, kind) = SECTIONS.iter().find(|(section, _)| section == key)?;
            // A service's volumes are mounts: a named volume starts an item (`data:/var/lib`).
            if *section == "volumes" && !item {
                return None;
            }
            tag(
                cursor::keys_under(text, section)
                    .into_iter()
                    .map(|(name, _)| name)
                    .collect(),
                kind,
            )
        }
        ([key], Slot::Value { key: field }) if field == "source" => {
            let (section, kind) = SECTIONS
                .iter()
                .find(|(section, _)| section == key && *section != "networks")?;
            tag(
                cursor::keys_under(text, section)
                    .into_iter()
                    .map(|(name, _)| name)
                    .collect(),
                kind,
            )
        }
        _ => return None,
    };
    Some(
        names
            .into_iter()
            .filter(|(name, _)| name.starts_with(&at.typed) && !at.present.contains(name))
            .map(|(label, kind)| Item {
                label,
                kind: Kind::Reference,
                detail: kind.to_owned(),
                documentation: String::new(),
            })
            .collect(),
    )
}

fn tag(names: Vec<String>, kind: &str) -> Vec<(String, &str)> {
    names.into_iter().map(|name| (name, kind)).collect()
}

/// What the key under `offset` is: its path, its type and the schema's description.
pub fn hover(text: &str, offset: usize) -> Option<Hover> {
    let key = cursor::key_at(text, offset)?;
    let parent = walk(&key.path)?;
    let place = parent.child(&key.key)?;
    let mut shown: Vec<&str> = key.path.iter().map(String::as_str).collect();
    shown.push(&key.key);
    let mut markdown = format!("**{}**", shown.join("."));
    let detail = place.detail();
    if !detail.is_empty() {
        markdown.push_str(&format!(" — `{detail}`"));
    }
    let description = parent.description(&key.key);
    match (description, key.path.as_slice()) {
        (Some(description), _) => {
            markdown.push_str("\n\n");
            markdown.push_str(description);
        }
        // A name under a top-level section: what it is.
        (None, [section]) => {
            let kind = match section.as_str() {
                "services" => "service",
                "jobs" => "job",
                "models" => "model",
                other => SECTIONS
                    .iter()
                    .find(|(name, _)| *name == other)
                    .map(|(_, kind)| *kind)?,
            };
            markdown = format!("**{}** — the {kind} `{}`", shown.join("."), key.key);
        }
        _ => return None,
    }
    Some(Hover {
        range: key.range,
        markdown,
    })
}

/// A name of the file at one place: where a top-level entry (a service, network, volume,
/// secret or config) is defined, or where a service refers to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// `services`, `networks`, `volumes`, `secrets` or `configs`.
    pub section: &'static str,
    pub name: String,
    pub range: TextRange,
    /// The entry's key under its section (not a reference to it).
    pub definition: bool,
}

const REFERABLE: [&str; 5] = ["services", "networks", "volumes", "secrets", "configs"];

/// Every definition and reference of the file's names, in order, read in one pass over its
/// lines: `depends_on`, `links`, `volumes_from`, `extends.service` and `network_mode`/`ipc`/
/// `pid: service:…` name services; a service's `networks`, `volumes` (a named volume, not a
/// path), `secrets` and `configs` (short form or `source`) name top-level entries.
pub fn occurrences(text: &str) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for entry in cursor::entries(text) {
        let path: Vec<&str> = entry.path.iter().map(String::as_str).collect();
        let key = entry
            .key
            .as_ref()
            .map(|(key, range)| (key.as_str(), *range));
        let value = entry
            .value
            .as_ref()
            .map(|(value, range)| (value.as_str(), *range));
        let mut push = |section: &'static str, name: &str, range: TextRange, definition: bool| {
            if !name.is_empty() {
                out.push(Occurrence {
                    section,
                    name: name.to_owned(),
                    range,
                    definition,
                });
            }
        };
        match (path.as_slice(), key, value) {
            ([section], Some((name, range)), _) => {
                if let Some(section) = REFERABLE.iter().find(|s| *s == section) {
                    push(section, name, range, true);
                }
            }
            (["services", _, "depends_on"], Some((name, range)), _) => {
                push("services", name, range, false);
            }
            (
                ["services", _, "depends_on" | "links" | "volumes_from"],
                None,
                Some((item, range)),
            ) => {
                let name = item.split(':').next().unwrap_or_default();
                if !item.starts_with("container:") {
                    push("services", name, prefix(range, name), false);
                }
            }
            (["services", _, "extends"], Some(("service", _)), Some((name, range))) => {
                push("services", name, range, false);
            }
            (["services", _], Some(("network_mode" | "ipc" | "pid", _)), Some((mode, range))) => {
                if let Some(name) = mode.strip_prefix("service:") {
                    let start = range.start + "service:".len();
                    push("services", name, TextRange::new(start, range.end), false);
                }
            }
            (["services", _, "networks"], Some((name, range)), _) => {
                push("networks", name, range, false);
            }
            (["services", _, "networks"], None, Some((name, range))) => {
                push("networks", name, range, false);
            }
            (["services", _, "volumes"], None, Some((mount, range))) => {
                let name = mount.split(':').next().unwrap_or_default();
                if mount.contains(':') && is_volume_name(name) {
                    push("volumes", name, prefix(range, name), false);
                }
            }
            (["services", _, "volumes"], Some(("source", _)), Some((name, range)))
                if is_volume_name(name) =>
            {
                push("volumes", name, range, false);
            }
            (["services", _, section @ ("secrets" | "configs")], None, Some((name, range)))
            | (
                ["services", _, section @ ("secrets" | "configs")],
                Some(("source", _)),
                Some((name, range)),
            ) => {
                let section = if *section == "secrets" {
                    "secrets"
                } else {
                    "configs"
                };
                push(section, name, range, false);
            }
            _ => {}
        }
    }
    out
}

/// The start of `range` as long as `name`.
fn prefix(range: TextRange, name: &str) -> TextRange {
    TextRange::new(range.start, range.start + name.len())
}

/// A volume's name rather than a path on the host (`./data`, `/srv`, `~/x`, `${DIR}`).
fn is_volume_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with(['.', '/', '~', '$']) && !name.contains('/')
}

/// Where the name under `offset` (a reference or a definition) is defined in the file.
pub fn definition(text: &str, offset: usize) -> Option<TextRange> {
    let all = occurrences(text);
    let at = all
        .iter()
        .find(|o| o.range.start <= offset && offset <= o.range.end && !o.definition)?;
    all.iter()
        .find(|o| o.definition && o.section == at.section && o.name == at.name)
        .map(|o| o.range)
}

/// Every place the name under `offset` is referred to (and defined, with `declaration`).
pub fn references(text: &str, offset: usize, declaration: bool) -> Vec<TextRange> {
    let all = occurrences(text);
    let Some(at) = all
        .iter()
        .find(|o| o.range.start <= offset && offset <= o.range.end)
    else {
        return Vec::new();
    };
    all.iter()
        .filter(|o| o.section == at.section && o.name == at.name && (declaration || !o.definition))
        .map(|o| o.range)
        .collect()
}

/// The Dockerfile a service's `build` names, when `offset` is on its `build` (short form),
/// `context` or `dockerfile`: its path relative to the Compose file's folder (`./api/Dockerfile`),
/// unless it is a URL or given inline.
pub fn dockerfile_at(text: &str, offset: usize) -> Option<String> {
    let value = cursor::value_at(text, offset)?;
    let (service, build) = match value.path.as_slice() {
        [top, service] if top == "services" && value.key.as_deref() == Some("build") => {
            (service.clone(), None)
        }
        [top, service, build] if top == "services" && build == "build" => {
            (service.clone(), value.key.clone())
        }
        _ => return None,
    };
    let (mut context, mut dockerfile) = (None, None);
    if build.is_none() {
        context = Some(value.value.clone());
    } else {
        for entry in cursor::entries(text) {
            let under = matches!(entry.path.as_slice(), [top, s, b] if top == "services" && *s == service && b == "build");
            match (under, entry.key, entry.value) {
                (true, Some((key, _)), Some((written, _))) if key == "context" => {
                    context = Some(written)
                }
                (true, Some((key, _)), Some((written, _))) if key == "dockerfile" => {
                    dockerfile = Some(written)
                }
                _ => {}
            }
        }
        if !matches!(build.as_deref(), Some("context" | "dockerfile")) {
            return None;
        }
    }
    let context = context.unwrap_or_else(|| ".".to_owned());
    if context.contains("://") || context.starts_with("git@") {
        return None;
    }
    let dockerfile = dockerfile.unwrap_or_else(|| "Dockerfile".to_owned());
    if dockerfile.starts_with('/') {
        return Some(dockerfile);
    }
    Some(format!("{}/{dockerfile}", context.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let offset = text.find('|').expect("a cursor");
        let text = text.replacen('|', "", 1);
        complete(&text, offset)
            .map(|c| c.items.into_iter().map(|i| i.label).collect())
            .unwrap_or_default()
    }

    #[test]
    fn keys_at_every_level() {
        let top = labels("services:\n  web:\n    image: x\nvol|\n");
        assert_eq!(top, ["volumes"]);
        let service = labels("services:\n  web:\n    image: x\n    heal|\n");
        assert_eq!(service, ["healthcheck"]);
        let limits = labels(
            "services:\n  web:\n    deploy:\n      resources:\n        limits:\n          cpus: '1'\n          |\n",
        );
        assert!(
            limits.contains(&"memory".to_owned()) && !limits.contains(&"cpus".to_owned()),
            "{limits:?}"
        );
        let build = labels("services:\n  web:\n    build:\n      doc|\n");
        assert_eq!(build, ["dockerfile", "dockerfile_inline"]);
        let network = labels("networks:\n  front:\n    dri|\n");
        assert_eq!(network, ["driver", "driver_opts"]);
    }

    #[test]
    fn values_from_the_schema_and_compose() {
        assert_eq!(
            labels("services:\n  web:\n    restart: |\n"),
            ["no", "always", "on-failure", "unless-stopped"]
        );
        assert_eq!(
            labels(
                "services:\n  web:\n    depends_on:\n      db:\n        condition: service_h|\n"
            ),
            ["service_healthy"]
        );
        assert_eq!(
            labels("services:\n  web:\n    pull_policy: m|\n"),
            ["missing"]
        );
        assert_eq!(
            labels("services:\n  web:\n    init: |\n"),
            ["true", "false"]
        );
    }

    #[test]
    fn names_the_file_defines() {
        let file = "services:\n  web:\n    depends_on:\n      - |\n  db:\n    image: postgres\n  cache:\n    image: redis\nnetworks:\n  front: {}\nvolumes:\n  data: {}\nsecrets:\n  token:\n    file: ./token\n";
        assert_eq!(labels(file), ["db", "cache"]);
        let with = |at: &str| file.replace("depends_on:\n      - |", at);
        assert_eq!(
            labels(&with(
                "depends_on:\n      db:\n        condition: service_started\n      |"
            )),
            ["cache"]
        );
        assert_eq!(labels(&with("links:\n      - c|")), ["cache"]);
        assert_eq!(labels(&with("extends:\n      service: |")), ["db", "cache"]);
        assert_eq!(
            labels(&with("network_mode: service:|")),
            ["service:db", "service:cache"]
        );
        assert_eq!(labels(&with("network_mode: |")), ["bridge", "host", "none"]);
        assert_eq!(labels(&with("networks:\n      - |")), ["front"]);
        assert_eq!(labels(&with("networks:\n      |")), ["front"]);
        assert_eq!(labels(&with("volumes:\n      - |")), ["data"]);
        assert_eq!(labels(&with("secrets:\n      - |")), ["token"]);
        assert_eq!(labels(&with("secrets:\n      - source: |")), ["token"]);
    }

    #[test]
    fn hover_describes_a_key() {
        let text = "services:\n  web:\n    deploy:\n      resources:\n        limits:\n          cpus: '1'\n";
        let offset = text.find("cpus").unwrap() + 1;
        let found = hover(text, offset).unwrap();
        assert!(
            found.markdown.starts_with(
                "**services.web.deploy.resources.limits.cpus** — `number or string`\n\n"
            ),
            "{}",
            found.markdown
        );
        assert_eq!(found.range.slice(text), "cpus");
        let service = hover(text, text.find("web").unwrap()).unwrap();
        assert_eq!(service.markdown, "**services.web** — the service `web`");
    }

    #[test]
    fn names_lead_to_their_definitions_and_back() {
        let text = "services:\n  web:\n    depends_on:\n      db:\n        condition: service_healthy\n    links:\n      - db:database\n    network_mode: service:db\n    volumes:\n      - data:/var/lib/x\n      - ./src:/src\n    secrets:\n      - source: token\n    build:\n      context: ./web\n      dockerfile: Dockerfile.dev\n  db:\n    extends:\n      service: web\n    build: ./db\nvolumes:\n  data: {}\nsecrets:\n  token:\n    file: ./t\n";
        let definition_of = |needle: &str, after: usize| {
            let offset = text.find(needle).unwrap() + after;
            definition(text, offset).map(|range| (range.start, range.slice(text)))
        };
        let db = text.find("  db:\n    extends").unwrap() + 2;
        assert_eq!(definition_of("db:\n        condition", 0), Some((db, "db")));
        assert_eq!(definition_of("db:database", 1), Some((db, "db")));
        assert_eq!(definition_of("service:db", 9), Some((db, "db")));
        assert_eq!(
            definition_of("service: web", 10),
            Some((text.find("web").unwrap(), "web"))
        );
        assert_eq!(
            definition_of("data:/var", 0).map(|(_, name)| name),
            Some("data")
        );
        assert_eq!(definition_of("./src", 2), None);
        assert_eq!(
            definition_of("token\n    build", 0).map(|(_, name)| name),
            Some("token")
        );
        let uses: Vec<&str> = references(text, db, true)
            .into_iter()
            .map(|range| range.slice(text))
            .collect();
        assert_eq!(uses, ["db", "db", "db", "db"]);
        assert_eq!(references(text, db, false).len(), 3);
        let at = |needle: &str| dockerfile_at(text, text.find(needle).unwrap());
        assert_eq!(at("./web").as_deref(), Some("./web/Dockerfile.dev"));
        assert_eq!(
            at("Dockerfile.dev").as_deref(),
            Some("./web/Dockerfile.dev")
        );
        assert_eq!(at("./db").as_deref(), Some("./db/Dockerfile"));
    }

    #[test]
    fn odd_input_is_silent_not_a_panic() {
        for text in [
            "",
            "-",
            ": :",
            "services:\n  - - -\n",
            "services:\n  web:\n    depends_on: [",
            "é:\n  ü",
            "services:\n  x-a:\n    b: |\n",
        ] {
            for offset in 0..=text.len() + 1 {
                let _ = complete(text, offset);
                let _ = hover(text, offset);
                let _ = definition(text, offset);
                let _ = references(text, offset, true);
                let _ = dockerfile_at(text, offset);
            }
        }
    }
}
