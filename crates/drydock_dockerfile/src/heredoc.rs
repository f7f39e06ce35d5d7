//! Finding heredoc markers (`<<EOF`, `<<-EOF`, `3<<"EOF"`) on an instruction line, the way
//! BuildKit does: split the whole line into shell words keeping quotes and escapes, then take
//! every word of the form `[digits]<<[-]word` whose word part lexes to exactly one word.

/// A marker found on the logical line (offsets into that line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Marker {
    pub name: String,
    pub file_descriptor: u32,
    pub chomp: bool,
    pub expand: bool,
    pub start: usize,
    pub end: usize,
}

/// Nested `${…}` deeper than this is treated as a lexing error (BuildKit would recurse on).
const MAX_NESTING: usize = 64;

/// The heredoc markers on `line`. A line that does not lex (an unterminated quote, a bad
/// `${…}`) has none, as in BuildKit, which ignores that error here.
pub(super) fn markers(line: &str) -> Vec<Marker> {
    let Ok(words) = raw_words(line) else {
        return Vec::new();
    };
    words
        .into_iter()
        .filter_map(|(start, end)| marker(line.get(start..end)?, start, end))
        .collect()
}

fn marker(word: &str, start: usize, end: usize) -> Option<Marker> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = word.get(digits..)?.strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let (mut names, quoted) = unquoted_words(rest).ok()?;
    if names.len() != 1 {
        return None;
    }
    // Like Go's ParseUint with its error ignored: out of range gives 0.
    let file_descriptor = word.get(..digits)?.parse().unwrap_or(0);
    Some(Marker {
        name: names.pop()?,
        file_descriptor,
        chomp,
        expand: !quoted,
        start,
        end,
    })
}

/// Splits `line` into words (byte ranges), keeping quotes and escapes in the words.
fn raw_words(line: &str) -> Result<Vec<(usize, usize)>, ()> {
    let mut lexer = Lexer { text: line, pos: 0 };
    let mut words = Vec::new();
    let mut current: Option<usize> = None;
    while let Some(c) = lexer.peek() {
        let start = lexer.pos;
        match c {
            '\'' | '"' | '$' => {
                lexer.special(c, 0)?;
            }
            '\\' => {
                lexer.bump();
                lexer.bump();
            }
            c if c.is_whitespace() => {
                lexer.bump();
                if let Some(word_start) = current.take() {
                    words.push((word_start, start));
                }
                continue;
            }
            _ => {
                lexer.bump();
            }
        }
        current.get_or_insert(start);
    }
    if let Some(word_start) = current {
        words.push((word_start, line.len()));
    }
    Ok(words)
}

/// Lexes a heredoc delimiter with quotes removed: its words, and whether any quote delimited
/// part of it (then BuildKit does not expand the body).
fn unquoted_words(text: &str) -> Result<(Vec<String>, bool), ()> {
    let mut lexer = Lexer { text, pos: 0 };
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quoted = false;
    while let Some(c) = lexer.peek() {
        let start = lexer.pos;
        match c {
            '\'' | '"' => {
                quoted = true;
                lexer.special(c, 0)?;
                let inner = text.get(start + 1..lexer.pos - 1).unwrap_or("");
                if c == '"' {
                    let mut chars = inner.chars().peekable();
                    while let Some(c) = chars.next() {
                        if c == '\\' && matches!(chars.peek(), Some('"' | '$' | '\\')) {
                            continue;
                        }
                        word.push(c);
                    }
                } else {
                    word.push_str(inner);
                }
                in_word = true;
            }
            '$' => {
                lexer.special(c, 0)?;
                // Unset variables stay as written (BuildKit's SkipUnsetEnv).
                for c in text.get(start..lexer.pos).unwrap_or("").chars() {
                    if c.is_whitespace() {
                        if in_word && !word.is_empty() {
                            words.push(std::mem::take(&mut word));
                            in_word = false;
                        }
                    } else {
                        word.push(c);
                        in_word = true;
                    }
                }
            }
            '\\' => {
                lexer.bump();
                if let Some(c) = lexer.bump() {
                    word.push(c);
                    in_word = true;
                }
            }
            c if c.is_whitespace() => {
                lexer.bump();
                if in_word && !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                lexer.bump();
                word.push(c);
                in_word = true;
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    Ok((words, quoted))
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Skips a quoted string or a `$` expansion starting at the current position.
    fn special(&mut self, c: char, depth: usize) -> Result<(), ()> {
        if depth > MAX_NESTING {
            return Err(());
        }
        match c {
            '\'' => {
                self.bump();
                loop {
                    match self.bump() {
                        None => return Err(()),
                        Some('\'') => return Ok(()),
                        Some(_) => {}
                    }
                }
            }
            '"' => {
                self.bump();
                loop {
                    match self.peek() {
                        None => return Err(()),
                        Some('"') => {
                            self.bump();
                            return Ok(());
                        }
                        Some('$') => self.special('$', depth + 1)?,
                        Some('\\') => {
                            self.bump();
                            if matches!(self.peek(), Some('"' | '$' | '\\')) {
                                self.bump();
                            }
                        }
                        Some(_) => {
                            self.bump();
                        }
                    }
                }
            }
            _ => self.dollar(depth),
        }
    }

    fn dollar(&mut self, depth: usize) -> Result<(), ()> {
        self.bump();
        if self.peek() != Some('{') {
            self.name();
            return Ok(());
        }
        self.bump();
        match self.peek() {
            None | Some('{' | '}' | ':') => return Err(()),
            Some(_) => {}
        }
        self.name();
        match self.bump() {
            Some('}') => Ok(()),
            Some(':') => {
                self.bump();
                self.until('}', depth)
            }
            Some('+' | '-' | '?' | '#' | '%') => self.until('}', depth),
            Some('/') => {
                self.until('/', depth)?;
                self.until('}', depth)
            }
            _ => Err(()),
        }
    }

    fn name(&mut self) {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                }
            }
            Some('@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') => {
                self.bump();
            }
            _ => {
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.bump();
                }
            }
        }
    }

    fn until(&mut self, stop: char, depth: usize) -> Result<(), ()> {
        loop {
            match self.peek() {
                None => return Err(()),
                Some(c) if c == stop => {
                    self.bump();
                    return Ok(());
                }
                Some(c @ ('\'' | '"' | '$')) => self.special(c, depth + 1)?,
                Some('\\') => {
                    self.bump();
                    self.bump();
                }
                Some(_) => {
                    self.bump();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, u32, bool, bool)> {
        markers(line)
            .into_iter()
            .map(|m| (m.name, m.file_descriptor, m.chomp, m.expand))
            .collect()
    }

    #[test]
    fn finds_markers() {
        assert_eq!(names("RUN <<EOF"), vec![("EOF".into(), 0, false, true)]);
        assert_eq!(
            names("RUN 3<<-'A B' <<\"C\" x"),
            vec![
                ("A B".into(), 3, true, false),
                ("C".into(), 0, false, false)
            ]
        );
        assert_eq!(names("RUN cat<<EOF"), vec![]);
        assert_eq!(names("RUN <<EOF 'unterminated"), vec![]);
        assert_eq!(
            names("COPY <<a <<b /x"),
            vec![("a".into(), 0, false, true), ("b".into(), 0, false, true)]
        );
        assert_eq!(names("RUN <<"), vec![]);
    }
}
