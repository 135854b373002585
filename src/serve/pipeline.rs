//! The build pipeline of [`crate::build`], with each stage's output kept between
//! rebuilds so that a change redoes only what it affects:
//!
//! | what changed            | redone                                                       |
//! |-------------------------|--------------------------------------------------------------|
//! | content (`*.toml`)      | load (changed files), evaluate (changed objectives, roll-ups)|
//! | theme templates         | theme + one page of each kind (rendered at once for errors)  |
//! | theme static files only | theme; pages on request                                      |
//! | nothing (same hash)     | nothing (see [`Tracker`])                                    |
//!
//! Pages are rendered when the browser asks for them ([`LiveSite`]); every page is
//! the same as in a full [`crate::build::build`], and a test checks it.

use std::collections::HashMap;
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use walkdir::WalkDir;

use super::live::{Evaluated, LiveSite};
use crate::archive;
use crate::build::Options;
use crate::diagnostic::Diagnostic;
use crate::evaluate;
use crate::load;
use crate::render::{self, ArchivedVersion, Input, Theme};

/// Which stages a change invalidates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dirty {
    pub content: bool,
    pub templates: bool,
    pub statics: bool,
}

impl Dirty {
    /// Everything: the first build.
    pub const ALL: Dirty = Dirty {
        content: true,
        templates: true,
        statics: true,
    };

    /// True when nothing needs redoing.
    pub fn is_clean(&self) -> bool {
        !(self.content || self.templates || self.statics)
    }
}

/// How long each stage of the last build took (`None`: reused from before).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub content: Option<Duration>,
    pub theme: Option<Duration>,
    pub render: Option<Duration>,
}

