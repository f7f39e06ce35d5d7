//! `drydock convert`: a Compose project (its folder, found as `docker compose` finds it, or
//! Compose files merged in order as `-f` merges them) loaded by Drydock's own loader and
//! converted to Kubernetes manifests (`drydock_compose::convert`), printed on standard output.
//! What is not converted goes to standard error, one `warning[compose/not-converted]` line each,
//! as `# ` comments in the manifests too. Exit status: 0 when converted (notes are warnings), 1
//! when the project does not load, 2 when the paths are no Compose project.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use drydock_core::compose::language::convert;

use crate::compose::{project, resolve, text_of};

#[derive(clap::Args)]
pub struct ConvertArgs {
    /// The folder holding a Compose project, or Compose files (merged in order).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(args: ConvertArgs) -> ExitCode {
    let Some(project) = project(&args.paths) else {
        eprintln!(
            "drydock: `{}` is not a Compose project: `drydock convert` takes a folder holding one, or Compose files",
            args.paths
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
        return ExitCode::from(2);
    };
    let checked = match resolve(&project) {
        Ok(checked) => checked,
        Err(lines) => {
            for line in lines {
                eprintln!("{line}");
            }
            return ExitCode::from(1);
        }
    };
    for line in &checked.findings {
        eprintln!("{line}");
    }
    let model = checked.resolved;
    let conversion = convert::convert(&model.json);
    let path = project
        .files
        .first()
        .map(|file| text_of(file))
        .unwrap_or_default();
    let mut err = std::io::stderr().lock();
    for note in &conversion.notes {
        let _ = writeln!(err, "{path}: warning[{}]: {}", convert::RULE, note.text());
    }
    let mut out = std::io::stdout().lock();
    match out
        .write_all(conversion.yaml.as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(err, "drydock: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
}
