//! A line diff of two texts in hunks, as `diff -u` shows them: what a fix (or every fix) will
//! change, previewed before it is applied.
//!
//! Myers' greedy algorithm on the lines between the common prefix and suffix, costing
//! O((N + M) · D) for D changed lines. Past [`MAX_EDITS`] changed lines the rest of the middle is
//! shown as removed and then added, so no input costs more than that bound.

/// Past this many changed lines, the middle is shown as one replacement.
pub const MAX_EDITS: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Same,
    Removed,
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine<'a> {
    pub kind: LineKind,
    /// The line without its line break.
    pub text: &'a str,
}

/// Consecutive changes with their context lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk<'a> {
    /// 1-based first line of the hunk in the old text, and its number of old lines.
    pub old_start: usize,
    pub old_len: usize,
    /// The same in the new text.
    pub new_start: usize,
    pub new_len: usize,
    pub lines: Vec<DiffLine<'a>>,
}

impl Hunk<'_> {
    /// The `@@ -a,b +c,d @@` header.
    pub fn header(&self) -> String {
        format!(
            "@@ -{},{} +{},{} @@",
            self.old_start, self.old_len, self.new_start, self.new_len
        )
    }
}

/// The hunks that turn `before` into `after`, each change with up to `context` unchanged lines
/// around it. Equal texts give none.
pub fn hunks<'a>(before: &'a str, after: &'a str, context: usize) -> Vec<Hunk<'a>> {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let script = line_script(&old, &new);
    group(&script, &old, &new, context)
}

/// How many items `a` and `b` share at their start, and then at their end (never counting an
/// item twice: the two together are at most the shorter length).
pub fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// One step of the edit script: keep old line i (= new line j), remove old line i, add new line j.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

fn line_script(old: &[&str], new: &[&str]) -> Vec<Step> {
    let (prefix, suffix) = common_ends(old, new);
    let (old_mid, new_mid) = (prefix..old.len() - suffix, prefix..new.len() - suffix);
    let mut script: Vec<Step> = (0..prefix).map(|i| Step::Same(i, i)).collect();
    let middle = match (old.get(old_mid.clone()), new.get(new_mid.clone())) {
        (Some(a), Some(b)) => myers(a, b).unwrap_or_else(|| replace_all(a.len(), b.len())),
        _ => Vec::new(),
    };
    script.extend(middle.into_iter().map(|step| match step {
        Step::Same(i, j) => Step::Same(i + prefix, j + prefix),
        Step::Removed(i) => Step::Removed(i + prefix),
        Step::Added(j) => Step::Added(j + prefix),
    }));
    let (old_end, new_end) = (old_mid.end, new_mid.end);
    script.extend((0..suffix).map(|k| Step::Same(old_end + k, new_end + k)));
    script
}

fn replace_all(old: usize, new: usize) -> Vec<Step> {
    (0..old)
        .map(Step::Removed)
        .chain((0..new).map(Step::Added))
        .collect()
}

/// The shortest edit script, or `None` past [`MAX_EDITS`] changes.
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Step>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (a.len() + b.len()).min(MAX_EDITS) as isize;
    let offset = max + 1;
    // v[k + offset] = the furthest x on diagonal k. Before each round d, the diagonals -d..=d
    // of v are kept, to walk the path back: O(D²) memory in all.
    let mut v = vec![0isize; (2 * max + 3) as usize];
    let get = |v: &[isize], k: isize| v.get((k + offset) as usize).copied().unwrap_or(0);
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=max {
        trace.push((-d..=d).map(|k| get(&v, k)).collect());
        let mut k = -d;
        while k <= d {
            let down = k == -d || (k != d && get(&v, k - 1) < get(&v, k + 1));
            let mut x = if down {
                get(&v, k + 1)
            } else {
                get(&v, k - 1) + 1
            };
            let mut y = x - k;
            while x < n && y < m && a.get(x as usize) == b.get(y as usize) {
                x += 1;
                y += 1;
            }
            if let Some(slot) = v.get_mut((k + offset) as usize) {
                *slot = x;
            }
            if x >= n && y >= m {
                return Some(backtrack(&trace, n, m));
            }
            k += 2;
        }
    }
    None
}

