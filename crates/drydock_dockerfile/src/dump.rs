//! BuildKit's `Node.Dump()` format: one s-expression per instruction, used to check this parser
//! against BuildKit's own test files and a corpus of real Dockerfiles.

use std::fmt::Write as _;

use super::syntax::{Arguments, Dockerfile, Instruction, SyntaxError};

/// The dump of a whole file, one line per instruction (each ending in `\n`), or the first error
/// when BuildKit would reject the file.
pub fn dump(file: &Dockerfile) -> Result<String, SyntaxError> {
    if let Some(error) = file.errors.first() {
        return Err(error.clone());
    }
    let mut out = String::new();
    for instruction in &file.instructions {
        out.push('(');
        out.push_str(&dump_instruction(instruction));
        out.push_str(")\n");
    }
    Ok(out)
}

/// One instruction without the surrounding parentheses: `run "echo hi"`.
pub fn dump_instruction(instruction: &Instruction) -> String {
    let mut out = instruction.keyword_text.to_lowercase();
    if !instruction.flags.is_empty() {
        out.push_str(" [");
        for (i, flag) in instruction.flags.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&go_quote(&flag.text));
        }
        out.push(']');
    }
    arguments(&instruction.arguments, &mut out);
    out.trim().to_owned()
}

fn arguments(arguments: &Arguments, out: &mut String) {
    let mut quoted = |value: &str| {
        out.push(' ');
        out.push_str(&go_quote(value));
    };
    match arguments {
        Arguments::Empty => {}
        Arguments::Exec { elements, .. } => elements.iter().for_each(|w| quoted(&w.value)),
        Arguments::Shell { command, .. } => quoted(&command.value),
        Arguments::List { words, .. } => words.iter().for_each(|w| quoted(&w.value)),
        Arguments::Pairs(pairs) => {
            for pair in pairs {
                quoted(&pair.key.value);
                quoted(&pair.value.value);
                quoted(if pair.equals.is_some() { "=" } else { "" });
            }
        }
        Arguments::Declarations(declarations) => {
            declarations.iter().for_each(|d| quoted(&d.word.value));
        }
        Arguments::Healthcheck { kind, command } => {
            quoted(&kind.value);
            self::arguments(command, out);
        }
        Arguments::Onbuild(inner) => {
            out.push_str(" (");
            out.push_str(&dump_instruction(inner));
            out.push(')');
        }
        // BuildKit's parser keeps an unknown instruction with one empty argument.
        Arguments::Unknown(_) | Arguments::Invalid(_) => quoted(""),
    }
}

/// Go's `strconv.Quote`: a double-quoted string with Go escapes; printable characters stay.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` (letters, marks, numbers, punctuation, symbols and
/// the ASCII space): controls, other spaces, format characters, private use and
/// noncharacters are not printable.
fn is_go_printable(c: char) -> bool {
    let u = c as u32;
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(u,
        0xad
        | 0x600..=0x605
        | 0x61c
        | 0x6dd
        | 0x70f
        | 0x180e
        | 0x200b..=0x200f
        | 0x202a..=0x202e
        | 0x2060..=0x206f
        | 0xd800..=0xf8ff
        | 0xfeff
        | 0xfff9..=0xfffb
        | 0xfffe..=0xffff
        | 0xe0001
        | 0xe0020..=0xe007f
        | 0xf0000..
    ) && (u & 0xfffe) != 0xfffe
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            go_quote("\t\u{1}\u{7f}é\u{a0}\u{feff}😀"),
            r#""\t\x01\x7fé\u00a0\ufeff😀""#
        );
    }
}
