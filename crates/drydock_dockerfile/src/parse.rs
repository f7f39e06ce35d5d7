//! Splits a Dockerfile into directives, comments and instructions, following BuildKit's
//! `frontend/dockerfile/parser/parser.go` line by line: directives only at the top, the escape
//! character (`\` or the `escape` directive's `` ` ``) continuing a line even when blanks follow
//! it, comment and empty lines skipped inside a continuation, heredoc bodies read after the
//! instruction line. What each instruction's arguments mean is `arguments.rs`'s job.

use super::arguments::{self, Logical};
use super::heredoc;
use super::syntax::{Directive, Dockerfile, Heredoc, Instruction, Keyword, SyntaxError};
use drydock_base::text::TextRange;

/// Parses `text`. Never fails: problems are in [`Dockerfile::errors`], each covering only the
/// instruction (or directive) at fault, and every other line is still parsed. Unknown
/// instructions stay in the tree with `keyword: None`.
pub fn parse(text: &str) -> Dockerfile {
    let mut parser = Parser {
        text,
        lines: physical_lines(text),
        index: 0,
        directives_done: false,
        seen: [false; 3],
        file: Dockerfile {
            escape: '\\',
            ..Dockerfile::default()
        },
    };
    if text.starts_with('\u{feff}') {
        parser.file.bom = Some(TextRange::new(0, '\u{feff}'.len_utf8()));
    }
    parser.run();
    parser.file
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line>,
    index: usize,
    directives_done: bool,
    /// `syntax`, `escape`, `check` already given.
    seen: [bool; 3],
    file: Dockerfile,
}

/// One physical line.
#[derive(Clone, Copy)]
struct Line {
    /// Without the line break (`\n` and any `\r` before it).
    content: TextRange,
    /// With the line break.
    full: TextRange,
}

impl Parser<'_> {
    fn run(&mut self) {
        while let Some(line) = self.lines.get(self.index).copied() {
            self.index += 1;
            let content = trim_start_range(self.text, line.content);
            let slice = content.slice(self.text);
            if !self.directives_done {
                if slice.starts_with('#') && self.directive(content) {
                    continue;
                }
                self.directives_done = true;
            }
            if slice.starts_with('#') {
                self.file.comments.push(content);
                continue;
            }
            let (first, continues) = self.strip_continuation(content);
            if !continues && first.is_empty() {
                continue;
            }
            self.instruction(content, first, continues);
        }
        if self.file.instructions.is_empty() {
            self.file.errors.push(SyntaxError {
                range: TextRange::empty(self.text.len()),
                message: "the file has no instructions".into(),
            });
        }
    }

    /// Reads a parser directive; `false` when the line is not one (directives end there).
    fn directive(&mut self, line: TextRange) -> bool {
        let Some(directive) = directive(self.text, line) else {
            return false;
        };
        let name = directive.name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            return false;
        }
        let seen = match name.as_str() {
            "syntax" => &mut self.seen[0],
            "escape" => &mut self.seen[1],
            _ => &mut self.seen[2],
        };
        if std::mem::replace(seen, true) {
            self.file.errors.push(SyntaxError {
                range: directive.range,
                message: format!("only one {name} parser directive can be used"),
            });
        } else if name == "escape" {
            match directive.value.as_str() {
                "\\" => self.file.escape = '\\',
                "`" => self.file.escape = '`',
                other => self.file.errors.push(SyntaxError {
                    range: directive.value_range,
                    message: format!("invalid escape token '{other}' does not match ` or \\"),
                }),
            }
        }
        self.file.directives.push(directive);
        true
    }

    /// Reads one instruction whose first line is `first_line` (its content after leading
    /// blanks is `first`, without a continuation); continuation lines and heredoc bodies
    /// follow from `self.index`.
    fn instruction(&mut self, first_line: TextRange, first: TextRange, mut continues: bool) {
        let mut logical = Logical::new(first_line.start);
        logical.push(self.text, first);
        let mut continuations = Vec::new();
        let mut empty_lines = Vec::new();
        if continues {
            continuations.push(TextRange::new(first.end, first_line.end));
        }
        let mut end = first_line.end;
        while continues {
            let Some(line) = self.lines.get(self.index).copied() else {
                break;
            };
            self.index += 1;
            let trimmed = trim_start_range(self.text, line.content);
            let slice = trimmed.slice(self.text);
            if slice.starts_with('#') {
                self.file.comments.push(trimmed);
                continue;
            }
            if slice.is_empty() {
                empty_lines.push(line.content);
                continue;
            }
            let (piece, more) = self.strip_continuation(line.content);
            if more {
                continuations.push(TextRange::new(piece.end, line.content.end));
            }
            logical.push(self.text, piece);
            end = line.content.end;
            continues = more;
        }

        let mut errors = Vec::new();
        let mut instruction = arguments::instruction(
            &logical,
            self.file.escape,
            0,
            logical.text.len(),
            0,
            &mut errors,
        );
        instruction.range = TextRange::new(instruction.keyword_range.start, end);
        instruction.continuations = continuations;
        instruction.empty_continuation_lines = empty_lines;
        if can_contain_heredoc(&instruction) && logical.text.contains("<<") {
            self.heredocs(&logical, &mut instruction, &mut errors);
        }
        self.file.errors.append(&mut errors);
        self.file.instructions.push(instruction);
    }

    /// Reads the bodies of the heredocs marked on the instruction line, in order.
    fn heredocs(
        &mut self,
        logical: &Logical,
        instruction: &mut Instruction,
        errors: &mut Vec<SyntaxError>,
    ) {
        for marker in heredoc::markers(&logical.text) {
            let body_start = self
                .lines
                .get(self.index)
                .map_or(self.text.len(), |line| line.full.start);
            let mut terminator = None;
            while let Some(line) = self.lines.get(self.index).copied() {
                self.index += 1;
                let content = line.content.slice(self.text);
                let candidate = if marker.chomp {
                    content.trim_start_matches('\t')
                } else {
                    content
                };
                if candidate == marker.name {
                    terminator = Some(line);
                    break;
                }
            }
            let heredoc = match terminator {
                Some(line) => Heredoc {
                    name: marker.name,
                    file_descriptor: marker.file_descriptor,
                    chomp: marker.chomp,
                    expand: marker.expand,
                    marker: logical.range(marker.start, marker.end),
                    body: TextRange::new(body_start, line.full.start),
                    terminator: line.content,
                },
                None => {
                    let heredoc = Heredoc {
                        name: marker.name,
                        file_descriptor: marker.file_descriptor,
                        chomp: marker.chomp,
                        expand: marker.expand,
                        marker: logical.range(marker.start, marker.end),
                        body: TextRange::new(body_start, self.text.len()),
                        terminator: TextRange::empty(self.text.len()),
                    };
                    errors.push(SyntaxError {
                        range: heredoc.marker,
                        message: format!(
                            "unterminated heredoc: no line `{}` ends it",
                            heredoc.name
                        ),
                    });
                    heredoc
                }
            };
            instruction.range = instruction.range.cover(heredoc.terminator);
            if heredoc.terminator.is_empty() {
                instruction.range = instruction.range.cover(heredoc.body);
            }
            instruction.heredocs.push(heredoc);
        }
    }

    /// BuildKit's continuation rule: the escape character as the last non-blank character,
    /// unless another escape character precedes it. Returns the line without it.
    fn strip_continuation(&self, range: TextRange) -> (TextRange, bool) {
        let text = range.slice(self.text);
        let without_blanks = text.trim_end_matches([' ', '\t']);
        let Some(rest) = without_blanks.strip_suffix(self.file.escape) else {
            return (range, false);
        };
        if rest.ends_with(self.file.escape) {
            return (range, false);
        }
        (TextRange::new(range.start, range.start + rest.len()), true)
    }
}

