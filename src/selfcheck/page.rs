//! The officer's page (`autoverifica/`): the self-check of the built site as a page of
//! it, written only when `sito.toml` asks for it (`[autoverifica] pagina = true`).
//!
//! It is not a page of the section: no menu or page links to it, it carries
//! `<meta name="robots" content="noindex">`, and it is rendered here, after every other
//! file, outside the renderer's outputs, so the sitemap, the DCAT catalogue and
//! anything else made from those outputs never list it. Its date is the build's
//! "today", the one the calendar uses, so two builds on one day give the same bytes.

use serde::Serialize;

use super::SelfCheck;
use super::crawler;
use super::grid::{Column, Value};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::pages::{Builder, Head, Input};
use crate::render::{Site, Theme, page_file, theme};

/// The page's address, relative to the section's root.
pub const URL: &str = "autoverifica/";

/// The page's template in the theme.
pub const TEMPLATE: &str = "autoverifica.html";

/// True for a file whose bytes the self-check reads (the home page, and the pages of
/// the obligations); of every other file it needs only to know that it exists.
pub fn reads(path: &str) -> bool {
    path == "index.html"
        || super::grid::Obligation::ALL
            .iter()
            .any(|o| path == page_file(o.url()))
        || (path.starts_with(super::grid::Obligation::Relazione.url()) && path.ends_with(".html"))
}

/// The page's file (path and bytes) when there is one, and the warnings.
pub type Rendered = (Option<(String, Vec<u8>)>, Vec<Diagnostic>);

/// The officer's page of the site `site` built from `input`: `None` when `sito.toml`
/// does not ask for it, for an archived snapshot, and for a build without a date;
/// with a warning and no page when the theme has no template for it.
pub fn render(input: &Input, theme: &Theme, site: &Site) -> Result<Rendered, Diagnostic> {
    let plans = input.plans;
    let (Some(today), None) = (input.today, input.archived_as) else {
        return Ok((None, Vec::new()));
    };
    if !plans.current().body.self_check_page {
        return Ok((None, Vec::new()));
    }
    if !theme.tera.contains_template(TEMPLATE) {
        let w = Diagnostic::file(
            Severity::Warning,
            format!("templates/{TEMPLATE}"),
            "template mancante: la pagina di autoverifica chiesta in sito.toml non è generata",
        )
        .hint("aggiungere il template al tema (vedere themes/default), o togliere [autoverifica] pagina = true da sito.toml");
        return Ok((None, vec![w]));
    }
    let check = SelfCheck::of(site, plans, today);
    let builder = Builder::new(input, plans.current_index());
    let title = "Autoverifica della sezione";
    let head = Head {
        url: URL,
        title,
        description: &format!(
            "La sezione valutata al {} come la valuta l'OIV nella griglia di rilevazione di ANAC, e i nodi che cerca il crawler di ANAC. Pagina di lavoro per il responsabile della pubblicazione: non è collegata dal menu.",
            today.italian()
        ),
        crumbs: &[(title, URL)],
        legal: "art. 14, c. 4, lett. g), d.lgs. 150/2009; art. 44 d.lgs. 33/2013",
        published: today,
        updated: today,
    };
    let page = builder.extra_page(&head, TEMPLATE, &Variables::of(&check))?;
    match theme.tera.render(TEMPLATE, &page.context) {
        Ok(html) => Ok((Some((page.file(), html.into_bytes())), Vec::new())),
        Err(e) => Err(Diagnostic::file(
            Severity::Error,
            format!("templates/{TEMPLATE}"),
            format!(
                "errore nel template: {}",
                theme::error_chain(&e).replace('\n', " ")
            ),
        )
        .hint("correggere il template")),
    }
}

/// The template's variables.
#[derive(Serialize)]
struct Variables {
    autoverifica: View,
}

#[derive(Serialize)]
struct View {
    oggi: String,
    oggi_iso: String,
    indirizzo: String,
    obblighi: Vec<RowView>,
    nodi: Vec<NodeView>,
    fonte_regole: &'static str,
    obblighi_pieni: usize,
    nodi_trovati: usize,
}

#[derive(Serialize)]
struct RowView {
    obbligo: &'static str,
    riferimento: &'static str,
    /// The sub-section's address, relative to the site root.
    url: &'static str,
    /// `obbligo-<n>`: the row's anchor.
    id: String,
    pieno: bool,
    celle: Vec<CellView>,
}

#[derive(Serialize)]
struct CellView {
    colonna: &'static str,
    /// As written in the grid: `2`, `n/a`, `giudizio OIV`.
    valore: String,
    /// The column's scale: `da 0 a 2`.
    scala: String,
    /// `pieno`, `basso`, `na`, `giudizio`: for CSS.
    esito: &'static str,
    motivo: String,
    come_migliorare: Option<String>,
}

#[derive(Serialize)]
struct NodeView {
    termine: &'static str,
    regola: &'static str,
    albero: &'static str,
    trovato: bool,
    /// Where the link leads, or why it does not count.
    esito: String,
}

impl Variables {
    fn of(check: &SelfCheck) -> Variables {
        let obblighi = check
            .grid
            .iter()
            .enumerate()
            .map(|(i, row)| RowView {
                obbligo: row.obligation.label(),
                riferimento: row.obligation.legal(),
                url: row.obligation.url(),
                id: format!("obbligo-{}", i + 1),
                pieno: row.full_marks(),
                celle: row
                    .cells
                    .iter()
                    .map(|c| CellView {
                        colonna: c.column.label(),
                        valore: c.value.text(),
                        scala: scale(c.column),
                        esito: match c.value {
                            Value::NotApplicable => "na",
                            Value::Judgement => "giudizio",
                            Value::Score(_) if c.is_full() => "pieno",
                            Value::Score(_) => "basso",
                        },
                        motivo: c.reason.clone(),
                        come_migliorare: c.raise.clone(),
                    })
                    .collect(),
            })
            .collect();
        let nodi = check
            .nodes
            .iter()
            .map(|n| NodeView {
                termine: n.rule.term,
                regola: n.rule.name,
                albero: n.rule.tree,
                trovato: n.is_found(),
                esito: n.outcome(),
            })
            .collect();
        Variables {
            autoverifica: View {
                oggi: check.today.italian(),
                oggi_iso: check.today.iso(),
                indirizzo: check.base_url.clone(),
                obblighi,
                nodi,
                fonte_regole: crawler::SOURCE,
                obblighi_pieni: check.grid.iter().filter(|r| r.full_marks()).count(),
                nodi_trovati: check.nodes.iter().filter(|n| n.is_found()).count(),
            },
        }
    }
}

/// A column's scale, in words.
fn scale(column: Column) -> String {
    format!("da 0 a {}", column.max())
}
