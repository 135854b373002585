//! The whole pipeline as one function, used by `build`, `serve` and `archive`:
//! files -> plan -> evaluations -> pages -> site, in memory ([`build`]) or streamed
//! to the output folder ([`write`]).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::archive;
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::evaluate::{self, Evaluation};
use crate::load;
use crate::model::{Date, Plan, Plans};
use crate::opendata::Document;
use crate::render::theme::ThemeSource;
use crate::render::{self, ArchivedVersion, Input, Renderer, Sink, Site, Theme};
use crate::selfcheck;
use crate::write::{Staging, WriteError};

/// Where to read from and how to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// Content folder (`content/`).
    pub content: PathBuf,
    /// The theme: built in (default) or a folder.
    pub theme: ThemeSource,
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
    pub snapshot: Option<Snapshot>,
    /// Today, for the calendar of obligations on the home and SMVP pages; `None`: none shown.
    pub today: Option<Date>,
}

/// The archived snapshot a build makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Period id, e.g. `2022-S1`.
    pub period: String,
    /// Version folder, e.g. `2022-S1-r2`.
    pub version: String,
    /// Archive date.
    pub date: Date,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            content: PathBuf::from("content"),
            theme: ThemeSource::BuiltIn,
            base_url: None,
            preview: false,
            archive: Vec::new(),
            archive_dir: None,
            snapshot: None,
            today: None,
        }
    }
}

impl Options {
    /// Sets the plans' base URL from `base_url`, when given (with a final `/`).
    pub(crate) fn apply_base_url(&self, plans: &mut Plans) {
        if let Some(url) = &self.base_url {
            for plan in plans.all_mut() {
                plan.body.base_url = if url.ends_with('/') {
                    url.clone()
                } else {
                    format!("{url}/")
                };
            }
        }
    }

    /// The versions of `archive_dir`, read and checked, and the versions the archive
    /// page lists: those of `archive_dir`, or else `archive`.
    pub(crate) fn read_archive(
        &self,
    ) -> Result<(archive::publish::Published, Vec<ArchivedVersion>), Vec<Diagnostic>> {
        match &self.archive_dir {
            Some(dir) => {
                let published = archive::published(dir)?;
                let listed = published.listed();
                Ok((published, listed))
            }
            None => Ok((Default::default(), self.archive.clone())),
        }
    }
}

/// A built site, what it was built from, and the warnings found on the way.
#[derive(Debug)]
pub struct Built {
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
    pub plans: Plans,
    /// For each plan, one per period, oldest first.
    pub evaluations: Vec<Vec<Evaluation>>,
}

impl Built {
    /// The open-data document of the plan in force (`opendata/piano.json`).
    pub fn document(&self) -> Document<'_> {
        let i = self.plans.current_index();
        Document::new(self.plans.current(), &self.evaluations[i])
    }

    /// The plan in force.
    pub fn plan(&self) -> &Plan {
        self.plans.current()
    }
}

