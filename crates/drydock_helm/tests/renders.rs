//! Real charts (`../shared/corpus/helm`) rendered as `helm template` rendered them
//! (`../shared/conformance/helm/renders`): each render equal byte for byte, the lines Helm itself
//! makes differently on every run (random passwords, generated certificates) left out. Prints
//! the count and the first difference of each render that differs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use drydock_helm::chart::{self, Files, Options};

mod common;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn chart_files(dir: &Path) -> Files {
    common::chart_files(dir, &|_| false)
}

#[test]
fn corpus_charts_render_as_helm_renders_them() {
    let renders = shared().join("conformance/helm/renders");
    let index = std::fs::read_to_string(renders.join("_index.tsv")).unwrap_or_default();
    let unstable: BTreeMap<String, Vec<usize>> =
        std::fs::read_to_string(renders.join("_nondeterministic.tsv"))
            .unwrap_or_default()
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let name = cols.next()?.to_owned();
                let lines = cols
                    .next()?
                    .split(',')
                    .filter_map(|n| n.trim().parse().ok())
                    .collect();
                Some((name, lines))
            })
            .collect();
    let (mut total, mut equal) = (0, 0);
    let mut differing = Vec::new();
    for row in index.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let [output, chart_dir, values, exit, command] = cols.as_slice() else {
            continue;
        };
        if *exit != "0" || *output == "-" {
            continue;
        }
        total += 1;
        let files = chart_files(&shared().join("corpus/helm").join(chart_dir));
        let mut options = Options {
            skip_schema_validation: command.contains("--skip-schema-validation"),
            ..Options::default()
        };
        if *values != "-" {
            options.values.push(
                std::fs::read_to_string(shared().join("corpus/helm").join(values))
                    .unwrap_or_default(),
            );
        }
        let got = std::thread::Builder::new()
            .stack_size(512 << 20)
            .spawn(move || match chart::render(&files, &options) {
                Ok(manifests) => chart::print(&manifests),
                Err(error) => format!("Error: {}", error.helm_message()),
            })
            .ok()
            .and_then(|h| h.join().ok())
            .unwrap_or_else(|| "(panicked)".to_owned());
        let want = std::fs::read_to_string(renders.join(output)).unwrap_or_default();
        let skip = unstable.get(*output).cloned().unwrap_or_default();
        let want_lines: Vec<&str> = want.lines().collect();
        let got_lines: Vec<&str> = got.lines().collect();
        let same = want_lines.len() == got_lines.len()
            && want_lines
                .iter()
                .zip(&got_lines)
                .enumerate()
                .all(|(i, (a, b))| a == b || skip.contains(&(i + 1)));
        if same {
            equal += 1;
        } else {
            let at = want_lines
                .iter()
                .zip(&got_lines)
                .position(|(a, b)| a != b)
                .unwrap_or(want_lines.len().min(got_lines.len()));
            differing.push(format!(
                "{output}: line {}: want {:?}, got {:?}",
                at + 1,
                want_lines.get(at).copied().unwrap_or("(end)"),
                got_lines
                    .get(at)
                    .copied()
                    .unwrap_or("(end)")
                    .chars()
                    .take(200)
                    .collect::<String>()
            ));
        }
    }
    println!("corpus charts: {equal} of {total} renders equal to helm template's");
    if std::env::var_os("HELM_SUITE_VERBOSE").is_some() {
        for line in &differing {
            println!("  {line}");
        }
    }
    assert!(equal >= FLOOR, "{equal} < {FLOOR}");
}

