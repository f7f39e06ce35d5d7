//! `drydock graph`: the playground's topology diagram on the command line, as SVG, Graphviz DOT,
//! Mermaid or JSON (the graph and its layout).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use drydock_core::Workspace;
use drydock_topology::{self as topology, Drawing, SvgTheme, View};

use crate::discover::{self, Read, Root};

#[derive(Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Svg,
    Dot,
    Mermaid,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GraphView {
    /// Exposure, Ingress, Services, workloads and their configuration.
    Kubernetes,
    /// Build stages and base images.
    Dockerfile,
    /// Dockerfiles, the images they build, and the workloads that run them.
    Together,
    /// Compose projects: services, what they publish, depend on and mount.
    Compose,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GraphTheme {
    Light,
    Dark,
}

#[derive(clap::Args)]
pub struct GraphArgs {
    /// Files or directories to draw. Defaults to the current directory.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = GraphFormat::Svg)]
    format: GraphFormat,
    #[arg(long, value_enum, default_value_t = GraphView::Together)]
    view: GraphView,
    /// The SVG's colours.
    #[arg(long, value_enum, default_value_t = GraphTheme::Light)]
    theme: GraphTheme,
}

pub fn run(args: GraphArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let mut workspace = Workspace::new();
    let mut problems = 0;
    for path in &paths {
        let candidates = match discover::discover(path, &|_| false) {
            Root::Problem(problem) => {
                eprintln!("drydock: {problem}");
                problems += 1;
                continue;
            }
            Root::Ignored => continue,
            Root::File(candidate) => vec![candidate],
            Root::Directory { candidates, .. } => candidates,
        };
        for candidate in &candidates {
            match discover::read_candidate(candidate) {
                Read::File(file) => workspace.insert(file.name, file.text),
                Read::NotOurs => {}
                Read::Problem(problem) => {
                    eprintln!("drydock: {problem}");
                    problems += 1;
                }
            }
        }
    }
    let view = match args.view {
        GraphView::Kubernetes => View::Kubernetes,
        GraphView::Dockerfile => View::Dockerfile,
        GraphView::Together => View::Together,
        GraphView::Compose => View::Compose,
    };
    let findings = drydock_core::check(&workspace);
    // Kustomizations are drawn as what they deploy, each a group, from the files they read.
    let renders = crate::check::render(&workspace);
    let drawing = Drawing::new_rendered(&workspace, &renders, &findings, view);
    let output = match args.format {
        GraphFormat::Svg => {
            let theme = match args.theme {
                GraphTheme::Light => SvgTheme::Light,
                GraphTheme::Dark => SvgTheme::Dark,
            };
            topology::to_svg(&drawing.topology, &drawing.layout, theme)
        }
        GraphFormat::Dot => topology::to_dot(&drawing.topology),
        GraphFormat::Mermaid => topology::to_mermaid(&drawing.topology),
        GraphFormat::Json => match serde_json::to_string_pretty(&drawing) {
            Ok(json) => json + "\n",
            Err(error) => {
                eprintln!("drydock: cannot write JSON: {error}");
                return ExitCode::from(2);
            }
        },
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(output.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    if problems > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
