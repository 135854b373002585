//! A file being checked, read once: its text, and diagnostics placed at a byte offset
//! of it (line, column and the line itself).

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::lines::LineIndex;

/// A file being checked: its text and, built on first need, its line index.
pub(super) struct Located {
    source: Source,
    lines: OnceCell<LineIndex>,
}

impl Located {
    pub(super) fn new(path: PathBuf, text: String) -> Self {
        Located {
            source: Source::new(path, text),
            lines: OnceCell::new(),
        }
    }

    /// Reads the file at `path` (see [`read_text`]).
    pub(super) fn read(path: PathBuf) -> std::io::Result<Self> {
        let text = read_text(&path)?;
        Ok(Located::new(path, text))
    }

    pub(super) fn text(&self) -> &str {
        &self.source.text
    }

    /// A diagnostic at a byte offset, with the line shown when it is short enough to read.
    pub(super) fn at(
        &self,
        severity: Severity,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        let text = self.text();
        let index = self.lines.get_or_init(|| LineIndex::new(text));
        let (line, column) = index.line_col(text, offset);
        let line_text = index.line_text(text, line).unwrap_or("");
        Diagnostic {
            severity,
            file: self.source.path.clone(),
            line,
            column,
            message: message.into(),
            hint: Some(hint.into()),
            snippet: (line_text.chars().count() <= 240).then(|| line_text.to_owned()),
        }
    }
}

pub(super) fn whole_file(
    path: impl Into<PathBuf>,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> Diagnostic {
    Diagnostic::file(Severity::Error, path, message).hint(hint)
}

pub(super) fn read_text(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let mut text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}
