//! `drydock render DIR`: what a kustomization deploys, printed as `kubectl kustomize` prints it
//! (or as JSON), rendered by Drydock's own renderer; or, for a folder holding a Compose project
//! (or Compose files named one by one, merged in order as `docker compose -f` merges them), the
//! project's resolved model as `docker compose config --format json` prints it; or, for a Helm
//! chart's folder, what `helm template` prints (`helm.rs`). Findings go to
//! standard error; the exit status is 1 when the reference would refuse, 2 for a usage error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use drydock_core::LineIndex;
use drydock_core::kustomize::language::{self, Node, Options};

#[derive(clap::Args)]
pub struct RenderArgs {
    /// The folder holding `kustomization.yaml` or a Compose project; or Compose files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// `yaml` (as `kubectl kustomize` prints it) or `json` (an array of the objects; for
    /// Compose, the model as `docker compose config --format json` prints it).
    #[arg(long, value_enum, default_value_t = RenderFormat::Yaml)]
    format: RenderFormat,
    /// `LoadRestrictionsRootOnly` (the default: files only from the kustomization's folder and
    /// below) or `LoadRestrictionsNone`, as kubectl's flag.
    #[arg(
        long,
        value_name = "RESTRICTOR",
        default_value = "LoadRestrictionsRootOnly"
    )]
    load_restrictor: LoadRestrictor,
    /// For a Helm chart: a values file, merged over the chart's (`helm template -f`); repeat to
    /// give several, a later one winning.
    #[arg(long = "values", short = 'f', value_name = "FILE")]
    values: Vec<PathBuf>,
    /// For a Helm chart: values as `helm template --set` reads them (`a.b=1,list[0]=x`), over
    /// the values files; repeat to give several.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// For a Helm chart: the same, every value a string (`helm template --set-string`).
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    set_string: Vec<String>,
    /// For a Helm chart: do not check the values against `values.schema.json`.
    #[arg(long)]
    skip_schema_validation: bool,
    /// For a Helm chart: the release's name (`.Release.Name`).
    #[arg(long, default_value = "release")]
    release_name: String,
    /// For a Helm chart: the release's namespace (`.Release.Namespace`).
    #[arg(long, default_value = "default")]
    namespace: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum RenderFormat {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LoadRestrictor {
    #[value(name = "LoadRestrictionsRootOnly")]
    RootOnly,
    #[value(name = "LoadRestrictionsNone")]
    None,
}

pub fn run(args: RenderArgs) -> ExitCode {
    let first = args.paths.first().cloned().unwrap_or_default();
    if args.paths.len() == 1 && crate::helm::is_chart(&first) {
        let release = crate::helm::Release {
            values: args.values,
            set: args.set,
            set_string: args.set_string,
            skip_schema_validation: args.skip_schema_validation,
            name: args.release_name,
            namespace: args.namespace,
        };
        return crate::helm::render(&first, release);
    }
    let is_kustomization = args.paths.len() == 1
        && first.is_dir()
        && ["kustomization.yaml", "kustomization.yml", "Kustomization"]
            .iter()
            .any(|name| first.join(name).is_file());
    if !is_kustomization && let Some(project) = crate::compose::project(&args.paths) {
        return crate::compose::render(&project, matches!(args.format, RenderFormat::Json));
    }
    if args.paths.len() != 1 || !first.is_dir() {
        eprintln!(
            "drydock: `{}` is neither a kustomization's folder, a Helm chart's nor a Compose project: `drydock render` takes the folder of one of them, or Compose files",
            first.display()
        );
        return ExitCode::from(2);
    }
    let dir = first.to_string_lossy().replace('\\', "/");
    let options = Options {
        unrestricted: matches!(args.load_restrictor, LoadRestrictor::None),
    };
    let render = language::render(&crate::disk::Disk, &dir, options);
    let mut err = std::io::stderr().lock();
    for finding in &render.findings {
        let text = render.sources.text(finding.origin.file);
        let index = LineIndex::new(text);
        let start = index.position(finding.origin.range.start);
        let _ = writeln!(
            err,
            "{}:{}:{}: {}[{}]: {}",
            render.sources.path(finding.origin.file),
            start.line,
            start.column,
            finding.severity,
            finding.rule,
            finding.message
        );
    }
    // What kustomize would refuse, and what Drydock could not render (a remote base, a Helm
    // chart: kustomize fails offline or without --enable-helm), print nothing but the findings.
    let incomplete = render.findings.iter().any(|f| {
        matches!(
            f.rule,
            "kustomize/remote-resource" | "kustomize/not-rendered"
        )
    });
    if render.failed() || incomplete {
        return ExitCode::from(1);
    }
    let objects: Vec<&Node> = render.resources.iter().map(|r| &r.node).collect();
    let text = match args.format {
        RenderFormat::Yaml => language::emit::to_yaml(&objects).text,
        RenderFormat::Json => language::emit::to_json(&objects),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("drydock: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
}
