//! Findings silenced from inside a Dockerfile.
//!
//! - `# hadolint ignore=DL3008,DL3009` and `# drydock ignore=<rule>`: the instruction right
//!   after the comment (other comment lines may sit between). hadolint requires the very next
//!   line; we also accept a stack of such comments.
//! - `# hadolint global ignore=…` and `# drydock global ignore=…`: the whole file.
//! - `# hadolint stage ignore=…` and `# drydock stage ignore=…`: from the comment to the end of
//!   its stage (the next `FROM`).
//! - BuildKit's `# check=skip=A,B` (or `skip=all`) directive: those build checks; `error=true`
//!   makes the remaining build-check findings errors, as BuildKit then fails the build.
//!
//! A rule is named as in the settings: our id, its short name, or a mirrored id. Anything
//! after the list (a reason: `# hadolint ignore=DL3008 pinned by the base image`) is ignored.

use crate::{Dockerfile, Keyword};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::rule::{RuleMeta, names_rule};
use drydock_base::text::TextRange;

/// The suppressions found in one Dockerfile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    /// `(range the names cover, names)`.
    scoped: Vec<(TextRange, Vec<String>)>,
    global: Vec<String>,
    /// BuildKit `check=skip=…` names; `skip=all` is kept as `all`.
    buildkit_skip: Vec<String>,
    buildkit_error: bool,
}

impl Suppressions {
    pub fn from_dockerfile(text: &str, tree: &Dockerfile) -> Suppressions {
        let mut out = Suppressions::default();
        for directive in &tree.directives {
            if directive.name.eq_ignore_ascii_case("check") {
                out.read_check_directive(&directive.value);
            }
        }
        let stage_starts: Vec<usize> = tree
            .instructions
            .iter()
            .filter(|i| i.keyword == Some(Keyword::From))
            .map(|i| i.range.start)
            .collect();
        for comment in &tree.comments {
            let Some(pragma) = Pragma::parse(comment.slice(text)) else {
                continue;
            };
            match pragma.scope {
                Scope::Global => out.global.extend(pragma.names),
                Scope::Next => {
                    // The first instruction after the comment, if only comments come between.
                    let next = tree
                        .instructions
                        .iter()
                        .find(|i| i.range.start >= comment.end);
                    if let Some(next) = next
                        && only_comments_between(text, comment.end, next.range.start)
                    {
                        out.scoped.push((next.range, pragma.names));
                    }
                }
                Scope::Stage => {
                    let end = stage_starts
                        .iter()
                        .copied()
                        .find(|&start| start > comment.end)
                        .unwrap_or(text.len());
                    out.scoped
                        .push((TextRange::new(comment.start, end), pragma.names));
                }
            }
        }
        out
    }

    /// `skip=A,B;error=true` (BuildKit's `parseLintOptions`).
    fn read_check_directive(&mut self, value: &str) {
        for part in value.split(';') {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            match key.trim() {
                "skip" => self
                    .buildkit_skip
                    .extend(value.split(',').map(|name| name.trim().to_owned())),
                "error" => {
                    self.buildkit_error =
                        matches!(value.trim(), "1" | "t" | "T" | "TRUE" | "true" | "True");
                }
                _ => {}
            }
        }
    }

    /// Whether the diagnostic is silenced.
    pub fn suppresses(&self, rule: &RuleMeta, diagnostic: &Diagnostic) -> bool {
        let named = |names: &[String]| names.iter().any(|name| names_rule(rule, name).is_some());
        if named(&self.global) {
            return true;
        }
        if self
            .scoped
            .iter()
            .any(|(range, names)| range_holds(*range, diagnostic.range) && named(names))
        {
            return true;
        }
        is_build_check(rule)
            && (self.buildkit_skip.iter().any(|name| name == "all") || named(&self.buildkit_skip))
    }

    /// Applies BuildKit's `error=true` to a surviving diagnostic.
    pub fn adjust(&self, rule: &RuleMeta, diagnostic: &mut Diagnostic) {
        if self.buildkit_error && is_build_check(rule) {
            diagnostic.severity = Severity::Error;
        }
    }
}

/// A rule that mirrors one of BuildKit's build checks (not its parse errors).
fn is_build_check(rule: &RuleMeta) -> bool {
    rule.mirrors
        .iter()
        .any(|mirror| mirror.tool == "buildkit" && !mirror.id.contains(' '))
}

/// A diagnostic belongs to an instruction when it starts inside it (or at its very end, for
/// empty ranges after the last character).
fn range_holds(scope: TextRange, range: TextRange) -> bool {
    scope.start <= range.start && range.start <= scope.end
}

