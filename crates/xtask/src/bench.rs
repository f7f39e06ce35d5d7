//! `cargo xtask bench [<bench>] [-- criterion options]`: runs the criterion benchmarks of
//! `drydock_core`, `drydock_layout`, `drydock_cli` and `drydock_kustomize` (all of them, or the
//! one named, e.g. `dockerfile_parse`, `check_tree`, `lsp` (a keystroke in the language server)
//! or `corpus`, the Kustomize corpus rendered), then prints one summary line per benchmark: its
//! typical time and throughputs.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::Result;

pub fn bench(args: &[String]) -> Result {
    let (ours, criterion) = match args.iter().position(|arg| arg == "--") {
        Some(split) => (
            args.get(..split).unwrap_or_default(),
            args.get(split + 1..).unwrap_or_default(),
        ),
        None => (args, &[][..]),
    };
    let mut command = crate::cargo();
    command
        .args([
            "bench",
            "-p",
            "drydock_core",
            "-p",
            "drydock_layout",
            "-p",
            "drydock_cli",
            "-p",
            "drydock_kustomize",
        ])
        .current_dir(crate::root());
    match ours {
        [] => {}
        [name] => {
            command.args(["--bench", name]);
        }
        [_, extra, ..] => return Err(format!("bench: unexpected argument `{extra}`")),
    }
    command.arg("--").args(criterion);
    // Criterion writes results to stdout and progress to stderr: read the former, pass both on.
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let mut results = Results::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            results.read(&line);
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for {command:?}: {e}"))?;
    if !results.lines.is_empty() {
        println!("\nxtask: benchmark summary (typical time, throughput)");
        for line in &results.lines {
            println!("  {line}");
        }
    }
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} exited with {status}"))
    }
}

/// Criterion's report, one line per benchmark. It prints
/// `group/name time: [low typical high]` (the name on a line of its own when it is long), then
/// `thrpt: [low typical high]` once per throughput, then, when an earlier run is saved, a
/// `change:` block.
#[derive(Default)]
struct Results {
    lines: Vec<String>,
    /// A name printed on its own line, waiting for its `time:`.
    pending: Option<String>,
    /// Inside a `change:` block (the comparison with the previous run), whose `time:` and
    /// `thrpt:` lines are relative changes, not results.
    in_change: bool,
}

impl Results {
    fn read(&mut self, line: &str) {
        let trimmed = line.trim();
        if trimmed.starts_with("change:") {
            self.in_change = true;
            return;
        }
        if !line.starts_with(char::is_whitespace) {
            self.in_change = false;
        }
        if self.in_change {
            return;
        }
        if let Some((name, estimate)) = line.split_once("time:") {
            let name = match name.trim() {
                "" => self.pending.take().unwrap_or_default(),
                name => name.to_owned(),
            };
            self.lines.push(format!("{name:<48} {}", typical(estimate)));
        } else if let Some(estimate) = trimmed.strip_prefix("thrpt:") {
            if let Some(last) = self.lines.last_mut() {
                last.push_str(&format!(", {}", typical(estimate)));
            }
        } else if !line.starts_with(char::is_whitespace)
            && !trimmed.is_empty()
            && !trimmed.contains(' ')
        {
            self.pending = Some(trimmed.to_owned());
        }
    }
}

/// `[36.053 ms 37.320 ms 38.702 ms]` → `37.320 ms`.
fn typical(estimate: &str) -> String {
    let words: Vec<&str> = estimate
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split_whitespace()
        .collect();
    match words.get(2..4) {
        Some([value, unit]) => format!("{value} {unit}"),
        _ => estimate.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::Results;

    #[test]
    fn summarises_criterion_output() {
        let mut results = Results::default();
        for line in [
            "dockerfile_parse/corpus time:   [36.053 ms 37.320 ms 38.702 ms]",
            "                        thrpt:  [22.066 Kelem/s 22.883 Kelem/s 23.687 Kelem/s]",
            "                        thrpt:  [43.028 MiB/s 44.622 MiB/s 46.190 MiB/s]",
            "                 change:",
            "                        time:   [−23.146% −19.378% −15.499%] (p = 0.00 < 0.05)",
            "                        thrpt:  [+18.342% +24.036% +30.117%]",
            "                        Performance has improved.",
            "Found 4 outliers among 100 measurements (4.00%)",
            "",
            "dockerfile_parse_linear/continuations_10MB",
            "                        time:   [195.77 ms 201.34 ms 206.97 ms]",
            "                        thrpt:  [46.077 MiB/s 47.366 MiB/s 48.714 MiB/s]",
        ] {
            results.read(line);
        }
        assert_eq!(
            results.lines,
            [
                format!(
                    "{:<48} 37.320 ms, 22.883 Kelem/s, 44.622 MiB/s",
                    "dockerfile_parse/corpus"
                ),
                format!(
                    "{:<48} 201.34 ms, 47.366 MiB/s",
                    "dockerfile_parse_linear/continuations_10MB"
                ),
            ]
        );
    }
}
