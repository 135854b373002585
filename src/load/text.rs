//! A content file's text, kept only while it may be needed.
//!
//! The checks across files report problems at positions in a file's text, which is
//! rarely needed once every file is parsed. A plain load therefore forgets each text
//! after parsing it and reads the file again only when a problem is reported in it;
//! the preview's cache keeps the texts.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::files;
use crate::diagnostic::Source;

/// A file's source, or where to read it again.
#[derive(Debug)]
pub struct Text {
    /// Path shown to the user.
    path: PathBuf,
    /// Where the file is on disk, once its text is forgotten.
    disk: Option<PathBuf>,
    source: OnceLock<Source>,
}

impl Text {
    /// Keeps `source`.
    pub fn new(source: Source) -> Self {
        Text {
            path: source.path.clone(),
            disk: None,
            source: OnceLock::from(source),
        }
    }

    /// The path shown to the user.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The source, read again from disk if it was forgotten (empty if that fails).
    pub fn get(&self) -> &Source {
        self.source.get_or_init(|| {
            let disk = self.disk.as_deref().unwrap_or(&self.path);
            files::read_file(disk, &self.path, &mut Vec::new())
                .unwrap_or_else(|| Source::new(&self.path, ""))
        })
    }

    /// Forgets the text; [`Text::get`] will read it again from `disk`.
    pub fn forget(&mut self, disk: &Path) {
        self.disk = Some(disk.to_path_buf());
        self.source = OnceLock::new();
    }
}