/// What [`write`] wrote.
#[derive(Debug)]
pub struct Written {
    /// HTML pages.
    pub pages: usize,
    /// All files.
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Why [`write`] produced nothing.
#[derive(Debug)]
pub enum Failure {
    /// Errors in the content, the theme or the archive.
    Content(Vec<Diagnostic>),
    /// The output folder could not be written.
    Write(WriteError),
}

/// Everything rendering needs, loaded and checked: stages 1 and 2 and the theme.
struct Prepared {
    plans: Plans,
    evaluations: Vec<Vec<Evaluation>>,
    theme: Theme,
    published: archive::publish::Published,
    listed: Vec<ArchivedVersion>,
    warnings: Vec<Diagnostic>,
}

impl Prepared {
    fn input<'a>(&'a self, opts: &'a Options) -> Input<'a> {
        Input {
            plans: &self.plans,
            evaluations: &self.evaluations,
            archive: &self.listed,
            archived_as: opts.snapshot.as_ref().map(|s| (s.period.as_str(), s.date)),
            preview: opts.preview,
            today: opts.today,
        }
    }
}

/// Runs the pipeline in memory; any error stops it and nothing is produced.
pub fn build(opts: &Options) -> Result<Built, Vec<Diagnostic>> {
    build_with_progress(opts, &|_| {})
}

/// Like [`build`], telling `stage` (in Italian) which stage starts, for a progress display.
pub fn build_with_progress(opts: &Options, stage: &dyn Fn(&str)) -> Result<Built, Vec<Diagnostic>> {
    let prepared = prepare(opts, stage)?;
    let input = prepared.input(opts);
    stage("generazione delle pagine");
    let mut site = render::render(&input, &prepared.theme)?;
    let (archived, warnings) =
        render::archived_files(&prepared.published, &input, &prepared.theme)?;
    site.files.extend(archived);
    let (officer, officer_warnings) =
        selfcheck::page::render(&input, &prepared.theme, &site).map_err(|d| vec![d])?;
    site.files.extend(officer);
    let Prepared {
        plans,
        evaluations,
        warnings: mut all,
        ..
    } = prepared;
    all.extend(warnings);
    all.extend(officer_warnings);
    Ok(Built {
        site,
        warnings: all,
        plans,
        evaluations,
    })
}

/// Builds the site of the period `req.period` as it stood then, to be archived as
/// `next` (see [`archive::next_version`] and [`archive::create`]).
pub fn snapshot(
    content: &Path,
    theme: &ThemeSource,
    req: &archive::Request,
    next: &archive::NextVersion,
) -> Result<Built, Vec<Diagnostic>> {
    build(&Options {
        content: content.to_path_buf(),
        theme: theme.clone(),
        archive: next.earlier.clone(),
        snapshot: Some(Snapshot {
            period: req.period.to_owned(),
            version: next.name.clone(),
            date: req.today,
        }),
        ..Options::default()
    })
}

/// Runs the pipeline and streams every file into the output folder `out` as soon as it
/// is rendered; the folder is replaced only when the whole site is written.
pub fn write(opts: &Options, stage: &dyn Fn(&str), out: &Path) -> Result<Written, Failure> {
    let prepared = prepare(opts, stage).map_err(Failure::Content)?;
    let input = prepared.input(opts);
    stage("generazione e scrittura delle pagine");
    let sink = Counted {
        staging: Staging::new(out).map_err(Failure::Write)?,
        pages: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
        kept: prepared
            .plans
            .current()
            .body
            .self_check_page
            .then(Mutex::default),
    };
    Renderer::new(&input, &prepared.theme)
        .render_all(&sink)
        .map_err(Failure::Write)?
        .map_err(Failure::Content)?;
    let (archived, warnings) = render::archived_files(&prepared.published, &input, &prepared.theme)
        .map_err(Failure::Content)?;
    for (path, bytes) in archived {
        sink.file(path, bytes).map_err(Failure::Write)?;
    }
    // the officer's page checks the site as written: computed last, from what was kept
    let mut officer_warnings = Vec::new();
    if let Some(kept) = &sink.kept {
        let files = std::mem::take(&mut *kept.lock().unwrap_or_else(|e| e.into_inner()));
        let site = Site {
            files: files.into(),
        };
        let (officer, more) = selfcheck::page::render(&input, &prepared.theme, &site)
            .map_err(|d| Failure::Content(vec![d]))?;
        if let Some((path, bytes)) = officer {
            sink.file(path, bytes).map_err(Failure::Write)?;
        }
        officer_warnings = more;
    }
    let Counted {
        staging,
        pages,
        files,
        ..
    } = sink;
    staging.commit().map_err(Failure::Write)?;
    let mut all = prepared.warnings;
    all.extend(warnings);
    all.extend(officer_warnings);
    Ok(Written {
        pages: pages.into_inner(),
        files: files.into_inner(),
        warnings: all,
    })
}

/// The files kept while streaming, for the officer's page: path and (maybe) bytes.
type Kept = Mutex<Vec<(String, Vec<u8>)>>;

/// The output folder being written, with a count of what went in.
struct Counted {
    staging: Staging,
    pages: AtomicUsize,
    files: AtomicUsize,
    /// When the site has the officer's page: every path written, with the bytes of the
    /// files the self-check reads (see [`selfcheck::page::reads`]).
    kept: Option<Kept>,
}

impl Counted {
    /// Counts a file written; keeps it for the officer's page when there is one (`bytes`:
    /// its content, when it was handed whole).
    fn count(&self, path: &str, bytes: &[u8]) {
        if let Some(kept) = &self.kept {
            let bytes = if selfcheck::page::reads(path) {
                bytes.to_vec()
            } else {
                Vec::new()
            };
            kept.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_owned(), bytes));
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Sink for Counted {
    type Error = WriteError;

    fn file(&self, path: String, bytes: Vec<u8>) -> Result<(), WriteError> {
        self.staging.put(&path, &bytes)?;
        self.count(&path, &bytes);
        Ok(())
    }

    fn stream(
        &self,
        path: &str,
        write: &(dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync),
    ) -> Result<(), WriteError> {
        self.staging.put_with(path, write)?;
        self.count(path, &[]);
        Ok(())
    }
}

/// Stages 1 and 2, the theme and the archive: everything that can fail before rendering.
fn prepare(opts: &Options, stage: &dyn Fn(&str)) -> Result<Prepared, Vec<Diagnostic>> {
    stage("lettura dei contenuti");
    let loaded = load::load_dir(&opts.content);
    let Some(mut plans) = loaded.plans else {
        return Err(loaded.diagnostics);
    };
    let mut warnings = loaded.diagnostics;
    // what is overdue is said by the live site's build, not by an archived snapshot's
    if let (Some(today), None) = (opts.today, &opts.snapshot) {
        warnings.extend(crate::calendar::warnings::warnings(
            &opts.content,
            &plans,
            today,
        ));
    }
    opts.apply_base_url(&mut plans);
    if let Some(snapshot) = &opts.snapshot {
        plans = snapshot_plans(plans, snapshot, &opts.content).map_err(|d| vec![d])?;
    }
    let (published, listed) = opts.read_archive()?;
    stage("valutazione degli obiettivi");
    let evaluations = evaluate::evaluate_plans(&plans);
    stage("caricamento del tema");
    let theme = render::theme::load(&opts.theme)?;
    Ok(Prepared {
        plans,
        evaluations,
        theme,
        published,
        listed,
        warnings,
    })
}

/// The site as it stood at the snapshot's period: the plans adopted up to its year,
/// its own plan with the periods up to it, the premi whose figures date from up to its
/// end, published at its archive address
/// (`<base_url>archivio/<versione>/`, for canonical links and the catalogue); an
/// unknown period is an error.
fn snapshot_plans(plans: Plans, snapshot: &Snapshot, content: &Path) -> Result<Plans, Diagnostic> {
    let period = snapshot.period.as_str();
    let Some((at, i)) = plans.find_period(period) else {
        let ids: Vec<&str> = plans
            .all()
            .iter()
            .flat_map(|p| &p.periods)
            .map(|p| p.id.as_str())
            .collect();
        let hint = match did_you_mean(period, ids.iter().copied()) {
            Some(s) => format!("forse «{s}»? Periodi disponibili: {}", ids.join(", ")),
            None if ids.is_empty() => "nessun periodo di monitoraggio nei contenuti".to_owned(),
            None => format!("periodi disponibili: {}", ids.join(", ")),
        };
        return Err(Diagnostic::file(
            Severity::Error,
            content.join("monitoraggio"),
            format!("periodo «{period}» non trovato"),
        )
        .hint(hint));
    };
    let legacy = plans.legacy().filter(|l| *l <= at);
    let end = plans.all()[at].periods[i].end;
    let pay: Vec<_> = plans
        .pay()
        .iter()
        .filter(|y| y.date <= end)
        .cloned()
        .collect();
    let mut kept: Vec<Plan> = plans.into_vec();
    kept.truncate(at + 1);
    kept[at].periods.truncate(i + 1);
    for plan in &mut kept {
        plan.body.base_url = format!("{}archivio/{}/", plan.body.base_url, snapshot.version);
    }
    // `kept` holds the period's plan at least, so it is never empty
    Plans::new(kept, legacy)
        .map(|p| p.with_pay(pay))
        .ok_or_else(|| {
            Diagnostic::file(Severity::Error, content, "nessun piano nei contenuti")
                .hint("aggiungere un piano in piani/<piano>/piano.toml")
        })
}
