//! Every `RUN` of a Dockerfile with the commands it runs and the `SHELL` in force.

use super::parser::assemble;
use super::source_map::SourceMap;
use super::{Script, ShellWord, base_name};
use crate::{Arguments, Dockerfile, Instruction, Keyword};
use drydock_base::text::TextRange;

/// What kind of shell runs a `RUN` in shell form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellKind {
    /// `/bin/sh -c` or another POSIX-like shell (bash, ash, zsh…).
    Posix,
    /// PowerShell (`pwsh`, `powershell`): shell rules do not apply.
    PowerShell,
    /// Windows' `cmd`: shell rules do not apply.
    Cmd,
}

/// The `SHELL` in force for a `RUN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunShell {
    pub kind: ShellKind,
    /// The shell's program name, e.g. `sh` or `bash`.
    pub program: String,
    /// The `SHELL` sets `-o pipefail` (for bash, zsh or ash, which have the option).
    pub pipefail: bool,
    /// The `SHELL` instruction, if the stage has one before this `RUN`.
    pub instruction: Option<TextRange>,
}

impl Default for RunShell {
    fn default() -> Self {
        RunShell {
            kind: ShellKind::Posix,
            program: "sh".into(),
            pipefail: false,
            instruction: None,
        }
    }
}

/// One `RUN` (also under `ONBUILD`) and what it runs.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    /// The `RUN` instruction itself (the inner one for `ONBUILD RUN`).
    pub instruction: &'a Instruction,
    /// The whole instruction (the `ONBUILD` one for `ONBUILD RUN`).
    pub outer: &'a Instruction,
    /// Index of the instruction in the file.
    pub index: usize,
    pub onbuild: bool,
    /// 0-based stage (`FROM`) the instruction belongs to; instructions before the first `FROM`
    /// count as stage 0.
    pub stage: usize,
    pub shell: RunShell,
    /// The exec (JSON) form: no shell runs unless the first element is one.
    pub exec_form: bool,
    /// Commands from the shell text, the heredoc bodies run as scripts, and the exec form.
    /// Empty when the shell is not POSIX.
    pub script: Script,
}

impl Run<'_> {
    /// Whether shell-syntax rules apply: the shell is POSIX-like.
    pub fn is_posix(&self) -> bool {
        self.shell.kind == ShellKind::Posix
    }
}

/// Every `RUN` in `tree`, in order.
pub fn runs<'a>(tree: &'a Dockerfile, text: &str) -> Vec<Run<'a>> {
    let mut out = Vec::new();
    let mut stage = 0;
    let mut seen_from = false;
    let mut shell = RunShell::default();
    for (index, outer) in tree.instructions.iter().enumerate() {
        let (instruction, onbuild) = match &outer.arguments {
            Arguments::Onbuild(inner) => (inner.as_ref(), true),
            _ => (outer, false),
        };
        match instruction.keyword {
            Some(Keyword::From) if !onbuild => {
                if seen_from {
                    stage += 1;
                }
                seen_from = true;
                shell = RunShell::default();
            }
            Some(Keyword::Shell) if !onbuild => shell = shell_of(instruction),
            Some(Keyword::Run) => {
                let exec_form = matches!(instruction.arguments, Arguments::Exec { .. });
                let script = if shell.kind == ShellKind::Posix || exec_form {
                    script_of(instruction, text)
                } else {
                    Script::default()
                };
                out.push(Run {
                    instruction,
                    outer,
                    index,
                    onbuild,
                    stage,
                    shell: shell.clone(),
                    exec_form,
                    script,
                });
            }
            _ => {}
        }
    }
    out
}

/// Reads a `SHELL ["…", …]` instruction.
pub fn shell_of(instruction: &Instruction) -> RunShell {
    let Arguments::Exec { elements, .. } = &instruction.arguments else {
        return RunShell {
            instruction: Some(instruction.range),
            ..RunShell::default()
        };
    };
    let program = elements
        .first()
        .map(|w| base_name(&w.value.replace('\\', "/")).to_ascii_lowercase())
        .unwrap_or_default();
    let program = program.trim_end_matches(".exe").to_owned();
    let kind = match program.as_str() {
        "pwsh" | "powershell" => ShellKind::PowerShell,
        "cmd" => ShellKind::Cmd,
        _ => ShellKind::Posix,
    };
    let pipefail = matches!(program.as_str(), "bash" | "zsh" | "ash" | "ksh" | "mksh")
        && elements.windows(2).any(|pair| {
            matches!(pair, [flag, value]
                if flag.value.starts_with('-') && flag.value.ends_with('o') && value.value == "pipefail")
        });
    RunShell {
        kind,
        program,
        pipefail,
        instruction: Some(instruction.range),
    }
}

