//! "Did you mean …?" for names: the closest candidate within a small edit distance, as
//! BuildKit's `util/suggest` offers for variables, stages and flags.

use super::unknown_instruction::edit_distance;

/// The candidate closest to `name` (at most 2 edits, and fewer than a third of its length plus
/// one), never `name` itself. With `ignore_case`, a candidate differing only in case wins.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    ignore_case: bool,
) -> Option<&'a str> {
    let limit = 2.min(name.chars().count() / 3 + 1);
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name && !candidate.is_empty())
        .map(|candidate| {
            let distance = if ignore_case && candidate.to_lowercase() == lower {
                0
            } else {
                edit_distance(name, candidate)
            };
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// How much comparing of names "did you mean" may do in one file (about one unit per candidate
/// looked at, plus the name's length per edit distance computed). Each undefined name is compared
/// with every defined one, so a file with thousands of both would take quadratic time: past the
/// budget no more suggestions are made (and in stages on unknown images, no more findings). Real
/// files stay far below it (a hundred names used a hundred times is about 20,000).
pub(crate) const SUGGESTION_BUDGET: usize = 500_000;

/// [`did_you_mean`] within [`SUGGESTION_BUDGET`], for rules that suggest a name for every use
/// of an undefined one.
pub(crate) struct Suggester {
    budget: usize,
}

impl Suggester {
    pub(crate) fn new() -> Self {
        Suggester {
            budget: SUGGESTION_BUDGET,
        }
    }

    pub(crate) fn suggest<'c>(
        &mut self,
        name: &str,
        candidates: impl Iterator<Item = &'c str>,
    ) -> Option<&'c str> {
        if self.budget == 0 {
            return None;
        }
        // A candidate within two edits has at most two characters more or fewer.
        let length = name.chars().count();
        let spent = std::cell::Cell::new(0usize);
        let budget = self.budget;
        let near = candidates
            .take_while(|_| spent.get() < budget)
            .filter(|candidate| {
                let near = candidate.chars().count().abs_diff(length) <= 2;
                spent.set(spent.get() + 1 + if near { length } else { 0 });
                near
            });
        let suggestion = did_you_mean(name, near, true);
        if spent.get() >= budget {
            // The candidates were not all compared: no suggestion rather than a worse one.
            self.budget = 0;
            return None;
        }
        self.budget -= spent.get();
        suggestion
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn closest_within_reach() {
        let names = ["VERSION", "NODE_ENV", "PATH"];
        assert_eq!(did_you_mean("VERSON", names, false), Some("VERSION"));
        assert_eq!(did_you_mean("version", names, true), Some("VERSION"));
        assert_eq!(did_you_mean("version", names, false), None);
        assert_eq!(did_you_mean("PAT", names, false), Some("PATH"));
        assert_eq!(did_you_mean("X", names, false), None);
    }
}
