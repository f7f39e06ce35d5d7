//! `.helmignore`: which files of a chart Helm leaves out (its `ignore` package: one rule a line,
//! `#` comments, `!` negation, a trailing `/` for folders, a rule without `/` matched against the
//! base name, Go's `filepath.Match` patterns), plus Helm's default `templates/.?*`.

/// Parsed rules.
#[derive(Debug, Default)]
pub struct Rules {
    patterns: Vec<Pattern>,
    /// Whether each folder seen so far is ignored (every file of a folder asks about it again).
    folders: std::cell::RefCell<std::collections::HashMap<String, bool>>,
}

#[derive(Debug)]
struct Pattern {
    rule: Glob,
    negate: bool,
    must_dir: bool,
    /// Matched against the base name only.
    base_only: bool,
}

/// A `filepath.Match` pattern, read once: most rules of a `.helmignore` are a plain name
/// (`.git`) or a star and a suffix (`*.tmp`), matched without the general algorithm.
#[derive(Debug)]
enum Glob {
    Literal(String),
    /// `*` then text without wildcards: any name without `/` that ends with it.
    Suffix(String),
    /// The text before the first wildcard (a name that does not start with it cannot match,
    /// and most do not: `templates/.?*` is asked of every file), then the tokens.
    Tokens(String, Vec<Token>),
    /// A malformed pattern matches nothing (Go returns `ErrBadPattern`).
    Malformed,
}

#[derive(Debug, Clone)]
enum Token {
    Star,
    Any,
    Char(char),
    Class(Vec<(char, char)>, bool),
}

impl Glob {
    fn new(pattern: &str) -> Glob {
        let special = |c: char| matches!(c, '*' | '?' | '[' | '\\');
        if !pattern.contains(special) {
            return Glob::Literal(pattern.to_owned());
        }
        if let Some(rest) = pattern.strip_prefix('*')
            && !rest.contains(special)
        {
            return Glob::Suffix(rest.to_owned());
        }
        match tokens(pattern) {
            Some(tokens) => {
                let prefix = tokens
                    .iter()
                    .map_while(|token| match token {
                        Token::Char(c) => Some(*c),
                        _ => None,
                    })
                    .collect();
                Glob::Tokens(prefix, tokens)
            }
            None => Glob::Malformed,
        }
    }

    fn matches(&self, name: &str) -> bool {
        match self {
            Glob::Literal(text) => name == text,
            Glob::Suffix(suffix) => !name.contains('/') && name.ends_with(suffix.as_str()),
            Glob::Tokens(prefix, tokens) => name.starts_with(prefix.as_str()) && run(tokens, name),
            Glob::Malformed => false,
        }
    }
}

impl Rules {
    /// The rules of a `.helmignore` text (if any), after Helm's default.
    pub fn parse(text: Option<&str>) -> Rules {
        let mut rules = Rules::default();
        rules.add("templates/.?*");
        for line in text.unwrap_or_default().lines() {
            rules.add(line.trim_start_matches('\u{feff}'));
        }
        rules
    }

    fn add(&mut self, rule: &str) {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with('#') || rule.contains("**") {
            return;
        }
        let (negate, rule) = match rule.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let (must_dir, rule) = match rule.strip_suffix('/') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let (rule, base_only) = match rule.strip_prefix('/') {
            Some(rest) => (rest, false),
            None => (rule, !rule.contains('/')),
        };
        self.patterns.push(Pattern {
            rule: Glob::new(rule),
            negate,
            must_dir,
            base_only,
        });
    }

    /// Helm's `Ignore(path, fi)`.
    pub fn ignores(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for pattern in &self.patterns {
            let name = if pattern.base_only {
                path.rsplit('/').next().unwrap_or(path)
            } else {
                path
            };
            if pattern.negate {
                if pattern.must_dir && !is_dir {
                    return true;
                }
                if !pattern.rule.matches(name) {
                    return true;
                }
                continue;
            }
            if pattern.must_dir && !is_dir {
                continue;
            }
            if pattern.rule.matches(name) {
                return true;
            }
        }
        false
    }

