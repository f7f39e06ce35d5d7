//! Sprig's lists and dicts (`list.go`, `dict.go`), defaults (`defaults.go`: `empty`, `coalesce`, `ternary`…) and reflection (`reflect.go`).

use crate::template::Funcs;

/// Registers this module's functions.
pub fn register(_funcs: &mut Funcs) {}
