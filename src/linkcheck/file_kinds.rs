//! The checks of one file, by its type: a page (its references, the official labels,
//! the metadata block, the problems in its markup), a style sheet, a script.

use super::LABELS;
use super::css;
use super::files::{css_kind, folder_of};
use super::findings::{FileOut, id_hash};
use super::located::{Located, whole_file};
use super::page::{self, Kind, PageScan};
use super::reference::{Ctx, Dir};
use super::url::{self, LinkTarget};
use crate::diagnostic::Severity;

impl Ctx<'_> {
    pub(super) fn page(&self, index: u32) -> FileOut {
        let rel = self.files.name(index);
        let mut out = FileOut::default();
        let path = self.root.join(rel);
        let file = match Located::read(path.clone()) {
            Ok(file) => file,
            Err(e) => {
                out.diagnostics.push(whole_file(
                    path,
                    format!("pagina illeggibile: {e}"),
                    "controllare i permessi del file",
                ));
                return out;
            }
        };
        let scan: PageScan = page::scan(file.text());
        let mut dir = folder_of(rel).to_owned();
        let mut outside: Option<LinkTarget> = None;
        let mut base_page: Option<String> = None;
        if let Some((href, offset)) = &scan.base_href {
            match url::resolve(href, folder_of(rel), self.base) {
                LinkTarget::Internal { path, .. } => {
                    dir = folder_of(&path).to_owned();
                    base_page = Some(path);
                }
                LinkTarget::SamePage { .. } => {}
                LinkTarget::Escapes => out.diagnostics.push(file.at(
                    Severity::Error,
                    *offset,
                    format!(
                        "<base href> fuori dal sito: «{href}» risale oltre la cartella principale"
                    ),
                    "correggere <base href> o toglierlo",
                )),
                other => outside = Some(other),
            }
        }
        let dir = match &outside {
            Some(t) => Dir::Outside(t),
            None => Dir::Site(&dir),
        };
        for r in &scan.refs {
            // With <base href>, "#x" refers to the base document, not to this page.
            if let Some(b) = &base_page
                && r.url.trim().starts_with('#')
            {
                let joined = page::Ref {
                    url: format!("{b}{}", r.url.trim()),
                    offset: r.offset,
                    kind: r.kind,
                };
                self.check_ref(
                    &file,
                    (rel, index),
                    Dir::Site(""),
                    &joined,
                    Some(&scan.ids),
                    &mut out,
                );
                continue;
            }
            self.check_ref(&file, (rel, index), dir, r, Some(&scan.ids), &mut out);
        }
        for (text, offset) in &scan.link_texts {
            for (i, label) in LABELS.iter().enumerate() {
                if text == label {
                    out.labels[i] = true;
                } else if text.to_lowercase() == label.to_lowercase() {
                    out.diagnostics.push(file.at(Severity::Error, *offset, format!("etichetta ufficiale non riportata testualmente: «{text}» invece di «{label}»"), "usare la denominazione esatta della sotto-sezione (allegato 1 della delibera ANAC 1310/2016), maiuscole comprese"));
                }
            }
        }
        // the officer's self-check page is a working page, not a publication of the section:
        // it alone may ask not to be indexed
        let officer = rel == crate::render::page_file(crate::selfcheck::page::URL);
        for p in &scan.problems {
            if officer && p.hint == page::HINT_INDEX {
                continue;
            }
            out.diagnostics
                .push(file.at(Severity::Error, p.offset, p.message.clone(), p.hint));
        }
        let name = &rel[rel.rfind('/').map_or(0, |i| i + 1)..];
        if name != "404.html" {
            let hint = |what: &str| {
                format!(
                    "il blocco «Informazioni sulla pagina» del tema deve mostrare {what} (themes/default/templates/components/metadati.html)"
                )
            };
            let missing = [
                (
                    scan.published.is_none(),
                    "la data di pubblicazione",
                    "<dt>Pubblicato il</dt><dd><time datetime=\"AAAA-MM-GG\">…</time></dd>, oppure un elemento con data-metadato=\"pubblicazione\"",
                ),
                (
                    scan.updated.is_none(),
                    "la data di ultimo aggiornamento",
                    "<dt>Ultimo aggiornamento</dt><dd><time datetime=\"AAAA-MM-GG\">…</time></dd>, oppure un elemento con data-metadato=\"aggiornamento\"",
                ),
                (
                    scan.office.is_none(),
                    "l'ufficio responsabile",
                    "<dt>Ufficio responsabile</dt><dd>nome dell'ufficio</dd>, oppure un elemento con data-metadato=\"ufficio\"",
                ),
            ];
            for (absent, what, how) in missing {
                if absent {
                    out.diagnostics.push(whole_file(
                        path.clone(),
                        format!("la pagina non mostra {what}"),
                        hint(how),
                    ));
                }
            }
            if let (Some(p), Some(u)) = (&scan.published, &scan.updated)
                && u[..10] < p[..10]
            {
                out.diagnostics.push(whole_file(path.clone(), format!("la data di ultimo aggiornamento ({u}) precede quella di pubblicazione ({p})"), "controllare le date «pubblicato» e «aggiornato» nei contenuti"));
            }
        }
        out.ids = Some((index, scan.ids.iter().map(|id| id_hash(id)).collect()));
        out.finish()
    }

    pub(super) fn stylesheet(&self, index: u32) -> FileOut {
        let rel = self.files.name(index);
        let mut out = FileOut::default();
        let Ok(file) = Located::read(self.root.join(rel)) else {
            return out;
        };
        for u in css::urls(file.text()) {
            let kind = match url::resolve(&u.url, folder_of(rel), self.base) {
                LinkTarget::Internal { path, .. } => css_kind(&path),
                _ => css_kind(u.url.split(['?', '#']).next().unwrap_or("")),
            };
            let r = page::Ref {
                url: u.url,
                offset: u.offset,
                kind: Kind::Resource(kind),
            };
            self.check_ref(
                &file,
                (rel, index),
                Dir::Site(folder_of(rel)),
                &r,
                None,
                &mut out,
            );
        }
        out.finish()
    }

    pub(super) fn script(&self, index: u32) -> FileOut {
        let rel = self.files.name(index);
        let mut out = FileOut::default();
        let Ok(file) = Located::read(self.root.join(rel)) else {
            return out;
        };
        for i in page::cookie_uses(file.text()) {
            out.diagnostics.push(file.at(Severity::Error, i, "lo script imposta o legge cookie: document.cookie", "la sezione non deve impostare cookie: togliere lo script; senza cookie non servono banner né consenso"));
        }
        out
    }
}
