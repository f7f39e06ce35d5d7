//! "Did you mean": the closest name by edit distance, when it is close enough to be a typo.

/// The candidate closest to `word` (case differences cost nothing extra to find), if it is within
/// a typo's distance: 1 edit for short words, 2 from five characters, 3 from ten.
pub fn did_you_mean<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let limit = match word.chars().count() {
        0..=4 => 1,
        5..=9 => 2,
        _ => 3,
    };
    let lower = word.to_lowercase();
    candidates
        .filter(|c| *c != word)
        .map(|c| {
            let distance = if c.to_lowercase() == lower {
                0
            } else {
                distance(&lower, &c.to_lowercase())
            };
            (distance, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
/// of neighbours each cost 1 (`lables` is one edit from `labels`).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 {
        return usize::MAX;
    }
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let idx = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(x) = d.get_mut(idx(i, 0)) {
            *x = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(x) = d.get_mut(idx(0, j)) {
            *x = j;
        }
    }
    let get =
        |d: &Vec<usize>, i: usize, j: usize| d.get(idx(i, j)).copied().unwrap_or(usize::MAX / 2);
    for (i, ca) in a.iter().enumerate() {
        for (j, cb) in b.iter().enumerate() {
            let (i1, j1) = (i + 1, j + 1);
            let cost = usize::from(ca != cb);
            let mut best = (get(&d, i, j1) + 1)
                .min(get(&d, i1, j) + 1)
                .min(get(&d, i, j) + cost);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                best = best.min(get(&d, i - 1, j - 1) + 1);
            }
            if let Some(x) = d.get_mut(idx(i1, j1)) {
                *x = best;
            }
        }
    }
    get(&d, a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_found_and_strangers_are_not() {
        let fields = ["labels", "name", "namespace", "annotations"];
        assert_eq!(did_you_mean("lables", fields.into_iter()), Some("labels"));
        assert_eq!(did_you_mean("Labels", fields.into_iter()), Some("labels"));
        assert_eq!(did_you_mean("nmae", fields.into_iter()), Some("name"));
        assert_eq!(did_you_mean("path", fields.into_iter()), None);
        let kinds = ["Deployment", "DaemonSet", "StatefulSet"];
        assert_eq!(
            did_you_mean("Deploymnet", kinds.into_iter()),
            Some("Deployment")
        );
        assert_eq!(
            did_you_mean("deployment", kinds.into_iter()),
            Some("Deployment")
        );
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
