//! Compose ↔ Dockerfile: what a service's `build` asks of the Dockerfile it builds. The Dockerfile
//! is found in the workspace from the project's folder, the build's `context` and its
//! `dockerfile`, as Compose resolves them; a Dockerfile outside the workspace (or a remote
//! context) is not judged.
//! - `build.target` must be one of its stages (`docker compose config` accepts any name; the
//!   build fails: `target stage "…" could not be found`);
//! - each of `build.args` should be an `ARG` it declares (BuildKit ignores the others, and warns
//!   that a build arg was not consumed);
//! - a service others wait for with `condition: service_healthy`, with no `healthcheck` of its
//!   own, needs a `HEALTHCHECK` in the stage it builds;
//! - a container port a service publishes or exposes should be one the stage it builds
//!   `EXPOSE`s, when it exposes any and the service runs the image's own command (the
//!   application listens there);
//! - `user: root` (or `0`) undoes a stage that drops root with `USER`.

use drydock_base::rendered::{RenderFinding, Rendered};
use drydock_base::workspace::{SourceFile, normalize_path};
use drydock_base::{Fix, Severity};
use drydock_compose::literal;
use drydock_yaml::{Document, NodeId};

/// The arguments BuildKit knows without an `ARG`.
const PREDEFINED_ARGS: [&str; 5] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "FTP_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
];

/// Every Compose project's builds checked against the workspace's Dockerfiles: one [`Rendered`]
/// per project with findings, holding them (no text).
pub fn renders(files: &[SourceFile]) -> Vec<Rendered> {
    let mut out = Vec::new();
    for project in drydock_compose::workspace::projects(files) {
        let mut render = Rendered {
            name: project.name.clone(),
            ..Rendered::default()
        };
        let streams: Vec<(&SourceFile, drydock_yaml::Stream)> = project
            .files
            .iter()
            .filter_map(|&at| files.get(at))
            .map(|file| (file, drydock_yaml::parse(&file.text)))
            .collect();
        // The built services that have no health check in the project's files, with the
        // Dockerfile stage they build when it declares none either.
        let mut unchecked: Vec<(String, String)> = Vec::new();
        let mut checked: Vec<String> = Vec::new();
        let mut found: Vec<(usize, RenderFinding)> = Vec::new();
        for (index, (_, stream)) in streams.iter().enumerate() {
            for document in &stream.documents {
                for (name, service) in drydock_compose::services(document) {
                    if document.get(service, "healthcheck").is_some() {
                        checked.push(name.to_owned());
                    }
                    let Some(built) = build_of(document, service, &project.folder, files) else {
                        continue;
                    };
                    let mut findings = Vec::new();
                    let stage = check_build(document, &built, &mut findings);
                    if let Some(stage) = stage {
                        check_ports(document, name, service, &built, stage, &mut findings);
                        check_user(document, name, service, &built, stage, &mut findings);
                    }
                    found.extend(findings.into_iter().map(|f| (index, f)));
                    if let Some(stage) = stage
                        && !has_healthcheck(&built, stage)
                    {
                        unchecked.push((name.to_owned(), built.file.name.clone()));
                    }
                }
            }
        }
        unchecked.retain(|(name, _)| !checked.contains(name));
        for (index, (_, stream)) in streams.iter().enumerate() {
            for document in &stream.documents {
                for (name, service) in drydock_compose::services(document) {
                    waiting_for_health(document, name, service, &unchecked, index, &mut found);
                }
            }
        }
        for (index, finding) in found {
            let Some((file, _)) = streams.get(index) else {
                continue;
            };
            let at = match render.sources.iter().position(|s| *s == file.name) {
                Some(at) => at,
                None => {
                    render.sources.push(file.name.clone());
                    render.sources.len() - 1
                }
            };
            render.findings.push(RenderFinding {
                file: at,
                ..finding
            });
        }
        if !render.findings.is_empty() {
            out.push(render);
        }
    }
    out
}

/// A service's build and the Dockerfile of the workspace it builds, parsed.
struct Built<'f> {
    build: NodeId,
    file: &'f SourceFile,
    tree: drydock_dockerfile::Dockerfile,
    semantic: drydock_dockerfile::Semantic,
}

