//! Embeds the default theme (`themes/default/**`) in the binary, so that an installed
//! `trasparenza` needs no folder beside it: writes `$OUT_DIR/default_theme.rs`, a sorted list
//! of `(path relative to the theme, include_bytes!(absolute path))`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

fn main() -> io::Result<()> {
    // read when the script runs, not when it was compiled: a target folder copied from
    // another checkout must not embed that checkout's theme
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .ok_or_else(|| io::Error::other("CARGO_MANIFEST_DIR"))?;
    let theme = Path::new(&manifest).join("themes/default");
    // a folder makes cargo rerun when any file under it is added, removed or changed
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&theme, &mut files)?;
    files.sort();
    let mut out = String::from("&[\n");
    for path in &files {
        let rel = path
            .strip_prefix(&theme)
            .map_err(io::Error::other)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let abs = path.to_string_lossy();
        out.push_str(&format!("    ({rel:?}, include_bytes!({abs:?})),\n"));
    }
    out.push(']');
    let dest =
        PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| io::Error::other("OUT_DIR"))?)
            .join("default_theme.rs");
    fs::write(dest, out)
}

/// Every regular file under `dir`, recursively.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(&entry.path(), files)?;
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
    Ok(())
}
