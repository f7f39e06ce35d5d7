//! Differential run against hadolint 2.15.1 over the shared corpus of real Dockerfiles.
//!
//! For every hadolint DL rule that a Drydock rule mirrors (`RuleMeta::mirrors`), it counts the
//! findings both tools report on the same instruction, those only hadolint reports, and those
//! only Drydock reports. hadolint reports the line where an instruction starts; Drydock's
//! findings point inside it (at a package, a pipe), so both are compared by the instruction
//! they fall in. hadolint stops at the first parse error of a file (DL1000), so files it
//! could not parse are left out of the comparison (and counted).
//!
//! The test fails when agreement regresses: fewer common findings, or more one-sided ones,
//! than the committed table [`EXPECTED`].
//!
//! Classes of disagreement, investigated (every one-sided finding below was read in the corpus;
//! run with `DIFF_SAMPLES=1 -- --nocapture` to list them):
//! - **Dynamic words** (DL3008 6, DL3018 7 only hadolint): `apt-get install $PACKAGES`,
//!   `apk add $buildDeps` — hadolint reports the unexpanded word as an unpinned package; we do
//!   not judge a word whose value is only known at build time.
//! - **Wrappers and nesting**: we look through `sudo`, `env`, `xargs`-free wrappers and into
//!   `sh -c '…'` strings, where hadolint sees only `sudo`/`sh`; the extra findings are true.
//! - **Flag values**: `apt-get -o Dpkg::Options::=… install` — hadolint counts option values as
//!   packages or misses the subcommand; we know which flags take values.
//! - **One finding per command, not per instruction** is normalised away by comparing per
//!   instruction.
//! - **pip** (DL3013, 1 only Drydock): `bin/pip install …` of a virtualenv is pip; hadolint
//!   only knows `pip`/`pip3` by that exact name. `pkg[extra]` is a package with extras, not a
//!   glob.
//! - **apt-get dist-clean** (DL3009, 65 only hadolint): Debian trixie images end their RUNs
//!   with `apt-get dist-clean`, which removes the package lists; hadolint only accepts
//!   `rm -rf /var/lib/apt/lists/*`, so it is wrong there and we do not report them.
//! - **apt lists left behind** (DL3009, 6 only Drydock): each `RUN` runs `apt-get update` and
//!   never removes /var/lib/apt/lists in a stage that ends in the image (read by hand: true);
//!   hadolint 2.15.1 does not report them.
//! - **Build stages** (DL3002, 1 only hadolint): `USER root` in a stage that only feeds
//!   `COPY --from` of a `scratch` final stage never reaches the image; hadolint reports it.
//! - **`ONBUILD RUN`** (DL3003, 2 only Drydock): hadolint does not look inside `ONBUILD`
//!   triggers; a `cd` there is the same mistake when the trigger runs.
//! - **Stage names built from ARGs** (DL3006, 4 only hadolint): `FROM golangci-binary-${X}`
//!   expands (with the ARG's default) to an earlier stage's name, not an untagged image.
//! - **`go run make.go`** (DL3062, 1 only hadolint): a local file, not a module to pin.
//! - **yarn cache** (DL3060, 2 only Drydock): `yarn install` in a `RUN` that never runs
//!   `yarn cache clean` (true; the cache stays in the layer); hadolint 2.15.1 misses them.
//! - **wget and curl** (DL4001, 1 only Drydock): we report each `RUN` that uses the second tool
//!   of a file using both; hadolint reports fewer places of the same file.
//! - **pipefail set in a heredoc** (DL4006, 6 only hadolint): `RUN <<EOT` scripts that start
//!   with `set -o pipefail` before their pipes; hadolint does not read it and is wrong.
//! - **DL3059**: hadolint 2.15.1's command count makes it report only a `RUN` of a single
//!   command after another single-command `RUN` (two commands — `a && b`, `a | b`,
//!   `a $(b)` — count as split on purpose; tests `[ … ]` do not count), and so do we. The rest
//!   (8 only hadolint, 2 only Drydock) are Windows images whose `RUN`s are cmd or PowerShell:
//!   hadolint reads them as POSIX shell and counts their commands by chance; we do not parse
//!   a shell that is not POSIX and take each such `RUN` as one step.
//! - **DL3000** (mirrored by BuildKit's WorkdirRelativePath): we report a relative `WORKDIR`
//!   only when no absolute one came before it in the stage (2 only hadolint: `WORKDIR
//!   tools/gopls` after `WORKDIR /src` is well defined); hadolint skips every path with a
//!   variable, we judge its value (1 only Drydock: `WORKDIR $DISTRO_NAME` is relative). Windows
//!   paths with a drive letter (`C:\go`) are absolute to both.
//! - **DL3064** (mirrored by BuildKit's SecretsUsedInArgOrEnv; 6 only Drydock): `LICENSE_KEY`
//!   and `KEY` hold secrets hadolint's word list misses; `NGROK_CA_KEY` and
//!   `NGROK_SERVER_KEY` (4) name paths to key files — the value is not the secret, but a key
//!   file baked into the image is, so the warning stands. `GPG_KEY` (a public key's
//!   fingerprint) is reported by neither.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use drydock_core::dockerfile::parse;
use drydock_core::{LineIndex, SourceFile, check_file};

