//! Splits a Dockerfile into directives, comments and instructions, following BuildKit's
//! `frontend/dockerfile/parser`: directives only at the top, `\` (or the `escape` directive's
//! character) continuing a line even when followed by blanks, comment and empty lines skipped
//! inside a continuation, keywords case-insensitive.

use super::syntax::{Directive, Dockerfile, Instruction, Keyword, SyntaxError};
use crate::text::TextRange;

/// Parses `text`. Never fails: problems are in [`Dockerfile::errors`], and unknown instructions
/// stay in the tree with `keyword: None`.
pub fn parse(text: &str) -> Dockerfile {
    let mut parser = Parser {
        text,
        file: Dockerfile {
            escape: '\\',
            ..Dockerfile::default()
        },
    };
    parser.run();
    parser.file
}

struct Parser<'a> {
    text: &'a str,
    file: Dockerfile,
}

/// One physical line: its range without the line break.
#[derive(Clone, Copy)]
struct Line {
    range: TextRange,
}

impl<'a> Parser<'a> {
    fn run(&mut self) {
        let lines = physical_lines(self.text);
        let mut index = 0;
        index = self.directives(&lines, index);
        while let Some(line) = lines.get(index) {
            let content = line.range.slice(self.text);
            let trimmed = content.trim_start();
            if trimmed.is_empty() {
                index += 1;
                continue;
            }
            if trimmed.starts_with('#') {
                self.file
                    .comments
                    .push(trim_start_range(self.text, line.range));
                index += 1;
                continue;
            }
            index = self.instruction(&lines, index);
        }
    }

    /// Reads parser directives from the top of the file; returns the first line after them.
    fn directives(&mut self, lines: &[Line], mut index: usize) -> usize {
        while let Some(line) = lines.get(index) {
            let Some(directive) = directive(self.text, line.range) else {
                break;
            };
            let name = directive.name.to_ascii_lowercase();
            if self
                .file
                .directives
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&name))
            {
                self.file.errors.push(SyntaxError {
                    range: directive.range,
                    message: format!("the `{name}` directive may appear only once"),
                });
            } else if name == "escape" {
                match directive.value.as_str() {
                    "\\" => self.file.escape = '\\',
                    "`" => self.file.escape = '`',
                    other => self.file.errors.push(SyntaxError {
                        range: directive.value_range,
                        message: format!(
                            "invalid escape character `{other}`: it must be `\\` or `` ` ``"
                        ),
                    }),
                }
            }
            self.file.directives.push(directive);
            index += 1;
        }
        index
    }

    /// Parses one instruction starting at `lines[index]`; returns the first line after it.
    fn instruction(&mut self, lines: &[Line], mut index: usize) -> usize {
        let Some(first) = lines.get(index) else {
            return index + 1;
        };
        let start = first.range.start + leading_blanks(first.range.slice(self.text));
        let line_end = first.range.end;
        let keyword_end = start
            + self.text.get(start..line_end).map_or(0, |rest| {
                rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len())
            });
        let keyword_range = TextRange::new(start, keyword_end);
        let keyword_text = keyword_range.slice(self.text).to_owned();

        let mut segments = Vec::new();
        let mut args = String::new();
        let mut segment_start = keyword_end;
        let mut end = line_end;
        'lines: loop {
            let line_range = TextRange::new(segment_start.min(end), end);
            let (content, continues) = self.strip_continuation(line_range);
            let piece = content.slice(self.text);
            let piece = if segments.is_empty() {
                piece.trim_start()
            } else {
                piece
            };
            let content = TextRange::new(content.end - piece.len(), content.end);
            if !content.is_empty() {
                segments.push(content);
            }
            args.push_str(piece);
            if !continues {
                break;
            }
            // Skip comment and empty lines inside the continuation.
            index += 1;
            loop {
                match lines.get(index) {
                    // A continuation at the end of the file ends the instruction.
                    None => break 'lines,
                    Some(next) => {
                        let trimmed = next.range.slice(self.text).trim_start();
                        if trimmed.is_empty() || trimmed.starts_with('#') {
                            if trimmed.starts_with('#') {
                                self.file
                                    .comments
                                    .push(trim_start_range(self.text, next.range));
                            }
                            index += 1;
                            continue;
                        }
                        segment_start = next.range.start;
                        end = next.range.end;
                        break;
                    }
                }
            }
        }
        let args = args.trim().to_owned();
        self.file.instructions.push(Instruction {
            range: TextRange::new(start, end),
            keyword: Keyword::from_word(&keyword_text),
            keyword_text,
            keyword_range,
            arg_segments: segments,
            args,
        });
        index + 1
    }

    /// Splits a trailing escape character (followed only by blanks) off a line.
    fn strip_continuation(&self, range: TextRange) -> (TextRange, bool) {
        let text = range.slice(self.text);
        let without_blanks = text.trim_end_matches([' ', '\t']);
        match without_blanks.strip_suffix(self.file.escape) {
            Some(rest) => (TextRange::new(range.start, range.start + rest.len()), true),
            None => (range, false),
        }
    }
}

