//! What the site tells search engines: `robots.txt` and `sitemap.xml`.

use std::path::Path;

use super::LinkReport;
use super::files::{Files, Lookup};
use super::html;
use super::located::Located;
use super::url::{self, LinkTarget, SiteBase};
use crate::diagnostic::Severity;

/// `robots.txt` must not block anything, and the sitemap it names must exist.
pub(super) fn check_robots(root: &Path, files: &Files, base: &SiteBase, report: &mut LinkReport) {
    if !files.index.contains_key("robots.txt") {
        return;
    }
    let Ok(file) = Located::read(root.join("robots.txt")) else {
        return;
    };
    let mut offset = 0;
    for line in file.text().split_inclusive('\n') {
        let content = line.split('#').next().unwrap_or("").trim();
        if let Some((field, value)) = content.split_once(':') {
            let value = value.trim();
            match field.trim().to_ascii_lowercase().as_str() {
                "disallow" if !value.is_empty() => report.diagnostics.push(file.at(
                    Severity::Error,
                    offset,
                    format!("robots.txt blocca i motori di ricerca: «{content}»"),
                    "togliere la riga: l'art. 9, c. 1, d.lgs. 33/2013 vieta filtri che impediscono l'indicizzazione della sezione «Amministrazione trasparente»",
                )),
                "sitemap" => {
                    if let LinkTarget::Internal { path, .. } = url::resolve(value, "", base)
                        && !matches!(files.lookup(&path), Lookup::File(_))
                    {
                        report.diagnostics.push(file.at(Severity::Error, offset, format!("robots.txt indica una sitemap che non esiste: «{value}»"), "generare sitemap.xml o correggere l'indirizzo"));
                    }
                }
                _ => {}
            }
        }
        offset += line.len();
    }
}

/// Every `<loc>` of `sitemap.xml` inside the site must exist.
pub(super) fn check_sitemap(root: &Path, files: &Files, base: &SiteBase, report: &mut LinkReport) {
    if !files.index.contains_key("sitemap.xml") {
        return;
    }
    let Ok(file) = Located::read(root.join("sitemap.xml")) else {
        return;
    };
    let mut in_loc = false;
    for token in html::Tokenizer::new(file.text()) {
        match token {
            html::Token::Start(t) => in_loc = t.name == "loc",
            html::Token::End(_) => in_loc = false,
            html::Token::Text { text, offset } if in_loc => {
                let loc = html::decode(text.trim());
                report.links += 1;
                if let LinkTarget::Internal { path, .. } = url::resolve(&loc, "", base)
                    && !matches!(files.lookup(&path), Lookup::File(_))
                {
                    let at = offset + (text.len() - text.trim_start().len());
                    report.diagnostics.push(file.at(
                        Severity::Error,
                        at,
                        format!("la sitemap elenca una pagina che non esiste: «{loc}»"),
                        "rigenerare il sito: la sitemap deve elencare solo pagine pubblicate",
                    ));
                }
            }
            _ => {}
        }
    }
}
