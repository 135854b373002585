//! The site as the preview serves it: every path is known from the plan, and each
//! page (with its tables) is rendered the first time it is asked for, then kept.
//! After an edit only the pages the browser asks for are rendered again (those it
//! asked for last at once, see [`LiveSite::warm`]), so the time from saving to the
//! reloaded page does not grow with the size of the plan.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diagnostic::Diagnostic;
use crate::evaluate::Evaluation;
use crate::model::{Date, Plans};
use crate::render::{self, ArchivedVersion, Input, Output, Renderer, Site, SiteFiles, Theme};

/// A loaded and evaluated plan with the warnings found while loading it.
pub struct Evaluated {
    pub plans: Plans,
    /// For each plan, one per period.
    pub evaluations: Vec<Vec<Evaluation>>,
    pub warnings: Vec<Diagnostic>,
}

/// The files of one rendered output.
type Files = Arc<Vec<(String, Bytes)>>;

/// Where a path of the site comes from.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// Index into `outputs`.
    Rendered(usize),
    /// Index into `fixed`.
    Fixed(usize),
}

/// What the pages are rendered from.
struct Sources {
    content: Arc<Evaluated>,
    theme: Arc<Theme>,
    archive: Arc<Vec<ArchivedVersion>>,
    preview: bool,
    today: Option<Date>,
}

/// One version of the site: what it is made of, and the outputs rendered so far.
pub struct LiveSite {
    source: Option<Sources>,
    outputs: Vec<Output>,
    /// Files that are not rendered from the plan (the archived versions).
    fixed: Vec<(String, Bytes)>,
    /// Every path of the site; shared with the previous version when no path changed.
    paths: Arc<FxHashMap<String, Entry>>,
    /// How many paths each output has, to tell whether the next version's are the same.
    paths_per_output: Arc<Vec<u32>>,
    /// The outputs rendered or being rendered: one cell each, so that a request for a
    /// page being rendered (by another request, or by [`LiveSite::warm`]) waits for it.
    rendered: Mutex<HashMap<usize, Arc<OnceLock<Rendered>>>>,
    /// The outputs asked for last, most recent first (at most [`RECENT`]).
    recent: Mutex<Vec<usize>>,
}

/// An output's files, or why its template failed.
type Rendered = Result<Files, Diagnostic>;

/// How many of the outputs asked for last are rendered again at once after an edit.
const RECENT: usize = 4;

impl std::fmt::Debug for LiveSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSite")
            .field("files", &self.paths.len())
            .finish_non_exhaustive()
    }
}

impl LiveSite {
    /// Lists every path of the site; renders nothing yet. The path table of `before`, the
    /// previous version, is kept when every path is the same (an edit that changes no id).
    pub fn new(
        content: Arc<Evaluated>,
        theme: Arc<Theme>,
        archive: Arc<Vec<ArchivedVersion>>,
        fixed: SiteFiles,
        preview: bool,
        today: Option<Date>,
        before: Option<&LiveSite>,
    ) -> Self {
        let mut site = LiveSite::from_files(fixed);
        site.source = Some(Sources {
            content,
            theme,
            archive,
            preview,
            today,
        });
        let Some((outputs, table)) = site.with_renderer(|r| {
            let outputs = r.outputs();
            if let Some(before) = before
                && site.same_paths(before, r, &outputs)
            {
                return (outputs, None);
            }
            let paths: Vec<Vec<String>> = outputs.par_iter().map(|o| r.paths(*o)).collect();
            (outputs, Some(paths))
        }) else {
            return site;
        };
        site.outputs = outputs;
        let Some(paths) = table else {
            let before = before.expect("kept only from a previous version");
            site.paths = Arc::clone(&before.paths);
            site.paths_per_output = Arc::clone(&before.paths_per_output);
            return site;
        };
        let table = Arc::make_mut(&mut site.paths);
        table.reserve(paths.iter().map(Vec::len).sum());
        let mut counts = Vec::with_capacity(paths.len());
        for (i, list) in paths.into_iter().enumerate() {
            counts.push(u32::try_from(list.len()).unwrap_or(u32::MAX));
            for p in list {
                table.insert(p, Entry::Rendered(i));
            }
        }
        site.paths_per_output = Arc::new(counts);
        site
    }