/// The renders Helm refuses (`_errors.txt`): Drydock refuses each too, and says what Helm says
/// (`Error: …` whole, without the `Use --debug flag` advice and the deprecation warning).
#[test]
fn corpus_charts_helm_refuses_are_refused_in_its_words() {
    let renders = shared().join("conformance/helm/renders");
    let errors = std::fs::read_to_string(renders.join("_errors.txt")).unwrap_or_default();
    let (mut total, mut equal) = (0, 0);
    let mut differing = Vec::new();
    for block in errors.split("== ").skip(1) {
        let mut lines = block.lines();
        let (Some(name), Some(command)) = (lines.next(), lines.next()) else {
            continue;
        };
        let want: Vec<&str> = lines
            .filter(|l| !l.starts_with("level=WARN") && !l.starts_with("Use --debug flag"))
            .collect();
        let want = want.join("\n").trim().to_owned();
        let Some(chart_dir) = command.split_whitespace().nth(4) else {
            continue;
        };
        total += 1;
        let files = chart_files(&shared().join("corpus/helm").join(chart_dir));
        let options = Options {
            skip_schema_validation: command.contains("--skip-schema-validation"),
            ..Options::default()
        };
        let got = std::thread::Builder::new()
            .stack_size(512 << 20)
            .spawn(move || match chart::render(&files, &options) {
                Ok(_) => "(rendered)".to_owned(),
                Err(error) => format!("Error: {}", error.helm_message()).trim().to_owned(),
            })
            .ok()
            .and_then(|h| h.join().ok())
            .unwrap_or_else(|| "(panicked)".to_owned());
        if got == want {
            equal += 1;
        } else {
            differing.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    println!("refused charts: {equal} of {total} refused in Helm's words");
    for line in &differing {
        println!("  {line}");
    }
    assert!(total >= 10, "{total} refused renders read");
    assert!(equal >= REFUSED_FLOOR, "{equal} < {REFUSED_FLOOR}");
}

/// Refusals known to be in Helm's words. The one that is not: app-template, whose schemas
/// `$ref` schemas on GitHub; Helm, offline, cannot fetch them and fails; Drydock does not fetch
/// them, leaves what is under them unchecked, and renders (as Helm does with
/// `--skip-schema-validation`, the stored render).
const REFUSED_FLOOR: usize = 9;

/// Renders known to be equal (`helm+helm__chart-with-lib-dep` among them: its subchart is the
/// archive `charts/common-0.0.5.tgz`). The four that differ, and why:
/// - `kube-prometheus-stack` (four renders): `corpus/helm/SOURCES.txt` says its subcharts
///   (kube-state-metrics, prometheus-node-exporter, prometheus-windows-exporter) were vendored
///   into its `charts/`, but that folder holds only `crds/` here: Drydock refuses the chart as
///   Helm v4.1.4 does on these files (`cargo xtask helm-differential`: "found in Chart.yaml, but
///   missing in charts/ directory"), where the stored renders were made with them.
const FLOOR: usize = 91;

/// A template writing thousands of documents, some of them not YAML: each document gets the
/// traces of its own text (a sweep along the documents, not every document against every
/// trace), and each broken one is placed at its line of the template.
#[test]
fn a_template_of_thousands_of_documents_is_traced_document_by_document() {
    let template = "{{- range until 3000 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{{ . }}\n{{- if eq (mod . 3) 0 }}\n---\nbad: [\n{{- end }}\n{{- end }}\n";
    let mut files = Files::new();
    files.insert(
        "Chart.yaml".to_owned(),
        "apiVersion: v2\nname: c\nversion: 0.1.0\n".to_owned(),
    );
    files.insert("templates/t.yaml".to_owned(), template.to_owned());
    let outputs = chart::render_outputs(&files, &Options::default()).unwrap();
    let (manifests, errors) = chart::manifests_all(outputs);
    assert_eq!(manifests.len(), 3000);
    assert_eq!(errors.len(), 1000);
    let value_at = template.find("{{ . }}").unwrap();
    let bad_at = template.find("bad: [").unwrap();
    for manifest in &manifests {
        // `name: c…`'s number is written by the `{{ . }}`, traced to it, inside the document.
        let number = manifest.text.rsplit("name: c").next().unwrap();
        let at = manifest.text.len() - number.len();
        let trace = manifest
            .traces
            .iter()
            .find(|t| t.range.start == at)
            .unwrap_or_else(|| panic!("{}: no trace at {at}", manifest.text));
        assert_eq!(trace.range.len(), number.len());
        assert_eq!(trace.origin, value_at..value_at + "{{ . }}".len());
        assert!(
            manifest
                .traces
                .iter()
                .all(|t| t.range.end <= manifest.text.len())
        );
        assert!(
            manifest
                .traces
                .windows(2)
                .all(|w| w[0].range.start <= w[1].range.start)
        );
    }
    for error in &errors {
        let chart::RenderError::Yaml {
            at: Some((file, range)),
            ..
        } = error
        else {
            panic!("{error:?}");
        };
        assert_eq!(file, "templates/t.yaml");
        assert!(
            (bad_at..bad_at + "bad: [\n".len()).contains(&range.start),
            "{range:?} is not on the line of `bad: [` ({bad_at})"
        );
    }
}