    /// Whether a file is left out: it, or a folder above it.
    pub fn excludes(&self, path: &str) -> bool {
        let mut at = 0;
        while let Some(slash) = path.get(at..).and_then(|rest| rest.find('/')) {
            let folder = path.get(..at + slash).unwrap_or_default();
            let known = self.folders.borrow().get(folder).copied();
            let ignored = known.unwrap_or_else(|| {
                let ignored = self.ignores(folder, true);
                self.folders.borrow_mut().insert(folder.to_owned(), ignored);
                ignored
            });
            if ignored {
                return true;
            }
            at += slash + 1;
        }
        self.ignores(path, false)
    }
}

/// Go's `filepath.Match` (`*` and `?` never match `/`; `[...]` classes; `\` escapes), in time
/// proportional to the product of the lengths.
pub fn matches(pattern: &str, name: &str) -> bool {
    Glob::new(pattern).matches(name)
}

/// The tokens of a pattern; `None` when it is malformed.
fn tokens(pattern: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '*' => Token::Star,
            '?' => Token::Any,
            '\\' => Token::Char(chars.next().unwrap_or('\\')),
            '[' => {
                let negated = matches!(chars.peek(), Some('^' | '!'));
                if negated {
                    chars.next();
                }
                let mut ranges = Vec::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    if c == ']' {
                        closed = true;
                        break;
                    }
                    let low = if c == '\\' {
                        chars.next().unwrap_or('\\')
                    } else {
                        c
                    };
                    let high = if chars.peek() == Some(&'-') {
                        chars.next();
                        match chars.next() {
                            Some('\\') => chars.next().unwrap_or('\\'),
                            Some(h) => h,
                            None => low,
                        }
                    } else {
                        low
                    };
                    ranges.push((low, high));
                }
                if !closed {
                    return None;
                }
                Token::Class(ranges, negated)
            }
            c => Token::Char(c),
        });
    }
    Some(tokens)
}

/// Whether `name` matches `tokens`, in time proportional to the product of their lengths.
fn run(tokens: &[Token], name: &str) -> bool {
    let text: Vec<char> = name.chars().collect();
    let mut reach = vec![false; text.len() + 1];
    if let Some(first) = reach.first_mut() {
        *first = true;
    }
    for token in tokens {
        let mut next = vec![false; text.len() + 1];
        for j in 0..=text.len() {
            let here = reach.get(j).copied().unwrap_or(false);
            let c = j.checked_sub(1).and_then(|p| text.get(p).copied());
            let before = j
                .checked_sub(1)
                .and_then(|p| reach.get(p).copied())
                .unwrap_or(false);
            let value = match token {
                Token::Star => {
                    let previous = j
                        .checked_sub(1)
                        .and_then(|p| next.get(p).copied())
                        .unwrap_or(false);
                    here || (previous && c.is_some_and(|c| c != '/'))
                }
                Token::Any => before && c.is_some_and(|c| c != '/'),
                Token::Char(want) => before && c == Some(*want),
                Token::Class(ranges, negated) => {
                    before
                        && c.is_some_and(|c| {
                            c != '/'
                                && ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *negated
                        })
                }
            };
            if let Some(slot) = next.get_mut(j) {
                *slot = value;
            }
        }
        reach = next;
    }
    reach.last().copied().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let rules = Rules::parse(Some("# comment\n*.tmp\nfiles/skip.txt\nsecret/\n"));
        assert!(rules.excludes("a/b.tmp"));
        assert!(rules.excludes("files/skip.txt"));
        assert!(!rules.excludes("files/keep.txt"));
        assert!(rules.excludes("secret/x"));
        assert!(rules.excludes("templates/.hidden"));
        assert!(!rules.excludes("templates/t.yaml"));
        assert!(matches("a[0-9]?", "a1x"));
        assert!(!matches("*", "a/b"));
        // The shortcuts: a plain name, a star and a suffix (never across a `/`), a bad class.
        assert!(matches(".git", ".git") && !matches(".git", ".github"));
        assert!(matches("*~", "values.yaml~") && !matches("*.tmp", "a/b.tmp"));
        assert!(!matches("[a-", "[a-") && !matches("a[", "a["));
        // A folder's answer is kept for the files below it, and stays right.
        assert!(rules.excludes("secret/y") && !rules.excludes("secrets/y"));
    }
}
