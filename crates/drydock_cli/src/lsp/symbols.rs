//! Document symbols, the editor's outline: a Dockerfile's stages with their instructions
//! (`drydock_core::dockerfile::assist::symbols`), a manifest's objects as `Kind/name` per YAML
//! document, a Compose file's services, a kustomization's fields with the files its lists name.

use drydock_core::dockerfile::assist as dockerfile;
use drydock_core::{FileKind, TextRange};
use lsp_types::{DocumentSymbol, SymbolKind};

use super::position::Lines;

pub fn symbols(name: &str, text: &str, lines: &Lines<'_>) -> Vec<DocumentSymbol> {
    match FileKind::detect(name, text) {
        FileKind::Dockerfile => {
            let tree = drydock_core::dockerfile::parse(text);
            let semantic = drydock_core::dockerfile::analyze(text, &tree);
            dockerfile::symbols(text, &tree, &semantic)
                .iter()
                .map(|symbol| dockerfile_symbol(symbol, lines))
                .collect()
        }
        FileKind::Kubernetes => kubernetes(text, lines),
        FileKind::Compose => compose(text, lines),
        FileKind::Kustomization => kustomization(text, lines),
        _ => Vec::new(),
    }
}

#[allow(deprecated)] // `deprecated`: a field the protocol keeps for old clients.
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: TextRange,
    selection: TextRange,
    children: Vec<DocumentSymbol>,
    lines: &Lines<'_>,
) -> DocumentSymbol {
    // The protocol wants the selection inside the range, and a name that is not empty.
    let selection = if range.contains_range(selection) {
        selection
    } else {
        TextRange::empty(range.start)
    };
    DocumentSymbol {
        name: if name.is_empty() {
            "?".to_owned()
        } else {
            name
        },
        detail: detail.filter(|detail| !detail.is_empty()),
        kind,
        tags: None,
        deprecated: None,
        range: lines.range(range),
        selection_range: lines.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}

fn dockerfile_symbol(found: &dockerfile::Symbol, lines: &Lines<'_>) -> DocumentSymbol {
    symbol(
        found.name.clone(),
        Some(found.detail.clone()),
        if found.stage {
            SymbolKind::MODULE
        } else {
            SymbolKind::FUNCTION
        },
        found.range,
        found.selection,
        found
            .children
            .iter()
            .map(|child| dockerfile_symbol(child, lines))
            .collect(),
        lines,
    )
}

/// One symbol per object (the items of a `List` included): `Deployment/web`, its namespace
/// and apiVersion as detail.
fn kubernetes(text: &str, lines: &Lines<'_>) -> Vec<DocumentSymbol> {
    let stream = drydock_core::yaml::parse(text);
    drydock_core::k8s::object::objects(&stream)
        .iter()
        .map(|object| {
            let name = object.name().unwrap_or("(no name)");
            let detail = match object.namespace() {
                Some(namespace) => format!("{} in {namespace}", object.api_version),
                None => object.api_version.to_owned(),
            };
            symbol(
                format!("{}/{name}", object.kind),
                Some(detail),
                SymbolKind::OBJECT,
                object.range(),
                object.name_range().unwrap_or(object.kind_range),
                Vec::new(),
                lines,
            )
        })
        .collect()
}

/// The services of a Compose file, with the image each runs or builds.
fn compose(text: &str, lines: &Lines<'_>) -> Vec<DocumentSymbol> {
    let stream = drydock_core::yaml::parse(text);
    let mut out = Vec::new();
    for document in &stream.documents {
        let Some(services) = document
            .root
            .and_then(|root| document.get(root, "services"))
            .and_then(|entry| document.entries(entry.value))
        else {
            continue;
        };
        for entry in services {
            let Some(name) = document.key_str(entry) else {
                continue;
            };
            let detail = document
                .get_str(entry.value, "image")
                .map(str::to_owned)
                .or_else(|| {
                    document
                        .get(entry.value, "build")
                        .map(|_| "build".to_owned())
                });
            let key = document.range(entry.key);
            out.push(symbol(
                name.to_owned(),
                detail,
                SymbolKind::CLASS,
                key.cover(document.range(entry.value)),
                key,
                Vec::new(),
                lines,
            ));
        }
    }
    out
}

/// A kustomization's top-level fields, each over its lines, with the items of its list (the
/// files and folders `resources` names, the images `images` changes…) inside.
fn kustomization(text: &str, lines: &Lines<'_>) -> Vec<DocumentSymbol> {
    let entries = drydock_core::yaml::cursor::entries(text);
    let mut fields: Vec<(String, TextRange, Vec<DocumentSymbol>)> = Vec::new();
    for entry in &entries {
        match (entry.path.as_slice(), &entry.key, &entry.value) {
            ([], Some((key, range)), _) => fields.push((key.clone(), *range, Vec::new())),
            ([parent], key, Some((value, range))) => {
                if let Some((name, _, children)) = fields.last_mut()
                    && name == parent
                    && key
                        .as_ref()
                        .is_none_or(|(key, _)| key == "name" || key == "path")
                {
                    children.push(symbol(
                        value.clone(),
                        None,
                        SymbolKind::FILE,
                        *range,
                        *range,
                        Vec::new(),
                        lines,
                    ));
                }
            }
            _ => {}
        }
    }
    let starts: Vec<usize> = fields.iter().map(|(_, range, _)| range.start).collect();
    fields
        .into_iter()
        .enumerate()
        .map(|(index, (name, key, children))| {
            // To the start of the next field's line, or the end of the text.
            let end = starts
                .get(index + 1)
                .map_or(text.trim_end().len(), |&next| {
                    text.get(..next)
                        .map_or(next, |before| before.trim_end().len())
                });
            let kind = if children.is_empty() {
                SymbolKind::FIELD
            } else {
                SymbolKind::ARRAY
            };
            symbol(
                name,
                None,
                kind,
                TextRange::new(key.start, end.max(key.end)),
                key,
                children,
                lines,
            )
        })
        .collect()
}