impl Timings {
    /// `contenuti 12 ms, pagine 30 ms`, for the terminal.
    pub fn describe(&self) -> String {
        [
            ("contenuti", self.content),
            ("tema", self.theme),
            ("pagine", self.render),
        ]
        .iter()
        .filter_map(|(name, t)| t.map(|t| format!("{name} {} ms", t.as_millis())))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// A site built by the pipeline, with its warnings.
pub type Built = (Arc<LiveSite>, Vec<Diagnostic>);

/// The archived versions shown in the preview, read once.
struct Archived {
    published: archive::publish::Published,
    listed: Arc<Vec<ArchivedVersion>>,
}

/// The pipeline with its cached stages.
pub struct Pipeline {
    /// Stage times of the last [`Pipeline::build`].
    pub timings: Timings,
    opts: Options,
    evaluated: Option<Result<Arc<Evaluated>, Vec<Diagnostic>>>,
    theme: Option<Result<Arc<Theme>, Vec<Diagnostic>>>,
    archived: Option<Result<Archived, Vec<Diagnostic>>>,
    /// Files parsed at the previous load, reused while they do not change.
    cache: load::Cache,
    /// The last good site built from the cached stages, with its warnings.
    site: Option<(Arc<LiveSite>, Vec<Diagnostic>)>,
}

impl Pipeline {
    /// A pipeline with nothing loaded yet.
    pub fn new(opts: Options) -> Self {
        Pipeline {
            timings: Timings::default(),
            opts,
            evaluated: None,
            theme: None,
            archived: None,
            cache: load::Cache::default(),
            site: None,
        }
    }

    /// Redoes the stages `dirty` invalidates (all of them the first time) and
    /// returns the site, or every diagnostic that stops it, as `build` does.
    pub fn build(&mut self, dirty: Dirty) -> Result<Built, Vec<Diagnostic>> {
        self.build_after(dirty, None)
    }

    /// Redoes what `changes` invalidates, as [`Pipeline::build`] does; the content files it
    /// names are taken as the only ones changed since the last build (see
    /// [`load::load_dir_edited`]): the [`Tracker`] found them so.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Built, Vec<Diagnostic>> {
        self.build_after(changes.dirty, Some(&changes.content))
    }

    fn build_after(
        &mut self,
        dirty: Dirty,
        edited: Option<&[PathBuf]>,
    ) -> Result<Built, Vec<Diagnostic>> {
        self.timings = Timings::default();
        // the last good site, whose path table the next one keeps if no path changed
        let mut before = None;
        if dirty.content || self.evaluated.is_none() {
            let t = Instant::now();
            self.evaluated = Some(self.load_content(edited).map(Arc::new));
            self.timings.content = Some(t.elapsed());
            before = self.site.take();
        }
        let check_templates = dirty.templates || self.theme.is_none();
        if check_templates || dirty.statics {
            let t = Instant::now();
            self.theme = Some(render::theme::load(&self.opts.theme).map(Arc::new));
            self.timings.theme = Some(t.elapsed());
            before = before.or(self.site.take());
        }
        if self.archived.is_none() {
            self.archived = Some(self.read_archive());
        }
        let evaluated = match self.evaluated.as_ref() {
            Some(Ok(e)) => Arc::clone(e),
            Some(Err(d)) => return Err(d.clone()),
            None => unreachable!("content loaded above"),
        };
        let theme = match self.theme.as_ref() {
            Some(Ok(t)) => Arc::clone(t),
            Some(Err(d)) => return Err(d.clone()),
            None => unreachable!("theme loaded above"),
        };
        let archived = match self.archived.as_ref() {
            Some(Ok(a)) => a,
            Some(Err(d)) => return Err(d.clone()),
            None => unreachable!("archive read above"),
        };
        if let Some((site, warnings)) = &self.site {
            return Ok((Arc::clone(site), warnings.clone()));
        }
        let t = Instant::now();
        let input = Input {
            plans: &evaluated.plans,
            evaluations: &evaluated.evaluations,
            archive: &archived.listed,
            archived_as: None,
            preview: self.opts.preview,
            today: self.opts.today,
        };
        let (fixed, archive_warnings) =
            render::archived_files(&archived.published, &input, &theme)?;
        let site = LiveSite::new(
            Arc::clone(&evaluated),
            theme,
            Arc::clone(&archived.listed),
            fixed,
            self.opts.preview,
            self.opts.today,
            before.as_ref().map(|(site, _)| &**site),
        );
        if check_templates {
            // templates changed: each one is rendered now, so that an error shows at once
            site.render_samples()?;
        }
        self.timings.render = Some(t.elapsed());
        let site = Arc::new(site);
        let mut warnings = evaluated.warnings.clone();
        warnings.extend(archive_warnings);
        self.site = Some((Arc::clone(&site), warnings.clone()));
        Ok((site, warnings))
    }

    fn load_content(&mut self, edited: Option<&[PathBuf]>) -> Result<Evaluated, Vec<Diagnostic>> {
        let loaded = match edited {
            Some(edited) => load::load_dir_edited(&self.opts.content, &mut self.cache, edited),
            None => load::load_dir_cached(&self.opts.content, &mut self.cache),
        };
        let Some(mut plans) = loaded.plans else {
            return Err(loaded.diagnostics);
        };
        self.opts.apply_base_url(&mut plans);
        // the results of objectives whose inputs are unchanged are taken from the last build
        let previous = match &self.evaluated {
            Some(Ok(e)) => Some(evaluate::Previous {
                plans: &e.plans,
                evaluations: &e.evaluations,
            }),
            _ => None,
        };
        let evaluations = evaluate::evaluate_plans_reusing(&plans, previous);
        Ok(Evaluated {
            plans,
            evaluations,
            warnings: loaded.diagnostics,
        })
    }

    fn read_archive(&self) -> Result<Archived, Vec<Diagnostic>> {
        let (published, listed) = self.opts.read_archive()?;
        Ok(Archived {
            published,
            listed: Arc::new(listed),
        })
    }
}

/// Remembers a hash of every file the build reads, so that an event on a file
/// whose bytes did not change (an editor saving without edits, a `touch`, a
/// swap file) triggers nothing.
pub struct Tracker {
    content: PathBuf,
    /// The theme folder; `None` for the built-in theme, which cannot change.
    theme: Option<PathBuf>,
    hashes: HashMap<PathBuf, u64>,
}

/// What a batch of events really changed.
#[derive(Debug, Default)]
pub struct Changes {
    pub dirty: Dirty,
    /// Changed files, relative to the content or theme folder, for the terminal.
    pub files: Vec<String>,
    /// The same files, as full paths.
    pub paths: Vec<PathBuf>,
    /// The content files among them, as full paths.
    pub content: Vec<PathBuf>,
}

impl Changes {
    /// Adds the changes of a later look at the same files.
    pub fn merge(&mut self, other: Changes) {
        self.dirty.content |= other.dirty.content;
        self.dirty.templates |= other.dirty.templates;
        self.dirty.statics |= other.dirty.statics;
        self.files.extend(other.files);
        self.files.sort();
        self.files.dedup();
        self.paths.extend(other.paths);
        self.paths.sort();
        self.paths.dedup();
        self.content.extend(other.content);
        self.content.sort();
        self.content.dedup();
    }

    /// True when a changed file is now empty: most likely caught between the
    /// truncation and the write of an in-place save.
    pub fn has_empty_file(&self) -> bool {
        self.paths
            .iter()
            .any(|p| fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0))
    }
}

impl Tracker {
    /// Hashes every tracked file under the two folders (use canonical paths:
    /// the watcher reports paths under the folders it was given).
    pub fn new(content: PathBuf, theme: Option<PathBuf>) -> Self {
        let mut t = Tracker {
            content,
            theme,
            hashes: HashMap::new(),
        };
        t.rescan();
        t
    }