fn build_of<'f>(
    document: &Document,
    service: NodeId,
    folder: &str,
    files: &'f [SourceFile],
) -> Option<Built<'f>> {
    let build = document.get(service, "build")?.value;
    let (path, _) = drydock_compose::build_dockerfile(document, service, folder)?;
    let file = files.iter().find(|f| normalize_path(&f.name) == path)?;
    let tree = drydock_dockerfile::parse(&file.text);
    let semantic = drydock_dockerfile::analyze(&file.text, &tree);
    Some(Built {
        build,
        file,
        tree,
        semantic,
    })
}

/// The target and the arguments of a build; the index of the stage it builds, when known.
fn check_build(
    document: &Document,
    built: &Built<'_>,
    out: &mut Vec<RenderFinding>,
) -> Option<usize> {
    let stages: Vec<&str> = built
        .semantic
        .stages
        .iter()
        .filter_map(|s| s.name.as_deref())
        .collect();
    let mut stage = built.semantic.stages.len().checked_sub(1);
    if let Some(target) = document.get(built.build, "target")
        && let Some(name) = literal(document, target.value)
    {
        let lower = name.to_lowercase();
        stage = built
            .semantic
            .stages
            .iter()
            .position(|s| s.name.as_deref() == Some(lower.as_str()));
        if stage.is_none() {
            out.push(target_not_a_stage(
                document,
                target.value,
                name,
                built,
                &stages,
            ));
        }
    }
    if let Some(args) = document.get(built.build, "args") {
        let declared = declared_args(built);
        let given: Vec<(&str, NodeId)> = match document.entries(args.value) {
            Some(entries) => entries
                .iter()
                .filter_map(|e| Some((document.key_str(e)?, e.key)))
                .collect(),
            None => document
                .items(args.value)
                .unwrap_or_default()
                .iter()
                .filter_map(|&item| {
                    let text = literal(document, item)?;
                    Some((text.split('=').next().unwrap_or(text), item))
                })
                .collect(),
        };
        for (name, node) in given {
            let predefined = PREDEFINED_ARGS.iter().any(|p| p.eq_ignore_ascii_case(name))
                || name.starts_with("BUILDKIT_");
            if predefined || declared.iter().any(|d| d == name) {
                continue;
            }
            out.push(RenderFinding {
                rule: "compose/build-arg-not-declared".to_owned(),
                severity: Severity::Warning,
                message: format!(
                    "build arg `{name}` is passed to `{}`, which declares no `ARG {name}`: BuildKit ignores it (and warns that it was not consumed)",
                    built.file.name
                ),
                file: 0,
                range: document.range(node),
                fix: None,
            });
        }
    }
    stage
}

/// The instructions of stage `stage` with `keyword`.
fn stage_instructions<'b>(
    built: &'b Built<'_>,
    stage: usize,
    keyword: drydock_dockerfile::Keyword,
) -> impl Iterator<Item = &'b drydock_dockerfile::Instruction> {
    let range = built
        .semantic
        .stages
        .get(stage)
        .map_or(0..0, |s| s.from..s.end);
    built
        .tree
        .instructions
        .get(range)
        .unwrap_or_default()
        .iter()
        .filter(move |i| i.keyword == Some(keyword))
}

/// The ports stage `stage` exposes, as `port/protocol` (`None` when one is written with a
/// variable: then the list is not known).
fn exposed(built: &Built<'_>, stage: usize) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for instruction in stage_instructions(built, stage, drydock_dockerfile::Keyword::Expose) {
        for word in instruction.args.split_whitespace() {
            if word.contains('$') {
                return None;
            }
            let (port, protocol) = word.split_once('/').unwrap_or((word, "tcp"));
            out.push(format!("{port}/{}", protocol.to_lowercase()));
        }
    }
    Some(out)
}

