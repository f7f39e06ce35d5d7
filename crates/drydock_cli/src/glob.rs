//! Path globs for `ignore:` in `.drydock.yaml`, with gitignore's everyday meaning:
//! `*` and `?` stay within one path segment, `**` spans any number of segments (none included),
//! `[abc]`/`[a-z]`/`[!a]` match one character, and a pattern without `/` matches a file or
//! directory name at any depth. Patterns are relative to the directory of the configuration file.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Glob {
    source: String,
    /// Segments of the pattern, `**` kept as its own segment.
    segments: Vec<Segment>,
}

#[derive(Clone, PartialEq, Eq)]
enum Segment {
    AnyDepth,
    Name(Vec<Token>),
}

#[derive(Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    AnyChar,
    AnyRun,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl fmt::Debug for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Glob({:?})", self.source)
    }
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, String> {
        let trimmed = pattern.trim();
        if trimmed.is_empty() {
            return Err("an empty pattern matches nothing".to_owned());
        }
        // Anchored to the base directory: a leading `/` or `./`, or a `/` inside.
        let explicit = trimmed.starts_with('/') || trimmed.starts_with("./");
        let body = trimmed
            .trim_start_matches("./")
            .trim_start_matches('/')
            .trim_end_matches('/');
        let anchored = explicit || body.contains('/');
        let mut segments = Vec::new();
        if !anchored {
            segments.push(Segment::AnyDepth);
        }
        for part in body.split('/').filter(|part| !part.is_empty()) {
            if part == "**" {
                if segments.last() != Some(&Segment::AnyDepth) {
                    segments.push(Segment::AnyDepth);
                }
            } else {
                segments.push(Segment::Name(tokens(part, trimmed)?));
            }
        }
        Ok(Glob {
            source: pattern.to_owned(),
            segments,
        })
    }

    /// Whether `path` (relative, `/`-separated) matches. A directory that matches stands for
    /// everything below it, so `vendor` and `vendor/**` both cover `vendor/a/Dockerfile`.
    pub fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = path
            .split('/')
            .filter(|part| !part.is_empty() && *part != ".")
            .collect();
        // Any prefix of the path may be the matched directory.
        (1..=parts.len()).any(|len| {
            parts
                .get(..len)
                .is_some_and(|prefix| match_segments(&self.segments, prefix))
        })
    }
}

fn tokens(part: &str, whole: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = part.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => {
                if out.last() != Some(&Token::AnyRun) {
                    out.push(Token::AnyRun);
                }
            }
            '?' => out.push(Token::AnyChar),
            '\\' => out.push(Token::Literal(chars.next().unwrap_or('\\'))),
            '[' => {
                let negated = chars.next_if(|&c| c == '!' || c == '^').is_some();
                let mut ranges = Vec::new();
                let mut closed = false;
                let mut first = true;
                while let Some(c) = chars.next() {
                    if c == ']' && !first {
                        closed = true;
                        break;
                    }
                    first = false;
                    if chars.peek() == Some(&'-') {
                        chars.next();
                        match chars.next_if(|&end| end != ']') {
                            Some(end) => ranges.push((c, end)),
                            None => {
                                ranges.push((c, c));
                                ranges.push(('-', '-'));
                            }
                        }
                    } else {
                        ranges.push((c, c));
                    }
                }
                if !closed {
                    return Err(format!("`{whole}` has a `[` without its `]`"));
                }
                out.push(Token::Class { negated, ranges });
            }
            c => out.push(Token::Literal(c)),
        }
    }
    Ok(out)
}

fn match_segments(pattern: &[Segment], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((Segment::AnyDepth, rest)) => {
            (0..=path.len()).any(|skip| path.get(skip..).is_some_and(|p| match_segments(rest, p)))
        }
        Some((Segment::Name(tokens), rest)) => match path.split_first() {
            Some((name, path_rest)) => {
                let name: Vec<char> = name.chars().collect();
                match_name(tokens, &name) && match_segments(rest, path_rest)
            }
            None => false,
        },
    }
}

fn match_name(tokens: &[Token], name: &[char]) -> bool {
    match tokens.split_first() {
        None => name.is_empty(),
        Some((Token::AnyRun, rest)) => {
            (0..=name.len()).any(|skip| name.get(skip..).is_some_and(|n| match_name(rest, n)))
        }
        Some((token, rest)) => match name.split_first() {
            Some((&c, name_rest)) => {
                let one = match token {
                    Token::Literal(literal) => c == *literal,
                    Token::AnyChar => true,
                    Token::Class { negated, ranges } => {
                        ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
                    }
                    Token::AnyRun => false,
                };
                one && match_name(rest, name_rest)
            }
            None => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    #[track_caller]
    fn check(pattern: &str, matching: &[&str], not_matching: &[&str]) {
        let glob = Glob::new(pattern).unwrap();
        for path in matching {
            assert!(glob.matches(path), "`{pattern}` should match `{path}`");
        }
        for path in not_matching {
            assert!(!glob.matches(path), "`{pattern}` should not match `{path}`");
        }
    }

    #[test]
    fn names_match_at_any_depth() {
        check(
            "*.generated.yaml",
            &["a.generated.yaml", "x/y/b.generated.yaml"],
            &["a.yaml", "generated.yaml.bak"],
        );
        check(
            "testdata",
            &["testdata/Dockerfile", "a/testdata/b/c.yaml"],
            &["testdata2/Dockerfile", "a/b/testdata.yaml"],
        );
    }

    #[test]
    fn patterns_with_a_slash_are_anchored() {
        check(
            "vendor/**",
            &["vendor", "vendor/Dockerfile", "vendor/a/b/k.yaml"],
            &["src/vendor/Dockerfile"],
        );
        check(
            "/deploy/*.yaml",
            &["deploy/a.yaml"],
            &["deploy/x/a.yaml", "a/deploy/a.yaml"],
        );
        check(
            "**/charts/**/templates",
            &["charts/x/templates/d.yaml", "a/charts/templates/d.yaml"],
            &["charts/x/other/d.yaml"],
        );
        check("./k8s/", &["k8s/a.yaml"], &["x/k8s/a.yaml"]);
    }

    #[test]
    fn single_characters_and_classes() {
        check(
            "Dockerfile.?",
            &["Dockerfile.a"],
            &["Dockerfile.ab", "Dockerfile."],
        );
        check(
            "env-[a-c0].yaml",
            &["env-a.yaml", "env-0.yaml"],
            &["env-d.yaml"],
        );
        check("env-[!a].yaml", &["env-b.yaml"], &["env-a.yaml"]);
        check("a[-]b", &["a-b"], &["ab"]);
        check(r"a\*b", &["a*b"], &["axb"]);
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(Glob::new("").is_err());
        assert!(Glob::new("a[bc").is_err());
    }
}
