//! Sprig's string functions (`strings.go`, `regex.go`, `url.go`, paths, hashes and encodings of strings).

use crate::template::Funcs;

/// Registers this module's functions.
pub fn register(_funcs: &mut Funcs) {}
