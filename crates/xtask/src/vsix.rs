//! `cargo xtask vsix`: the VS Code extension of `editors/vscode`, packaged as
//! `target/drydock.vsix` from npm packages only — no VS Code download, no network beyond the npm
//! registry (and none once the packages are installed).
//!
//! The packages of the extension's package-lock.json (vscode-languageclient, TypeScript, esbuild,
//! `@vscode/vsce`) are installed once per machine into the tools directory
//! (`Tools::npm_tree`). The extension's sources are copied to `target/vscode-extension` with a
//! link to those packages, so the source tree gets neither `node_modules` nor a build; there
//! TypeScript checks the client, esbuild bundles it with vscode-languageclient into
//! `dist/extension.js`, and `vsce package` writes the .vsix. `cargo xtask test` runs this and
//! checks that the result is a zip holding the manifest and the bundle.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Result;
use crate::tools::Tools;

/// What the .vsix must hold: VS Code reads the manifest, then loads the `main` it names.
const REQUIRED: [&str; 2] = ["extension/package.json", "extension/dist/extension.js"];

/// The extension's files that the package is built from (`src/` besides).
const FILES: [&str; 6] = [
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "README.md",
    "LICENSE.md",
    ".vscodeignore",
];

/// Builds `target/drydock.vsix`, checks it and returns its path.
pub fn vsix(tools: &Tools) -> Result<PathBuf> {
    let root = crate::root();
    let source = root.join("editors/vscode");
    let modules = tools.npm_tree("vscode-extension", &source)?;
    let target = target_dir(&root);
    let stage = target.join("vscode-extension");
    if stage.exists() {
        std::fs::remove_dir_all(&stage)
            .map_err(|e| format!("cannot clear {}: {e}", stage.display()))?;
    }
    copy_dir(&source.join("src"), &stage.join("src"))?;
    for file in FILES {
        std::fs::copy(source.join(file), stage.join(file))
            .map_err(|e| format!("cannot copy editors/vscode/{file}: {e}"))?;
    }
    link(&modules, &stage.join("node_modules"))?;

    let out = target.join("drydock.vsix");
    if out.exists() {
        std::fs::remove_file(&out).map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
    }
    let npm_run = |script: &str| {
        let mut command = Command::new("npm");
        command
            .args(["run", "--silent", script])
            .current_dir(&stage);
        command
    };
    tools.run(&mut npm_run("check"))?;
    tools.run(&mut npm_run("build"))?;
    tools.run(npm_run("package").arg("--").arg("--out").arg(&out))?;

    let bytes = std::fs::read(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    let entries = zip_entries(&bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    for required in REQUIRED {
        match entries.iter().find(|entry| entry.name == required) {
            Some(entry) if entry.size > 0 => {}
            Some(_) => return Err(format!("{}: {required} is empty", out.display())),
            None => return Err(format!("{}: no {required} in it", out.display())),
        }
    }
    println!(
        "xtask: {} ({} KB, {} files: {})",
        out.display(),
        bytes.len() / 1024,
        entries.len(),
        entries
            .iter()
            .map(|entry| entry.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(out)
}

/// `$CARGO_TARGET_DIR`, else `target/` at the root.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        let path = entry.path();
        let destination = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &destination)?;
        } else {
            std::fs::copy(&path, &destination)
                .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn link(original: &Path, link: &Path) -> Result {
    std::os::unix::fs::symlink(original, link)
        .map_err(|e| format!("cannot link {}: {e}", link.display()))
}

#[cfg(not(unix))]
fn link(original: &Path, _link: &Path) -> Result {
    Err(format!(
        "packaging the extension links to {}, which needs a Unix system",
        original.display()
    ))
}

/// A file of a zip archive, as its central directory lists it.
#[derive(Debug, PartialEq)]
struct ZipEntry {
    name: String,
    /// Uncompressed.
    size: u32,
}

/// The files a zip archive lists in its central directory (what unzip and VS Code read), without
/// inflating any: the end record (the last 22 bytes but for a comment of up to 64 KB) gives the
/// directory's place and length, then each header gives a name and a size.
fn zip_entries(bytes: &[u8]) -> Result<Vec<ZipEntry>> {
    const END: u32 = 0x0605_4b50;
    const HEADER: u32 = 0x0201_4b50;
    let u16_at = |at: usize| -> Option<usize> {
        let b = bytes.get(at..at + 2)?;
        Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = bytes.get(at..at + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let lowest = bytes.len().saturating_sub(22 + usize::from(u16::MAX));
    let end = (lowest..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&at| u32_at(at) == Some(END))
        .ok_or("not a zip archive (no end of central directory record)")?;
    let count = u16_at(end + 10).ok_or("truncated end record")?;
    let mut at = u32_at(end + 16).ok_or("truncated end record")? as usize;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        if u32_at(at) != Some(HEADER) {
            return Err(format!("no central directory header at byte {at}"));
        }
        let truncated = || format!("truncated central directory header at byte {at}");
        let size = u32_at(at + 24).ok_or_else(truncated)?;
        let name_length = u16_at(at + 28).ok_or_else(truncated)?;
        let extra_length = u16_at(at + 30).ok_or_else(truncated)?;
        let comment_length = u16_at(at + 32).ok_or_else(truncated)?;
        let name = bytes
            .get(at + 46..at + 46 + name_length)
            .ok_or_else(truncated)?;
        entries.push(ZipEntry {
            name: String::from_utf8_lossy(name).into_owned(),
            size,
        });
        at += 46 + name_length + extra_length + comment_length;
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::{ZipEntry, zip_entries};

    /// A stored (uncompressed) zip of the given files, as a zip writer lays it out.
    fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut directory = Vec::new();
        for (name, data) in files {
            let offset = u32::try_from(out.len()).unwrap_or_default();
            let size = u32::try_from(data.len()).unwrap_or_default();
            let name_length = u16::try_from(name.len()).unwrap_or_default();
            out.extend(0x0403_4b50_u32.to_le_bytes());
            out.extend([0; 14]); // version, flags, method, time, date, crc
            out.extend(size.to_le_bytes());
            out.extend(size.to_le_bytes());
            out.extend(name_length.to_le_bytes());
            out.extend(0_u16.to_le_bytes());
            out.extend(name.as_bytes());
            out.extend(*data);
            directory.extend(0x0201_4b50_u32.to_le_bytes());
            directory.extend([0; 16]); // versions, flags, method, time, date, crc
            directory.extend(size.to_le_bytes());
            directory.extend(size.to_le_bytes());
            directory.extend(name_length.to_le_bytes());
            directory.extend([0; 12]); // extra, comment, disk, attributes
            directory.extend(offset.to_le_bytes());
            directory.extend(name.as_bytes());
        }
        let count = u16::try_from(files.len()).unwrap_or_default();
        let start = u32::try_from(out.len()).unwrap_or_default();
        let length = u32::try_from(directory.len()).unwrap_or_default();
        out.extend(directory);
        out.extend(0x0605_4b50_u32.to_le_bytes());
        out.extend([0; 4]); // disks
        out.extend(count.to_le_bytes());
        out.extend(count.to_le_bytes());
        out.extend(length.to_le_bytes());
        out.extend(start.to_le_bytes());
        out.extend(0_u16.to_le_bytes());
        out
    }

    #[test]
    fn lists_the_files_of_a_zip() {
        let bytes = zip(&[
            ("extension/package.json", b"{}"),
            ("extension/dist/extension.js", b""),
        ]);
        assert_eq!(
            zip_entries(&bytes),
            Ok(vec![
                ZipEntry {
                    name: "extension/package.json".to_owned(),
                    size: 2
                },
                ZipEntry {
                    name: "extension/dist/extension.js".to_owned(),
                    size: 0
                },
            ])
        );
    }

    #[test]
    fn refuses_what_is_not_a_zip() {
        assert!(zip_entries(b"PK but not a zip").is_err());
        // An end record that counts one file more than the directory holds.
        let mut bytes = zip(&[("a", b"1")]);
        let end = bytes.len() - 22;
        bytes[end + 10] = 2;
        assert!(zip_entries(&bytes).is_err());
    }
}
