//! Output formats for `drydock check`.

pub mod human;
pub mod json;
pub mod sarif;