    /// Hashes everything again and reports what differs from before.
    pub fn rescan(&mut self) -> Changes {
        let roots: Vec<PathBuf> = std::iter::once(self.content.clone())
            .chain(self.theme.clone())
            .collect();
        let mut seen = Vec::new();
        for root in &roots {
            for entry in WalkDir::new(root).into_iter().flatten() {
                if self.kind(entry.path()).is_some() && !entry.file_type().is_dir() {
                    seen.push(entry.path().to_path_buf());
                }
            }
        }
        let mut paths: Vec<PathBuf> = self.hashes.keys().cloned().collect();
        paths.extend(seen);
        self.update(&paths)
    }

    /// Re-hashes the given paths (files or folders, existing or removed) and
    /// reports which tracked files changed.
    pub fn update(&mut self, paths: &[PathBuf]) -> Changes {
        let mut changes = Changes::default();
        let mut done = std::collections::HashSet::new();
        for path in paths {
            if !done.insert(path.clone()) {
                continue;
            }
            match fs::metadata(path) {
                Ok(m) if m.is_dir() => {
                    for entry in WalkDir::new(path).into_iter().flatten() {
                        if !entry.file_type().is_dir() && done.insert(entry.path().to_path_buf()) {
                            self.rehash(entry.path(), &mut changes);
                        }
                    }
                    self.forget_missing_under(path, &mut changes);
                }
                Ok(_) => self.rehash(path, &mut changes),
                Err(_) => {
                    self.rehash(path, &mut changes);
                    self.forget_missing_under(path, &mut changes);
                }
            }
        }
        changes.files.sort();
        changes.files.dedup();
        changes
    }

    fn forget_missing_under(&mut self, dir: &Path, changes: &mut Changes) {
        // Comparing bytes first: an editor's temporary file, gone after its rename, is
        // looked up here at every save, against every file of the plan.
        let bytes = dir.as_os_str().as_encoded_bytes();
        let gone: Vec<PathBuf> = self
            .hashes
            .keys()
            .filter(|p| {
                let b = p.as_os_str().as_encoded_bytes();
                b.len() > bytes.len() && b.starts_with(bytes) && p.starts_with(dir) && !p.exists()
            })
            .cloned()
            .collect();
        for p in gone {
            self.rehash(&p, changes);
        }
    }

    fn rehash(&mut self, path: &Path, changes: &mut Changes) {
        let Some(stage) = self.kind(path) else { return };
        let new = hash_file(path);
        let old = match new {
            Some(h) => self.hashes.insert(path.to_path_buf(), h),
            None => self.hashes.remove(path),
        };
        if old == new {
            return;
        }
        match stage {
            Stage::Content => {
                changes.dirty.content = true;
                changes.content.push(path.to_path_buf());
            }
            Stage::Templates => changes.dirty.templates = true,
            Stage::Statics => changes.dirty.statics = true,
        }
        changes.files.push(self.shown(path));
        changes.paths.push(path.to_path_buf());
    }

    /// Which stage a file feeds, if the build reads it at all.
    fn kind(&self, path: &Path) -> Option<Stage> {
        let name = path.file_name()?.to_string_lossy();
        if path.starts_with(&self.content) && path.extension().is_some_and(|e| e == "toml") {
            return Some(Stage::Content);
        }
        if is_editor_temp(&name) {
            return None;
        }
        let theme = self.theme.as_ref()?;
        if path.starts_with(theme.join("templates")) {
            return Some(Stage::Templates);
        }
        if path.starts_with(theme.join("static")) {
            return Some(Stage::Statics);
        }
        None
    }

    fn shown(&self, path: &Path) -> String {
        if let Ok(rel) = path.strip_prefix(&self.content) {
            return rel.display().to_string();
        }
        let Some(theme) = &self.theme else {
            return path.display().to_string();
        };
        let name = theme
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match path.strip_prefix(theme) {
            Ok(rel) => format!("{name}/{}", rel.display()),
            Err(_) => path.display().to_string(),
        }
    }
}

#[derive(Clone, Copy)]
enum Stage {
    Content,
    Templates,
    Statics,
}

/// Swap, backup and lock files that editors write beside the file being edited.
fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp"]
            .iter()
            .any(|s| name.ends_with(s))
        || name == "4913"
}

/// Hash of a file's bytes; `None` when it is not a readable regular file.
fn hash_file(path: &Path) -> Option<u64> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let bytes = fs::read(path).ok()?;
    let mut h = std::hash::DefaultHasher::new();
    h.write(&bytes);
    // A file that became a symlink (or stopped being one) reads differently.
    h.write_u8(u8::from(
        fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()),
    ));
    Some(h.finish())
}

#[cfg(test)]
mod tests;
