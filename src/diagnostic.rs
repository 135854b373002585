//! Diagnostics: every problem found in the content, with `file:line:column`,
//! what is wrong and how to fix it, in Italian.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::lines;

/// How serious a problem is: errors stop publication, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks `build` and makes `check` exit 1.
    Error,
    /// Reported, never blocks.
    Warning,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user knows it (relative to the content dir when possible).
    pub file: PathBuf,
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters, 0 when the problem concerns the whole file.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The offending source line, for display.
    #[serde(skip)]
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A problem about a whole file.
    pub fn file(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    /// A problem at a byte range of a source file.
    pub fn at(
        severity: Severity,
        src: &Source,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = src.line_col(span.start);
        Diagnostic {
            severity,
            file: src.path.clone(),
            line,
            column,
            message: message.into(),
            hint: None,
            snippet: src.line_text(line).map(str::to_owned),
        }
    }

    /// Adds the "how to fix it" part.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "errore",
            Severity::Warning => "avviso",
        };
        let file = self.file.display();
        if self.line > 0 {
            write!(
                f,
                "{file}:{}:{}: {kind}: {}",
                self.line, self.column, self.message
            )?;
        } else {
            write!(f, "{file}: {kind}: {}", self.message)?;
        }
        if let Some(snippet) = &self.snippet {
            let pad: String = snippet
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n    | {snippet}\n    | {pad}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n    = come correggere: {hint}")?;
        }
        Ok(())
    }
}

/// A text file of the content, kept for line/column computation.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path shown to the user.
    pub path: PathBuf,
    /// Full text, UTF-8, without byte-order mark.
    pub text: String,
}

impl Source {
    /// Creates a source from its display path and text.
    pub fn new(path: impl AsRef<Path>, text: impl Into<String>) -> Self {
        Source {
            path: path.as_ref().to_path_buf(),
            text: text.into(),
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        lines::line_col(&self.text, offset)
    }

    /// The text of a 1-based line, without its line end.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        lines::line_text(&self.text, line)
    }
}

/// Sorts diagnostics: errors first, then by file and position.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
    });
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = Source::new("a.toml", "titolo = \"città\"\npeso = x\n");
        assert_eq!(src.line_col(0), (1, 1));
        let off = src.text.find("x").unwrap();
        assert_eq!(src.line_col(off), (2, 8));
        let accented = src.text.find('"').unwrap() + 7; // the closing quote
        assert_eq!(src.line_col(accented), (1, 16));
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(
            did_you_mean("pesso", ["peso", "nome", "target"]),
            Some("peso")
        );
        assert_eq!(did_you_mean("xyz", ["peso", "nome"]), None);
    }
}