/// Per DL code: the minimum number of findings both report, and the maximum reported by only
/// one side. Measured; tighten when agreement improves.
const EXPECTED: &[(&str, usize, usize, usize)] = &[
    ("DL1001", 0, 0, 0),
    ("DL3000", 5, 2, 1),
    ("DL3001", 2, 0, 0),
    ("DL3002", 1, 1, 0),
    ("DL3003", 357, 0, 2),
    ("DL3004", 0, 0, 0),
    ("DL3005", 0, 0, 0),
    ("DL3006", 101, 4, 0),
    ("DL3007", 88, 0, 0),
    ("DL3008", 465, 6, 0),
    ("DL3009", 18, 65, 6),
    ("DL3010", 0, 0, 0),
    ("DL3012", 0, 0, 0),
    ("DL3013", 69, 0, 1),
    ("DL3014", 4, 0, 0),
    ("DL3015", 83, 0, 0),
    ("DL3016", 13, 0, 0),
    ("DL3017", 0, 0, 0),
    ("DL3018", 514, 7, 0),
    ("DL3019", 43, 0, 0),
    ("DL3020", 25, 0, 0),
    ("DL3021", 1, 0, 0),
    ("DL3022", 1, 0, 0),
    ("DL3023", 0, 0, 0),
    ("DL3024", 0, 0, 0),
    ("DL3025", 60, 0, 0),
    ("DL3026", 0, 0, 0),
    ("DL3027", 31, 0, 0),
    ("DL3028", 6, 0, 0),
    ("DL3030", 0, 0, 0),
    ("DL3031", 0, 0, 0),
    ("DL3032", 1, 0, 0),
    ("DL3033", 2, 0, 0),
    ("DL3034", 0, 0, 0),
    ("DL3035", 0, 0, 0),
    ("DL3036", 0, 0, 0),
    ("DL3037", 0, 0, 0),
    ("DL3038", 0, 0, 0),
    ("DL3039", 0, 0, 0),
    ("DL3040", 0, 0, 0),
    ("DL3041", 0, 0, 0),
    ("DL3042", 29, 0, 0),
    ("DL3043", 0, 0, 0),
    ("DL3044", 0, 0, 0),
    ("DL3045", 17, 0, 0),
    ("DL3046", 1, 0, 0),
    ("DL3047", 132, 0, 0),
    ("DL3059", 109, 8, 2),
    ("DL3060", 0, 0, 2),
    ("DL3061", 0, 0, 0),
    ("DL3062", 26, 1, 0),
    ("DL3064", 15, 0, 6),
    ("DL3066", 59, 0, 0),
    ("DL3067", 24, 0, 0),
    ("DL4000", 274, 0, 0),
    ("DL4001", 6, 0, 1),
    ("DL4003", 0, 0, 0),
    ("DL4004", 0, 0, 0),
    ("DL4005", 0, 0, 0),
    ("DL4006", 532, 6, 0),
];

#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    both: usize,
    only_hadolint: usize,
    only_drydock: usize,
}

