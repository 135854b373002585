//! Stage 1: content files -> [`Plans`], each a [`Plan`]. Reads, parses and validates everything,
//! collecting every problem at once as [`Diagnostic`]s.
//!
//! Each file is read, parsed and converted on its own, in parallel
//! ([`ParsedFile::parse`](parsed::ParsedFile), with the problems of that file alone);
//! the checks across files then run in path order (`assemble::assemble`).
//! [`load_dir_cached`] keeps each file's result between calls, for the preview, and
//! parses again only the files that changed.
//!
//! Where each thing is read and checked:
//!
//! | file | job |
//! |---|---|
//! | `files.rs` | walking the folder, reading and decoding files |
//! | `cache.rs` | each file's result kept between loads, for the preview |
//! | `text.rs` | a file's text, forgotten after parsing and read again when needed |
//! | `raw.rs` | the files as written: serde mirrors with spans, unknown keys refused |
//! | `toml_error.rs` | TOML and serde errors told in Italian |
//! | `spans.rs` | the key written before a value (lines and columns: `crate::lines`) |
//! | `problems.rs` | collecting one file's diagnostics |
//! | `values.rs` | dates, percentages, numbers, enum words: one conversion each |
//! | `parsed.rs` | one file parsed on its own: its place in the tree and what it gives |
//! | `site.rs` | `sito.toml`: body, plan years and dates, evaluation rules |
//! | `objective.rs` | objective files: allowed and required keys, id, year, budget |
//! | `kpi.rs` | KPIs: ids, codes, names, weights, polarity, targets |
//! | `period.rs` | `periodo.toml`: dates and share of the year; periods against the plan |
//! | `report.rs` | monitoring files: declared status, progress, measured values |
//! | `placed.rs` | a file's value with its origin and spans; ids used twice |
//! | `assemble.rs` | gathering the files, unique ids, the plan in order |
//! | `references.rs` | parents, reported objectives and KPIs that must exist |
//! | `relative.rs` | relative targets: the reference each one needs, once every period is read |
//! | `written.rs` | Word quotes, day-first dates, decimal commas: office habits TOML refuses |
//! | `revisions.rs` | `piano/revisioni.toml`: revisions, and the objectives, KPIs and years they change |
//! | `relazione.rs` | `relazione/<anno>/relazione.toml`: the year's Relazione, its year end, notes, approval, validation document |
//! | `documents.rs` | `[[documento]]`: the adopted acts attached to a page, their files read and checked |
//! | `lints.rs` | years outside the plan, copied KPI names, spellings |
//! | `pay.rs` | `premi/<anno>.toml`: premi allocated and paid, bands, the privacy guard |

mod assemble;
mod cache;
mod continuity;
mod documents;
pub mod files;
mod kpi;
mod lints;
mod objective;
mod parsed;
mod pay;
mod period;
mod placed;
mod problems;
mod raw;
mod references;
mod relative;
mod relazione;
mod report;
mod revisions;
mod site;
mod spans;
mod text;
mod toml_error;
mod values;
mod written;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use cache::Cache;
use cache::{Counts, Entry, How};
use files::Step;
use parsed::ParsedFile;

use crate::diagnostic::{self, Diagnostic, Source};
use crate::model::{Plan, Plans};