/// A directive line: `# name = value`, the name starting with a letter.
fn directive(text: &str, line: TextRange) -> Option<Directive> {
    let content = line.slice(text);
    let after_hash = content.strip_prefix('#')?;
    let name_offset = 1 + leading_blanks(after_hash);
    let rest = content.get(name_offset..)?;
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = rest.get(..name_len)?;
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = rest.get(name_len..)?;
    let eq = leading_blanks(after_name);
    let after_eq = after_name.get(eq..)?.strip_prefix('=')?;
    let value_offset = leading_blanks(after_eq);
    let value = after_eq.get(value_offset..)?.trim_end();
    if value.is_empty() {
        return None;
    }
    let name_start = line.start + name_offset;
    let value_start = name_start + name_len + eq + 1 + value_offset;
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
        lines.push(Line {
            range: without_cr(text, start, i),
        });
        start = i + 1;
    }
    if start < text.len() {
        lines.push(Line {
            range: without_cr(text, start, text.len()),
        });
    }
    lines
}

fn without_cr(text: &str, start: usize, end: usize) -> TextRange {
    let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    };
    TextRange::new(start, end)
}

fn leading_blanks(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

fn trim_start_range(text: &str, range: TextRange) -> TextRange {
    TextRange::new(range.start + leading_blanks(range.slice(text)), range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(text: &str) -> Vec<(String, String)> {
        parse(text)
            .instructions
            .into_iter()
            .map(|i| (i.keyword_text, i.args))
            .collect()
    }

    #[test]
    fn continuations_join_and_skip_comments() {
        let text = "FROM a\nRUN one \\  \n  # note\n\n  two\ncmd [\"x\"]\n";
        assert_eq!(
            keywords(text),
            vec![
                ("FROM".into(), "a".into()),
                ("RUN".into(), "one   two".into()),
                ("cmd".into(), "[\"x\"]".into())
            ]
        );
        let file = parse(text);
        assert_eq!(file.comments.len(), 1);
        assert_eq!(file.instructions[1].keyword, Some(Keyword::Run));
        assert_eq!(
            file.instructions[1].range.slice(text),
            "RUN one \\  \n  # note\n\n  two"
        );
    }

    #[test]
    fn escape_directive_switches_continuation() {
        let text = "# escape=`\nFROM a\nRUN dir c:\\ `\n  && echo\n";
        let file = parse(text);
        assert_eq!(file.escape, '`');
        assert_eq!(file.instructions[1].args, "dir c:\\   && echo");
    }

    #[test]
    fn duplicate_directive_is_an_error() {
        let file = parse("# syntax=a\n# SYNTAX = b\nFROM a\n");
        assert_eq!(file.directives.len(), 2);
        assert_eq!(file.errors.len(), 1);
        assert_eq!(file.directives[1].value, "b");
    }

    #[test]
    fn unknown_instruction_stays_in_the_tree() {
        let text = "\u{feff}FROM a\r\nCOPY. /app\r\n";
        let file = parse(text);
        let copy = &file.instructions[1];
        assert_eq!(copy.keyword, None);
        assert_eq!(copy.keyword_range.slice(text), "COPY.");
        assert_eq!(copy.args, "/app");
        assert_eq!(copy.range.slice(text), "COPY. /app");
    }

    #[test]
    fn continuation_at_end_of_file() {
        assert_eq!(keywords("RUN a \\"), vec![("RUN".into(), "a".into())]);
        assert_eq!(
            keywords("RUN a \\\n# c\n"),
            vec![("RUN".into(), "a".into())]
        );
    }
}
