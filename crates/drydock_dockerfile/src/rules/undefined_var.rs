use super::suggest::did_you_mean;
use crate::Keyword;
use crate::Semantic;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::Base;
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/undefined-var",
    language: Language::Dockerfile,
    summary: "A variable is used before any `ARG` or `ENV` defines it",
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "UndefinedVar",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `$NAME` in an instruction BuildKit expands (`ENV`, `ARG`, `COPY`, `ADD`, `WORKDIR`,
`LABEL`, `USER`, `EXPOSE`, `VOLUME`, `STOPSIGNAL`, `RUN --mount`) when no `ARG` or `ENV` before it
defines `NAME`, with a suggestion when a defined name is close. Variables in `RUN`, `CMD` and
`ENTRYPOINT` commands are left to the shell and not checked.

Without a registry Drydock cannot see what a base image's configuration defines. It reports
everything in stages built from `scratch`, checks common official images against what they
define (`PATH`, `NODE_VERSION`, `GOPATH`…), and for other images reports only names that look
like a typo of a defined one.

## Why is this bad?
An undefined variable expands to the empty string without any error: `COPY app /$APP_DIR` copies
to `/`.

## Invalid
```dockerfile
FROM alpine
ARG VERSION=1
ENV APP_VERSION=$VERSON
```

## Valid
```dockerfile
FROM alpine
ARG VERSION=1
ENV APP_VERSION=$VERSION
```
"#,
    ),
};

/// Variables the configuration of common official images defines (besides `PATH`).
pub(crate) const IMAGE_ENV: &[(&str, &[&str])] = &[
    ("alpine", &[]),
    ("busybox", &[]),
    ("debian", &[]),
    ("ubuntu", &[]),
    ("centos", &[]),
    ("fedora", &[]),
    ("node", &["NODE_VERSION", "YARN_VERSION"]),
    (
        "python",
        &["LANG", "GPG_KEY", "PYTHON_VERSION", "PYTHON_SHA256"],
    ),
    ("golang", &["GOLANG_VERSION", "GOTOOLCHAIN", "GOPATH"]),
    (
        "nginx",
        &[
            "NGINX_VERSION",
            "NJS_VERSION",
            "NJS_RELEASE",
            "PKG_RELEASE",
            "DYNPKG_RELEASE",
        ],
    ),
    (
        "ruby",
        &[
            "LANG",
            "RUBY_VERSION",
            "RUBY_DOWNLOAD_URL",
            "RUBY_DOWNLOAD_SHA256",
            "GEM_HOME",
            "BUNDLE_SILENCE_ROOT_WARNING",
            "BUNDLE_APP_CONFIG",
        ],
    ),
    ("rust", &["RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"]),
    (
        "eclipse-temurin",
        &["JAVA_HOME", "LANG", "LANGUAGE", "LC_ALL", "JAVA_VERSION"],
    ),
];

/// BuildKit's `nonEnvArgs`: build options that are never variables.
const NON_ENV: &[&str] = &["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let semantic = ctx.semantic;
    for (index, (instruction, info)) in ctx
        .tree
        .instructions
        .iter()
        .zip(&semantic.instructions)
        .enumerate()
    {
        if instruction.keyword == Some(Keyword::From) {
            continue;
        }
        let Some(stage) = info.stage else {
            continue;
        };
        let env = semantic.env(index);
        let image_env = image_env(semantic, stage);
        let mut candidates: Vec<&str> = env.names();
        candidates.extend(semantic.global_args().map(|b| b.name.as_str()));
        let mut reported: Vec<&str> = Vec::new();
        for word in &info.words {
            for reference in word.references.iter().filter(|r| !r.set) {
                let name = reference.name.as_str();
                if env.is_declared(name)
                    || name == "PATH"
                    || NON_ENV.contains(&name)
                    || reported.contains(&name)
                    || image_env.is_some_and(|names| names.contains(&name))
                {
                    continue;
                }
                let suggestion = did_you_mean(name, candidates.iter().copied(), true);
                if image_env.is_none() && suggestion.is_none() {
                    continue;
                }
                reported.push(name);
                let mut message = format!("Usage of undefined variable '${name}'");
                if let Some(suggestion) = suggestion {
                    message.push_str(&format!(" (did you mean ${suggestion}?)"));
                }
                out.push(
                    Diagnostic::new(&RULE, message, reference.range)
                        .with_help("it expands to an empty string"),
                );
            }
        }
    }
}

/// What the base image of `stage`'s chain defines besides `PATH`: known for `scratch` (nothing)
/// and the images of [`IMAGE_ENV`], `None` for any other image.
pub(crate) fn image_env(semantic: &Semantic, stage: usize) -> Option<&'static [&'static str]> {
    match semantic.root_stage(stage).map(|s| &s.base) {
        Some(Base::Scratch) => Some(&[]),
        Some(Base::Image(image)) => IMAGE_ENV
            .iter()
            .find(|(name, _)| *name == image.short_name())
            .map(|(_, names)| *names),
        _ => None,
    }
}
