//! BuildKit's own expansion tables (`envVarTest`, `wordsTest` from
//! moby/buildkit `frontend/dockerfile/shell/`), read from `../shared/conformance/buildkit-shell`.
//!
//! Every case runs; any disagreement fails the test with the list of failing cases.

use std::path::PathBuf;

use drydock_core::dockerfile::shell::{Lexer, Platform};

fn tables() -> Option<PathBuf> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if !shared.is_dir() {
        println!("../shared is absent: no BuildKit shell tables to run");
        return None;
    }
    Some(shared.join("conformance/buildkit-shell"))
}

fn read(path: &std::path::Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    }
}

/// `MODES | input | expected`, in the environment BuildKit's test uses. `A` cases run on both
/// platforms, `U` on Unix only, `W` on Windows only; `error` means expansion must fail.
#[test]
fn env_var_test() {
    let Some(dir) = tables() else { return };
    let text = read(&dir.join("envVarTest"));
    let env = [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ];
    let mut ran = 0;
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.trim().split('|').map(str::trim).collect();
        let [modes, input, expected] = fields.as_slice() else {
            panic!("envVarTest:{}: not `MODES | input | expected`", number + 1);
        };
        let platforms: &[Platform] = match *modes {
            "A" => &[Platform::Unix, Platform::Windows],
            "U" => &[Platform::Unix],
            "W" => &[Platform::Windows],
            other => panic!("envVarTest:{}: unknown mode {other:?}", number + 1),
        };
        for &platform in platforms {
            ran += 1;
            let got = Lexer::new('\\')
                .with_platform(platform)
                .expand(input, &env[..]);
            let ok = match (&got, *expected) {
                (Err(_), "error") => true,
                (Ok(expanded), expected) => expanded.value == expected,
                (Err(_), _) => false,
            };
            if !ok {
                let got = match got {
                    Ok(expanded) => format!("{:?}", expanded.value),
                    Err(error) => format!("error: {error}"),
                };
                failures.push(format!(
                    "envVarTest:{} {platform:?} {input:?}: expected {expected:?}, got {got}",
                    number + 1
                ));
            }
        }
    }
    report("envVarTest", ran, &failures);
}

/// `ENV k=v` lines add to the environment; `input | w1,w2` expects that word split.
#[test]
fn words_test() {
    let Some(dir) = tables() else { return };
    let text = read(&dir.join("wordsTest"));
    let mut env: Vec<(String, String)> = Vec::new();
    let mut ran = 0;
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(assignment) = line.strip_prefix("ENV ") {
            let assignment = assignment.trim_start_matches(' ');
            let (key, value) = assignment.split_once('=').unwrap_or((assignment, ""));
            env.push((key.to_owned(), value.to_owned()));
            continue;
        }
        let Some((input, expected)) = line.split_once('|') else {
            panic!("wordsTest:{}: not `input | words`", number + 1);
        };
        let input = input.trim();
        let expected: Vec<&str> = expected.trim_start_matches(' ').split(',').collect();
        for platform in [Platform::Unix, Platform::Windows] {
            ran += 1;
            let got = match Lexer::new('\\')
                .with_platform(platform)
                .expand_words(input, &env)
            {
                Ok(words) => words,
                Err(_) => vec!["error".to_owned()],
            };
            if got != expected {
                failures.push(format!(
                    "wordsTest:{} {platform:?} {input:?}: expected {expected:?}, got {got:?}",
                    number + 1
                ));
            }
        }
    }
    report("wordsTest", ran, &failures);
}

fn report(table: &str, ran: usize, failures: &[String]) {
    println!(
        "{table}: {ran} cases ran, {} passed, {} failed",
        ran - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {ran} {table} cases disagree with BuildKit:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
