//! `trasparenza init`: a new site with a short, commented example plan that passes
//! `check` and builds at once. The example files live in `src/init/esempio/` and are
//! embedded in the binary.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The example site: path relative to the new site folder, and text.
pub const FILES: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# Il sito generato si ricrea con `trasparenza build`: non va nel repository.\npublic/\n",
    ),
    ("content/sito.toml", include_str!("esempio/sito.toml")),
    (
        "content/piano/aree/1.toml",
        include_str!("esempio/piano/aree/1.toml"),
    ),
    (
        "content/piano/obiettivi-strategici/1.1.toml",
        include_str!("esempio/piano/obiettivi-strategici/1.1.toml"),
    ),
    (
        "content/piano/obiettivi-operativi/1.1.1.toml",
        include_str!("esempio/piano/obiettivi-operativi/1.1.1.toml"),
    ),
    (
        "content/monitoraggio/2025-S1/periodo.toml",
        include_str!("esempio/monitoraggio/2025-S1/periodo.toml"),
    ),
    (
        "content/monitoraggio/2025-S1/obiettivi-operativi/1.1.1.toml",
        include_str!("esempio/monitoraggio/2025-S1/obiettivi-operativi/1.1.1.toml"),
    ),
];

/// Why the site was not created.
#[derive(Debug)]
pub enum InitError {
    /// The folder exists and has something in it: nothing was written.
    NotEmpty(PathBuf),
    /// The path exists and is not a folder.
    NotADirectory(PathBuf),
    /// Writing failed; whatever had been written was removed.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::NotEmpty(p) => write!(
                f,
                "la cartella {} esiste e non è vuota: nessun file scritto",
                p.display()
            ),
            InitError::NotADirectory(p) => write!(
                f,
                "{} esiste e non è una cartella: nessun file scritto",
                p.display()
            ),
            InitError::Io(p, e) => write!(f, "{}: scrittura non riuscita: {e}", p.display()),
        }
    }
}

/// Writes the example site into `dir`, which must not exist or be empty.
/// Returns the files written, relative to `dir`. On failure nothing is left behind.
pub fn create(dir: &Path) -> Result<Vec<&'static str>, InitError> {
    let existed = match fs::metadata(dir) {
        Ok(m) if !m.is_dir() => return Err(InitError::NotADirectory(dir.to_path_buf())),
        Ok(_) => {
            let mut entries = fs::read_dir(dir).map_err(|e| InitError::Io(dir.to_path_buf(), e))?;
            if entries.next().is_some() {
                return Err(InitError::NotEmpty(dir.to_path_buf()));
            }
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(InitError::Io(dir.to_path_buf(), e)),
    };
    let result = write_all(dir);
    if result.is_err() {
        // leave the folder as it was found: removed if we created it, emptied otherwise
        if existed {
            if let Ok(entries) = fs::read_dir(dir) {
                for entry in entries.flatten() {
                    let p = entry.path();
                    let _ = if p.is_dir() {
                        fs::remove_dir_all(&p)
                    } else {
                        fs::remove_file(&p)
                    };
                }
            }
        } else {
            let _ = fs::remove_dir_all(dir);
        }
    }
    result
}

fn write_all(dir: &Path) -> Result<Vec<&'static str>, InitError> {
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| InitError::Io(parent.to_path_buf(), e))?;
        }
        fs::write(&path, text).map_err(|e| InitError::Io(path.clone(), e))?;
        written.push(*rel);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    #[test]
    fn example_is_valid_without_warnings() {
        let sources: Vec<Source> = FILES
            .iter()
            .filter_map(|(p, t)| p.strip_prefix("content/").map(|p| Source::new(p, *t)))
            .collect();
        let loaded = crate::load::load_sources(&sources);
        assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
        let plan = loaded.plan.expect("plan");
        assert_eq!(plan.strategic.len() + plan.operational.len(), 2);
        assert_eq!(plan.periods.len(), 1);
    }
}
