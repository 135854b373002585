//! What each content file gave the last time it was loaded, so that the preview can
//! load the folder again parsing only the files that changed.
//!
//! A file is taken as unchanged, without reading it, when its size and times are
//! the same as when it was read and it had not been modified shortly before that
//! read (a change within the file system's timestamp resolution could leave the
//! times as they were). Otherwise it is read again, and parsed again only if its
//! bytes differ from the text kept.
//!
//! When the preview's watcher names the files that changed ([`super::load_dir_edited`]),
//! and they are all files the last load had, nothing else is looked at: no walk of the
//! folder and no `stat` of the other files.

use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::files::{self, Found, Step};
use super::parsed::ParsedFile;
use crate::diagnostic::Diagnostic;

/// How long before a read a modification makes the file's times untrustworthy:
/// larger than any timestamp resolution (FAT has 2 s) plus some clock skew.
const SETTLE: Duration = Duration::from_secs(3);

/// Per-file results of previous loads, for [`super::load_dir_cached`].
#[derive(Default)]
pub struct Cache {
    /// The entries of the last load, in path order.
    files: Vec<Entry>,
    /// How the files were had by the last load.
    last: Counts,
    /// True when the last walk of the folder met a problem (unreadable entry, symbolic
    /// link): the folder is walked again to report it again.
    walk_problems: bool,
}

/// A file to load: an entry known unchanged, or a file to look at.
pub(super) enum Pending {
    /// Unchanged since the last load, as the watcher tells: kept without a look.
    Unchanged(Entry),
    /// A file found by the walk or named as edited, with its entry of the last load if any.
    Look(Option<Entry>, Found),
}

impl Pending {
    /// Loads the file (see [`Entry::load`]), or keeps the entry known unchanged.
    pub fn load(self, keep: bool) -> (Entry, How) {
        match self {
            Pending::Unchanged(entry) => (entry, How::Kept),
            Pending::Look(old, found) => Entry::load(found, old, keep),
        }
    }
}

/// How many files the last load read, and parsed, again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub read: usize,
    pub parsed: usize,
}

/// How a file was had: from the cache, read again but the same, or read and parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum How {
    Kept,
    Read,
    Parsed,
}

impl Counts {
    /// Counts one more file.
    pub fn add(&mut self, how: How) {
        self.read += usize::from(how != How::Kept);
        self.parsed += usize::from(how == How::Parsed);
    }
}

impl Cache {
    /// Number of files remembered.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Number of files read by the last load (the others were known unchanged).
    pub fn read(&self) -> usize {
        self.last.read
    }

    /// Number of files parsed by the last load (the others were reused).
    pub fn parsed(&self) -> usize {
        self.last.parsed
    }

    /// Takes out the entries of the last load, each paired with the file found again
    /// at its path (both lists are in path order); the others are dropped.
    pub(super) fn pair(&mut self, steps: Vec<Step<Found>>) -> Vec<Step<Pending>> {
        let mut old = std::mem::take(&mut self.files).into_iter().peekable();
        let mut pair = |found: Found| loop {
            match old.peek() {
                // same bytes, same path: the usual case, and the quickest to tell
                Some(e) if e.shown.as_os_str() == found.shown.as_os_str() => {
                    return Pending::Look(old.next(), found);
                }
                Some(e) if e.shown < found.shown => drop(old.next()),
                _ => return Pending::Look(None, found),
            }
        };
        steps.into_iter().map(|step| step.map(&mut pair)).collect()
    }

