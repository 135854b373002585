//! Stage 3: evaluated plan -> site files in memory. Pages are rendered in
//! parallel with templates compiled once; open data, sitemap and robots.txt
//! are produced beside them.

mod data;
pub mod markdown;
mod opendata;
pub mod pages;
pub mod theme;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
pub use pages::{ArchivedVersion, Input, Page};
pub use theme::Theme;

/// A rendered site: every output file, path relative to the site root, sorted.
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: Vec<(String, Vec<u8>)>,
}

impl Site {
    /// The content of one file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| self.files[i].1.as_slice())
    }
}

/// Renders every page, table and data file.
pub fn render(input: &Input, theme: &Theme) -> Result<Site, Vec<Diagnostic>> {
    let (pages, tables) = pages::build(input);
    let sitemap = sitemap(input, &pages);
    let licence = &input.plan.body.licence;
    // pages, open-data tables and the whole-plan files are produced at the same time;
    // each page context is dropped as soon as its page is rendered
    let (rendered, (data, whole)) = rayon::join(
        || -> Vec<Result<(String, Vec<u8>), Diagnostic>> {
            pages
                .into_par_iter()
                .map(|p| render_page(&p, theme))
                .collect()
        },
        || {
            rayon::join(
                || -> Vec<[(String, Vec<u8>); 2]> {
                    tables
                        .par_iter()
                        .map(|t| {
                            [
                                (t.csv_url(), t.to_csv()),
                                (t.json_url(), t.to_json(licence)),
                            ]
                        })
                        .collect()
                },
                || opendata::files(input, &tables),
            )
        },
    );
    let mut files = Vec::with_capacity(rendered.len() + tables.len() * 2 + theme.statics.len() + 8);
    let mut errors = Vec::new();
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.message.cmp(&b.message));
        errors.dedup_by(|a, b| a.message == b.message);
        return Err(errors);
    }
    files.extend(data.into_iter().flatten());
    files.extend(whole);
    files.push((
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            input.plan.body.base_url
        )
        .into_bytes(),
    ));
    files.push(("sitemap.xml".into(), sitemap));
    for (path, bytes) in &theme.statics {
        files.push((format!("static/{path}"), bytes.clone()));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Site { files })
}

fn render_page(page: &Page, theme: &Theme) -> Result<(String, Vec<u8>), Diagnostic> {
    let context = tera::Context::from_serialize(&page.context).map_err(|e| {
        Diagnostic::file(
            Severity::Error,
            page.template,
            format!("contesto non valido: {e}"),
        )
    })?;
    match theme.tera.render(page.template, &context) {
        Ok(html) => Ok((page.file(), html.into_bytes())),
        Err(e) => Err(theme.render_error(&e, &page.file(), page.template)),
    }
}

fn sitemap(input: &Input, pages: &[Page]) -> Vec<u8> {
    let base = &input.plan.body.base_url;
    let lastmod = input
        .plan
        .periods
        .last()
        .map_or(input.plan.info.updated, |p| {
            p.updated.max(input.plan.info.updated)
        })
        .iso();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut urls: Vec<&str> = pages
        .iter()
        .filter(|p| p.url != "404.html")
        .map(|p| p.url.as_str())
        .collect();
    urls.sort_unstable();
    for url in urls {
        out.push_str(&format!(
            "  <url><loc>{}</loc><lastmod>{lastmod}</lastmod></url>\n",
            xml_escape(&format!("{base}{url}"))
        ));
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
