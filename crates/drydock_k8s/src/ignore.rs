//! Findings silenced by an object's annotations, as the tools we mirror read them:
//!
//! - kube-linter: `ignore-check.kube-linter.io/<check>: "reason"`;
//! - kube-score: `kube-score/ignore: "check-a,check-b"`;
//! - Polaris: `polaris.fairwinds.com/<checkID>-exempt: "true"`, and
//!   `polaris.fairwinds.com/exempt: "true"` for every Polaris check;
//! - ours: `drydock.dev/ignore: "rule-a,rule-b"` (any name the settings accept), or `all`.
//!
//! An annotation silences the findings inside its object (a document, or an item of a `List`),
//! of the rules that mirror the named check.

use crate::object::Object;
use crate::rules::RuleMeta;
use drydock_base::diagnostic::Diagnostic;
use drydock_base::rule::names_rule;
use drydock_base::text::TextRange;

/// The suppressions of one file's objects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignores {
    objects: Vec<(TextRange, Vec<Ignore>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Ignore {
    /// A rule name as `names_rule` reads it (`kube-linter:run-as-non-root`, `drydock/x`).
    Name(String),
    /// Every rule that mirrors a check of this tool.
    Tool(&'static str),
    All,
}

impl Ignores {
    pub fn from_objects<'d>(objects: impl IntoIterator<Item = Object<'d>>) -> Ignores {
        let mut out = Ignores::default();
        for object in objects {
            let mut ignores = Vec::new();
            for (key, value, _, _) in object.annotations() {
                if let Some(check) = key.strip_prefix("ignore-check.kube-linter.io/") {
                    ignores.push(Ignore::Name(format!("kube-linter:{check}")));
                } else if key == "kube-score/ignore" {
                    ignores.extend(
                        split(value).map(|check| Ignore::Name(format!("kube-score:{check}"))),
                    );
                } else if key == "polaris.fairwinds.com/exempt" {
                    if value.eq_ignore_ascii_case("true") {
                        ignores.push(Ignore::Tool("polaris"));
                    }
                } else if let Some(check) = key
                    .strip_prefix("polaris.fairwinds.com/")
                    .and_then(|k| k.strip_suffix("-exempt"))
                {
                    if value.eq_ignore_ascii_case("true") {
                        ignores.push(Ignore::Name(format!("polaris:{check}")));
                    }
                } else if key == "drydock.dev/ignore" {
                    for name in split(value) {
                        ignores.push(if name.eq_ignore_ascii_case("all") {
                            Ignore::All
                        } else {
                            Ignore::Name(name.to_owned())
                        });
                    }
                }
            }
            if !ignores.is_empty() {
                out.objects.push((object.range(), ignores));
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// Whether an annotation silences `diagnostic` of `rule`.
    pub fn suppresses(&self, rule: &RuleMeta, diagnostic: &Diagnostic) -> bool {
        self.objects.iter().any(|(range, ignores)| {
            range.contains_range(diagnostic.range)
                && ignores.iter().any(|ignore| match ignore {
                    Ignore::All => true,
                    Ignore::Tool(tool) => rule.mirrors.iter().any(|m| m.tool == *tool),
                    Ignore::Name(name) => names_rule(rule, name).is_some(),
                })
        })
    }
}

fn split(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}
