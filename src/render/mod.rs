//! Stage 3: evaluated plan -> site files. The site is a list of [`Output`]s, each
//! built on its own: a page with its open-data tables, or one whole-site file
//! (`piano.json`, catalogue, sitemap, a theme file). Outputs are rendered in
//! parallel with templates compiled once and handed to a sink one by one, so a
//! build streams to disk, and the preview renders only the pages it is asked for.

mod data;
pub mod markdown;
mod moved;
mod opendata;
pub mod pages;
pub mod theme;

use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::archive::Published;
use crate::diagnostic::Diagnostic;
use crate::model::{Objective, Plans};
pub use crate::site::SiteFiles;
pub use pages::{ArchivedVersion, Builder, Input, Moved, Page, PageId, TableMeta};
pub use theme::Theme;

/// A rendered site: every output file, path relative to the site root.
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: SiteFiles,
}

impl Site {
    /// The content of one file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path)
    }

    /// Reads a written site back from its folder.
    pub fn read_dir(dir: &Path) -> std::io::Result<Site> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .map_err(std::io::Error::other)?;
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.push((rel, std::fs::read(entry.path())?));
            }
        }
        Ok(Site {
            files: files.into(),
        })
    }
}

/// One independently rendered part of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    /// A page of a plan (index into the plans) and its open-data tables (CSV and JSON).
    Page(usize, PageId),
    /// A plain HTML page at an address from before plan folders (see [`Moved`]).
    Moved(usize, Moved),
    /// `opendata/piano.json` (the plan in force) or `opendata/piani/<piano>/piano.json`
    /// (an earlier plan): a whole plan with its evaluations.
    WholePlan(usize),
    /// `opendata/piano.schema.json`.
    Schema,
    /// `opendata/premi.json`, when there are premi.
    PayDocument,
    /// `opendata/catalogo.jsonld` (DCAT-AP_IT).
    Catalogue,
    Sitemap,
    Robots,
    /// Index into the theme's static files.
    Static(usize),
}

impl Output {
    /// The objective whose id, with its plan's id, is all that names this output's files:
    /// an objective's page with its KPI table, or that page at its address from before
    /// plan folders (see [`Renderer::paths`] and [`plan_names`]). `None` for every other
    /// output. The preview keeps the addresses of such outputs while the ids stay the same.
    pub fn named_by(self, plans: &Plans) -> Option<&Objective> {
        let (plan, page) = match self {
            Output::Page(i, u) => (i, u),
            Output::Moved(i, m) => (i, m.target()),
            _ => return None,
        };
        let plan = plans.all().get(plan)?;
        match page {
            PageId::Strategic(k) => plan.strategic.get(k).map(|o| &**o),
            PageId::Operational(k) => plan.operational.get(k).map(|o| &**o),
            _ => None,
        }
    }
}

/// What names the files of each plan besides each page's own ids: the plan's id (its
/// folder, its tables' names) and which plan was published before plan folders (its
/// tables keep their old names, its pages have copies at the old addresses).
pub fn plan_names(plans: &Plans) -> (Vec<&str>, Option<usize>) {
    (
        plans.all().iter().map(|p| p.info.id.as_str()).collect(),
        plans.legacy(),
    )
}

/// Renders the outputs of every plan with one theme.
pub struct Renderer<'a> {
    pub input: &'a Input<'a>,
    pub theme: &'a Theme,
    /// One per plan, oldest first.
    pub builders: Vec<Builder<'a>>,
}

impl<'a> Renderer<'a> {
    /// A renderer for `input` with `theme` (indexes each plan once).
    pub fn new(input: &'a Input<'a>, theme: &'a Theme) -> Self {
        Renderer {
            input,
            theme,
            builders: (0..input.plans.all().len())
                .map(|i| Builder::new(input, i))
                .collect(),
        }
    }

