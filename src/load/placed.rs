//! A value read from one file, kept with where it came from, for the checks across
//! files: the shared vocabulary of `assemble`, `period`, `references` and `lints`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use super::objective::ObjectiveSpans;
use super::problems::Problems;
use super::text::Text;
use crate::diagnostic::Diagnostic;
use crate::model::{Kind, Objective};

/// A file's value with the spans its checks need, where it came from and the span of its `id`.
pub struct Placed<'a, T, S = ()> {
    pub value: T,
    pub spans: S,
    pub src: &'a Text,
    pub id_span: Range<usize>,
}

impl<'a, T, S> Placed<'a, T, S> {
    pub fn new(value: T, spans: S, src: &'a Text, id_span: Range<usize>) -> Self {
        Placed {
            value,
            spans,
            src,
            id_span,
        }
    }
}

/// The objectives of each kind, in path order.
pub type ObjectivesByKind<'a> = BTreeMap<Kind, Vec<Placed<'a, Arc<Objective>, ObjectiveSpans>>>;

/// Reports every id used twice among `items` (id, file, span of the id), at the second.
pub fn check_unique<'a>(
    items: impl Iterator<Item = (&'a str, &'a Text, Range<usize>)>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &Text> = HashMap::new();
    for (id, src, span) in items {
        if let Some(first) = seen.get(id) {
            Problems::new(src, diags).error(
                span,
                format!("{what} con id \"{id}\" ripetuto"),
                format!(
                    "l'id è già usato in {}: ogni {what} ha un id diverso",
                    first.path().display()
                ),
            );
        } else {
            seen.insert(id, src);
        }
    }
}