/// RUN, COPY and ADD (also under ONBUILD) may carry heredocs, in shell form only.
fn can_contain_heredoc(instruction: &Instruction) -> bool {
    let mut instruction = instruction;
    if let super::syntax::Arguments::Onbuild(inner) = &instruction.arguments {
        instruction = inner;
    }
    matches!(
        instruction.keyword,
        Some(Keyword::Run | Keyword::Copy | Keyword::Add)
    ) && !matches!(instruction.arguments, super::syntax::Arguments::Exec { .. })
}

/// Go regexp `\s`: `[\t\n\f\r ]`.
fn is_regex_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// A directive line `# name = value` (BuildKit: `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
/// after the `#` and blanks). `line` starts at the `#`.
fn directive(text: &str, line: TextRange) -> Option<Directive> {
    let content = line.slice(text);
    let after_hash = content.strip_prefix('#')?;
    let name_offset = 1 + (after_hash.len() - after_hash.trim_start().len());
    let rest = content.get(name_offset..)?;
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = rest.get(..name_len)?;
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = rest.get(name_len..)?;
    let eq = after_name.len() - after_name.trim_start_matches(is_regex_space).len();
    let after_eq = after_name.get(eq..)?.strip_prefix('=')?;
    let value_offset = after_eq.len() - after_eq.trim_start_matches(is_regex_space).len();
    let mut value = after_eq
        .get(value_offset..)?
        .trim_end_matches(is_regex_space);
    let mut value_start = name_offset + name_len + eq + 1 + value_offset;
    if value.is_empty() {
        // `.+?` needs one character: with only blanks after `=`, it takes the last one.
        let last = after_eq.chars().next_back()?;
        value_start = name_offset + name_len + eq + 1 + after_eq.len() - last.len_utf8();
        value = after_eq.get(after_eq.len() - last.len_utf8()..)?;
    }
    let name_start = line.start + name_offset;
    let value_start = line.start + value_start;
    Some(Directive {
        range: line,
        name: name.to_owned(),
        name_range: TextRange::new(name_start, name_start + name_len),
        value: value.to_owned(),
        value_range: TextRange::new(value_start, value_start + value.len()),
    })
}

fn physical_lines(text: &str) -> Vec<Line> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut lines = Vec::new();
    let mut start = bom;
    for (i, _) in text.match_indices('\n') {
        lines.push(line(text, start, i, i + 1));
        start = i + 1;
    }
    if start < text.len() {
        lines.push(line(text, start, text.len(), text.len()));
    }
    lines
}

/// BuildKit trims every trailing `\r` and `\n` from a line.
fn line(text: &str, start: usize, end: usize, full_end: usize) -> Line {
    let content = text.get(start..end).unwrap_or("");
    let trimmed = content.trim_end_matches('\r');
    Line {
        content: TextRange::new(start, start + trimmed.len()),
        full: TextRange::new(start, full_end),
    }
}

/// Skips leading Unicode blanks (Go's `unicode.IsSpace`).
fn trim_start_range(text: &str, range: TextRange) -> TextRange {
    let slice = range.slice(text);
    let blanks = slice.len() - slice.trim_start().len();
    TextRange::new(range.start + blanks, range.end)
}

#[cfg(test)]
mod tests;
