//! The shell patterns of `${v#p}`, `${v%p}` and `${v/p/r}`.
//!
//! lex.go turns a pattern into a Go regular expression (`*` → `.*` or `.*?`, `?` → `.`, the rest
//! literal) and lets Go's leftmost-first engine find the match. We match the same tokens with a
//! backtracking search in the same priority order, memoising failed states so that it stays
//! O(pattern × text). Like Go's `.`, a wildcard never matches a newline.

use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `?`: one character other than `\n`.
    Any,
    /// `*`: any run of characters other than `\n`.
    Star,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pattern {
    tokens: Vec<Token>,
    /// `*` prefers the longest run (`##`, `%%`, `/`) rather than the shortest.
    greedy: bool,
}

impl Pattern {
    /// Compiles a pattern; on an invalid escape, returns the escaped character (`U+FFFD` for a
    /// trailing `\`), as lex.go reports it.
    pub(super) fn compile(source: &str, greedy: bool) -> Result<Pattern, char> {
        // Go's text/scanner, which lex.go reads patterns with, skips a leading byte order mark.
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let mut tokens = Vec::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '*' => Token::Star,
                '?' => Token::Any,
                '\\' => {
                    // `\}` and `\/` protect the delimiters of `${…}`; the backslash is not part of
                    // the pattern.
                    if matches!(chars.peek(), Some('}' | '/')) {
                        continue;
                    }
                    match chars.next() {
                        Some(escaped @ ('*' | '?' | '\\')) => Token::Literal(escaped),
                        other => return Err(other.unwrap_or('\u{fffd}')),
                    }
                }
                _ => Token::Literal(c),
            });
        }
        Ok(Pattern { tokens, greedy })
    }

    /// The leftmost match starting at or after `from` (a character boundary), as Go's
    /// `FindStringIndex` on `text[from..]` with `^` meaning `from` when `anchored`.
    fn find(&self, text: &str, from: usize, anchored: bool) -> Option<(usize, usize)> {
        let mut failed = Visited::new(self.tokens.len(), text.len());
        let mut start = from;
        loop {
            if let Some(end) = self.match_at(text, start, &mut failed) {
                return Some((start, end));
            }
            if anchored {
                return None;
            }
            start += text.get(start..)?.chars().next()?.len_utf8();
        }
    }

    /// The end of the highest-priority match that starts at `start`. `failed` holds states
    /// (token index, offset) already explored without success; it stays valid for any start of
    /// the same search.
    fn match_at(&self, text: &str, start: usize, failed: &mut Visited) -> Option<usize> {
        // An explicit stack, popped in priority order: no recursion, whatever the text's length.
        let mut stack = vec![(0, start)];
        while let Some((index, offset)) = stack.pop() {
            let Some(token) = self.tokens.get(index) else {
                return Some(offset);
            };
            if !failed.insert(index, offset) {
                continue;
            }
            let next = text.get(offset..).and_then(|rest| rest.chars().next());
            match *token {
                Token::Literal(c) => {
                    if next == Some(c) {
                        stack.push((index + 1, offset + c.len_utf8()));
                    }
                }
                Token::Any => {
                    if let Some(c) = next.filter(|&c| c != '\n') {
                        stack.push((index + 1, offset + c.len_utf8()));
                    }
                }
                Token::Star => {
                    let more = next
                        .filter(|&c| c != '\n')
                        .map(|c| (index, offset + c.len_utf8()));
                    let done = (index + 1, offset);
                    // Pushed last is tried first.
                    if self.greedy {
                        stack.push(done);
                        stack.extend(more);
                    } else {
                        stack.extend(more);
                        stack.push(done);
                    }
                }
            }
        }
        None
    }
}

/// The (token index, byte offset) states a search has explored: a hash set while few, a
/// bitset once the search grows (when the bitset stays small enough).
enum Visited {
    Sparse {
        set: HashSet<(usize, usize)>,
        tokens: usize,
        width: usize,
    },
    Dense {
        bits: Vec<u64>,
        width: usize,
    },
}

impl Visited {
    /// States explored before a bitset pays for its allocation.
    const SPARSE_LIMIT: usize = 4096;
    /// Up to 8 MiB of bits.
    const DENSE_LIMIT: usize = 1 << 26;

    fn new(tokens: usize, text_len: usize) -> Self {
        Visited::Sparse {
            set: HashSet::new(),
            tokens,
            width: text_len + 1,
        }
    }

    /// Marks a state; false if it was already marked.
    fn insert(&mut self, index: usize, offset: usize) -> bool {
        match self {
            Visited::Sparse { set, tokens, width } => {
                let fresh = set.insert((index, offset));
                let states = tokens.saturating_add(1).saturating_mul(*width);
                if set.len() > Self::SPARSE_LIMIT && states <= Self::DENSE_LIMIT {
                    let width = *width;
                    let mut bits = vec![0; states.div_ceil(64)];
                    for &(index, offset) in set.iter() {
                        set_bit(&mut bits, index * width + offset);
                    }
                    *self = Visited::Dense { bits, width };
                }
                fresh
            }
            Visited::Dense { bits, width } => set_bit(bits, index * *width + offset),
        }
    }
}

/// Sets one bit; false if it was already set (or out of range, which cannot happen).
fn set_bit(bits: &mut [u64], state: usize) -> bool {
    match bits.get_mut(state / 64) {
        Some(word) => {
            let mask = 1u64 << (state % 64);
            let fresh = *word & mask == 0;
            *word |= mask;
            fresh
        }
        None => false,
    }
}

