//! Printed objects kept between renders: a keystroke changes one object of a render, or a few,
//! and every other object prints as it did, byte for byte, with the same spans. Each object
//! printed within [`with_printed_kept`] is kept with its text and spans; an object equal to a
//! kept one (values, keys, and where each was written) takes a copy instead of being printed
//! again. Those a call did not use are dropped after it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::{Emitter, NO_PARENT, Span};
use crate::value::Node;

struct Printed {
    node: Node,
    text: String,
    /// Its spans, with ranges from the start of its text and parents from its first span.
    spans: Vec<Span>,
    parents: Vec<u32>,
    used: bool,
}

thread_local! {
    /// By a hash of the object's kind and name (objects with equal ones share a bucket); `None`
    /// outside [`with_printed_kept`].
    static KEPT: RefCell<Option<HashMap<u64, Vec<Printed>>>> = const { RefCell::new(None) };
}

/// Runs `work` with the objects printed by the last call at hand.
pub fn with_printed_kept<T>(work: impl FnOnce() -> T) -> T {
    // A call within another shares the outer one's; the outer one keeps them.
    if active() {
        return work();
    }
    KEPT.with(|kept| {
        for printed in kept
            .borrow_mut()
            .get_or_insert_with(HashMap::new)
            .values_mut()
        {
            for printed in printed {
                printed.used = false;
            }
        }
    });
    let out = work();
    KEPT.with(|kept| {
        if let Some(kept) = kept.borrow_mut().as_mut() {
            kept.retain(|_, bucket| {
                bucket.retain(|p| p.used);
                !bucket.is_empty()
            });
        }
    });
    out
}

pub(super) fn active() -> bool {
    KEPT.with(|kept| kept.borrow().is_some())
}

/// The bucket of `object`: its kind and name (a cheap look, the object itself is compared).
fn bucket(object: &Node) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    object.get_str("kind").hash(&mut hasher);
    object
        .get("metadata")
        .and_then(|m| m.get_str("name"))
        .hash(&mut hasher);
    hasher.finish()
}

/// Writes the kept print of an object equal to `object`, if there is one.
pub(super) fn copy(object: &Node, emitter: &mut Emitter) -> bool {
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        let Some(printed) = kept
            .as_mut()
            .and_then(|kept| kept.get_mut(&bucket(object)))
            .and_then(|bucket| bucket.iter_mut().find(|p| p.node == *object))
        else {
            return false;
        };
        let (start, first_span) = (emitter.out.len(), emitter.spans.len());
        let Ok(offset) = u32::try_from(first_span) else {
            return false;
        };
        emitter.out.push_str(&printed.text);
        emitter.spans.extend(printed.spans.iter().map(|span| {
            let mut span = *span;
            span.range.start = span.range.start.saturating_add(start);
            span.range.end = span.range.end.saturating_add(start);
            span
        }));
        emitter
            .parents
            .extend(printed.parents.iter().map(|&parent| {
                if parent == NO_PARENT {
                    NO_PARENT
                } else {
                    parent.saturating_add(offset)
                }
            }));
        printed.used = true;
        true
    })
}

/// Keeps what was printed for `object`: the emitter's text from `start`, its spans from
/// `first_span`.
pub(super) fn keep(object: &Node, emitter: &Emitter, start: usize, first_span: usize) {
    let Ok(offset) = u32::try_from(first_span) else {
        return;
    };
    let spans: Vec<Span> = emitter
        .spans
        .get(first_span..)
        .unwrap_or_default()
        .iter()
        .map(|span| {
            let mut span = *span;
            span.range.start = span.range.start.saturating_sub(start);
            span.range.end = span.range.end.saturating_sub(start);
            span
        })
        .collect();
    let parents = emitter
        .parents
        .get(first_span..)
        .unwrap_or_default()
        .iter()
        .map(|&parent| {
            if parent == NO_PARENT {
                NO_PARENT
            } else {
                parent.saturating_sub(offset)
            }
        })
        .collect();
    let printed = Printed {
        node: object.clone(),
        text: emitter.out.get(start..).unwrap_or_default().to_owned(),
        spans,
        parents,
        used: true,
    };
    KEPT.with(|kept| {
        if let Some(kept) = kept.borrow_mut().as_mut() {
            kept.entry(bucket(object)).or_default().push(printed);
        }
    });
}