/// Whether only comment lines (no blank line, no instruction) separate a comment from the
/// instruction after it.
fn only_comments_between(text: &str, start: usize, end: usize) -> bool {
    let Some(between) = text.get(start..end) else {
        return false;
    };
    let mut lines = between.split('\n');
    // The rest of the comment's own line (empty, or `\r`).
    lines.next();
    let rest: Vec<&str> = lines.collect();
    let Some((last, middle)) = rest.split_last() else {
        return false;
    };
    middle.iter().all(|line| line.trim_start().starts_with('#')) && last.trim().is_empty()
}

/// Whether `comment` is an inline `# hadolint ignore=…` or `# drydock ignore=…` (for the next
/// instruction), which the rule `dockerfile/inline-ignore-pragma` reports.
pub(crate) fn is_inline_ignore(comment: &str) -> bool {
    Pragma::parse(comment).is_some_and(|pragma| pragma.scope == Scope::Next)
}

#[derive(Debug, PartialEq, Eq)]
enum Scope {
    Next,
    Global,
    Stage,
}

#[derive(Debug, PartialEq, Eq)]
struct Pragma {
    scope: Scope,
    names: Vec<String>,
}

impl Pragma {
    /// `# hadolint ignore=A,B reason`, `# drydock global ignore=A`, `# hadolint stage ignore=A`.
    fn parse(comment: &str) -> Option<Pragma> {
        let body = comment.strip_prefix('#')?.trim_start();
        let (tool, rest) = body.split_once(char::is_whitespace)?;
        if !tool.eq_ignore_ascii_case("hadolint") && !tool.eq_ignore_ascii_case("drydock") {
            return None;
        }
        let rest = rest.trim_start();
        let (scope, rest) = if let Some(rest) = strip_word(rest, "global") {
            (Scope::Global, rest)
        } else if let Some(rest) = strip_word(rest, "stage") {
            (Scope::Stage, rest)
        } else {
            (Scope::Next, rest)
        };
        let list = rest
            .strip_prefix("ignore")?
            .trim_start()
            .strip_prefix('=')?;
        // Names separated by commas (blanks allowed around them); the first blank not next to
        // a comma ends the list, and a reason may follow.
        let mut names = Vec::new();
        let mut current = String::new();
        let mut chars = list.trim_start().chars().peekable();
        while let Some(c) = chars.next() {
            if c == ',' {
                names.push(std::mem::take(&mut current));
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            } else if c.is_whitespace() {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&',') {
                    continue;
                }
                break;
            } else {
                current.push(c);
            }
        }
        names.push(current);
        names.retain(|name| !name.is_empty());
        (!names.is_empty()).then_some(Pragma { scope, names })
    }
}

fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(word)?;
    rest.starts_with(char::is_whitespace)
        .then(|| rest.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas() {
        let cases = [
            ("# hadolint ignore=DL3008,DL3009", "Next DL3008 DL3009"),
            ("#hadolint ignore=DL3023, DL3021", "Next DL3023 DL3021"),
            (
                "# hadolint ignore=DL3008 pinned by the base image",
                "Next DL3008",
            ),
            ("# hadolint global ignore=DL3006", "Global DL3006"),
            ("# hadolint stage ignore=DL3002", "Stage DL3002"),
            (
                "# drydock ignore=dockerfile/undefined-var",
                "Next dockerfile/undefined-var",
            ),
            (
                "# drydock global ignore = UndefinedVar",
                "Global UndefinedVar",
            ),
            ("# hadolint shell=powershell", "-"),
            ("# hadolint ignore=", "-"),
            ("# just a comment about hadolint ignore=DL3008", "-"),
        ];
        for (comment, expected) in cases {
            let got = match Pragma::parse(comment) {
                Some(p) => format!("{:?} {}", p.scope, p.names.join(" ")),
                None => "-".into(),
            };
            assert_eq!(got, expected, "{comment}");
        }
    }

    #[test]
    fn scopes() {
        let text = "# check=skip=StageNameCasing;error=true\nFROM a\n# hadolint ignore=DL3008\n# more\nRUN x\nRUN y\n# hadolint ignore=DL3009\n\nRUN z\n# hadolint stage ignore=DL3002\nUSER root\nFROM b\nUSER root\n";
        let tree = crate::parse(text);
        let s = Suppressions::from_dockerfile(text, &tree);
        let ranges: Vec<(&str, Vec<String>)> = s
            .scoped
            .iter()
            .map(|(r, names)| (r.slice(text), names.clone()))
            .collect();
        assert_eq!(
            ranges,
            [
                ("RUN x", vec!["DL3008".to_owned()]),
                (
                    "# hadolint stage ignore=DL3002\nUSER root\n",
                    vec!["DL3002".to_owned()]
                ),
            ]
        );
        assert_eq!(s.buildkit_skip, ["StageNameCasing"]);
        assert!(s.buildkit_error);
    }
}