/// `${v#p}` (shortest) and `${v##p}` (longest): `value` without the prefix that matches.
pub(super) fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> Result<String, char> {
    let pattern = Pattern::compile(pattern, greedy)?;
    Ok(match pattern.find(value, 0, true) {
        Some((_, end)) => value.get(end..).unwrap_or_default().to_owned(),
        None => value.to_owned(),
    })
}

/// `${v%p}` (shortest) and `${v%%p}` (longest): `value` without the suffix that matches. As
/// lex.go does, this reverses pattern and value and trims a prefix.
pub(super) fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> Result<String, char> {
    let reversed: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&reverse_pattern(pattern), &reversed, greedy)?;
    Ok(trimmed.chars().rev().collect())
}

/// Reverses a pattern but keeps each `\x` pair in order (`a\*c` → `c\*a`); a trailing `\` is
/// just reversed with the rest.
fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut units: Vec<&[char]> = Vec::with_capacity(chars.len());
    let mut rest = chars.as_slice();
    while !rest.is_empty() {
        let width = if rest.len() >= 2 && rest.first() == Some(&'\\') {
            2
        } else {
            1
        };
        let (unit, tail) = rest.split_at(width);
        units.push(unit);
        rest = tail;
    }
    units.iter().rev().flat_map(|unit| unit.iter()).collect()
}

/// `${v/p/r}`: the first match replaced by `replacement`, taken literally.
pub(super) fn replace_first(pattern: &Pattern, value: &str, replacement: &str) -> String {
    match pattern.find(value, 0, false) {
        Some((start, end)) => {
            let mut out = String::with_capacity(value.len() + replacement.len());
            out.push_str(value.get(..start).unwrap_or_default());
            out.push_str(replacement);
            out.push_str(value.get(end..).unwrap_or_default());
            out
        }
        None => value.to_owned(),
    }
}

/// `${v//p/r}`: every match replaced, as Go's `Regexp.ReplaceAllString` does it — an empty match
/// right after a match is not replaced, and `replacement` is a Go template (`$0` is the match).
pub(super) fn replace_all(pattern: &Pattern, value: &str, replacement: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut last_end = 0;
    let mut search = 0;
    while search <= value.len() {
        let Some((start, end)) = pattern.find(value, search, false) else {
            break;
        };
        out.push_str(value.get(last_end..start).unwrap_or_default());
        if end > last_end || start == 0 {
            expand_template(
                &mut out,
                replacement,
                value.get(start..end).unwrap_or_default(),
            );
        }
        last_end = end;
        let width = value
            .get(search..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        if search + width > end {
            search += width;
        } else if search + 1 > end {
            // Only at the end of the text, where there is no character to step over.
            search += 1;
        } else {
            search = end;
        }
    }
    out.push_str(value.get(last_end..).unwrap_or_default());
    out
}

/// Go's `Regexp.Expand` for a regular expression without groups: `$$` is `$`, `$0` and `${0}`
/// are the match, any other well-formed `$name`/`${name}` is nothing, a malformed one is literal.
fn expand_template(out: &mut String, template: &str, matched: &str) {
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('$') {
        out.push_str(before);
        rest = after;
        if let Some(after_dollar) = rest.strip_prefix('$') {
            out.push('$');
            rest = after_dollar;
            continue;
        }
        match template_name(rest) {
            Some((name, after_name)) => {
                if name == "0" {
                    out.push_str(matched);
                }
                rest = after_name;
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
}

/// The name after a template's `$` and the text after it, if well formed.
fn template_name(text: &str) -> Option<(&str, &str)> {
    let (braced, body) = match text.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, text),
    };
    let length: usize = body
        .chars()
        .take_while(|&c| super::word::is_name_char(c))
        .map(char::len_utf8)
        .sum();
    if length == 0 {
        return None;
    }
    let (name, after) = body.split_at_checked(length)?;
    if braced {
        Some((name, after.strip_prefix('}')?))
    } else {
        Some((name, after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverses_patterns_keeping_escapes() {
        for (pattern, reversed) in [
            ("a\\*c", "c\\*a"),
            ("\\\\\\ab", "b\\a\\\\"),
            ("ab\\", "\\ba"),
            ("👽\\🚀🖖", "🖖\\🚀👽"),
            ("\\\\b", "b\\\\"),
        ] {
            assert_eq!(reverse_pattern(pattern), reversed, "{pattern}");
        }
    }

    #[test]
    fn rejects_bad_escapes() {
        for pattern in ["\\", "\\x", "\\\\\\"] {
            assert!(Pattern::compile(pattern, true).is_err(), "{pattern}");
        }
        assert!(Pattern::compile("(()[]{\\}^$.\\*\\?|\\\\", true).is_ok());
    }

    #[test]
    fn replaces_all_like_go() {
        let check = |pattern: &str, value: &str, replacement: &str, expected: &str| {
            let Ok(compiled) = Pattern::compile(pattern, true) else {
                panic!("{pattern} does not compile");
            };
            assert_eq!(
                replace_all(&compiled, value, replacement),
                expected,
                "{pattern} in {value}"
            );
        };
        check("", "ab", "-", "-a-b-");
        check("x*", "axxb", "-", "a-");
        // The empty match right after `ab` is not replaced again.
        check("*", "ab", "-", "-");
        check("b", "abcb", "[$0]", "a[b]c[b]");
        check("b", "ab", "$$", "a$");
        check("b", "ab", "$1x${0}$", "ab$");
        check("b", "ab", "${x", "a${x");
        check("?", "a\nb", ".", ".\n.");
    }
}