/// Container ports the service publishes or exposes that the stage it builds does not expose.
fn check_ports(
    document: &Document,
    name: &str,
    service: NodeId,
    built: &Built<'_>,
    stage: usize,
    out: &mut Vec<RenderFinding>,
) {
    let Some(exposed) = exposed(built, stage).filter(|e| !e.is_empty()) else {
        return;
    };
    // A command of the service's own may well listen elsewhere than the image's.
    if document.get(service, "command").is_some() || document.get(service, "entrypoint").is_some() {
        return;
    }
    let mut wanted: Vec<(String, NodeId)> = Vec::new();
    if let Some(ports) = document.get(service, "ports") {
        for &item in document.items(ports.value).unwrap_or_default() {
            if let Some(target) = document.get(item, "target") {
                let protocol = document
                    .get(item, "protocol")
                    .and_then(|p| literal(document, p.value))
                    .unwrap_or("tcp");
                if let Some(port) = literal(document, target.value) {
                    wanted.push((format!("{port}/{protocol}"), target.value));
                }
            } else if let Some(text) = literal(document, item) {
                // `[ip:][host:]container[/protocol]`: the container part is the last.
                let container = text.rsplit(':').next().unwrap_or(text);
                let (port, protocol) = container.split_once('/').unwrap_or((container, "tcp"));
                if !port.contains('-') {
                    wanted.push((format!("{port}/{}", protocol.to_lowercase()), item));
                }
            }
        }
    }
    if let Some(expose) = document.get(service, "expose") {
        for &item in document.items(expose.value).unwrap_or_default() {
            if let Some(text) = literal(document, item) {
                let (port, protocol) = text.split_once('/').unwrap_or((text, "tcp"));
                if !port.contains('-') {
                    wanted.push((format!("{port}/{}", protocol.to_lowercase()), item));
                }
            }
        }
    }
    let listed = exposed
        .iter()
        .map(|p| format!("`{}`", p.trim_end_matches("/tcp")))
        .collect::<Vec<_>>()
        .join(", ");
    for (port, node) in wanted {
        if exposed.contains(&port) {
            continue;
        }
        out.push(RenderFinding {
            rule: "compose/port-not-exposed".to_owned(),
            severity: Severity::Warning,
            message: format!(
                "service {name:?} maps container port `{}`, but the stage it builds from `{}` exposes only {listed}: the application likely listens there, so this port reaches nothing",
                port.trim_end_matches("/tcp"),
                built.file.name
            ),
            file: 0,
            range: document.range(node),
            fix: None,
        });
    }
}

/// `user: root` on a service whose stage drops root.
fn check_user(
    document: &Document,
    name: &str,
    service: NodeId,
    built: &Built<'_>,
    stage: usize,
    out: &mut Vec<RenderFinding>,
) {
    let Some(user) = document.get(service, "user") else {
        return;
    };
    let Some(value) = literal(document, user.value) else {
        return;
    };
    let who = value.split(':').next().unwrap_or(value);
    if !matches!(who, "root" | "0") {
        return;
    }
    let Some(dropped) = stage_instructions(built, stage, drydock_dockerfile::Keyword::User)
        .last()
        .map(|i| i.args.trim().to_owned())
    else {
        return;
    };
    let dropped_who = dropped.split(':').next().unwrap_or(&dropped);
    if matches!(dropped_who, "root" | "0") || dropped.contains('$') {
        return;
    }
    out.push(RenderFinding {
        rule: "compose/user-overrides-dockerfile".to_owned(),
        severity: Severity::Warning,
        message: format!(
            "service {name:?} runs as `{value}`, although the stage it builds from `{}` drops root with `USER {dropped}`: the container gets back every privilege the image gave up",
            built.file.name
        ),
        file: 0,
        range: document.range(user.value),
        fix: None,
    });
}

