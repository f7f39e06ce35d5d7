//! Sprig's numbers (`numeric.go`: arithmetic, conversions with `cast`'s rules), `semver`, and the encodings `toToml`, `toPrettyJson`, `toRawJson`, `fromJsonArray`, `fromYamlArray`.

use crate::template::Funcs;

/// Registers this module's functions.
pub fn register(_funcs: &mut Funcs) {}
