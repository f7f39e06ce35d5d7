use std::collections::{HashMap, HashSet};

use super::suggest::Suggester;
use crate::Keyword;
use crate::Semantic;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::{Base, Binding};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/undefined-var",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A variable is used before any `ARG` or `ENV` defines it"),
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
    let global_args: Vec<&str> = semantic.global_args().map(|b| b.name.as_str()).collect();
    // What each scope declares, read as far as the instructions so far see it: each binding is
    // read once, not once per instruction (a stage of thousands of ENV and RUN would be
    // quadratic), and the suggestions share one budget.
    let mut scopes: HashMap<usize, Declared<'_>> = HashMap::new();
    let mut suggester = Suggester::new();
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
        let mut references = info
            .words
            .iter()
            .flat_map(|word| word.references.iter().filter(|r| !r.set))
            .peekable();
        if references.peek().is_none() {
            continue;
        }
        let env = semantic.env(index);
        let declared = scopes.entry(semantic.env_scope(index)).or_default();
        declared.read(env.bindings());
        let image_env = image_env(semantic, stage);
        let mut reported: Vec<&str> = Vec::new();
        for reference in references {
            let name = reference.name.as_str();
            if declared.names.contains(name)
                || name == "PATH"
                || NON_ENV.contains(&name)
                || reported.contains(&name)
                || image_env.is_some_and(|names| names.contains(&name))
            {
                continue;
            }
            let candidates = declared.list.iter().chain(&global_args).copied();
            let suggestion = suggester.suggest(name, candidates);
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

/// The names a scope declares, as far as it has been read.
#[derive(Default)]
struct Declared<'a> {
    names: HashSet<&'a str>,
    /// The same, each once, in declaration order: the candidates of "did you mean".
    list: Vec<&'a str>,
    /// How many of the scope's bindings have been read.
    seen: usize,
}

impl<'a> Declared<'a> {
    /// Reads the bindings past those already read (an instruction sees a prefix of its scope's
    /// bindings, longer the later it comes).
    fn read(&mut self, bindings: &'a [Binding]) {
        if bindings.len() < self.seen {
            *self = Declared::default();
        }
        for binding in bindings.get(self.seen..).unwrap_or_default() {
            if self.names.insert(&binding.name) {
                self.list.push(&binding.name);
            }
        }
        self.seen = bindings.len();
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