/// The outcome of loading: the plans when there is no error, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    /// `None` when any error was found.
    pub plans: Option<Plans>,
    /// Errors first, then warnings, each sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The plan in force, when there is no error.
    pub fn into_current(self) -> Option<Plan> {
        self.plans.map(Plans::into_current)
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Loads the content folder from disk.
pub fn load_dir(dir: &Path) -> Loaded {
    load(dir, &mut Cache::default(), false, None)
}

/// Loads the content folder like [`load_dir`], parsing again only the files that
/// changed since the previous call with the same `cache` (new, removed and changed
/// files are all taken into account). The result is the same as [`load_dir`]'s.
pub fn load_dir_cached(dir: &Path, cache: &mut Cache) -> Loaded {
    load(dir, cache, true, None)
}

/// Loads the content folder like [`load_dir_cached`], when `edited` names every file
/// changed since the previous call with the same `cache` (full paths, as the preview's
/// watcher reports them): if they are all files that call had, only they are looked at
/// again, without walking the folder. Otherwise, or when it is unsure, the whole
/// folder is looked at as [`load_dir_cached`] does. The result is the same as [`load_dir`]'s.
pub fn load_dir_edited(dir: &Path, cache: &mut Cache, edited: &[PathBuf]) -> Loaded {
    load(dir, cache, true, Some(edited))
}

/// Walks `dir` (unless `edited` names the only files to look at again, see
/// `Cache::pair_edited`), loads every file in parallel (reusing what `cache` holds for
/// unchanged files), then checks the files together in path order. With `keep` the cache
/// is updated; otherwise the files' results are moved into the plan and the cache is left
/// as it was.
fn load(dir: &Path, cache: &mut Cache, keep: bool, edited: Option<&[PathBuf]>) -> Loaded {
    let steps = match edited.and_then(|edited| cache.pair_edited(dir, edited)) {
        Some(steps) => steps,
        None => cache.pair(files::walk(dir)),
    };
    let walk_problems = steps.iter().any(|s| matches!(s, Step::Problem(_)));
    let steps: Vec<Step<(Entry, How)>> = steps
        .into_par_iter()
        .map(|step| step.map(|pending| pending.load(keep)))
        .collect();
    let mut diagnostics = Vec::new();
    let mut entries = Vec::with_capacity(steps.len());
    let mut counts = Counts::default();
    for step in steps {
        match step {
            Step::Problem(d) => diagnostics.push(d),
            Step::File((entry, how)) => {
                diagnostics.extend(entry.read.iter().cloned());
                counts.add(how);
                entries.push(entry);
            }
        }
    }
    // a file that could not be read still tells where it was: no knock-on "inesistente"
    let mut unreadable: Vec<ParsedFile> = entries
        .iter()
        .filter(|e| e.parsed.is_none())
        .map(|e| ParsedFile::unreadable(&e.shown))
        .collect();
    let parsed = entries
        .iter_mut()
        .filter_map(|e| e.parsed.as_deref_mut())
        .chain(unreadable.iter_mut())
        .collect();
    let (mut plan, mut found) = assemble::assemble(parsed, keep);
    diagnostics.append(&mut found);
    if let Some(plans) = plan.as_mut() {
        relazione::read_documents(plans, dir, &mut diagnostics);
        documents::read_files(plans, dir, &mut diagnostics);
    }
    if keep {
        cache.replace(entries, counts, walk_problems);
    } else {
        drop(entries);
    }
    finish(plan, diagnostics)
}

/// Loads already-read sources (paths relative to the content folder).
pub fn load_sources(sources: &[Source]) -> Loaded {
    let mut parsed: Vec<_> = sources
        .par_iter()
        .map(|s| ParsedFile::parse(s.clone()))
        .collect();
    let (plan, diagnostics) = assemble::assemble(parsed.iter_mut().collect(), false);
    finish(plan, diagnostics)
}

/// Sorts the diagnostics; no plan when any is an error.
fn finish(plans: Option<Plans>, mut diagnostics: Vec<Diagnostic>) -> Loaded {
    // a sito.toml that could not be read (empty, not UTF-8...) is not also "missing"
    let site = std::path::Path::new("sito.toml");
    let unreadable = diagnostics
        .iter()
        .any(|d| d.is_error() && d.file == site && d.message != assemble::NO_SITE);
    if unreadable {
        diagnostics.retain(|d| d.message != assemble::NO_SITE);
    }
    diagnostic::sort(&mut diagnostics);
    let plans = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        plans
    };
    Loaded { plans, diagnostics }
}
