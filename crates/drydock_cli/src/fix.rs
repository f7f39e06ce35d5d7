//! `--fix`: writing fixed files back, and `--fix --dry-run`: showing the change as a unified diff.

use std::io::{self, Write};

use similar::TextDiff;

use crate::check::Change;

/// A unified diff of one file, `--- a/NAME` / `+++ b/NAME` as `git apply` and `patch -p1` read it.
pub fn write_diff(out: &mut impl Write, change: &Change) -> io::Result<()> {
    let diff = TextDiff::from_lines(&change.before, &change.after);
    let mut unified = diff.unified_diff();
    unified
        .context_radius(3)
        .header(&format!("a/{}", change.name), &format!("b/{}", change.name));
    write!(out, "{unified}")
}

/// Writes the fixed text over the file. The file is replaced through a temporary file beside
/// it, so an interrupted run never leaves half a file; its permissions are kept.
pub fn write_back(change: &Change) -> Result<(), String> {
    let Some(path) = &change.path else {
        return Err(format!(
            "{}: standard input cannot be fixed in place",
            change.name
        ));
    };
    let fail = |error: io::Error| {
        format!(
            "{}: cannot write the fixed file: {}",
            change.name,
            crate::discover::describe(&error)
        )
    };
    // Through a symbolic link, the file it points to is replaced, not the link.
    let path = &std::fs::canonicalize(path).map_err(fail)?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.drydock-fix"));
    let permissions = std::fs::metadata(path).map_err(fail)?.permissions();
    std::fs::write(&temporary, &change.after).map_err(fail)?;
    let renamed = std::fs::set_permissions(&temporary, permissions)
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = renamed {
        let _ = std::fs::remove_file(&temporary);
        return Err(fail(error));
    }
    Ok(())
}
