//! `drydock`: Drydock's checks from the command line.
//!
//! Exit status (also in README.md): 0 when no finding reaches the failure threshold (`error`
//! unless configured), 1 when one does (with `--fix --dry-run`: when a fix would change a file),
//! 2 when the command line or the configuration is wrong, or a path could not be checked
//! (missing, unreadable, binary, not UTF-8, nothing to check in a directory). The other files are
//! still checked when a path fails.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod check;
mod compose;
mod config;
mod convert;
mod discover;
mod disk;
mod fix;
mod format;
mod glob;
mod graph;
mod helm;
mod lsp;
mod parallel;
mod render;
mod rules;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use drydock_core::k8s::KubernetesVersion;
use drydock_core::{Settings, Severity, SourceFile};

use crate::check::{Checker, FixMode};
use crate::config::Threshold;

#[derive(Parser)]
#[command(
    name = "drydock",
    version,
    about = "Find what is wrong in Dockerfiles and Kubernetes manifests, and why."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and directories (recursively; `.git`, `target` and `node_modules` are skipped).
    Check(CheckArgs),
    /// List every rule, or print one rule's documentation.
    Rules {
        /// A rule id such as `dockerfile/unknown-instruction`, or one it mirrors such as `DL1000`.
        id: Option<String>,
    },
    /// Draw the topology of files and directories (`--format svg|dot|mermaid|json`).
    Graph(graph::GraphArgs),
    /// Render a kustomization (the folder holding `kustomization.yaml`) and print what it deploys,
    /// as `kubectl kustomize` does; exit 1 with the findings on stderr when it cannot be built.
    Render(render::RenderArgs),
    /// Convert a Compose project (its folder, or Compose files) to Kubernetes manifests, printed
    /// on standard output; what is not converted goes to standard error.
    Convert(convert::ConvertArgs),
    /// Serve the findings and their fixes to an editor: a language server on standard input and
    /// output (the editor starts it; see README.md, "Editors").
    Lsp,
    /// Parse a Dockerfile and print its tree (exit 1 if BuildKit would reject it).
    Parse {
        /// The tree format: `buildkit` is BuildKit's `Node.Dump()`.
        #[arg(long, value_enum, default_value_t = DumpFormat::Buildkit)]
        dump: DumpFormat,
        /// The Dockerfile; `-` reads standard input.
        file: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DumpFormat {
    Buildkit,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Defaults to the current directory.
    paths: Vec<PathBuf>,
    /// The name standard input is checked as (decides its kind, e.g. `Dockerfile`).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Never colour output (the same as `--color never`).
    #[arg(long)]
    no_color: bool,
    /// The configuration file (`.drydock.yaml`, or hadolint's `.hadolint.yaml`). By default the
    /// nearest `.drydock.yaml` in the current directory or above, else the nearest `.hadolint.yaml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Use no configuration file at all.
    #[arg(long)]
    no_config: bool,
    /// The Kubernetes version manifests are checked against, e.g. `1.30` (overrides
    /// `kubernetes-version` in the configuration).
    #[arg(long, value_name = "VERSION", value_parser = parse_kubernetes_version)]
    target_version: Option<KubernetesVersion>,
    /// Report only findings of this severity or worse.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    severity: Option<SeverityArg>,
    /// Exit 1 when a finding of this severity or worse remains (`none`: never). Overrides
    /// `failure-threshold` in the configuration; the default is `error`.
    #[arg(long, value_name = "LEVEL", value_parser = parse_threshold_arg)]
    failure_threshold: Option<Threshold>,
    /// Print findings only: no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Apply every available fix, write the files back, and report what remains.
    #[arg(long)]
    fix: bool,
    /// With `--fix`: print the fixes as a unified diff and change nothing.
    #[arg(long, requires = "fix")]
    dry_run: bool,
    /// How many files to check at once (default: one per CPU core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Code frames and a summary line.
    Human,
    /// Drydock's JSON (documented in README.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML, for CI test reports.
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(severity: SeverityArg) -> Severity {
        match severity {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

fn parse_kubernetes_version(text: &str) -> Result<KubernetesVersion, String> {
    text.parse()
}

fn parse_threshold_arg(text: &str) -> Result<Threshold, String> {
    config::parse_threshold(text)
        .ok_or_else(|| format!("`{text}` is not one of `error`, `warning`, `info`, `none`"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { id } => rules::print(id.as_deref()),
        Command::Parse { dump, file } => parse(dump, &file),
        Command::Graph(args) => graph::run(args),
        Command::Render(args) => render::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Lsp => lsp::run_stdio(),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => {
            eprintln!("drydock: cannot tell the current directory: {error}");
            return ExitCode::from(2);
        }
    };
    let config = if args.no_config {
        config::Config {
            base: cwd.clone(),
            ..config::Config::default()
        }
    } else {
        match config::load(args.config.as_deref(), &cwd) {
            Ok(config) => config,
            Err(error) => {
                eprintln!("drydock: {error}");
                return ExitCode::from(2);
            }
        }
    };
    let fix = match (args.fix, args.dry_run) {
        (false, _) => FixMode::Off,
        (true, false) => FixMode::Write,
        (true, true) => FixMode::DryRun,
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let reads_stdin = paths.iter().any(|path| path.as_os_str() == "-");
    if reads_stdin && fix == FixMode::Write {
        eprintln!(
            "drydock: standard input cannot be fixed in place; `--fix --dry-run` shows the fixes as a diff"
        );
        return ExitCode::from(2);
    }
    let stdin = reads_stdin.then(|| read_stdin(args.stdin_filename.as_deref()));
    let floor = args.severity.map(Severity::from);
    let settings = settings(&config, &cwd, args.target_version, floor);
    let keep_text = matches!(args.format, Format::Human | Format::Sarif);
    let checker = Checker::new(settings, floor, fix, keep_text);
    let ignored = |path: &Path| {
        !config.ignore.is_empty()
            && discover::relative_to(path, &cwd, &config.base)
                .is_some_and(|relative| config.ignore.iter().any(|glob| glob.matches(&relative)))
    };
    let threads = match args.threads {
        Some(0) | None => parallel::default_threads(),
        Some(n) => n,
    };
    let mut outcome = check::run(&checker, &paths, stdin, &ignored, threads);

    if fix == FixMode::Write {
        for change in &outcome.changes {
            if let Err(problem) = fix::write_back(change) {
                outcome.problems.push(problem);
            }
        }
    }

    // Buffered: the formats write a finding at a time, and unbuffered each piece was a write
    // syscall (~15% of a run over the Dockerfile corpus). Flushed below, where a closed pipe
    // is handled.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let written = if fix == FixMode::DryRun {
        outcome
            .changes
            .iter()
            .try_for_each(|change| fix::write_diff(&mut out, change))
    } else {
        let report = &outcome.report;
        match args.format {
            Format::Human => {
                let color = match args.color {
                    _ if args.no_color || config.no_color => false,
                    Color::Always => true,
                    Color::Never => false,
                    Color::Auto => {
                        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                    }
                };
                format::human::write(&mut out, report, color, args.quiet)
            }
            Format::Json => format::json::write(&mut out, report),
            Format::Sarif => format::sarif::write(&mut out, report),
            Format::Github => format::github::write(&mut out, report),
            Format::Junit => format::junit::write(&mut out, report),
        }
    };
    let flushed = written.and_then(|()| out.flush());
    drop(out);
    for problem in &outcome.problems {
        eprintln!("drydock: {problem}");
    }
    if fix == FixMode::DryRun && !args.quiet {
        let fixes: usize = outcome.report.files.iter().map(|file| file.fixed).sum();
        eprintln!(
            "drydock: --dry-run: the fixes would resolve {} in {} (nothing was written)",
            count(fixes, "problem", "problems"),
            count(outcome.changes.len(), "file", "files"),
        );
    }
    if let Err(error) = flushed {
        // A closed pipe (`drydock check | head`) is not worth a message.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("drydock: cannot write output: {error}");
        }
        return ExitCode::from(2);
    }
    if !outcome.problems.is_empty() {
        return ExitCode::from(2);
    }
    let fails = if fix == FixMode::DryRun {
        !outcome.changes.is_empty()
    } else {
        let threshold = args
            .failure_threshold
            .or(config.failure_threshold)
            .unwrap_or(Threshold::AtLeast(Severity::Error));
        outcome
            .report
            .findings()
            .any(|(_, finding)| threshold.fails(finding.severity))
    };
    if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The core's settings from the configuration file and the command line.
fn settings(
    config: &config::Config,
    cwd: &Path,
    target_version: Option<KubernetesVersion>,
    floor: Option<Severity>,
) -> Settings {
    let mut settings = Settings::new();
    for (name, setting) in &config.rules {
        settings.rules.insert(name.clone(), *setting);
    }
    settings.kubernetes_version = target_version.or(config.kubernetes_version);
    settings.trusted_registries = config.trusted_registries.clone();
    // Dockerfile paths in the configuration are relative to its directory; the workspace names
    // files relative to the current directory, as they are shown.
    settings.images = config
        .images
        .iter()
        .map(|(image, dockerfile)| {
            let path =
                discover::display(&discover::relative_from(&config.base.join(dockerfile), cwd));
            (image.clone(), path)
        })
        .collect();
    // Rules below `--severity` are switched off, so `--fix` leaves their findings alone too.
    if let Some(floor) = floor {
        for rule in drydock_core::rules::all() {
            if settings.effective(rule).severity < floor {
                settings.disable(rule.id);
            }
        }
    }
    settings
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `drydock parse --dump buildkit FILE`: BuildKit's parse dump, for conformance checks.
fn parse(format: DumpFormat, path: &Path) -> ExitCode {
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("drydock: {}: {error}", path.display());
            return ExitCode::from(2);
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let tree = drydock_core::dockerfile::parse(&text);
    match format {
        DumpFormat::Buildkit => match drydock_core::dockerfile::dump(&tree) {
            Ok(dump) => {
                print!("{dump}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                let at = drydock_core::LineIndex::new(&text).position(error.range.start);
                eprintln!(
                    "drydock: {}:{}:{}: BuildKit rejects this Dockerfile: {}",
                    path.display(),
                    at.line,
                    at.column,
                    error.message
                );
                ExitCode::from(1)
            }
        },
    }
}

fn read_stdin(name: Option<&str>) -> Result<SourceFile, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|error| format!("-: cannot read standard input: {error}"))?;
    let name = name.unwrap_or("-");
    let text = discover::decode(name, bytes)?;
    if drydock_core::FileKind::detect(name, &text) == drydock_core::FileKind::Other {
        return Err(format!(
            "{name}: cannot tell whether standard input is a Dockerfile or a manifest; name it with --stdin-filename"
        ));
    }
    Ok(SourceFile {
        name: name.to_owned(),
        text,
    })
}
