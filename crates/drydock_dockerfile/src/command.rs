//! The commands a `RUN` runs: a small shell lexer and word parser.
//!
//! It is not a shell. It finds every *simple command* — name, flags, arguments, each with its
//! byte range in the Dockerfile — across `&&`, `||`, `;`, `|`, `&`, new lines, subshells
//! `( … )`, groups `{ … }`, `if`/`for`/`while`/`case` bodies, command substitutions `$( … )` and
//! `` `…` ``, and inside the script string of `sh -c '…'` / `bash -c "…"`. Quotes are removed
//! from words; expansions (`$VAR`, `$(…)`) stay as written and mark the word as dynamic.
//! Redirections and their targets are not arguments; heredoc bodies inside a script are skipped.
//! Wrappers that run another command (`sudo`, `env`, `exec`, `command`, `nohup`, `time`, …) are
//! looked through, so `sudo apt-get install x` is an `apt-get` command.
//!
//! It never fails and never panics: unbalanced quotes or parentheses end at the end of the text.
//! Time is linear in the text (nested `sh -c` strings are re-read, to a bounded depth).
//!
//! [`runs`] applies it to every `RUN` of a Dockerfile (shell form, exec form and heredocs), with
//! the `SHELL` in force.

mod packages;
mod parser;
mod run;
mod source_map;

use drydock_base::text::TextRange;

pub use packages::{insertion_after, value_flags};
pub(crate) use parser::is_name;
pub use run::{Run, RunShell, ShellKind, runs, shell_form_script, shell_of};
pub use source_map::SourceMap;

/// One word of a command, quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    /// The word as the command receives it, except that expansions are kept as written.
    pub value: String,
    /// Where the word is in the Dockerfile.
    pub range: TextRange,
    /// Some part of the word was quoted.
    pub quoted: bool,
    /// The word contains an expansion (`$x`, `${x}`, `$(…)`, `` `…` ``) or an unquoted glob, so
    /// its value is not known before the build.
    pub dynamic: bool,
}

/// A simple command: `name arg…`, after assignments and wrappers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub name: ShellWord,
    /// Every word after the name, flags included, in order.
    pub args: Vec<ShellWord>,
    /// `FOO=bar` words before the command (and those given to `env`).
    pub assignments: Vec<ShellWord>,
    /// `sudo`, `env`, `exec`… that run this command, outermost first.
    pub wrappers: Vec<ShellWord>,
    /// From the first word (assignment or wrapper included) to the last argument.
    pub range: TextRange,
    /// Commands of the same pipeline share this number (unique within a [`Script`]).
    pub pipeline: usize,
    /// 0 for the first command of a pipeline, 1 after the first `|`, and so on.
    pub pipe_position: usize,
    /// The command is inside the script string of `sh -c`, `bash -c`… (so a `SHELL` option
    /// such as `pipefail` does not reach it).
    pub nested_shell: bool,
}

/// A `|` (or `|&`) between two commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pipe {
    pub range: TextRange,
    pub pipeline: usize,
    pub nested_shell: bool,
}

/// A parameter expansion the shell performs: `$NAME` or `${NAME…}` (positional and special
/// parameters are not recorded, nor expansions nested in another's word, inside arithmetic, or in
/// the body of a heredoc fed to a command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub name: String,
    /// From `$` to the end of the name or the closing `}` (the whole word when the text is not a
    /// copy of the source, as in an `sh -c` string with escapes).
    pub range: TextRange,
    /// The name alone (same caveat).
    pub name_range: TextRange,
    /// The script handles an unset or empty value itself: `${NAME:-w}`, `${NAME-w}`,
    /// `${NAME:=w}`, `${NAME=w}`, `${NAME:?m}`, `${NAME?m}`, `${NAME:+w}`, `${NAME+w}`, and also
    /// `${#NAME}` and `${!NAME}`.
    pub guarded: bool,
}

/// Everything found in one piece of shell text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    /// In source order of their first word.
    pub commands: Vec<Command>,
    pub pipes: Vec<Pipe>,
    /// Every `$NAME` and `${NAME…}` the shell expands, in the order read.
    pub expansions: Vec<Expansion>,
    /// Names the script's own syntax assigns: `NAME=value` and `NAME+=value` words before a
    /// command (or alone), the variable of `for NAME in` / `select NAME in`, and every name in
    /// arithmetic (`(( … ))`, `$(( … ))`), which may assign. Commands that set variables
    /// (`read`, `export`, `local`…) are in [`Script::commands`].
    pub assigned: Vec<String>,
}

impl Script {
    /// Parses `text`, whose offsets `map` takes back to the Dockerfile.
    pub fn parse(text: &str, map: &SourceMap) -> Script {
        parser::parse(text, map)
    }

    /// Commands called `name` (compared on the base name: `/usr/bin/apt-get` is `apt-get`).
    pub fn named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Command> + 's {
        self.commands.iter().filter(move |c| c.is(name))
    }

    pub fn any(&self, name: &str) -> bool {
        self.named(name).next().is_some()
    }

    /// Whether a `set -o pipefail` (or `set -eo pipefail`, `set -euxo pipefail`) runs before
    /// `offset` at the top level of this script.
    pub fn pipefail_before(&self, offset: usize) -> bool {
        self.named("set")
            .filter(|c| !c.nested_shell && c.range.end <= offset)
            .any(Command::sets_pipefail)
    }
}