    /// True when this site, about to list `outputs` with `r`, has the same paths as
    /// `before`: the same outputs, fixed files and plan names; the same id for each
    /// objective that names its output's files ([`Output::named_by`]); for every other
    /// output, the paths listed now, each found in `before` under that output, as many.
    fn same_paths(&self, before: &LiveSite, r: &Renderer, outputs: &[Output]) -> bool {
        let Some(old) = &before.source else {
            return false;
        };
        let (was, now) = (&old.content.plans, &r.input.plans);
        let same_fixed = self.fixed.len() == before.fixed.len()
            && self
                .fixed
                .iter()
                .zip(&before.fixed)
                .all(|(a, b)| a.0 == b.0);
        if !same_fixed
            || before.outputs != outputs
            || before.paths_per_output.len() != outputs.len()
            || render::plan_names(was) != render::plan_names(now)
        {
            return false;
        }
        outputs
            .par_iter()
            .enumerate()
            .all(|(i, o)| match (o.named_by(was), o.named_by(now)) {
                (Some(a), Some(b)) => std::ptr::eq(a, b) || a.id == b.id,
                _ => {
                    let paths = r.paths(*o);
                    paths.len() == before.paths_per_output[i] as usize
                        && paths.iter().all(
                            |p| matches!(before.paths.get(p), Some(Entry::Rendered(j)) if *j == i),
                        )
                }
            })
    }

