use crate::Keyword;
use crate::command::Command;
use crate::rules::{DockerfileContext, FixKind, Language, RuleMeta};
use crate::semantic::Base;
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/tool-missing-from-base-image",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A `RUN` uses a tool its base image does not have"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a command in `RUN` (`npm`, `node`, `pip`, `python3`, `go`, `cargo`, `gem`, `java`, `curl`, `wget`, `git`, `make`, `gcc`…) that the stage's base image does not ship and that no earlier step of the stage installs. It knows the official `ubuntu`, `debian`, `alpine`, `node`, `python`, `golang`, `rust`, `ruby`, `eclipse-temurin`/`openjdk`, `fedora` and `centos` images (and their `slim`/`alpine` variants); other images are not judged. An earlier package install that names the tool (`nodejs`, `python3-pip`, `build-essential`…), a `COPY --from`, or an install script whose URL names it counts as installing it. So does what may install anything: a package list in a variable (`apk add $buildDeps`) or a build from source (`make install`).

## Why is this bad?
The step fails with `command not found`, typically after minutes of earlier steps: `ubuntu` has no `npm`, `debian` has no `curl`, `python:3-slim` has no `git`.

## Invalid
```dockerfile
FROM ubuntu:24.04
COPY package.json /app/
RUN npm install
```

