//! When a save is over. An editor's save is a burst of file events (truncate,
//! write, close; or write a temporary file and rename it), and the content must
//! be read only once the burst has ended, or the preview shows a half-written
//! file as an error.
//!
//! Where the system says that a writer has closed a file (inotify on Linux), the
//! burst is over as soon as every file written in it is closed: the rebuild
//! starts after a short [`GRACE`] for the events that follow at once (the rename
//! of a temporary file), not after a fixed wait. Where it does not (Windows,
//! macOS), or while a file is removed and not yet written again, the burst is
//! over after [`QUIET`] without events, as a debouncer would do.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind};

/// The wait without events that ends a burst with files still being written.
pub const QUIET: Duration = Duration::from_millis(25);

/// The wait after the last file of a burst is closed, for the events that follow at once.
pub const GRACE: Duration = Duration::from_millis(3);

/// The events of one save.
#[derive(Debug, Default)]
pub struct Burst {
    /// The paths of the events that can change a file, in the order they came.
    pub paths: Vec<PathBuf>,
    /// The watcher lost events or failed: every file must be looked at again.
    pub rescan: bool,
    /// When the first of these events came.
    pub first: Option<Instant>,
    /// How the burst ended.
    pub ended: Ended,
    /// When the last of these events came: the waits count from it, so that events
    /// that cannot change a file (another program reading) do not prolong a burst.
    last: Option<Instant>,
}

/// How a burst was found to be over.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Every file written was closed, and nothing followed within [`GRACE`].
    #[default]
    Closed,
    /// Nothing came for [`QUIET`].
    Quiet,
    /// The watcher stopped.
    Disconnected,
}

/// Waits for the next save and returns its events; `None` when the watcher has stopped.
pub fn next_burst(rx: &Receiver<notify::Result<Event>>) -> Option<Burst> {
    let mut burst = Burst::default();
    // Files written and not yet closed (or removed and not yet written again).
    let mut open: HashSet<PathBuf> = HashSet::new();
    loop {
        let next = match burst.last {
            None => rx.recv().ok()?,
            Some(last) => {
                let wait = if open.is_empty() { GRACE } else { QUIET };
                let left = (last + wait).saturating_duration_since(Instant::now());
                match rx.recv_timeout(left) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => {
                        burst.ended = if open.is_empty() {
                            Ended::Closed
                        } else {
                            Ended::Quiet
                        };
                        return Some(burst);
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        burst.ended = Ended::Disconnected;
                        return Some(burst);
                    }
                }
            }
        };
        burst.add(next, &mut open);
    }
}

impl Burst {
    fn add(&mut self, result: notify::Result<Event>, open: &mut HashSet<PathBuf>) {
        let event = match result {
            Ok(event) => event,
            Err(e) => {
                eprintln!("avviso: sorveglianza dei file: {e}");
                self.rescan = true;
                let now = Instant::now();
                self.first.get_or_insert(now);
                self.last = Some(now);
                return;
            }
        };
        if event.need_rescan() {
            self.rescan = true;
        } else if !relevant(&event.kind) {
            return;
        }
        let now = Instant::now();
        self.first.get_or_insert(now);
        self.last = Some(now);
        match writing(&event.kind) {
            Some(true) => open.extend(event.paths.iter().cloned()),
            Some(false) => {
                for p in &event.paths {
                    open.remove(p);
                }
            }
            None => {}
        }
        self.paths.extend(event.paths);
    }
}

/// Events that can change a file; opening or reading one (the build does) cannot.
fn relevant(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether an event leaves its file being written (`Some(true)`: bytes may
/// follow), finished (`Some(false)`), or neither. A removed file counts as being
/// written: editors that save by removing and writing again put it back at once.
fn writing(kind: &EventKind) -> Option<bool> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(false),
        EventKind::Modify(ModifyKind::Name(_)) | EventKind::Modify(ModifyKind::Metadata(_)) => None,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => Some(true),
        EventKind::Any | EventKind::Other | EventKind::Access(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind, RenameMode};
    use std::sync::mpsc::{Sender, channel};

    fn event(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(PathBuf::from(path)))
    }

    fn write(tx: &Sender<notify::Result<Event>>, path: &str) {
        tx.send(event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            path,
        ))
        .unwrap();
    }

    fn close(tx: &Sender<notify::Result<Event>>, path: &str) {
        tx.send(event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            path,
        ))
        .unwrap();
    }

    #[test]
    fn a_save_is_over_when_its_file_is_closed() {
        let (tx, rx) = channel();
        write(&tx, "a.toml");
        write(&tx, "a.toml");
        close(&tx, "a.toml");
        let burst = next_burst(&rx).unwrap();
        assert_eq!(burst.ended, Ended::Closed);
        assert!(burst.paths.iter().all(|p| p == &PathBuf::from("a.toml")));
        assert_eq!(burst.paths.len(), 3);
        assert!(!burst.rescan);
        drop(tx);
        assert!(next_burst(&rx).is_none());
    }

    #[test]
    fn a_file_written_and_not_closed_waits_for_quiet() {
        let (tx, rx) = channel();
        write(&tx, "a.toml");
        close(&tx, "b.toml");
        let burst = next_burst(&rx).unwrap();
        assert_eq!(burst.ended, Ended::Quiet);
        assert_eq!(
            burst.paths,
            [PathBuf::from("a.toml"), PathBuf::from("b.toml")]
        );
        drop(tx);
    }

    #[test]
    fn a_removed_file_waits_to_be_written_again() {
        let (tx, rx) = channel();
        tx.send(event(EventKind::Remove(RemoveKind::File), "a.toml"))
            .unwrap();
        let burst = next_burst(&rx).unwrap();
        assert_eq!(burst.ended, Ended::Quiet);
        tx.send(event(EventKind::Remove(RemoveKind::File), "a.toml"))
            .unwrap();
        tx.send(event(EventKind::Create(CreateKind::File), "a.toml"))
            .unwrap();
        write(&tx, "a.toml");
        close(&tx, "a.toml");
        assert_eq!(next_burst(&rx).unwrap().ended, Ended::Closed);
        drop(tx);
    }

    #[test]
    fn a_renamed_temporary_file_is_part_of_the_save() {
        let (tx, rx) = channel();
        tx.send(event(EventKind::Create(CreateKind::File), "a.toml.tmp"))
            .unwrap();
        write(&tx, "a.toml.tmp");
        close(&tx, "a.toml.tmp");
        tx.send(event(
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            "a.toml.tmp",
        ))
        .unwrap();
        tx.send(event(
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            "a.toml",
        ))
        .unwrap();
        let burst = next_burst(&rx).unwrap();
        assert_eq!(burst.ended, Ended::Closed);
        assert_eq!(burst.paths.last(), Some(&PathBuf::from("a.toml")));
        drop(tx);
    }

    #[test]
    fn reading_files_is_no_save_and_a_lost_event_asks_for_a_rescan() {
        let (tx, rx) = channel();
        tx.send(event(
            EventKind::Access(AccessKind::Open(notify::event::AccessMode::Any)),
            "a.toml",
        ))
        .unwrap();
        tx.send(Ok(
            Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan)
        ))
        .unwrap();
        let burst = next_burst(&rx).unwrap();
        assert!(burst.rescan);
        assert!(burst.paths.is_empty());
        assert_eq!(burst.ended, Ended::Closed);
        drop(tx);
    }
}
