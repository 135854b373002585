//! Stage 1: content files -> [`Plan`]. Reads, parses and validates everything,
//! collecting every problem at once as [`Diagnostic`]s.

pub mod files;
mod plan;
mod raw;
mod toml_error;

use std::path::Path;

use crate::diagnostic::{self, Diagnostic, Source};
use crate::model::Plan;

/// The outcome of loading: the plan when there is no error, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    /// `None` when any error was found.
    pub plan: Option<Plan>,
    /// Errors first, then warnings, each sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Loads the content folder from disk.
pub fn load_dir(dir: &Path) -> Loaded {
    let (sources, mut diagnostics) = files::read_dir(dir);
    let mut loaded = load_sources(&sources);
    diagnostics.append(&mut loaded.diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        loaded.plan = None;
    }
    diagnostic::sort(&mut diagnostics);
    loaded.diagnostics = diagnostics;
    loaded
}

/// Loads already-read sources (paths relative to the content folder).
pub fn load_sources(sources: &[Source]) -> Loaded {
    let (plan, mut diagnostics) = plan::build(sources);
    diagnostic::sort(&mut diagnostics);
    let plan = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        plan
    };
    Loaded { plan, diagnostics }
}
