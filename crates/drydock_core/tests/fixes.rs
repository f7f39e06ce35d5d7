//! Every spec fixture whose findings carry fixes: applying them all yields a file that parses as
//! well as before, gains no finding, and is left unchanged by fixing it again.

use std::collections::BTreeMap;
use std::path::Path;

use drydock_core::{Settings, SourceFile, check_file, dockerfile, fix_all};

#[test]
fn fixes_are_safe_and_idempotent() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/dockerfile");
    let mut fixed_files = 0;
    let mut failures = Vec::new();
    for rule_dir in sorted(&root) {
        for case in sorted(&rule_dir)
            .into_iter()
            .filter(|p| p.extension().is_none_or(|e| e != "snap"))
        {
            let text = std::fs::read_to_string(&case).unwrap();
            let file = SourceFile {
                name: "Dockerfile".into(),
                text: text.clone(),
            };
            let before = check_file(&file);
            if before.iter().all(|f| f.fix.is_none()) {
                continue;
            }
            fixed_files += 1;
            let settings = Settings::default();
            let fixed = fix_all(&file, &settings);
            let name = case.strip_prefix(&root).unwrap().display().to_string();
            let errors_before = dockerfile::parse(&text).errors.len();
            let errors_after = dockerfile::parse(&fixed).errors.len();
            if errors_after > errors_before {
                failures.push(format!(
                    "{name}: the fixed file has new syntax errors:\n{fixed}"
                ));
            }
            let after = check_file(&SourceFile {
                name: "Dockerfile".into(),
                text: fixed.clone(),
            });
            let count = |findings: &[drydock_core::Finding]| {
                let mut counts = BTreeMap::new();
                for f in findings {
                    *counts.entry(f.rule).or_insert(0usize) += 1;
                }
                counts
            };
            let (counts_before, counts_after) = (count(&before), count(&after));
            for (rule, n) in &counts_after {
                if n > counts_before.get(rule).unwrap_or(&0) {
                    failures.push(format!(
                        "{name}: fixing adds {rule} findings:\n{fixed}\n{after:#?}"
                    ));
                }
            }
            let again = fix_all(
                &SourceFile {
                    name: "Dockerfile".into(),
                    text: fixed.clone(),
                },
                &settings,
            );
            if again != fixed {
                failures.push(format!(
                    "{name}: fixing twice changes the file:\n--- once\n{fixed}\n--- twice\n{again}"
                ));
            }
        }
    }
    println!("{fixed_files} fixtures with fixes checked");
    assert!(fixed_files > 0);
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

fn sorted(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}