## Valid
```dockerfile
FROM node:20
COPY package.json /app/
RUN npm install
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    // Computed once for the file, so that each command is judged in time independent of what
    // came before it: for each checked tool, the instructions (in order) of the RUNs that
    // install it, and the instructions that copy from another stage or image.
    // Each command's tools installed, as a bit set (bit `i`: `CHECKED[i]`), by run.
    let masks: Vec<Vec<u32>> = ctx
        .runs
        .iter()
        .map(|run| run.script.commands.iter().map(installed_tools).collect())
        .collect();
    let mut installers: Vec<Vec<usize>> = vec![Vec::new(); CHECKED.len()];
    for (run, mask) in ctx.runs.iter().zip(&masks) {
        if run.onbuild {
            continue;
        }
        let all = mask.iter().fold(0, |all, m| all | m);
        for (tool, list) in installers.iter_mut().enumerate() {
            if all & (1 << tool) != 0 {
                list.push(run.index);
            }
        }
    }
    let copies_from: Vec<usize> = ctx
        .tree
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            matches!(i.keyword, Some(Keyword::Copy | Keyword::Add))
                && i.flags.iter().any(|f| f.name.value == "from")
        })
        .map(|(index, _)| index)
        .collect();
    // Whether a sorted list of instructions has one in `from..to`.
    let any_in = |list: &[usize], from: usize, to: usize| {
        let at = list.partition_point(|&index| index < from);
        list.get(at).is_some_and(|&index| index < to)
    };
    for (run, mask) in ctx.runs.iter().zip(&masks) {
        if run.onbuild || !run.is_posix() {
            continue;
        }
        let Some(stage) = ctx
            .semantic
            .instructions
            .get(run.index)
            .and_then(|i| i.stage)
        else {
            continue;
        };
        let Some(root) = ctx.semantic.root_stage(stage) else {
            continue;
        };
        let Base::Image(image) = &root.base else {
            continue;
        };
        let Some(present) = tools_of(image.short_name(), image.tag.as_deref().unwrap_or("latest"))
        else {
            continue;
        };
        // Everything the stage chain installed or copied before this command.
        let chain_start = root.from;
        if any_in(&copies_from, chain_start, run.index) {
            continue;
        }
        // What this RUN's own earlier commands installed.
        let mut installed_here = 0u32;
        for (command, &installed) in run.script.commands.iter().zip(mask) {
            let name = command.base_name();
            let found = CHECKED
                .iter()
                .enumerate()
                .find(|(_, (tool, _))| *tool == name);
            if let Some((at, &(tool, packages))) = found
                && !present.contains(&tool)
                && !command.name.value.contains('/')
                && installed_here & (1 << at) == 0
                && !installers
                    .get(at)
                    .is_some_and(|list| any_in(list, chain_start, run.index))
            {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!("`{tool}` is not in the `{}` image and no earlier step installs it, so this step fails with `command not found`", image.text),
                        command.name.range,
                    )
                    .with_help(format!("install it first (e.g. the `{}` package) or build on an image that has it", packages.first().copied().unwrap_or(tool))),
                );
            }
            installed_here |= installed;
        }
    }
}

/// The checked tools `command` installs, as a bit set over [`CHECKED`]: nothing for a command
/// that installs nothing (most of them), without asking each tool.
fn installed_tools(command: &Command) -> u32 {
    let name = command.base_name();
    let may_install = matches!(
        name,
        "make"
            | "apt-get"
            | "apt"
            | "apk"
            | "yum"
            | "dnf"
            | "microdnf"
            | "zypper"
            | "curl"
            | "wget"
            | "nvm"
            | "pyenv"
            | "rustup"
            | "sdk"
            | "asdf"
            | "n"
            | "volta"
            | "corepack"
    );
    if !may_install {
        return 0;
    }
    CHECKED
        .iter()
        .enumerate()
        .filter(|(_, (tool, packages))| installs(command, tool, packages))
        .fold(0, |mask, (at, _)| mask | 1 << at)
}

/// Tools judged, with the package names that provide them (at most 32: a bit set holds them).
const CHECKED: &[(&str, &[&str])] = &[
    ("npm", &["npm", "nodejs"]),
    ("npx", &["npm", "nodejs"]),
    ("node", &["nodejs", "node"]),
    ("yarn", &["yarn"]),
    ("python", &["python", "python3", "python-is-python3"]),
    ("python3", &["python3", "python"]),
    (
        "pip",
        &[
            "python3-pip",
            "py3-pip",
            "python-pip",
            "py-pip",
            "py2-pip",
            "python2-pip",
            "pip",
        ],
    ),
    ("pip3", &["python3-pip", "py3-pip", "pip"]),
    ("go", &["golang", "go"]),
    ("cargo", &["cargo", "rust", "rustup"]),
    ("rustc", &["rustc", "rust", "rustup"]),
    ("gem", &["ruby", "rubygems"]),
    ("bundle", &["bundler", "ruby-bundler"]),
    ("ruby", &["ruby"]),
    ("java", &["openjdk", "default-jre", "default-jdk", "java"]),
    ("mvn", &["maven"]),
    ("curl", &["curl"]),
    ("wget", &["wget"]),
    ("git", &["git"]),
    ("make", &["make", "build-essential", "build-base"]),
    ("gcc", &["gcc", "build-essential", "build-base"]),
];

const BASE: &[&str] = &["sh", "bash"];
const BUILDPACK: &[&str] = &["curl", "wget", "git", "make", "gcc", "python3"];

/// The checked tools an official image ships, or `None` for an image we do not know.
fn tools_of(name: &str, tag: &str) -> Option<Vec<&'static str>> {
    let slim = tag.contains("slim") || tag.contains("alpine");
    let mut tools: Vec<&'static str> = BASE.to_vec();
    match name {
        "ubuntu" | "debian" => {}
        "alpine" => tools.push("wget"),
        "fedora" | "centos" | "rockylinux" | "almalinux" => tools.extend(["curl", "python3"]),
        "node" => {
            tools.extend(["node", "npm", "npx", "yarn"]);
            if !slim {
                tools.extend(BUILDPACK);
            }
        }
        "python" => {
            tools.extend(["python", "python3", "pip", "pip3"]);
            if !slim {
                tools.extend(BUILDPACK);
            }
        }
        "golang" => {
            tools.push("go");
            if !slim {
                tools.extend(BUILDPACK);
            }
        }
        "rust" => {
            tools.extend(["cargo", "rustc"]);
            if !slim {
                tools.extend(BUILDPACK);
            }
        }
        "ruby" => {
            tools.extend(["ruby", "gem", "bundle"]);
            if !slim {
                tools.extend(BUILDPACK);
            }
        }
        "eclipse-temurin" | "openjdk" | "amazoncorretto" => tools.extend(["java", "curl", "wget"]),
        _ => return None,
    }
    if tag.contains("alpine") && !tools.contains(&"wget") {
        tools.push("wget");
    }
    Some(tools)
}

/// Whether `command` installs `tool`: a package manager naming one of its packages, or a
/// downloaded installer whose URL names the tool.
fn installs(command: &Command, tool: &str, packages: &[&str]) -> bool {
    // A build from source (`make install`) may install anything, the tool included.
    if command.is("make") && command.args.iter().any(|w| w.value.contains("install")) {
        return true;
    }
    let managers = ["apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper"];
    if managers.contains(&command.base_name()) {
        // A package list in a variable (`apk add $buildDeps`) may hold the tool's package.
        return command.args.iter().any(|w| {
            if w.dynamic {
                return true;
            }
            let name = w.value.split(['=', '~']).next().unwrap_or("");
            packages.iter().any(|p| {
                name == *p
                    || name
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with('-'))
                        && *p != "python3"
            }) || name == tool
        });
    }
    if command.is("curl") || command.is("wget") {
        let hint = match tool {
            "npm" | "npx" | "node" => "node",
            "cargo" | "rustc" => "rust",
            other => other,
        };
        return command.args.iter().any(|w| w.value.contains(hint));
    }
    // nvm, pyenv, rustup, sdkman and friends.
    [
        "nvm", "pyenv", "rustup", "sdk", "asdf", "n", "volta", "corepack",
    ]
    .contains(&command.base_name())
}