    /// The builder of the plan in force, which also makes the site's own pages.
    pub fn current(&self) -> &Builder<'a> {
        &self.builders[self.input.plans.current_index()]
    }

    /// Every output of the site, heaviest first so that parallel rendering ends together.
    pub fn outputs(&self) -> Vec<Output> {
        let plans = self.builders.len();
        let mut all: Vec<Output> = (0..plans).rev().map(Output::WholePlan).collect();
        all.extend([Output::Catalogue, Output::Sitemap]);
        for (i, b) in self.builders.iter().enumerate().rev() {
            all.extend(b.page_ids().into_iter().map(|u| Output::Page(i, u)));
            all.extend(b.moved_ids().into_iter().map(|m| Output::Moved(i, m)));
        }
        all.extend([Output::Schema, Output::Robots]);
        if !self.input.plans.pay().is_empty() {
            all.push(Output::PayDocument);
        }
        all.extend((0..self.theme.statics.len()).map(Output::Static));
        all
    }

    /// Path of a plan's whole document: the plan in force at `opendata/piano.json`.
    fn whole_path(&self, plan: usize) -> String {
        if plan == self.input.plans.current_index() {
            opendata::WHOLE.into()
        } else {
            opendata::earlier_plan_path(&self.input.plans.all()[plan].info.id)
        }
    }

    /// Paths (relative to the site root) an output writes, without rendering it.
    pub fn paths(&self, output: Output) -> Vec<String> {
        match output {
            // An objective's page is named by its plan and its id alone: [`Output::named_by`].
            Output::Page(i, u) => {
                let b = &self.builders[i];
                let mut paths = vec![page_file(&b.url(u))];
                for t in b.tables_of(u) {
                    paths.push(t.csv_url());
                    paths.push(t.json_url());
                }
                paths.extend(b.extra_paths(u));
                paths.extend(b.document_paths(u));
                paths.extend(b.search_paths(u));
                paths
            }
            Output::Moved(i, m) => vec![page_file(&self.builders[i].moved_url(m))],
            Output::WholePlan(i) => vec![self.whole_path(i)],
            Output::Schema => vec![opendata::SCHEMA_PATH.into()],
            Output::PayDocument => vec![opendata::PAY.into()],
            Output::Catalogue => vec![opendata::CATALOGUE.into()],
            Output::Sitemap => vec!["sitemap.xml".into()],
            Output::Robots => vec!["robots.txt".into()],
            Output::Static(i) => vec![format!("static/{}", self.theme.statics[i].0)],
        }
    }

    /// Renders one output into its files.
    pub fn render(&self, output: Output) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let plan = self.input.plans.current();
        Ok(match output {
            Output::Moved(i, m) => {
                let b = &self.builders[i];
                let from = b.moved_url(m);
                let html = moved::page(&from, &b.url(m.target()), b.plan_ref(), b.updated());
                vec![(page_file(&from), html.into_bytes())]
            }
            Output::Page(i, u) => {
                let (page, tables) = self.builders[i].page(u)?;
                let html = render_page(&page, self.theme)?;
                drop(page);
                let licence = &plan.body.licence;
                let mut files = Vec::with_capacity(1 + 2 * tables.len());
                files.push(html);
                for t in tables {
                    files.push((t.meta.csv_url(), t.to_csv()));
                    files.push((t.meta.json_url(), t.to_json(licence)));
                }
                files.extend(self.builders[i].extra_files(u));
                files.extend(self.builders[i].document_bytes(u));
                files.extend(self.builders[i].search_files(u));
                files
            }
            Output::WholePlan(i) => {
                let mut bytes = Vec::new();
                // writing into memory cannot fail
                let _ = opendata::write_whole(self.input, i, &mut bytes);
                vec![(self.whole_path(i), bytes)]
            }
            Output::Schema => vec![(opendata::SCHEMA_PATH.into(), opendata::SCHEMA.into())],
            Output::PayDocument => vec![(opendata::PAY.into(), opendata::pay_document(self.input))],
            Output::Catalogue => {
                let tables: Vec<TableMeta> = self
                    .builders
                    .iter()
                    .rev()
                    .flat_map(|b| b.summary_tables())
                    .collect();
                let wholes: Vec<(String, &crate::model::Plan)> = (0..self.builders.len())
                    .rev()
                    .map(|i| (self.whole_path(i), &self.input.plans.all()[i]))
                    .collect();
                vec![(
                    opendata::CATALOGUE.into(),
                    opendata::catalogue(self.input, &wholes, &tables),
                )]
            }
            Output::Sitemap => vec![("sitemap.xml".into(), self.sitemap())],
            Output::Robots => vec![(
                "robots.txt".into(),
                format!(
                    "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                    plan.body.base_url
                )
                .into_bytes(),
            )],
            Output::Static(i) => {
                let (path, bytes) = &self.theme.statics[i];
                vec![(format!("static/{path}"), bytes.clone())]
            }
        })
    }

    /// Renders every output in parallel, handing each file to `sink` as soon as it is
    /// ready (`piano.json`, the largest, is written through [`Sink::stream`]). Render
    /// errors are all collected (sorted, without repeats); a sink error stops the
    /// rendering and is returned as is.
    pub fn render_all<S: Sink>(&self, sink: &S) -> Result<Result<(), Vec<Diagnostic>>, S::Error> {
        let errors = Mutex::new(Vec::new());
        self.outputs().into_par_iter().try_for_each(|o| {
            if let Output::WholePlan(i) = o {
                let path = self.whole_path(i);
                return sink.stream(&path, &|w| opendata::write_whole(self.input, i, w));
            }
            match self.render(o) {
                Ok(files) => {
                    for (path, bytes) in files {
                        sink.file(path, bytes)?;
                    }
                }
                Err(d) => errors.lock().unwrap_or_else(|e| e.into_inner()).push(d),
            }
            Ok(())
        })?;
        let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
        if errors.is_empty() {
            return Ok(Ok(()));
        }
        errors.sort_by(|a, b| a.message.cmp(&b.message));
        errors.dedup_by(|a, b| a.message == b.message);
        Ok(Err(errors))
    }

    fn sitemap(&self) -> Vec<u8> {
        let plan = self.input.plans.current();
        let base = &plan.body.base_url;
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        // each plan's pages were last changed with that plan; the site's own pages with the plan in force
        let current = self.current().updated().iso();
        let mut urls: Vec<(String, String)> = Vec::new();
        for b in &self.builders {
            let lastmod = b.updated().iso();
            for u in b.page_ids() {
                // the search page is a tool, not content to index
                if matches!(u, PageId::NotFound | PageId::Search) {
                    continue;
                }
                let own = !matches!(
                    u,
                    PageId::Dashboard
                        | PageId::Smvp
                        | PageId::Plan
                        | PageId::MonitoringList
                        | PageId::Empty(_)
                        | PageId::Relazioni
                        | PageId::Archive
                        | PageId::OpenData
                );
                let when = if matches!(u, PageId::PayAmounts | PageId::PayDistribution) {
                    b.pay_updated().iso()
                } else if own {
                    lastmod.clone()
                } else {
                    current.clone()
                };
                urls.push((b.url(u), when));
            }
        }
        urls.sort_unstable();
        for (url, lastmod) in urls {
            out.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{lastmod}</lastmod></url>\n",
                escape(&format!("{base}{url}"))
            ));
        }
        out.push_str("</urlset>\n");
        out.into_bytes()
    }
}