    /// The entries of the last load, when `edited` (full paths of the files changed
    /// since, as the watcher found them) names only regular files the last load had
    /// under `dir`: the edited ones, and those that could not be read, to look at; the
    /// others kept. `None` when the folder must be walked: a file created, removed or
    /// replaced by a link, a path outside `dir`, or a problem met by the last walk.
    pub(super) fn pair_edited(
        &mut self,
        dir: &Path,
        edited: &[PathBuf],
    ) -> Option<Vec<Step<Pending>>> {
        if self.files.is_empty() || self.walk_problems {
            return None;
        }
        let root = dir.canonicalize().ok()?;
        // the edited files' places in the cache (paths compare by components: slow to
        // compare with every file of a large plan)
        let mut places = Vec::with_capacity(edited.len());
        for path in edited {
            let rel = path.strip_prefix(&root).ok()?;
            let place = self
                .files
                .binary_search_by(|e| e.shown.as_path().cmp(rel))
                .ok()?;
            if !fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
                return None;
            }
            places.push(place);
        }
        let steps = std::mem::take(&mut self.files)
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                Step::File(if entry.parsed.is_none() || places.contains(&i) {
                    let found = Found {
                        path: root.join(&entry.shown),
                        shown: entry.shown.clone(),
                    };
                    Pending::Look(Some(entry), found)
                } else {
                    Pending::Unchanged(entry)
                })
            })
            .collect();
        Some(steps)
    }

    /// Remembers the `entries` of a load, in path order, and whether its walk met a problem.
    pub(super) fn replace(&mut self, entries: Vec<Entry>, last: Counts, walk_problems: bool) {
        self.files = entries;
        self.last = last;
        self.walk_problems = walk_problems;
    }
}

/// A file's size and times: when they are unchanged, so is the file (see [`Entry::settled`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Status change time and inode where the platform has them: they change even when a
    /// tool restores the modification time.
    changed: Option<SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(meta: &Metadata) -> Self {
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            let changed = u64::try_from(meta.ctime()).ok().map(|secs| {
                SystemTime::UNIX_EPOCH
                    + Duration::from_secs(secs)
                    + Duration::from_nanos(meta.ctime_nsec().try_into().unwrap_or(0))
            });
            (changed, meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = (None, 0);
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed,
            inode,
        }
    }

    /// The latest of the file's times, if known.
    fn latest(&self) -> Option<SystemTime> {
        self.modified.max(self.changed)
    }
}

/// What loading one file gave.
pub(super) struct Entry {
    /// Path relative to the content folder.
    pub shown: PathBuf,
    /// The file's stamp taken just before the read, and when.
    stamp: Option<Stamp>,
    read_at: SystemTime,
    /// Problems of reading and decoding the file.
    pub read: Vec<Diagnostic>,
    /// The file parsed on its own; `None` when it could not be read.
    pub parsed: Option<Box<ParsedFile>>,
}

impl Entry {
    /// Loads a file, reusing `old` (its entry from the previous load) when the file is
    /// unchanged. Without `keep`, the text is forgotten once parsed (see [`super::text::Text`]).
    pub fn load(found: Found, old: Option<Entry>, keep: bool) -> (Entry, How) {
        let read_at = SystemTime::now();
        let mut read = Vec::new();
        let meta = files::metadata(&found.path, &found.shown, &mut read);
        let stamp = meta.as_ref().map(Stamp::of);
        let old_parsed = match old {
            Some(old) if stamp.is_some_and(|s| old.settled(s)) => return (old, How::Kept),
            Some(old) => old.parsed,
            None => None,
        };
        let entry = |read, parsed| Entry {
            shown: found.shown.clone(),
            stamp,
            read_at,
            read,
            parsed,
        };
        let Some(bytes) =
            meta.and_then(|m| files::read_bytes(&found.path, &found.shown, &m, &mut read))
        else {
            return (entry(read, None), How::Read);
        };
        if let Some(parsed) = old_parsed.filter(|p| p.src.get().text.as_bytes() == bytes) {
            return (entry(read, Some(parsed)), How::Read);
        }
        let parsed = files::decode(&found.shown, bytes, &mut read).map(|src| {
            let mut parsed = Box::new(ParsedFile::parse(src));
            if !keep {
                parsed.src.forget(&found.path);
            }
            parsed
        });
        (entry(read, parsed), How::Parsed)
    }

    /// True when the file is known unchanged from its `stamp` alone: same stamp, and
    /// not modified shortly before it was read.
    fn settled(&self, stamp: Stamp) -> bool {
        self.parsed.is_some()
            && self.stamp == Some(stamp)
            && stamp.latest().is_some_and(|t| t + SETTLE <= self.read_at)
    }
}
