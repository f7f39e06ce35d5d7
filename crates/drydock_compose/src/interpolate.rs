//! Interpolation as compose-go does it (`template` package): `$$` is a `$`; `$NAME` and
//! `${NAME}` are the variable's value; `${NAME:-default}` / `${NAME-default}` fall back when the
//! variable is unset or empty / unset; `${NAME:+alternative}` / `${NAME+alternative}` replace a
//! set and non-empty / set variable; `${NAME:?message}` / `${NAME?message}` are errors when it is
//! unset or empty / unset. Defaults, alternatives and messages are templates themselves.
//!
//! The reference finds templates with a regular expression, and this module follows what that
//! expression matches, not a cleaner grammar, because users' files depend on it:
//! - names are `[_a-zA-Z][_a-zA-Z0-9]*`; `$` before anything else (a digit, a space, the end) is
//!   a literal `$`, while `${` before anything but a name is an invalid template;
//! - after `${NAME` and an operator, the template runs to the *last* `}` of its line (the
//!   expression's `.*` is greedy and stops at a newline); the value is what lies before the first
//!   closing brace that balances the opening one (counted as compose-go counts, skipping the
//!   character after each `{`), and the rest of the match is interpolated after it.
//!
//! Everything here takes time linear in the template's length per level of nesting, and a nested
//! template is a strict part of its parent.

use std::fmt;

use drydock_base::TextRange;

/// A template compose-go refuses, or a required variable without a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// `${` not followed by a name, `${NAME` never closed, an unknown operator (`${NAME:=x}`,
    /// `${NAME/a/b}`): the whole template.
    Invalid { template: String },
    /// `${NAME:?message}` or `${NAME?message}` with the variable unset (or empty, for `:?`).
    MissingRequired { variable: String, reason: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid { template } => write!(f, "invalid interpolation format: {template}"),
            Error::MissingRequired { variable, reason } if reason.is_empty() => {
                write!(f, "required variable {variable} is missing a value")
            }
            Error::MissingRequired { variable, reason } => {
                write!(
                    f,
                    "required variable {variable} is missing a value: {reason}"
                )
            }
        }
    }
}

/// What one `$…` of a template is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `$$`.
    Escaped,
    /// `$NAME`: the name's range.
    Named(usize, usize),
    /// `${…}`: the range between the braces.
    Braced(usize, usize),
    /// `${` followed by no name.
    Invalid,
}

/// One match of compose-go's pattern in `text`: where it starts and ends, and what it is.
#[derive(Debug, Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    kind: Kind,
}

fn is_name_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic()
}

fn is_name(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

/// Finds matches in one text, left to right. The end of a braced template with an operator is
/// the last `}` of its line: found once per line, so that a line of many templates is scanned
/// once, not once per template.
struct Scanner<'t> {
    bytes: &'t [u8],
    /// From a position on a line: the line's end and the last `}` between them.
    line: Option<(usize, usize, Option<usize>)>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            line: None,
        }
    }

    /// The first match at or after `from` (a `$` that starts no match is literal text).
    fn next_match(&mut self, from: usize) -> Option<Match> {
        let mut at = from;
        while let Some(offset) = self.bytes.get(at..)?.iter().position(|&b| b == b'$') {
            let start = at + offset;
            if let Some(found) = self.match_at(start) {
                return Some(found);
            }
            at = start + 1;
        }
        None
    }

    /// The last `}` at or after `from` on its line.
    fn last_brace(&mut self, from: usize) -> Option<usize> {
        match self.line {
            Some((start, end, last)) if start <= from && from < end.max(start + 1) => {
                last.filter(|&at| at >= from)
            }
            _ => {
                let tail = self.bytes.get(from..).unwrap_or_default();
                let end = tail
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(self.bytes.len(), |n| from + n);
                let last = self
                    .bytes
                    .get(from..end)
                    .and_then(|line| line.iter().rposition(|&b| b == b'}'))
                    .map(|n| from + n);
                self.line = Some((from, end, last));
                last
            }
        }
    }

    /// The match starting at the `$` at `start`, if any.
    fn match_at(&mut self, start: usize) -> Option<Match> {
        let bytes = self.bytes;
        let after = start + 1;
        match bytes.get(after).copied()? {
            b'$' => Some(Match {
                start,
                end: after + 1,
                kind: Kind::Escaped,
            }),
            b if is_name_start(b) => {
                let end = name_end(bytes, after);
                Some(Match {
                    start,
                    end,
                    kind: Kind::Named(after, end),
                })
            }
            b'{' => {
                let name = after + 1;
                let invalid = Match {
                    start,
                    end: name,
                    kind: Kind::Invalid,
                };
                if !bytes.get(name).copied().is_some_and(is_name_start) {
                    return Some(invalid);
                }
                let name_end = name_end(bytes, name);
                // An operator (`:` optional, then `-`, `+` or `?`), then anything up to the last
                // `}` of the line; else the name alone, closed at once.
                let operator = match (bytes.get(name_end), bytes.get(name_end + 1)) {
                    (Some(b':'), Some(b'-' | b'+' | b'?')) => Some(name_end + 2),
                    (Some(b'-' | b'+' | b'?'), _) => Some(name_end + 1),
                    _ => None,
                };
                if let Some(close) = operator.and_then(|rest| self.last_brace(rest)) {
                    return Some(Match {
                        start,
                        end: close + 1,
                        kind: Kind::Braced(name, close),
                    });
                }
                if bytes.get(name_end) == Some(&b'}') {
                    return Some(Match {
                        start,
                        end: name_end + 1,
                        kind: Kind::Braced(name, name_end),
                    });
                }
                Some(invalid)
            }
            _ => None,
        }
    }
}