/// Every name an `ARG` of the Dockerfile declares, in any stage or before the first.
fn declared_args(built: &Built<'_>) -> Vec<String> {
    built
        .tree
        .instructions
        .iter()
        .filter(|i| i.keyword == Some(drydock_dockerfile::Keyword::Arg))
        .flat_map(|i| {
            i.args
                .split_whitespace()
                .map(|word| word.split('=').next().unwrap_or(word).to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether stage `stage` of the Dockerfile declares a health check (`HEALTHCHECK NONE` does not).
fn has_healthcheck(built: &Built<'_>, stage: usize) -> bool {
    let Some(stage) = built.semantic.stages.get(stage) else {
        return true;
    };
    built
        .tree
        .instructions
        .get(stage.from..stage.end)
        .unwrap_or_default()
        .iter()
        .rfind(|i| i.keyword == Some(drydock_dockerfile::Keyword::Healthcheck))
        .is_some_and(|i| !i.args.trim().eq_ignore_ascii_case("NONE"))
}

/// `depends_on` entries waiting for a service to be healthy that no health check makes so.
fn waiting_for_health(
    document: &Document,
    name: &str,
    service: NodeId,
    unchecked: &[(String, String)],
    file: usize,
    out: &mut Vec<(usize, RenderFinding)>,
) {
    let Some(depends) = document.get(service, "depends_on") else {
        return;
    };
    for dependency in document.entries(depends.value).unwrap_or_default() {
        let Some(target) = document.key_str(dependency) else {
            continue;
        };
        let Some(condition) = document.get(dependency.value, "condition") else {
            continue;
        };
        if literal(document, condition.value) != Some("service_healthy") {
            continue;
        }
        let Some((_, dockerfile)) = unchecked.iter().find(|(n, _)| n == target) else {
            continue;
        };
        out.push((
            file,
            RenderFinding {
                rule: "compose/healthy-dependency-without-healthcheck".to_owned(),
                severity: Severity::Warning,
                message: format!(
                    "service {name:?} waits for {target:?} to be healthy, but it has no `healthcheck` and the stage it builds from `{dockerfile}` has no `HEALTHCHECK`: unless its base image declares one, it never becomes healthy and service {name:?} never starts"
                ),
                file: 0,
                range: document.range(condition.value),
                fix: None,
            },
        ));
    }
}

fn target_not_a_stage(
    document: &Document,
    node: NodeId,
    name: &str,
    built: &Built<'_>,
    stages: &[&str],
) -> RenderFinding {
    let range = document.range(node);
    let suggestion = drydock_base::suggest::did_you_mean(name, stages.iter().copied());
    RenderFinding {
        rule: "compose/build-target".to_owned(),
        severity: Severity::Error,
        message: format!(
            "`{name}` is not a stage of `{}`{}: `docker compose config` accepts it, but the build fails (`target stage \"{name}\" could not be found`); {}",
            built.file.name,
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

    #[test]
    fn build_args_and_health_checks_are_those_of_the_dockerfile() {
        let files = [
            file(
                "compose.yaml",
                "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      api:\n        condition: service_healthy\n      worker:\n        condition: service_healthy\n  api:\n    build:\n      context: api\n      args:\n        VERSION: \"1\"\n        VERSOIN: \"2\"\n        HTTP_PROXY: http://proxy\n  worker:\n    build: worker\n",
            ),
            file(
                "api/Dockerfile",
                "ARG VERSION=0\nFROM python:3.12\nCMD [\"serve\"]\n",
            ),
            file(
                "worker/Dockerfile",
                "FROM python:3.12\nHEALTHCHECK CMD [\"true\"]\n",
            ),
        ];
        let renders = renders(&files);
        assert_eq!(renders.len(), 1, "{renders:?}");
        let found: Vec<(&str, &str)> = renders[0]
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), &files[0].text[f.range.start..f.range.end]))
            .collect();
        assert_eq!(
            found,
            [
                ("compose/build-arg-not-declared", "VERSOIN"),
                (
                    "compose/healthy-dependency-without-healthcheck",
                    "service_healthy"
                ),
            ]
        );
        // It is the api's `service_healthy`: the worker's Dockerfile has a HEALTHCHECK.
        assert_eq!(
            renders[0].findings[1].range.start,
            files[0].text.find("service_healthy").unwrap()
        );
    }

    #[test]
    fn mapped_ports_and_the_user_are_those_of_the_stage_built() {
        let files = [
            file(
                "compose.yaml",
                "services:\n  web:\n    build: web\n    user: \"0:0\"\n    ports:\n      - \"8080:80\"\n      - 127.0.0.1:9000:3000\n      - target: 9229\n        published: \"9229\"\n    expose:\n      - \"5000/udp\"\n  open:\n    build: open\n    user: root\n    ports:\n      - \"8080:80\"\n  vars:\n    build: vars\n    ports:\n      - \"1:2\"\n",
            ),
            file(
                "web/Dockerfile",
                "FROM node:22 AS base\nEXPOSE 1\nFROM base\nEXPOSE 3000 9229/tcp\nEXPOSE 5000/udp\nUSER node\n",
            ),
            file("open/Dockerfile", "FROM nginx:1.27\nUSER root\n"),
            file("vars/Dockerfile", "FROM nginx:1.27\nEXPOSE $PORT\n"),
        ];
        let renders = renders(&files);
        let found: Vec<(&str, &str)> = renders
            .iter()
            .flat_map(|r| r.findings.iter())
            .map(|f| (f.rule.as_str(), &files[0].text[f.range.start..f.range.end]))
            .collect();
        assert_eq!(
            found,
            [
                ("compose/port-not-exposed", "\"8080:80\""),
                ("compose/user-overrides-dockerfile", "\"0:0\""),
            ],
            "{renders:?}"
        );
    }
}