#[test]
fn agreement_with_hadolint() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let reference = shared.join("reference/hadolint-2.15.1-corpus.json");
    let corpus = shared.join("corpus/dockerfiles");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&reference).expect("reference file"))
            .expect("reference JSON");

    // DL code → our rule ids.
    let mut ours_by_code: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for rule in drydock_core::rules::all() {
        for mirror in rule.mirrors {
            if mirror.tool == "hadolint" && mirror.id.starts_with("DL") && mirror.id != "DL1000" {
                ours_by_code.entry(mirror.id).or_default().push(rule.id);
            }
        }
    }

    let mut hadolint: BTreeSet<(String, String, u32)> = BTreeSet::new();
    let mut unparsed: BTreeSet<String> = BTreeSet::new();
    for finding in json.as_array().expect("array") {
        let file = finding["file"].as_str().unwrap_or("");
        let name = file.strip_prefix("corpus/").unwrap_or(file).to_owned();
        let code = finding["code"].as_str().unwrap_or("").to_owned();
        let line = finding["line"].as_u64().unwrap_or(0) as u32;
        if code == "DL1000" {
            unparsed.insert(name);
        } else if ours_by_code.contains_key(code.as_str()) {
            hadolint.insert((name, code, line));
        }
    }

    let mut drydock: BTreeSet<(String, String, u32)> = BTreeSet::new();
    let mut files = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if unparsed.contains(&name) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        files += 1;
        let tree = parse(&text);
        let index = LineIndex::new(&text);
        let findings = check_file(&SourceFile {
            name: "Dockerfile".into(),
            text: text.clone(),
        });
        for finding in findings {
            let Some(code) = ours_by_code
                .iter()
                .find(|(_, ids)| ids.contains(&finding.rule))
                .map(|(code, _)| *code)
            else {
                continue;
            };
            // The line of the instruction the finding is in (hadolint's line).
            let line = tree
                .instructions
                .iter()
                .find(|i| {
                    i.range.start <= finding.range.start && finding.range.start <= i.range.end
                })
                .map_or(finding.start.line, |i| index.position(i.range.start).line);
            drydock.insert((name.clone(), code.to_owned(), line));
        }
    }

    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    for code in ours_by_code.keys() {
        counts.insert((*code).to_owned(), Counts::default());
    }
    let mut samples: BTreeMap<(String, bool), Vec<String>> = BTreeMap::new();
    for key in hadolint.union(&drydock) {
        let entry = counts.entry(key.1.clone()).or_default();
        match (hadolint.contains(key), drydock.contains(key)) {
            (true, true) => entry.both += 1,
            (true, false) => {
                entry.only_hadolint += 1;
                samples
                    .entry((key.1.clone(), true))
                    .or_default()
                    .push(format!("{}:{}", key.0, key.2));
            }
            _ => {
                entry.only_drydock += 1;
                samples
                    .entry((key.1.clone(), false))
                    .or_default()
                    .push(format!("{}:{}", key.0, key.2));
            }
        }
    }

    println!(
        "{files} files compared ({} left out: hadolint could not parse them)",
        unparsed.len()
    );
    println!(
        "{:<8} {:>6} {:>14} {:>12}",
        "rule", "both", "only hadolint", "only drydock"
    );
    for (code, c) in &counts {
        println!(
            "{code:<8} {:>6} {:>14} {:>12}",
            c.both, c.only_hadolint, c.only_drydock
        );
    }
    if std::env::var_os("DIFF_SAMPLES").is_some() {
        for ((code, only_hadolint), list) in &samples {
            let side = if *only_hadolint {
                "only hadolint"
            } else {
                "only drydock"
            };
            println!(
                "{code} {side}: {}",
                list.iter().take(8).cloned().collect::<Vec<_>>().join(" ")
            );
        }
    }

    let mut failures = Vec::new();
    for (code, min_both, max_only_hadolint, max_only_drydock) in EXPECTED {
        let c = counts.get(*code).copied().unwrap_or_default();
        if c.both < *min_both
            || c.only_hadolint > *max_only_hadolint
            || c.only_drydock > *max_only_drydock
        {
            failures.push(format!(
                "{code}: both {} (expected ≥ {min_both}), only hadolint {} (≤ {max_only_hadolint}), only drydock {} (≤ {max_only_drydock})",
                c.both, c.only_hadolint, c.only_drydock
            ));
        }
    }
    for code in counts.keys() {
        if !EXPECTED.iter().any(|(c, ..)| c == code) {
            failures.push(format!("{code} has no expected counts in EXPECTED"));
        }
    }
    assert!(files > 700, "only {files} corpus files read");
    assert!(
        failures.is_empty(),
        "agreement regressed:\n{}",
        failures.join("\n")
    );
}