/// A flag as a command sees it: `--name[=value]` or one letter of `-abc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagRef<'c> {
    /// Without dashes and without `=value`.
    pub name: &'c str,
    /// Index of the word in [`Command::args`].
    pub index: usize,
    /// The value after `=` in `--name=value`.
    pub inline_value: Option<&'c str>,
    pub long: bool,
}

impl Command {
    /// Whether the command's base name is `name`.
    pub fn is(&self, name: &str) -> bool {
        // Every rule asks this of every command: compare the tail first, without searching.
        self.name
            .value
            .strip_suffix(name)
            .is_some_and(|dir| dir.is_empty() || dir.ends_with('/'))
    }

    pub fn base_name(&self) -> &str {
        base_name(&self.name.value)
    }

    /// Flags, hadolint's way: `--x=y` gives `x`, `-abc` gives `a`, `b`, `c`; `-` and `--` are
    /// not flags, and nothing after `--` is.
    pub fn flags(&self) -> impl Iterator<Item = FlagRef<'_>> + '_ {
        let end = self
            .args
            .iter()
            .position(|w| w.value == "--" && !w.quoted)
            .unwrap_or(self.args.len());
        self.args
            .iter()
            .take(end)
            .enumerate()
            .flat_map(|(index, word)| flag_refs(index, word))
    }

    pub fn has_flag(&self, name: &str) -> bool {
        self.flags().any(|f| f.name == name)
    }

    pub fn has_any_flag(&self, names: &[&str]) -> bool {
        self.flags().any(|f| names.contains(&f.name))
    }

    /// The first flag named one of `names`.
    pub fn flag(&self, names: &[&str]) -> Option<FlagRef<'_>> {
        self.flags().find(|f| names.contains(&f.name))
    }

    /// The value of a flag: `--name=value`, `--name value`, `-n value` or `-nvalue` (for a
    /// one-letter flag given last in its word).
    pub fn flag_value(&self, names: &[&str]) -> Option<&ShellWord> {
        let flag = self.flag(names)?;
        if flag.inline_value.is_some() {
            return self.args.get(flag.index);
        }
        self.args.get(flag.index + 1)
    }

    pub fn has_arg(&self, value: &str) -> bool {
        self.args.iter().any(|w| w.value == value)
    }

    /// The words that are neither flags nor the values of `value_flags` (flags that take the
    /// next word as their value, named without dashes).
    pub fn operands(&self, value_flags: &[&str]) -> Vec<&ShellWord> {
        let mut out = Vec::new();
        let mut skip_next = false;
        let mut after_dashdash = false;
        for word in &self.args {
            if skip_next {
                skip_next = false;
                continue;
            }
            if after_dashdash {
                out.push(word);
                continue;
            }
            if word.value == "--" && !word.quoted {
                after_dashdash = true;
                continue;
            }
            if is_flag(word) {
                let takes_value = if let Some(long) = word.value.strip_prefix("--") {
                    !long.contains('=') && value_flags.contains(&long)
                } else {
                    // `-t value`: a value flag given last in its cluster takes the next word.
                    let letters = word.value.get(1..).unwrap_or("");
                    letters
                        .char_indices()
                        .last()
                        .and_then(|(i, _)| letters.get(i..))
                        .is_some_and(|last| value_flags.contains(&last))
                };
                skip_next = takes_value;
                continue;
            }
            out.push(word);
        }
        out
    }

    /// The first operand: the subcommand of `apt-get install`, `npm ci`, `go install`.
    pub fn subcommand(&self, value_flags: &[&str]) -> Option<&ShellWord> {
        self.operands(value_flags).into_iter().next()
    }

    /// `set -o pipefail`, `set -eo pipefail`, `set -euxo pipefail`.
    pub fn sets_pipefail(&self) -> bool {
        self.is("set")
            && self.args.windows(2).any(|pair| {
                matches!(pair, [flag, value]
                    if flag.value.starts_with('-') && !flag.value.starts_with("--")
                        && flag.value.ends_with('o') && value.value == "pipefail")
            })
    }

    /// The end of the last word: where to append an argument.
    pub fn end(&self) -> usize {
        self.args
            .last()
            .map_or(self.name.range.end, |w| w.range.end)
    }
}

/// `/usr/bin/apt-get` → `apt-get`.
pub fn base_name(path: &str) -> &str {
    match path.bytes().rposition(|b| b == b'/') {
        Some(slash) => path.get(slash + 1..).unwrap_or(path),
        None => path,
    }
}

/// Whether a word is a flag: starts with `-`, is not `-` or `--`, and was not quoted to be
/// taken literally as an operand.
pub fn is_flag(word: &ShellWord) -> bool {
    word.value.starts_with('-') && word.value != "-" && word.value != "--"
}

fn flag_refs(index: usize, word: &ShellWord) -> Vec<FlagRef<'_>> {
    if !is_flag(word) {
        return Vec::new();
    }
    if let Some(long) = word.value.strip_prefix("--") {
        let (name, inline_value) = match long.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (long, None),
        };
        return vec![FlagRef {
            name,
            index,
            inline_value,
            long: true,
        }];
    }
    let letters = word.value.get(1..).unwrap_or("");
    letters
        .char_indices()
        .filter_map(|(i, c)| {
            letters.get(i..i + c.len_utf8()).map(|name| FlagRef {
                name,
                index,
                inline_value: None,
                long: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
