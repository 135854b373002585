//! What checking one file produces: its diagnostics, counted when repeated, and the
//! anchors in other files left to look for once every page has been read.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;

/// Anchors are indexed by a 64-bit hash: small for 50,000 pages, and a collision
/// (one in 2^64) could only hide a missing anchor, never invent one.
pub(super) fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// An anchor in another file, looked for once every page has been read. Kept small
/// (the real theme has dozens of `sprites.svg#icon` references per page): the message
/// is rebuilt from the file only when the anchor is missing.
pub(super) struct Pending {
    pub(super) target: u32,
    pub(super) fragment: String,
    /// The referring file and the offset of the first reference.
    pub(super) file: u32,
    pub(super) offset: usize,
    /// References to the same anchor in the same file.
    pub(super) count: usize,
}

/// What checking one file produced.
#[derive(Default)]
pub(super) struct FileOut {
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) links: usize,
    pub(super) ids: Option<(u32, HashSet<u64>)>,
    pub(super) pending: Vec<Pending>,
    pub(super) labels: [bool; 5],
    /// Problems repeated in the same file (same missing target, same third-party
    /// URL, same anchor elsewhere): reported once, at the first occurrence, with the count.
    repeats: HashMap<String, (usize, usize)>,
    pending_seen: HashMap<(u32, String), usize>,
}

pub(super) fn repeated_note(count: usize) -> String {
    format!(" ({count} volte in questo file)")
}

impl FileOut {
    /// True when the problem `key` was already reported for this file (and counts it).
    pub(super) fn repeated(&mut self, key: String) -> bool {
        if let Some((_, n)) = self.repeats.get_mut(&key) {
            *n += 1;
            return true;
        }
        self.repeats.insert(key, (self.diagnostics.len(), 1));
        false
    }

    pub(super) fn pend(&mut self, target: u32, fragment: String, file: u32, offset: usize) {
        match self.pending_seen.get(&(target, fragment.clone())) {
            Some(&i) => self.pending[i].count += 1,
            None => {
                self.pending_seen
                    .insert((target, fragment.clone()), self.pending.len());
                self.pending.push(Pending {
                    target,
                    fragment,
                    file,
                    offset,
                    count: 1,
                });
            }
        }
    }

    pub(super) fn finish(mut self) -> Self {
        for (index, count) in self.repeats.values() {
            if *count > 1
                && let Some(d) = self.diagnostics.get_mut(*index)
            {
                d.message.push_str(&repeated_note(*count));
            }
        }
        self.repeats = HashMap::new();
        self.pending_seen = HashMap::new();
        self
    }
}
