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
