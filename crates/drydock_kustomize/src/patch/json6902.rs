//! JSON 6902 patches, as kustomize applies them with evanphx/json-patch: the operations in order,
//! all or nothing, with that library's error messages.

use super::PatchError;
use crate::value::{Node, Origin, Value};

/// Applies a list of JSON 6902 operations (`op`, `path`, `value`, `from`) to `target`. Values
/// the operations add keep the origin of their `value`. On error `target` is left as it was.
pub fn json6902(target: &mut Node, ops: &Node) -> Result<(), PatchError> {
    let Some(list) = ops.items() else {
        return Err(PatchError::new(
            "json patch must be a list of operations",
            ops.origin,
        ));
    };
    // Operations apply to a copy, so that a failing one leaves the target as it was.
    let mut doc = target.clone();
    for op in list {
        apply(&mut doc, op)?;
    }
    *target = doc;
    Ok(())
}

fn apply(doc: &mut Node, op: &Node) -> Result<(), PatchError> {
    let origin = op.origin;
    let kind = op.get_str("op").unwrap_or("unknown");
    let path_text = op.get_str("path").unwrap_or("");
    let path_origin = op.get("path").and_then(|p| p.origin).or(origin);
    let path = pointer(path_text, path_origin)?;
    let value = || {
        op.get("value")
            .ok_or_else(|| PatchError::new(format!("{kind} operation: missing value"), origin))
    };
    match kind {
        "add" => add(doc, &path, path_text, value()?.clone(), "add", path_origin),
        "remove" => remove(doc, &path, path_text, path_origin).map(drop),
        "replace" => replace(doc, &path, path_text, value()?.clone(), path_origin),
        "move" | "copy" => {
            let from_text = op.get_str("from").unwrap_or("");
            let from_origin = op.get("from").and_then(|p| p.origin).or(origin);
            let from = pointer(from_text, from_origin)?;
            let moved = if kind == "move" {
                remove(doc, &from, from_text, from_origin).map_err(|_| {
                    PatchError::new(
                        format!(
                            "move operation does not apply: doc is missing from path: {from_text}: missing value"
                        ),
                        from_origin,
                    )
                })?
            } else {
                get(doc, &from).cloned().ok_or_else(|| {
                    PatchError::new(
                        format!(
                            "copy operation does not apply: doc is missing from path: {from_text}: missing value"
                        ),
                        from_origin,
                    )
                })?
            };
            add(doc, &path, path_text, moved, kind, path_origin)
        }
        "test" => {
            let expected = value()?;
            let ok = match get(doc, &path) {
                Some(found) => found.same_value(expected),
                None => expected.is_null(),
            };
            if ok {
                Ok(())
            } else {
                Err(PatchError::new(
                    format!("testing value {path_text} failed: test failed"),
                    origin,
                ))
            }
        }
        other => Err(PatchError::new(format!("Unexpected kind: {other}"), origin)),
    }
}

/// The reference tokens of a JSON pointer, unescaped (`~1` is `/`, `~0` is `~`).
fn pointer(text: &str, origin: Option<Origin>) -> Result<Vec<String>, PatchError> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = text.strip_prefix('/') else {
        return Err(PatchError::new(
            format!("JSON pointer must be empty or start with a \"/\": {text}"),
            origin,
        ));
    };
    Ok(rest
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn get<'a>(doc: &'a Node, path: &[String]) -> Option<&'a Node> {
    path.iter().try_fold(doc, |node, token| match &node.value {
        Value::Map(_) => node.get(token),
        Value::Seq(items) => items.get(index(token)?),
        Value::Scalar(_) => None,
    })
}

fn get_mut<'a>(doc: &'a mut Node, path: &[String]) -> Option<&'a mut Node> {
    let mut node = doc;
    for token in path {
        node = match node.value {
            Value::Map(_) => node.get_mut(token)?,
            Value::Seq(ref mut items) => items.get_mut(index(token)?)?,
            Value::Scalar(_) => return None,
        };
    }
    Some(node)
}

/// An array index as JSON pointers write it: digits only.
fn index(token: &str) -> Option<usize> {
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

fn invalid_index(token: &str, origin: Option<Origin>) -> PatchError {
    PatchError::new(
        format!("Unable to access invalid index: {token}: invalid index referenced"),
        origin,
    )
}

/// The container of `path`'s last token, and that token (`None` for the document itself).
fn parent<'a, 'p>(
    doc: &'a mut Node,
    path: &'p [String],
) -> Option<Option<(&'a mut Node, &'p str)>> {
    let Some((last, init)) = path.split_last() else {
        return Some(None);
    };
    get_mut(doc, init).map(|container| Some((container, last.as_str())))
}

fn add(
    doc: &mut Node,
    path: &[String],
    text: &str,
    value: Node,
    kind: &str,
    origin: Option<Origin>,
) -> Result<(), PatchError> {
    let missing = || {
        PatchError::new(
            format!(
                "{kind} operation does not apply: doc is missing path: \"{text}\": missing value"
            ),
            origin,
        )
    };
    let Some((container, token)) = parent(doc, path).ok_or_else(missing)? else {
        *doc = value;
        return Ok(());
    };
    match &mut container.value {
        Value::Map(_) => {
            container.set(token, value);
            Ok(())
        }
        Value::Seq(items) => {
            let at = if token == "-" {
                items.len()
            } else {
                index(token).ok_or_else(|| invalid_index(token, origin))?
            };
            if at > items.len() {
                return Err(invalid_index(token, origin));
            }
            items.insert(at, value);
            Ok(())
        }
        Value::Scalar(_) => Err(missing()),
    }
}

fn remove(
    doc: &mut Node,
    path: &[String],
    text: &str,
    origin: Option<Origin>,
) -> Result<Node, PatchError> {
    let missing = || {
        PatchError::new(
            format!(
                "remove operation does not apply: doc is missing path: \"{text}\": missing value"
            ),
            origin,
        )
    };
    let Some((container, token)) = parent(doc, path).ok_or_else(missing)? else {
        return Ok(std::mem::replace(doc, Node::null(None)));
    };
    match &mut container.value {
        Value::Map(_) => container.remove(token).ok_or_else(|| {
            PatchError::new(
                format!("Unable to remove nonexistent key: {token}: missing value"),
                origin,
            )
        }),
        Value::Seq(items) => match index(token) {
            Some(at) if at < items.len() => Ok(items.remove(at)),
            _ => Err(invalid_index(token, origin)),
        },
        Value::Scalar(_) => Err(missing()),
    }
}

fn replace(
    doc: &mut Node,
    path: &[String],
    text: &str,
    value: Node,
    origin: Option<Origin>,
) -> Result<(), PatchError> {
    let missing = || {
        PatchError::new(
            format!("replace operation does not apply: doc is missing path: {text}: missing value"),
            origin,
        )
    };
    let Some((container, token)) = parent(doc, path).ok_or_else(missing)? else {
        *doc = value;
        return Ok(());
    };
    match &mut container.value {
        // kustomize's json-patch (evanphx v4) replaces a missing key of an object as if it
        // were there: the key is added (v5 refuses, but that is not what kustomize runs).
        Value::Map(_) => {
            container.set(token, value);
            Ok(())
        }
        Value::Seq(items) => match index(token).and_then(|at| items.get_mut(at)) {
            Some(slot) => {
                *slot = value;
                Ok(())
            }
            None => Err(invalid_index(token, origin)),
        },
        Value::Scalar(_) => Err(missing()),
    }
}