fn name_end(bytes: &[u8], from: usize) -> usize {
    from + bytes
        .get(from..)
        .map_or(0, |tail| tail.iter().take_while(|&&b| is_name(b)).count())
}

/// compose-go's `getFirstBraceClosingIndex`: the `}` that balances the first `{`, counting as
/// it does (the character after each `{` is skipped).
fn first_closing_brace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open = 0_i64;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b == b'}' {
            open -= 1;
            if open == 0 {
                return Some(at);
            }
        }
        if b == b'{' {
            open += 1;
            at += 1;
        }
        at += 1;
    }
    None
}

/// `template` with its variables substituted from `lookup` (`None`: unset). The first error
/// is returned, as compose-go returns it, after every template of the text was tried.
///
/// compose-go interpolates the rest of a braced match (after its closing brace, up to the end of
/// the match) with a call of its own; here the scan goes on into it, which finds the same
/// templates, and an invalid one there is reported with that rest as its template, as the
/// reference reports it.
pub fn substitute(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Error> {
    let mut scanner = Scanner::new(template);
    let mut out = String::with_capacity(template.len());
    let mut first_error = None;
    let mut at = 0;
    // The rest being interpolated "on its own", as a range of `template`.
    let mut scope: Option<(usize, usize)> = None;
    while let Some(found) = scanner.next_match(at) {
        if scope.is_some_and(|(_, end)| found.start >= end) {
            scope = None;
        }
        out.push_str(template.get(at..found.start).unwrap_or_default());
        at = found.end;
        match replace(template, found) {
            Replace::Value(value) => out.push_str(&value),
            Replace::Lookup(name) => out.push_str(&lookup(name).unwrap_or_default()),
            Replace::Apply {
                operator,
                substitution,
                rest,
            } => match apply(operator, substitution, lookup) {
                Ok(value) => {
                    out.push_str(&value);
                    if rest < found.end {
                        at = rest;
                        scope = Some((rest, found.end));
                    }
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            },
            Replace::Invalid => {
                let whole = scope.map_or(template, |(from, to)| {
                    template.get(from..to).unwrap_or(template)
                });
                first_error.get_or_insert(Error::Invalid {
                    template: whole.to_owned(),
                });
            }
        }
    }
    out.push_str(template.get(at..).unwrap_or_default());
    match first_error {
        Some(error) => Err(error),
        None => Ok(out),
    }
}

/// What a match stands for.
enum Replace<'t> {
    Value(String),
    /// A variable's value.
    Lookup(&'t str),
    /// `${NAME<operator>…}`: `substitution` is what lies between the braces, and the text from
    /// `rest` to the match's end is interpolated after it.
    Apply {
        operator: &'static str,
        substitution: &'t str,
        rest: usize,
    },
    Invalid,
}

/// One match of `template` (compose-go's `DefaultReplacementAppliedFunc`).
fn replace(template: &str, found: Match) -> Replace<'_> {
    let piece = template.get(found.start..found.end).unwrap_or_default();
    match found.kind {
        Kind::Escaped => Replace::Value("$".to_owned()),
        Kind::Named(from, to) => Replace::Lookup(template.get(from..to).unwrap_or_default()),
        Kind::Invalid => Replace::Invalid,
        Kind::Braced(from, to) => {
            // Cut at the brace that closes the first one; the operator is the one right after
            // the name (the pattern put it there, and it is the first in the whole match).
            let name_end = name_end(template.as_bytes(), from);
            let operator = OPERATORS.into_iter().find(|op| {
                template
                    .get(name_end..)
                    .is_some_and(|tail| tail.starts_with(op))
            });
            let (inner_end, rest) = match first_closing_brace(piece) {
                Some(close) => (found.start + close, found.start + close + 1),
                None => (to, found.end),
            };
            let substitution = template.get(from..inner_end).unwrap_or_default();
            match operator {
                Some(operator) if inner_end > name_end => Replace::Apply {
                    operator,
                    substitution,
                    rest,
                },
                // `${NAME` closed before its operator could be read: the cut template is
                // matched again, as compose-go does, and is a name alone or nothing valid.
                _ if substitution.bytes().all(is_name) && !substitution.is_empty() => {
                    Replace::Lookup(substitution)
                }
                _ => Replace::Invalid,
            }
        }
    }
}

/// The operators, longest first where one begins another.
const OPERATORS: [&str; 6] = [":?", ":-", ":+", "?", "-", "+"];

/// `${substitution}` with `operator` in it: the value it stands for.
fn apply(
    operator: &str,
    substitution: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Error> {
    let (name, argument) = substitution
        .split_once(operator)
        .unwrap_or((substitution, ""));
    let value = lookup(name);
    let empty = value.as_deref().is_none_or(str::is_empty);
    match operator {
        ":?" | "?" => {
            if value.is_none() || (operator == ":?" && empty) {
                return Err(Error::MissingRequired {
                    variable: name.to_owned(),
                    reason: substitute(argument, lookup)?,
                });
            }
            Ok(value.unwrap_or_default())
        }
        ":-" | "-" => {
            if value.is_none() || (operator == ":-" && empty) {
                substitute(argument, lookup)
            } else {
                Ok(value.unwrap_or_default())
            }
        }
        _ => {
            if value.is_some() && (operator == "+" || !empty) {
                substitute(argument, lookup)
            } else {
                Ok(value.unwrap_or_default())
            }
        }
    }
}

/// A variable a template uses, as `docker compose config --variables` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Variable {
    pub name: String,
    /// What `${NAME:-default}` or `${NAME-default}` falls back to.
    pub default_value: String,
    /// What `${NAME:+alternative}` or `${NAME+alternative}` gives when the variable is set.
    pub presence_value: String,
    /// `${NAME:?…}` or `${NAME?…}`.
    pub required: bool,
}

/// The variables `text` uses, in order (compose-go's `extractVariable`), those of defaults and
/// alternatives after the variable they belong to. A later mention of a name may describe it
/// differently (another default): callers keep the last, as compose-go's map does.
pub fn variables(text: &str) -> Vec<Variable> {
    let mut out = Vec::new();
    collect(text, &mut out);
    out
}

/// Calls `visit` with every string value of a parsed Compose file that holds a `$` (mapping keys
/// are never interpolated), in document order: its path in the model (compose-go's: keys joined
/// by `.`, a list's items as `[]`), its text and its range.
fn each_template(stream: &drydock_yaml::Stream, mut visit: impl FnMut(&str, &str, TextRange)) {
    for document in &stream.documents {
        let mut pending: Vec<(drydock_yaml::NodeId, String)> = document
            .root
            .map(|root| (root, String::new()))
            .into_iter()
            .collect();
        // Depth first, in order: children pushed in reverse.
        while let Some((id, path)) = pending.pop() {
            let Some(node) = document.node(id) else {
                continue;
            };
            let next = |key: &str| {
                if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                }
            };
            match &node.value {
                drydock_yaml::Value::Scalar(scalar) => {
                    if scalar.kind == drydock_yaml::ScalarKind::String && scalar.value.contains('$')
                    {
                        visit(&path, &scalar.value, node.range);
                    }
                }
                drydock_yaml::Value::Mapping(entries) => {
                    for entry in entries.iter().rev() {
                        let key = document.key_str(entry).unwrap_or_default();
                        pending.push((entry.value, next(key)));
                    }
                }
                drydock_yaml::Value::Sequence(items) => {
                    let path = next("[]");
                    pending.extend(items.iter().rev().map(|&item| (item, path.clone())));
                }
            }
        }
    }
}