/// The commands of one `RUN`.
pub(super) fn script_of(instruction: &Instruction, text: &str) -> Script {
    match &instruction.arguments {
        Arguments::Shell { command, .. } => {
            let map = if instruction
                .arg_segments
                .iter()
                .map(|r| r.len())
                .sum::<usize>()
                == command.value.len()
            {
                SourceMap::from_segments(&instruction.arg_segments)
            } else {
                SourceMap::opaque(command.range, command.value.len())
            };
            let mut script = Script::parse(&command.value, &map);
            heredoc_scripts(instruction, text, &mut script);
            script
        }
        Arguments::Exec { elements, .. } => {
            let words = elements
                .iter()
                .map(|w| ShellWord {
                    value: w.value.clone(),
                    range: w.range,
                    quoted: true,
                    dynamic: false,
                })
                .collect::<Vec<_>>();
            let mut script = Script::default();
            let Some(command) = assemble(words, 0, 0, false) else {
                return script;
            };
            // `["sh", "-c", "script"]` runs a script.
            let inner = super::parser::exec_script(&command, elements, text);
            script.commands.push(command);
            if let Some(inner) = inner {
                script.commands.extend(inner.commands);
                script.pipes.extend(inner.pipes);
                script.expansions.extend(inner.expansions);
                script.assigned.extend(inner.assigned);
            }
            script
        }
        _ => Script::default(),
    }
}

/// Heredoc bodies that the shell runs: `RUN <<EOF` alone, or fed to a shell (`RUN bash <<EOF`).
fn heredoc_scripts(instruction: &Instruction, text: &str, script: &mut Script) {
    let line_commands: Vec<&super::Command> =
        script.commands.iter().filter(|c| !c.nested_shell).collect();
    let runs_shell = line_commands.is_empty()
        || line_commands.iter().any(|c| {
            super::parser::is_shell(c.base_name())
                && c.args.iter().all(|a| a.value.starts_with('-'))
        });
    if !runs_shell {
        return;
    }
    let mut extra = Script::default();
    for heredoc in &instruction.heredocs {
        let content = heredoc.content(text);
        let map = if heredoc.chomp {
            let mut map = SourceMap::default();
            let mut text_offset = 0;
            let mut source_offset = heredoc.body.start;
            for line in heredoc.body.slice(text).split_inclusive('\n') {
                let tabs = line.len() - line.trim_start_matches('\t').len();
                map.push_piece(text_offset, source_offset + tabs);
                text_offset += line.len() - tabs;
                source_offset += line.len();
            }
            map.set_len(text_offset);
            map
        } else {
            SourceMap::contiguous(heredoc.body.start, content.len())
        };
        let mut body = Script::parse(&content, &map);
        // Keep pipeline numbers unique across the pieces.
        let offset = script
            .commands
            .iter()
            .chain(&extra.commands)
            .map(|c| c.pipeline)
            .max()
            .unwrap_or(0)
            + 1;
        for command in &mut body.commands {
            command.pipeline += offset;
        }
        for pipe in &mut body.pipes {
            pipe.pipeline += offset;
        }
        extra.commands.append(&mut body.commands);
        extra.pipes.append(&mut body.pipes);
        extra.expansions.append(&mut body.expansions);
        extra.assigned.append(&mut body.assigned);
    }
    script.commands.append(&mut extra.commands);
    script.pipes.append(&mut extra.pipes);
    script.expansions.append(&mut extra.expansions);
    script.assigned.append(&mut extra.assigned);
}

/// The script of a shell-form instruction (`CMD`, `ENTRYPOINT`, `RUN`, heredocs included);
/// empty for the exec form, whose words no shell reads.
pub fn shell_form_script(instruction: &Instruction, text: &str) -> Script {
    match instruction.arguments {
        Arguments::Shell { .. } => script_of(instruction, text),
        _ => Script::default(),
    }
}