/// Walks the furthest paths back from the end: `trace[d]` holds diagonals `-d..=d` as they were
/// before round `d`.
fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<Step> {
    let mut steps = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        let get = |k: isize| v.get((k + d) as usize).copied().unwrap_or(0);
        let down = k == -d || (k != d && get(k - 1) < get(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let (prev_x, prev_y) = if d == 0 {
            (0, 0)
        } else {
            let prev_x = get(prev_k);
            (prev_x, prev_x - prev_k)
        };
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            steps.push(Step::Same(x as usize, y as usize));
        }
        if d > 0 {
            if down {
                steps.push(Step::Added(prev_y as usize));
            } else {
                steps.push(Step::Removed(prev_x as usize));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    steps.reverse();
    steps
}

fn group<'a>(script: &[Step], old: &[&'a str], new: &[&'a str], context: usize) -> Vec<Hunk<'a>> {
    let line = |text: Option<&&'a str>| {
        let text = text.copied().unwrap_or("");
        text.strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(text)
    };
    let changed: Vec<usize> = script
        .iter()
        .enumerate()
        .filter(|(_, step)| !matches!(step, Step::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut hunks = Vec::new();
    let mut at = 0;
    while let Some(&first) = changed.get(at) {
        // Changes closer than twice the context share a hunk.
        let mut last = first;
        at += 1;
        while let Some(&next) = changed.get(at) {
            if next - last > 2 * context + 1 {
                break;
            }
            last = next;
            at += 1;
        }
        let start = first.saturating_sub(context);
        let end = (last + context + 1).min(script.len());
        let (mut old_start, mut new_start) = (None, None);
        let (mut old_len, mut new_len) = (0, 0);
        let mut lines = Vec::new();
        // Where the hunk starts in each text, also when it holds no line of one of them.
        let (mut old_before, mut new_before) = (0, 0);
        for step in script.get(..start).unwrap_or_default() {
            match step {
                Step::Same(..) => {
                    old_before += 1;
                    new_before += 1;
                }
                Step::Removed(_) => old_before += 1,
                Step::Added(_) => new_before += 1,
            }
        }
        for step in script.get(start..end).unwrap_or_default() {
            match *step {
                Step::Same(i, j) => {
                    old_start.get_or_insert(i + 1);
                    new_start.get_or_insert(j + 1);
                    old_len += 1;
                    new_len += 1;
                    lines.push(DiffLine {
                        kind: LineKind::Same,
                        text: line(old.get(i)),
                    });
                }
                Step::Removed(i) => {
                    old_start.get_or_insert(i + 1);
                    old_len += 1;
                    lines.push(DiffLine {
                        kind: LineKind::Removed,
                        text: line(old.get(i)),
                    });
                }
                Step::Added(j) => {
                    new_start.get_or_insert(j + 1);
                    new_len += 1;
                    lines.push(DiffLine {
                        kind: LineKind::Added,
                        text: line(new.get(j)),
                    });
                }
            }
        }
        hunks.push(Hunk {
            // `diff -u` numbers an empty side by the line before it.
            old_start: old_start.unwrap_or(old_before),
            old_len,
            new_start: new_start.unwrap_or(new_before),
            new_len,
            lines,
        });
    }
    hunks
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn render(before: &str, after: &str) -> String {
        let mut out = String::new();
        for hunk in hunks(before, after, 1) {
            out.push_str(&hunk.header());
            out.push('\n');
            for line in &hunk.lines {
                out.push(match line.kind {
                    LineKind::Same => ' ',
                    LineKind::Removed => '-',
                    LineKind::Added => '+',
                });
                out.push_str(line.text);
                out.push('\n');
            }
        }
        out
    }

    /// Applying the script to `before` gives `after`, whatever the texts.
    fn replay(before: &str, after: &str) {
        let old: Vec<&str> = before.split_inclusive('\n').collect();
        let new: Vec<&str> = after.split_inclusive('\n').collect();
        let mut rebuilt = String::new();
        let mut next_old = 0;
        for step in line_script(&old, &new) {
            match step {
                Step::Same(i, j) => {
                    assert_eq!(i, next_old);
                    assert_eq!(old[i], new[j]);
                    rebuilt.push_str(new[j]);
                    next_old += 1;
                }
                Step::Removed(i) => {
                    assert_eq!(i, next_old);
                    next_old += 1;
                }
                Step::Added(j) => rebuilt.push_str(new[j]),
            }
        }
        assert_eq!(next_old, old.len());
        assert_eq!(rebuilt, after);
    }

    #[test]
    fn equal_texts_have_no_hunk() {
        assert!(hunks("a\nb\n", "a\nb\n", 3).is_empty());
        assert!(hunks("", "", 3).is_empty());
    }

    #[test]
    fn a_changed_line_with_its_context() {
        assert_eq!(
            render("a\nb\nc\nd\ne\n", "a\nb\nC\nd\ne\n"),
            "@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n"
        );
    }

    #[test]
    fn distant_changes_are_separate_hunks_and_near_ones_share_one() {
        let before = "1\n2\n3\n4\n5\n6\n7\n8\n";
        assert_eq!(
            render(before, "x\n2\n3\n4\n5\n6\n7\ny\n"),
            "@@ -1,2 +1,2 @@\n-1\n+x\n 2\n@@ -7,2 +7,2 @@\n 7\n-8\n+y\n"
        );
        assert_eq!(
            render(before, "1\nx\n3\ny\n5\n6\n7\n8\n"),
            "@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n-4\n+y\n 5\n"
        );
    }

    #[test]
    fn insertions_deletions_and_a_missing_last_newline() {
        assert_eq!(
            render("a\nc\n", "a\nb\nc\n"),
            "@@ -1,2 +1,3 @@\n a\n+b\n c\n"
        );
        assert_eq!(
            render("a\nb\nc\n", "a\nc\n"),
            "@@ -1,3 +1,2 @@\n a\n-b\n c\n"
        );
        assert_eq!(render("a\nb", "a\nb\n"), "@@ -1,2 +1,2 @@\n a\n-b\n+b\n");
        assert_eq!(render("", "a\n"), "@@ -0,0 +1,1 @@\n+a\n");
    }

    #[test]
    fn scripts_rebuild_the_new_text() {
        let texts = [
            "",
            "a\n",
            "a\nb\nc\n",
            "c\nb\na\n",
            "a\na\na\nb\n",
            "x\ny\n\n\nz",
            "FROM a\nRUN b\nCOPY . /\n",
        ];
        for before in texts {
            for after in texts {
                replay(before, after);
            }
        }
    }

    #[test]
    fn past_the_bound_the_middle_is_one_replacement() {
        let before: String = (0..3 * MAX_EDITS).map(|i| format!("{i}\n")).collect();
        let after: String = (0..3 * MAX_EDITS).map(|i| format!("{i}x\n")).collect();
        replay(&before, &after);
        let hunks = hunks(&before, &after, 3);
        assert_eq!(hunks.len(), 1);
        assert_eq!(hunks[0].old_len, 3 * MAX_EDITS);
    }
}
