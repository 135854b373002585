//! One reference (from a page or a style sheet) checked against the site: where it
//! leads, whether that file and anchor exist, whether it loads from another host.

use std::collections::HashSet;
use std::path::Path;

use super::files::{Files, Lookup, extension, folder_of, is_page};
use super::findings::FileOut;
use super::located::Located;
use super::page::{self, Kind};
use super::url::{self, LinkTarget, SiteBase};
use crate::diagnostic::{self, Severity};

/// Fragments that need no element: the top of the page, text fragments.
pub(super) fn trivial_fragment(f: &str) -> bool {
    f.is_empty() || f.eq_ignore_ascii_case("top") || f.starts_with(":~:")
}

/// The folder relative references start from: the file's own (or its `<base href>`),
/// or, under a `<base href>` to another site, that site.
#[derive(Clone, Copy)]
pub(super) enum Dir<'a> {
    Site(&'a str),
    Outside(&'a LinkTarget),
}

pub(super) struct Ctx<'a> {
    pub(super) root: &'a Path,
    pub(super) files: &'a Files,
    pub(super) base: &'a SiteBase,
}

impl Ctx<'_> {
    /// Checks one reference; `own` are the ids of the referring page (none for CSS).
    pub(super) fn check_ref(
        &self,
        file: &Located,
        (rel, index): (&str, u32),
        dir: Dir,
        r: &page::Ref,
        own: Option<&HashSet<String>>,
        out: &mut FileOut,
    ) {
        out.links += 1;
        let url = r.url.trim();
        let target = match dir {
            Dir::Site(dir) => url::resolve(url, dir, self.base),
            // Under a <base href> to another site, relative references go there.
            Dir::Outside(base) if !url::is_absolute(url) => base.clone(),
            Dir::Outside(_) => url::resolve(url, "", self.base),
        };
        let what = match r.kind {
            Kind::Link => "link",
            Kind::Resource(w) => w,
        };
        match target {
            LinkTarget::SamePage { fragment } => {
                if let (Some(f), Some(ids)) = (fragment, own)
                    && !trivial_fragment(&f)
                    && !ids.contains(&f)
                {
                    let suggestion = diagnostic::did_you_mean(&f, ids.iter().map(String::as_str))
                        .map(|s| format!("forse «#{s}»? "))
                        .unwrap_or_default();
                    out.diagnostics.push(file.at(Severity::Error, r.offset, format!("ancora mancante: «{url}» non corrisponde a nessun id di questa pagina"), format!("{suggestion}usare l'id di un elemento della pagina (id=\"...\") o togliere l'ancora")));
                }
            }
            LinkTarget::Escapes => out.diagnostics.push(file.at(
                Severity::Error,
                r.offset,
                format!(
                    "{what} fuori dal sito: «{url}» risale oltre la cartella principale del sito"
                ),
                format!(
                    "da {rel} la cartella principale è «{}»: togliere i «../» in più",
                    if folder_of(rel).is_empty() {
                        "./".to_owned()
                    } else {
                        "../".repeat(folder_of(rel).matches('/').count())
                    }
                ),
            )),
            LinkTarget::External { host, third_party } => {
                if third_party
                    && let Kind::Resource(w) = r.kind
                    && !out.repeated(format!("terze parti {url}"))
                {
                    out.diagnostics.push(file.at(
                        Severity::Error,
                        r.offset,
                        format!("richiesta a un host di terze parti: {w} da «{url}» (host {host})"),
                        "copiare il file nel tema (static/) e collegarlo con un percorso relativo: le pagine della sezione non devono far contattare ai visitatori altri host",
                    ));
                }
            }
            LinkTarget::OtherScheme => {}
            LinkTarget::Malformed => out.diagnostics.push(file.at(
                Severity::Error,
                r.offset,
                format!("{what} con un indirizzo non valido: «{url}»"),
                "correggere l'indirizzo (ad esempio spazi o caratteri non ammessi nel nome dell'host)",
            )),
            LinkTarget::Internal { path, fragment } => match self.files.lookup(&path) {
                Lookup::File(found) => {
                    let Some(f) = fragment.filter(|f| !trivial_fragment(f)) else {
                        return;
                    };
                    if found == index {
                        if let Some(ids) = own
                            && !ids.contains(&f)
                        {
                            out.diagnostics.push(file.at(Severity::Error, r.offset, format!("ancora mancante: «{url}» non corrisponde a nessun id di questa pagina"), "usare l'id di un elemento della pagina (id=\"...\") o togliere l'ancora"));
                        }
                    } else {
                        let name = self.files.name(found);
                        if is_page(name) || extension(name) == "svg" {
                            out.pend(found, f, index, r.offset);
                        }
                    }
                }
                Lookup::NoSlash(found) => out.diagnostics.push(file.at(
                    Severity::Warning,
                    r.offset,
                    format!("{what} a una cartella senza la barra finale: «{url}»"),
                    format!(
                        "scrivere «{}/»: senza barra il server deve reindirizzare a {}",
                        url.split(['?', '#']).next().unwrap_or(url),
                        self.files.name(found)
                    ),
                )),
                missing @ (Lookup::Missing | Lookup::NoIndex) => {
                    if out.repeated(format!("mancante {path}")) {
                        return;
                    }
                    let plain = url.split(['?', '#']).next().unwrap_or(url);
                    let resolved = if path.is_empty() {
                        " (la cartella principale del sito)".to_owned()
                    } else if plain == path {
                        String::new()
                    } else {
                        format!(" (cioè {path})")
                    };
                    let (message, hint) = match r.kind {
                        Kind::Link => (format!("link interrotto: «{url}»{resolved} non esiste nel sito"), "correggere l'indirizzo (i percorsi relativi partono dalla cartella della pagina) o generare la pagina mancante".to_owned()),
                        Kind::Resource(w) => (format!("risorsa mancante: {w} «{url}»{resolved} non esiste nel sito"), format!("copiare il file nel tema (static/) o correggere il percorso, che parte dalla cartella di {rel}")),
                    };
                    let message = if matches!(missing, Lookup::NoIndex) {
                        format!("{message}: la cartella c'è, ma senza index.html")
                    } else {
                        message
                    };
                    out.diagnostics
                        .push(file.at(Severity::Error, r.offset, message, hint));
                }
            },
        }
    }
}
