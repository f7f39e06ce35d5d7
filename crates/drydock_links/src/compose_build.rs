//! Compose ↔ Dockerfile: a service's `build.target` must be a stage of the Dockerfile the service
//! builds (`docker compose config` accepts any name; the build fails: `target stage "…" could not
//! be found`). The Dockerfile is found in the workspace from the project's folder, the build's
//! `context` and its `dockerfile`, as Compose resolves them; a Dockerfile outside the workspace
//! (or a remote context) is not judged.

use drydock_base::rendered::{RenderFinding, Rendered};
use drydock_base::workspace::{SourceFile, normalize_path};
use drydock_base::{Fix, Severity};
use drydock_yaml::{Document, NodeId};

/// The id the findings go under (its metadata is with the other Compose rules).
const RULE: &str = "compose/build-target";

/// Every Compose project's builds checked against the workspace's Dockerfiles: one [`Rendered`]
/// per project with findings, holding them (no text).
pub fn renders(files: &[SourceFile]) -> Vec<Rendered> {
    let mut out = Vec::new();
    for project in drydock_compose::workspace::projects(files) {
        let mut render = Rendered {
            name: project.name.clone(),
            ..Rendered::default()
        };
        for &at in &project.files {
            let Some(file) = files.get(at) else { continue };
            let stream = drydock_yaml::parse(&file.text);
            let mut found = Vec::new();
            for document in &stream.documents {
                check_document(document, &project.folder, files, &mut found);
            }
            if !found.is_empty() {
                let index = render.sources.len();
                render.sources.push(file.name.clone());
                render.findings.extend(
                    found
                        .into_iter()
                        .map(|f| RenderFinding { file: index, ..f }),
                );
            }
        }
        if !render.findings.is_empty() {
            out.push(render);
        }
    }
    out
}

fn scalar(document: &Document, node: NodeId) -> Option<&str> {
    document
        .scalar(node)
        .map(|s| s.value.as_str())
        .filter(|v| !v.contains('$'))
}

fn check_document(
    document: &Document,
    folder: &str,
    files: &[SourceFile],
    out: &mut Vec<RenderFinding>,
) {
    let Some(root) = document.root else { return };
    let Some(services) = document.get(root, "services") else {
        return;
    };
    for service in document.entries(services.value).unwrap_or_default() {
        let Some(build) = document.get(service.value, "build") else {
            continue;
        };
        let Some(target) = document.get(build.value, "target") else {
            continue;
        };
        let Some(name) = scalar(document, target.value) else {
            continue;
        };
        let context = document
            .get(build.value, "context")
            .and_then(|c| scalar(document, c.value))
            .unwrap_or(".");
        let dockerfile = document
            .get(build.value, "dockerfile")
            .and_then(|d| scalar(document, d.value))
            .unwrap_or("Dockerfile");
        if context.contains("://") || context.starts_with("git@") || dockerfile.starts_with('/') {
            continue;
        }
        let path = if folder.is_empty() {
            normalize_path(&format!("{context}/{dockerfile}"))
        } else {
            normalize_path(&format!("{folder}/{context}/{dockerfile}"))
        };
        let Some(file) = files.iter().find(|f| normalize_path(&f.name) == path) else {
            continue;
        };
        let tree = drydock_dockerfile::parse(&file.text);
        let semantic = drydock_dockerfile::analyze(&file.text, &tree);
        let stages: Vec<&str> = semantic
            .stages
            .iter()
            .filter_map(|s| s.name.as_deref())
            .collect();
        if stages.contains(&name.to_lowercase().as_str()) {
            continue;
        }
        let range = document.range(target.value);
        let suggestion = drydock_base::suggest::did_you_mean(name, stages.iter().copied());
        out.push(RenderFinding {
            rule: RULE.to_owned(),
            severity: Severity::Error,
            message: format!(
                "`{name}` is not a stage of `{}`{}: `docker compose config` accepts it, but the build fails (`target stage \"{name}\" could not be found`); {}",
                file.name,
                suggestion
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default(),
                if stages.is_empty() {
                    "it names no stage (`FROM … AS name`)".to_owned()
                } else {
                    format!(
                        "its stages are {}",
                        stages
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ),
            file: 0,
            range,
            fix: suggestion.map(|s| Fix::replace(format!("Replace with `{s}`"), range, s)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile {
            name: name.to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_target_must_be_a_stage_of_the_dockerfile_built() {
        let files = [
            file(
                "app/compose.yaml",
                "services:\n  web:\n    build:\n      context: ./web\n      target: prod\n  api:\n    build:\n      context: .\n      dockerfile: api.Dockerfile\n      target: Runtime\n  far:\n    build:\n      context: https://github.com/x/y.git\n      target: nothing\n",
            ),
            file(
                "app/web/Dockerfile",
                "FROM node:22 AS build\nRUN npm ci\nFROM nginx:1.27 AS production\nCOPY --from=build /app /usr/share/nginx/html\n",
            ),
            file("app/api.Dockerfile", "FROM python:3.12 AS runtime\n"),
        ];
        let renders = renders(&files);
        assert_eq!(renders.len(), 1);
        let render = &renders[0];
        assert_eq!(render.sources, ["app/compose.yaml"]);
        assert_eq!(render.findings.len(), 1, "{:?}", render.findings);
        let finding = &render.findings[0];
        let text = &files[0].text;
        assert_eq!(&text[finding.range.start..finding.range.end], "prod");
        assert!(
            finding
                .message
                .contains("its stages are `build`, `production`"),
            "{}",
            finding.message
        );
        assert!(finding.fix.is_none(), "`prod` is too far from `production`");
        // At the top of the workspace too.
        let top = [
            file(
                "compose.yaml",
                "services:\n  web:\n    build:\n      target: biuld\n",
            ),
            file("Dockerfile", "FROM node:22 AS build\n"),
        ];
        let renders = super::renders(&top);
        let fix = renders[0].findings[0].fix.as_ref().unwrap();
        assert_eq!(
            fix.apply(&top[0].text),
            "services:\n  web:\n    build:\n      target: build\n"
        );
    }
}
