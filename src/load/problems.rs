//! The diagnostics of one content file, collected while it is converted or checked.

use std::ops::Range;

use super::raw::S;
use super::spans::key_before;
use super::text::Text;
use crate::diagnostic::{Diagnostic, Severity};

/// Collects the problems of one file, at byte spans of its text.
pub struct Problems<'a> {
    pub src: &'a Text,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Problems<'a> {
    /// Problems of `src`, added to `diags`.
    pub fn new(src: &'a Text, diags: &'a mut Vec<Diagnostic>) -> Self {
        Problems { src, diags }
    }

    /// An error at `span`, with how to fix it.
    pub fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Error, span, message.into(), hint.into());
    }

    /// A warning at `span`, with what to do about it.
    pub fn warn(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Warning, span, message.into(), hint.into());
    }

    /// The span of the key whose value is `value` (see [`key_before`]).
    pub fn key_of<T>(&self, value: &S<T>) -> Range<usize> {
        key_before(&self.src.get().text, &value.span())
    }

    fn push(&mut self, severity: Severity, span: Range<usize>, message: String, hint: String) {
        self.diags
            .push(Diagnostic::at(severity, self.src.get(), span, message).hint(hint));
    }
}
