//! The instruction-validation rules report only what BuildKit rejects, so on real Dockerfiles that
//! BuildKit parses they must be (nearly) silent.
//!
//! Every corpus file with a dump in `conformance/buildkit-parser/corpus-dumps/` passed BuildKit's
//! parser. BuildKit validates instructions (flags, arguments, mounts, ports, signals) one step
//! later, when it turns the tree into instructions and dispatches them, so a real error can still
//! hide in a parsed file: those are listed in [`ALLOWED`], each checked against BuildKit's code.
//! Any other finding of these rules on a parsed file fails the test.

use std::collections::BTreeSet;
use std::path::Path;

use drydock_core::{SourceFile, check_file};

/// The rules under test: they report only BuildKit rejections.
const RULES: [&str; 8] = [
    "dockerfile/invalid-flag",
    "dockerfile/invalid-argument-count",
    "dockerfile/invalid-mount",
    "dockerfile/invalid-healthcheck",
    "dockerfile/invalid-expose",
    "dockerfile/invalid-stopsignal",
    "dockerfile/shell-requires-json",
    "dockerfile/invalid-onbuild",
];

/// `(corpus file, rule)` pairs verified to be real BuildKit rejections.
const ALLOWED: &[(&str, &str)] = &[
    // `COPY --from build /app/public/* …`: `from` is a string flag, and BuildKit's
    // `BFlags.Parse` (instructions/bflag.go) fails on a string flag without `=` with
    // `Missing a value on flag: from`; the stage name is read as a source path.
    (
        "vimagick+dockerfiles__obs-web-arm__Dockerfile",
        "dockerfile/invalid-flag",
    ),
    // Templates, not Dockerfiles: `FROM {{ … }}` and `FROM … {{ env.variant }} AS …` split into
    // 2, 4 or 5 words, and `parseBuildStageName` (instructions/parse.go) accepts only one word
    // or `image AS name`: `FROM requires either one or three arguments`.
    (
        "docker-library+buildpack-deps__Dockerfile.template",
        "dockerfile/invalid-argument-count",
    ),
    (
        "docker-library+ruby__Dockerfile.template",
        "dockerfile/invalid-argument-count",
    ),
    (
        "microsoft+dotnet-framework-docker__eng__dockerfile-templates__aspnet__Dockerfile",
        "dockerfile/invalid-argument-count",
    ),
    (
        "microsoft+dotnet-framework-docker__eng__dockerfile-templates__aspnet__Dockerfile.3.5.pre20H2",
        "dockerfile/invalid-argument-count",
    ),
    (
        "microsoft+dotnet-framework-docker__eng__dockerfile-templates__aspnet__Dockerfile.pre20H2",
        "dockerfile/invalid-argument-count",
    ),
    (
        "microsoft+dotnet-framework-docker__eng__dockerfile-templates__sdk__Dockerfile.ltsc2016",
        "dockerfile/invalid-argument-count",
    ),
    (
        "microsoft+dotnet-framework-docker__eng__dockerfile-templates__wcf__Dockerfile",
        "dockerfile/invalid-argument-count",
    ),
];

#[test]
fn validation_rules_are_silent_on_files_buildkit_parses() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let corpus = shared.join("corpus/dockerfiles");
    let dumps = shared.join("conformance/buildkit-parser/corpus-dumps");
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .expect("the shared corpus")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // `_errors.txt` lists the files BuildKit's parser rejected (they may still have a dump).
    let rejected: BTreeSet<String> = std::fs::read_to_string(dumps.join("_errors.txt"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.strip_prefix("ERR corpus/"))
        .map(str::to_owned)
        .collect();

    let mut parsed = 0;
    let mut findings = 0;
    let mut seen_allowed = BTreeSet::new();
    let mut unexpected = Vec::new();
    for name in &names {
        if rejected.contains(name) || !dumps.join(format!("{name}.dump")).exists() {
            continue;
        }
        parsed += 1;
        let text = std::fs::read_to_string(corpus.join(name)).unwrap();
        let file = SourceFile {
            name: "Dockerfile".into(),
            text: text.clone(),
        };
        for finding in check_file(&file)
            .into_iter()
            .filter(|f| RULES.contains(&f.rule))
        {
            findings += 1;
            if ALLOWED.contains(&(name.as_str(), finding.rule)) {
                seen_allowed.insert((name.as_str(), finding.rule));
                continue;
            }
            unexpected.push(format!(
                "{name}:{}:{} {}: {} ({:?})",
                finding.start.line,
                finding.start.column,
                finding.rule,
                finding.message,
                finding.range.slice(&text)
            ));
        }
    }
    println!(
        "{parsed} corpus files BuildKit parses; {findings} findings of the validation rules, {} allowed pairs",
        ALLOWED.len()
    );
    assert!(
        parsed > 800,
        "expected the shared corpus, found {parsed} parsed files"
    );
    assert!(
        unexpected.is_empty(),
        "findings on files BuildKit parses:\n{}",
        unexpected.join("\n")
    );
    let stale: Vec<_> = ALLOWED
        .iter()
        .filter(|pair| !seen_allowed.contains(*pair))
        .collect();
    assert!(
        stale.is_empty(),
        "allowed pairs no longer reported: {stale:?}"
    );
}
