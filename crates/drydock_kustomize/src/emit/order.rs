//! The order go-yaml v2 prints mapping keys in (`keyList.Less`): letters compare as characters,
//! and a run of digits compares as the number it spells, so `key9` comes before `key10`, `_k`
//! before `1`, and `Key` before `a`.

/// True when go-yaml v2 prints key `a` before key `b` (both strings, as JSON keys are), given
/// as characters: Go compares runes, and the sort decodes each key once rather than per compare.
fn key_less(ar: &[char], br: &[char]) -> bool {
    for (i, (&ac, &bc)) in ar.iter().zip(br).enumerate() {
        if ac == bc {
            continue;
        }
        let al = is_letter(ac);
        let bl = is_letter(bc);
        if al && bl {
            return ac < bc;
        }
        if al || bl {
            return bl;
        }
        // Go's arithmetic: an int64 that wraps, digits counted from '0'.
        let (mut an, mut bn) = (0i64, 0i64);
        if ac == '0' || bc == '0' {
            // A zero inside a number that began earlier is just a digit of it.
            for &c in ar.get(..i).unwrap_or(&[]).iter().rev() {
                if !is_digit(c) {
                    break;
                }
                if c != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let digits = |chars: &[char], n: &mut i64| {
            let run = chars
                .get(i..)
                .unwrap_or(&[])
                .iter()
                .take_while(|&&c| is_digit(c));
            let mut end = i;
            for &c in run {
                *n = n
                    .wrapping_mul(10)
                    .wrapping_add(i64::from(c as u32) - i64::from('0' as u32));
                end += 1;
            }
            end
        };
        let ai = digits(ar, &mut an);
        let bi = digits(br, &mut bn);
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ac < bc;
    }
    ar.len() < br.len()
}

/// Go's `unicode.IsLetter` (categories L*); Rust's `is_alphabetic` also counts a few marks and
/// letter-like numbers, which only matters for keys no manifest uses.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

/// Go's `unicode.IsDigit` (category Nd), exact for ASCII; other decimal digits are rare in keys.
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

/// The indices of `keys` in printing order. A merge sort on `key_less`, because the standard sort
/// may panic when a comparison is not a total order, and Go's `keyList.Less` need not be one for
/// odd keys.
pub(super) fn sorted_indices(keys: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let mut scratch = order.clone();
    let chars: Vec<Vec<char>> = keys.iter().map(|key| key.chars().collect()).collect();
    let key = |i: usize| chars.get(i).map_or(&[][..], Vec::as_slice);
    let mut width = 1;
    while width < order.len() {
        let mut start = 0;
        while start < order.len() {
            let mid = (start + width).min(order.len());
            let end = (start + 2 * width).min(order.len());
            let (mut l, mut r, mut out) = (start, mid, start);
            while l < mid || r < end {
                let take_right = l >= mid
                    || (r < end && {
                        let (li, ri) = (order.get(l).copied(), order.get(r).copied());
                        matches!((li, ri), (Some(li), Some(ri)) if key_less(key(ri), key(li)))
                    });
                let from = if take_right { &mut r } else { &mut l };
                if let (Some(slot), Some(&value)) = (scratch.get_mut(out), order.get(*from)) {
                    *slot = value;
                }
                *from += 1;
                out += 1;
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut scratch);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_like_go_yaml_v2() {
        // The order `kubectl kustomize` printed these keys in.
        let printed = [
            "", "-1", "_k", "0", "00", "10", "a-b", "a.b", "a/b", "a_b", "a00b", "a0b", "a1",
            "a1b2", "a1b10", "a01", "a001x", "aB", "b", "b1", "b01", "b001", "key10", "x9y",
            "x10y", "x010y", "z", "é",
        ];
        let mut shuffled = printed;
        shuffled.reverse();
        shuffled.swap(3, 17);
        shuffled.swap(0, 9);
        let order: Vec<&str> = sorted_indices(&shuffled)
            .into_iter()
            .map(|i| shuffled[i])
            .collect();
        assert_eq!(order, printed);
    }
}
