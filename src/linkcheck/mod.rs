//! `trasparenza check --links`: checks a built site as it will be served.
//!
//! - every internal reference (relative, root-relative under the site's base path,
//!   or absolute with the site's own address) leads to a file of the site, every
//!   `#fragment` to an element of the target page (or SVG sprite), and no relative
//!   path climbs above the site root; style sheets are followed too (`url()`, `@import`);
//! - transparency hygiene: the five official labels of the Performance section are
//!   link texts verbatim; every page but `404.html` shows its publication date, update
//!   date and responsible office; nothing asks search engines not to index; no resource
//!   is requested from another host; no cookie is set.
//!
//! The site root is the folder given; its public address (host and base path) is read
//! from `<link rel="canonical">` of the pages. Each file is read once and pages are
//! checked in parallel; anchors are checked against a per-page index at the end, so
//! the cost grows linearly with the size of the site.
//!
//! - `mod.rs`: [`check_site`], the whole check, and its [`LinkReport`];
//! - `files.rs`: the files of the site and what a path names among them;
//! - `located.rs`: a file read once, and diagnostics at an offset of it;
//! - `findings.rs`: what checking one file produces, repeated problems counted;
//! - `reference.rs`: one reference checked against the site;
//! - `file_kinds.rs`: the checks of a page, a style sheet, a script;
//! - `anchors.rs`: anchors missing in other files, reported at the end;
//! - `crawlers.rs`: `robots.txt` and `sitemap.xml`;
//! - [`page`], [`html`], [`css`], [`url`]: reading pages, markup, style sheets, addresses.

pub mod css;
pub mod html;
pub mod page;
pub mod url;

mod anchors;
mod crawlers;
mod file_kinds;
mod files;
mod findings;
mod located;
mod reference;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use self::url::SiteBase;
use crate::diagnostic::{self, Diagnostic};
use files::{Files, extension, is_page};
use findings::{FileOut, Pending, id_hash};
use located::{read_text, whole_file};
use reference::Ctx;

/// The labels of the Performance sub-sections, verbatim (D.Lgs. 33/2013, allegato 1
/// della delibera ANAC 1310/2016). Kept here independently of the renderer on purpose.
pub const LABELS: [&str; 5] = [
    "Sistema di misurazione e valutazione della Performance",
    "Piano della Performance",
    "Relazione sulla Performance",
    "Ammontare complessivo dei premi",
    "Dati relativi ai premi",
];

/// The result of checking a site.
#[derive(Debug)]
pub struct LinkReport {
    /// Every problem, sorted (errors first).
    pub diagnostics: Vec<Diagnostic>,
    /// HTML pages checked.
    pub pages: usize,
    /// References examined (in pages and style sheets).
    pub links: usize,
    /// The public address the site was checked against.
    pub base: SiteBase,
}

impl LinkReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// `N pagine controllate, M link, K errori`.
    pub fn summary(&self) -> String {
        format!(
            "{} pagine controllate, {} link, {} errori",
            self.pages,
            self.links,
            self.errors()
        )
    }
}

/// Reads the public address from the canonical URL of the root page, or of any
/// page whose canonical URL ends with its own path.
fn find_base(root: &Path, pages: &[&str]) -> SiteBase {
    let ordered = pages
        .iter()
        .filter(|p| **p == "index.html")
        .chain(pages.iter().filter(|p| **p != "index.html"))
        .take(50);
    for rel in ordered {
        let Ok(text) = read_text(&root.join(rel)) else {
            continue;
        };
        let Some(canonical) = page::scan(&text).canonical else {
            continue;
        };
        let own = rel.strip_suffix("index.html").unwrap_or(rel);
        let without_fragment = canonical.split(['#', '?']).next().unwrap_or("");
        if let Some(prefix) = without_fragment.strip_suffix(own)
            && let Some(base) = SiteBase::from_url(prefix)
        {
            return base;
        }
    }
    SiteBase::default()
}