    /// A site of the given files only, nothing to render.
    pub fn from_files(files: impl Into<SiteFiles>) -> Self {
        let fixed: Vec<(String, Bytes)> = files
            .into()
            .into_iter()
            .map(|(p, b)| (p, Bytes::from(b)))
            .collect();
        let paths = fixed
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (p.clone(), Entry::Fixed(i)))
            .collect();
        LiveSite {
            source: None,
            outputs: Vec::new(),
            fixed,
            paths: Arc::new(paths),
            paths_per_output: Arc::new(Vec::new()),
            rendered: Mutex::new(HashMap::new()),
            recent: Mutex::new(Vec::new()),
        }
    }

    /// True when both versions share one path table: kept because no path changed.
    pub fn shares_paths_with(&self, other: &LiveSite) -> bool {
        Arc::ptr_eq(&self.paths, &other.paths)
    }

    /// True when the output that makes `path` is rendered (or being rendered).
    #[cfg(test)]
    pub(crate) fn is_rendered(&self, path: &str) -> bool {
        let Some(Entry::Rendered(i)) = self.paths.get(path) else {
            return false;
        };
        let rendered = self.rendered.lock().unwrap_or_else(|e| e.into_inner());
        rendered.get(i).is_some_and(|cell| cell.get().is_some())
    }

    /// True when `path` is a file of the site.
    pub fn contains(&self, path: &str) -> bool {
        self.paths.contains_key(path)
    }

    /// Number of files, and of HTML pages among them.
    pub fn counts(&self) -> (usize, usize) {
        let pages = self.paths.keys().filter(|p| p.ends_with(".html")).count();
        (self.paths.len(), pages)
    }

    /// The bytes of one file, rendering its page first if needed; `None` if the
    /// site has no such file.
    pub fn get(&self, path: &str) -> Option<Result<Bytes, Diagnostic>> {
        let entry = *self.paths.get(path)?;
        let i = match entry {
            Entry::Fixed(i) => return Some(Ok(self.fixed[i].1.clone())),
            Entry::Rendered(i) => i,
        };
        if path.ends_with(".html") {
            let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            recent.retain(|&j| j != i);
            recent.insert(0, i);
            recent.truncate(RECENT);
        }
        let files = match self.output(i) {
            Ok(files) => files,
            Err(d) => return Some(Err(d)),
        };
        files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| Ok(b.clone()))
    }

    /// Renders every page not rendered yet, and returns the whole site (tests, theme checks).
    pub fn render_all(&self) -> Result<Site, Vec<Diagnostic>> {
        let results: Vec<Result<Files, Diagnostic>> = self
            .with_renderer(|r| {
                (0..self.outputs.len())
                    .into_par_iter()
                    .map(|i| self.output_with(r, i))
                    .collect()
            })
            .unwrap_or_default();
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(list) => files.extend(list.iter().map(|(p, b)| (p.clone(), b.to_vec()))),
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| a.message.cmp(&b.message));
            errors.dedup_by(|a, b| a.message == b.message);
            return Err(errors);
        }
        files.extend(self.fixed.iter().map(|(p, b)| (p.clone(), b.to_vec())));
        Ok(Site {
            files: files.into(),
        })
    }

    /// Renders the first output of each kind (so every template once), reporting
    /// their errors; the other pages are rendered on request.
    pub fn render_samples(&self) -> Result<(), Vec<Diagnostic>> {
        let mut seen = std::collections::HashSet::new();
        let samples: Vec<usize> = (0..self.outputs.len())
            .filter(|&i| seen.insert(kind(self.outputs[i])))
            .collect();
        let mut errors: Vec<Diagnostic> = self
            .with_renderer(|r| {
                samples
                    .into_par_iter()
                    .filter_map(|i| self.output_with(r, i).err())
                    .collect()
            })
            .unwrap_or_default();
        if errors.is_empty() {
            return Ok(());
        }
        errors.sort_by(|a, b| a.message.cmp(&b.message));
        errors.dedup_by(|a, b| a.message == b.message);
        Err(errors)
    }

    /// Renders now, on both cores, the outputs last asked for in `before` when this
    /// version has the same paths: the pages open in the browser, which asks for them
    /// again as soon as it is told to reload.
    pub fn warm(&self, before: &LiveSite) {
        if !self.shares_paths_with(before) {
            return;
        }
        let recent = before
            .recent
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        self.with_renderer(|r| {
            recent.into_par_iter().for_each(|i| {
                let _ = self.output_with(r, i);
            });
        });
    }

    /// The files of output `i`, rendered now if they are not yet.
    fn output(&self, i: usize) -> Rendered {
        // the renderer is made only if the page is not rendered yet
        self.cell(i)
            .get_or_init(|| {
                self.with_renderer(|r| render(r, self.outputs[i]))
                    .unwrap_or_else(|| Ok(Arc::new(Vec::new())))
            })
            .clone()
    }

    /// Like [`LiveSite::output`], with a renderer already made (making one indexes the plan).
    fn output_with(&self, r: &Renderer, i: usize) -> Rendered {
        self.cell(i)
            .get_or_init(|| render(r, self.outputs[i]))
            .clone()
    }

    fn cell(&self, i: usize) -> Arc<OnceLock<Rendered>> {
        let mut rendered = self.rendered.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(rendered.entry(i).or_default())
    }

    fn with_renderer<T>(&self, f: impl FnOnce(&Renderer) -> T) -> Option<T> {
        let s = self.source.as_ref()?;
        let input = Input {
            plans: &s.content.plans,
            evaluations: &s.content.evaluations,
            archive: &s.archive,
            archived_as: None,
            preview: s.preview,
            today: s.today,
        };
        Some(f(&Renderer::new(&input, &s.theme)))
    }
}

/// One output's files, shared by every request for them.
fn render(r: &Renderer, output: Output) -> Rendered {
    let files = r.render(output)?;
    Ok(Arc::new(
        files
            .into_iter()
            .map(|(p, b)| (p, Bytes::from(b)))
            .collect(),
    ))
}

/// The kind of an output, whatever its index (one template per kind).
fn kind(o: Output) -> String {
    match o {
        Output::Page(_, u @ crate::render::PageId::Group(_)) => format!("{u:?}"),
        Output::Page(_, u) => format!("{:?}", std::mem::discriminant(&u)),
        Output::Moved(..) => "moved".into(),
        Output::WholePlan(_) => "whole".into(),
        Output::Static(_) => "static".into(),
        other => format!("{other:?}"),
    }
}