/// Where rendered files go, from any thread: memory, or the output folder.
pub trait Sink: Sync {
    type Error: Send;

    /// Takes one whole file (path relative to the site root).
    fn file(&self, path: String, bytes: Vec<u8>) -> Result<(), Self::Error>;

    /// Takes a large file written piece by piece by `write`; by default it is
    /// collected in memory and handed to [`Sink::file`].
    fn stream(
        &self,
        path: &str,
        write: &(dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync),
    ) -> Result<(), Self::Error> {
        let mut bytes = Vec::new();
        // writing into memory cannot fail
        let _ = write(&mut bytes);
        self.file(path.to_owned(), bytes)
    }
}

/// Collects the files of a site in memory.
#[derive(Default)]
struct Collect(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Collect {
    type Error = std::convert::Infallible;

    fn file(&self, path: String, bytes: Vec<u8>) -> Result<(), Self::Error> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, bytes));
        Ok(())
    }
}

/// Renders every page, table and data file into memory.
pub fn render(input: &Input, theme: &Theme) -> Result<Site, Vec<Diagnostic>> {
    let collect = Collect::default();
    let Ok(result) = Renderer::new(input, theme).render_all(&collect);
    result?;
    let files = collect.0.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(Site {
        files: files.into(),
    })
}

/// The archive's part of the site: every archived version and its zip, unchanged, and
/// the "cosa è cambiato" pages between consecutive versions; with the warnings.
pub fn archived_files(
    published: &Published,
    input: &Input,
    theme: &Theme,
) -> Result<(SiteFiles, Vec<Diagnostic>), Vec<Diagnostic>> {
    if published.files.is_empty() {
        return Ok((SiteFiles::new(), Vec::new()));
    }
    let (pages, warnings) = pages::changes::pages(input, theme, published)?;
    let mut files = published.files.clone();
    files.extend(pages);
    files.extend(crate::search::archived(
        &published.versions,
        &published.plans,
        &published.files,
        pages::LARGE_PLAN,
    ));
    Ok((files, warnings))
}

/// Output file of a page URL: `index.html` for folders.
pub fn page_file(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_owned()
    }
}

fn render_page(page: &Page, theme: &Theme) -> Result<(String, Vec<u8>), Diagnostic> {
    match theme.tera.render(page.template, &page.context) {
        Ok(html) => Ok((page.file(), html.into_bytes())),
        Err(e) => Err(theme.render_error(&e, &page.file(), page.template)),
    }
}

/// Escapes text for HTML or XML element content and double-quoted attribute values, with
/// the function the theme's templates are escaped with: the one escape of the crate.
pub fn escape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 8);
    // writing into a Vec cannot fail
    let _ = tera::escape_html(s, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