/// Checks the built site in `root`.
pub fn check_site(root: &Path) -> LinkReport {
    let mut report = LinkReport {
        diagnostics: Vec::new(),
        pages: 0,
        links: 0,
        base: SiteBase::default(),
    };
    if !root.is_dir() {
        report.diagnostics.push(whole_file(root, "la cartella del sito non esiste", "generare il sito con «trasparenza genera» e indicare la cartella di uscita (predefinita: public)"));
        return report;
    }
    let files = Files::walk(root);
    let pages: Vec<&str> = files
        .names
        .iter()
        .map(String::as_str)
        .filter(|r| is_page(r))
        .collect();
    let base = find_base(root, &pages);
    let ctx = Ctx {
        root,
        files: &files,
        base: &base,
    };

    let outs: Vec<FileOut> = (0..u32::try_from(files.names.len()).unwrap_or(u32::MAX))
        .into_par_iter()
        .filter_map(|i| match extension(files.name(i)).as_str() {
            "html" | "htm" => Some(ctx.page(i)),
            "css" => Some(ctx.stylesheet(i)),
            "js" | "mjs" => Some(ctx.script(i)),
            _ => None,
        })
        .collect();

    let mut ids: HashMap<u32, HashSet<u64>> = HashMap::with_capacity(pages.len());
    let mut pending = Vec::new();
    let mut labels = [false; 5];
    for out in outs {
        report.diagnostics.extend(out.diagnostics);
        report.links += out.links;
        if let Some((i, set)) = out.ids {
            ids.insert(i, set);
        }
        pending.extend(out.pending);
        for (l, found) in labels.iter_mut().zip(out.labels) {
            *l |= found;
        }
    }

    // Anchors in other pages and in SVG sprites, each target indexed once.
    let svgs: HashSet<u32> = pending
        .iter()
        .map(|p| p.target)
        .filter(|t| !ids.contains_key(t))
        .collect();
    let svg_ids: Vec<(u32, HashSet<u64>)> = svgs
        .into_par_iter()
        .map(|t| {
            let set = read_text(&root.join(files.name(t)))
                .map(|s| page::svg_ids(&s))
                .unwrap_or_default();
            (t, set.iter().map(|id| id_hash(id)).collect())
        })
        .collect();
    ids.extend(svg_ids);
    let missing: Vec<Pending> = pending
        .into_iter()
        .filter(|p| {
            ids.get(&p.target)
                .is_some_and(|set| !set.contains(&id_hash(&p.fragment)))
        })
        .collect();
    report
        .diagnostics
        .extend(anchors::missing_anchors(root, &files, missing));
    for (label, found) in LABELS.iter().zip(labels) {
        if !found {
            report.diagnostics.push(whole_file(
                root,
                format!("etichetta ufficiale mancante: nessun link del sito ha il testo «{label}»"),
                "ogni sotto-sezione della Performance va collegata con la sua denominazione esatta (allegato 1 della delibera ANAC 1310/2016), ad esempio nel menu della sezione",
            ));
        }
    }
    crawlers::check_robots(root, &files, &base, &mut report);
    crawlers::check_sitemap(root, &files, &base, &mut report);

    report.pages = pages.len();
    report.base = base;
    diagnostic::sort(&mut report.diagnostics);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_the_rendered_sections() {
        let rendered: Vec<&str> = crate::render::pages::SECTIONS.iter().map(|s| s.0).collect();
        assert_eq!(rendered, LABELS);
    }
}

#[cfg(test)]
mod site_tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        dir
    }

    fn errors(dir: &Path) -> Vec<String> {
        check_site(dir)
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.line > 0)
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn base_href_changes_where_references_go() {
        let dir = site(&[
            (
                "a.html",
                "<base href=\"https://cdn.example.com/lib/\"><img src=\"logo.png\" alt=\"\"><a href=\"pagina.html\">x</a>",
            ),
            (
                "b.html",
                "<base href=\"sub/\"><a href=\"#c\">c</a> <a href=\"#manca\">m</a> <img src=\"i.png\" alt=\"\">",
            ),
            ("sub/index.html", "<h1 id=\"c\">c</h1>"),
            ("sub/i.png", "png"),
        ]);
        assert_eq!(
            errors(dir.path()),
            [
                "1:53: richiesta a un host di terze parti: immagine da «logo.png» (host cdn.example.com)",
                "1:47: ancora mancante: «#manca» non corrisponde a nessun id di sub/index.html",
            ]
        );
    }

    #[test]
    fn repeated_problems_are_counted_not_repeated() {
        let dir = site(&[
            (
                "index.html",
                "<img src=\"x.png\" alt=\"\"><img src=\"x.png\" alt=\"\">\n<a href=\"p.html#a\">1</a><a href=\"p.html#a\">2</a>",
            ),
            ("p.html", "<p id=\"b\">b</p>"),
        ]);
        assert_eq!(
            errors(dir.path()),
            [
                "1:11: risorsa mancante: immagine «x.png» non esiste nel sito (2 volte in questo file)",
                "2:10: ancora mancante: «p.html#a» non corrisponde a nessun id di p.html (2 volte in questo file)",
            ]
        );
    }
}
