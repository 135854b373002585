//! The whole pipeline as one function, used by `build`, `serve` and `archive`:
//! files -> plan -> evaluations -> pages -> site (in memory).

use std::path::PathBuf;

use crate::archive;
use crate::diagnostic::Diagnostic;
use crate::evaluate;
use crate::load;
use crate::render::{self, ArchivedVersion, Input, Site};

/// Where to read from and how to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// Content folder (`content/`).
    pub content: PathBuf,
    /// Theme folder (`themes/default/`).
    pub theme: PathBuf,
    /// Overrides `base_url` of `sito.toml` (e.g. to publish under another sub-path).
    pub base_url: Option<String>,
    /// Preview build (`serve`): pages know it, nothing else changes.
    pub preview: bool,
    /// Versions already archived, listed on the archive page.
    pub archive: Vec<ArchivedVersion>,
    /// Archive folder: its versions are checked, listed (instead of `archive`) and copied
    /// into the site unchanged, with the "cosa è cambiato" pages.
    pub archive_dir: Option<PathBuf>,
    /// Builds the archived snapshot of a period (banner, plan as it stood then).
    pub snapshot: Option<archive::Snapshot>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            content: PathBuf::from("content"),
            theme: PathBuf::from("themes/default"),
            base_url: None,
            preview: false,
            archive: Vec::new(),
            archive_dir: None,
            snapshot: None,
        }
    }
}

/// A built site and the warnings found on the way.
#[derive(Debug)]
pub struct Built {
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
}

/// Runs the pipeline; any error stops it and nothing is produced.
pub fn build(opts: &Options) -> Result<Built, Vec<Diagnostic>> {
    build_with_progress(opts, &|_| {})
}

/// Like [`build`], telling `stage` (in Italian) which stage starts, for a progress display.
pub fn build_with_progress(opts: &Options, stage: &dyn Fn(&str)) -> Result<Built, Vec<Diagnostic>> {
    stage("lettura dei contenuti");
    let loaded = load::load_dir(&opts.content);
    let Some(mut plan) = loaded.plan else {
        return Err(loaded.diagnostics);
    };
    if let Some(url) = &opts.base_url {
        plan.body.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    if let Some(snapshot) = &opts.snapshot {
        archive::create::snapshot_plan(&mut plan, snapshot, &opts.content).map_err(|d| vec![d])?;
    }
    let published = opts
        .archive_dir
        .as_deref()
        .map(archive::published)
        .transpose()?
        .unwrap_or_default();
    let listed = if opts.archive_dir.is_some() {
        published.listed()
    } else {
        opts.archive.clone()
    };
    stage("valutazione degli obiettivi");
    let evaluations = evaluate::evaluate_all(&plan);
    stage("caricamento del tema");
    let theme = render::theme::load(&opts.theme)?;
    let input = Input {
        plan: &plan,
        evaluations: &evaluations,
        archive: &listed,
        archived_as: opts.snapshot.as_ref().map(|s| (s.period.as_str(), s.date)),
        preview: opts.preview,
    };
    stage("generazione delle pagine");
    let mut site = render::render(&input, &theme)?;
    let mut warnings = loaded.diagnostics;
    warnings.extend(archive::publish::add_to_site(
        published, &input, &theme, &mut site,
    )?);
    Ok(Built { site, warnings })
}
