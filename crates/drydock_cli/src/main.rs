//! `drydock`: Drydock's checks from the command line.
//!
//! Exit status: 0 when no finding is an error, 1 when one is, 2 when a path could not be checked
//! (missing, unreadable, binary, not UTF-8, nothing to check in a directory) or the command line
//! is wrong. The other files are still checked when a path fails.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod discover;
mod format;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use drydock_core::{Finding, Severity, SourceFile};

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
        /// A rule id such as `dockerfile/unknown-instruction`.
        id: Option<String>,
    },
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { id } => rules(id.as_deref()),
        Command::Parse { dump, file } => parse(dump, &file),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    for path in &paths {
        if path.as_os_str() == "-" {
            match read_stdin(args.stdin_filename.as_deref()) {
                Ok(file) => files.push(file),
                Err(problem) => problems.push(problem),
            }
        } else {
            discover::discover(path, &mut files, &mut problems);
        }
    }

    let findings: Vec<Finding> = files.iter().flat_map(drydock_core::check_file).collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            format::human::write(&mut out, &files, &findings, color)
        }
        Format::Json => format::json::write(&mut out, &files, &findings),
        Format::Sarif => format::sarif::write(&mut out, &files, &findings),
    };
    let flushed = written.and_then(|()| out.flush());
    drop(out);
    for problem in &problems {
        eprintln!("drydock: {problem}");
    }
    if let Err(error) = flushed {
        // A closed pipe (`drydock check | head`) is not worth a message.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("drydock: cannot write output: {error}");
        }
        return ExitCode::from(2);
    }
    if !problems.is_empty() {
        ExitCode::from(2)
    } else if findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `drydock parse --dump buildkit FILE`: BuildKit's parse dump, for conformance checks.
fn parse(format: DumpFormat, path: &std::path::Path) -> ExitCode {
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

fn rules(id: Option<&str>) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let result = match id {
        None => drydock_core::rules::all().try_for_each(|rule| {
            writeln!(
                out,
                "{:<40} {:<8} {}",
                rule.id,
                rule.severity.as_str(),
                rule.summary
            )
        }),
        Some(id) => match drydock_core::rules::by_id(id) {
            Some(rule) => writeln!(
                out,
                "# {}\n\n{}\nSeverity: {}\n\n{}",
                rule.id, rule.summary, rule.severity, rule.docs
            ),
            None => {
                eprintln!("drydock: no rule `{id}`; `drydock rules` lists them");
                return ExitCode::from(2);
            }
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}