/// The variables a parsed Compose file uses, as `docker compose config --variables` finds them:
/// in every string value (mapping keys are never interpolated), in document order, each with
/// the range of the value that names it.
///
/// The top-level `name` is not among them: Compose interpolates it first, to name the project,
/// and the model it lists variables from holds the result.
pub fn variables_in(stream: &drydock_yaml::Stream) -> Vec<(Variable, TextRange)> {
    let mut out = Vec::new();
    each_template(stream, |path, text, range| {
        if path != "name" {
            let mut found = Vec::new();
            collect(text, &mut found);
            out.extend(found.into_iter().map(|v| (v, range)));
        }
    });
    out
}

/// A value of a Compose file that cannot be interpolated: where it is in the model (compose-go's
/// path: keys joined by `.`, a list's items as `[]`), the range of the value, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub range: TextRange,
    pub error: Error,
}

impl fmt::Display for PathError {
    /// The message Docker Compose prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            Error::Invalid { template } => write!(
                f,
                "invalid interpolation format for {}.\nYou may need to escape any $ with another $.\n{template}",
                self.path
            ),
            other => write!(f, "error while interpolating {}: {other}", self.path),
        }
    }
}

/// Every value of a parsed Compose file that interpolation refuses, in document order (the
/// reference stops at the first it meets, in Go's random map order: each of these is one it
/// may report).
pub fn errors_in(
    stream: &drydock_yaml::Stream,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Vec<PathError> {
    let mut out = Vec::new();
    each_template(stream, |path, text, range| {
        if let Err(error) = substitute(text, lookup) {
            out.push(PathError {
                path: path.to_owned(),
                range,
                error,
            });
        }
    });
    out
}

fn collect(text: &str, out: &mut Vec<Variable>) {
    let mut scanner = Scanner::new(text);
    let mut at = 0;
    // compose-go lists the variables of a braced match's rest before the match's own: those
    // waiting for the end of the rest being scanned, innermost last.
    let mut waiting: Vec<Vec<Variable>> = Vec::new();
    let mut rest_end = 0;
    while let Some(found) = scanner.next_match(at) {
        if found.start >= rest_end {
            flush(&mut waiting, out);
        }
        at = found.end;
        let piece = text.get(found.start..found.end).unwrap_or_default();
        let inside = match found.kind {
            Kind::Escaped => continue,
            Kind::Named(from, to) => text.get(from..to).unwrap_or_default(),
            Kind::Braced(from, to) => match first_closing_brace(piece) {
                Some(close) if close > 0 => {
                    if found.start + close + 1 < found.end {
                        at = found.start + close + 1;
                        rest_end = found.end;
                    }
                    piece.get(2..close).unwrap_or_default()
                }
                _ => text.get(from..to).unwrap_or_default(),
            },
            Kind::Invalid => "",
        };
        let mut own = Vec::new();
        describe(inside, &mut own);
        if at < found.end {
            waiting.push(own);
        } else {
            out.append(&mut own);
        }
    }
    flush(&mut waiting, out);
}

/// The variables of the rests scanned, innermost first.
fn flush(waiting: &mut Vec<Vec<Variable>>, out: &mut Vec<Variable>) {
    while let Some(mut own) = waiting.pop() {
        out.append(&mut own);
    }
}

/// The variable of one template's inside (`NAME`, `NAME:-default`…), then those of its default
/// or alternative.
fn describe(inside: &str, out: &mut Vec<Variable>) {
    let split = inside
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inside.len());
    let (name, rest) = inside.split_at(split);
    let mut variable = Variable {
        name: name.to_owned(),
        ..Variable::default()
    };
    if split == 0 {
        variable.name = inside.to_owned();
    } else if rest.starts_with(":?") || rest.starts_with('?') {
        variable.required = true;
    } else if let Some(default) = rest.strip_prefix(":-").or(rest.strip_prefix('-')) {
        variable.default_value = default.to_owned();
    } else if let Some(presence) = rest.strip_prefix(":+").or(rest.strip_prefix('+')) {
        variable.presence_value = presence.to_owned();
    }
    let (default, presence) = (
        variable.default_value.clone(),
        variable.presence_value.clone(),
    );
    out.push(variable);
    collect(&default, out);
    collect(&presence, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "TAG" => Some("1.27".to_owned()),
            "EMPTY" => Some(String::new()),
            "HOST" => Some("db".to_owned()),
            _ => None,
        }
    }

    fn sub(template: &str) -> Result<String, Error> {
        substitute(template, &env)
    }

    #[test]
    fn values_defaults_and_alternatives() {
        let cases = [
            ("nginx:$TAG", "nginx:1.27"),
            ("nginx:${TAG}", "nginx:1.27"),
            ("$$TAG costs $$5", "$TAG costs $5"),
            ("${UNSET:-1.25}", "1.25"),
            ("${EMPTY:-1.25}", "1.25"),
            ("${EMPTY-1.25}", ""),
            ("${UNSET-1.25}", "1.25"),
            ("${TAG:+set}", "set"),
            ("${EMPTY:+set}", ""),
            ("${EMPTY+set}", "set"),
            ("${UNSET+set}", ""),
            ("${UNSET:-${HOST}:5432}", "db:5432"),
            ("${UNSET:-${ALSO:-deep}}", "deep"),
            ("a ${UNSET:-x} b ${TAG} c", "a x b 1.27 c"),
            ("$1 and $ and 5$", "$1 and $ and 5$"),
            ("${TAG}-${HOST}", "1.27-db"),
            ("${TAG-x}}", "1.27}"),
            ("$UNSET", ""),
        ];
        for (template, expected) in cases {
            assert_eq!(sub(template).as_deref(), Ok(expected), "{template}");
        }
    }

    #[test]
    fn required_variables() {
        assert_eq!(sub("${TAG:?set it}").as_deref(), Ok("1.27"));
        assert_eq!(sub("${EMPTY?set it}").as_deref(), Ok(""));
        assert_eq!(
            sub("${EMPTY:?must not be empty}"),
            Err(Error::MissingRequired {
                variable: "EMPTY".to_owned(),
                reason: "must not be empty".to_owned()
            })
        );
        assert_eq!(
            sub("${UNSET?}").map_err(|e| e.to_string()),
            Err("required variable UNSET is missing a value".to_owned())
        );
        assert_eq!(
            sub("${UNSET:-${FALLBACK:?no tag given}}").map_err(|e| e.to_string()),
            Err("required variable FALLBACK is missing a value: no tag given".to_owned())
        );
    }

    #[test]
    fn invalid_templates_name_the_whole_template() {
        for template in [
            "echo ${}",
            "nginx:${TAG:=1.27}",
            "nginx:${1TAG}",
            "nginx:${TAG",
            "nginx:${TAG/a/b}",
            "${TAG:-x\n}",
        ] {
            assert_eq!(
                sub(template),
                Err(Error::Invalid {
                    template: template.to_owned()
                }),
                "{template}"
            );
        }
    }

    #[test]
    fn variables_are_listed_as_compose_lists_them() {
        // `${A:-` runs to the line's last `}`: what follows its closing brace is listed first,
        // and so on inwards, as compose-go lists them.
        let found = variables("${A:-${B}} $C ${D:?x} ${E:+${F-f}} $$G ${H}");
        let names: Vec<&str> = found.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["C", "H", "E", "F", "D", "A", "B"]);
        assert_eq!(found[5].default_value, "${B}");
        assert!(found[4].required);
        assert_eq!(found[2].presence_value, "${F-f}");
        assert_eq!(found[3].default_value, "f");
    }

    #[test]
    fn long_templates_cost_linear_time() {
        // Many templates on one line, and a deep nest: each is found once.
        let line = "${A:-x} ".repeat(20_000);
        assert_eq!(sub(&line).map(|s| s.len()), Ok(2 * 20_000));
        let deep = "${A:-".repeat(200) + &"}".repeat(200);
        assert!(sub(&deep).is_ok());
    }
}
