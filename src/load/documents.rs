//! `[[documento]]` tables: the adopted acts attached to a page (the plan in `piano.toml`, a
//! revision in `revisioni.toml`, a Relazione in `relazione.toml`, the premi of a year).
//! Each table is read with its file ([`documents_from`]: title, act, date, a file of an open
//! format within the content folder or an address); the files are read once the plans are
//! assembled ([`read_files`]: present, the format they claim, inside the content folder).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::problems::Problems;
use super::raw::{DocumentRaw, S};
use super::values::{date, word};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Plans;
use crate::model::document::{Act, Document, File, Format, NotAccepted, Read, Source};

/// Largest document accepted: an act of many pages, scanned.
const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// The documents of one content file, in the order written; an invalid one is left out
/// with its error.
pub fn documents_from(list: &[DocumentRaw], p: &mut Problems) -> Vec<Document> {
    let mut names = HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for d in list {
        let Some(doc) = document_from(d, p) else {
            continue;
        };
        if let (Some(f), Some(at)) = (doc.file(), &d.file)
            && !names.insert(f.name.to_lowercase())
        {
            p.error(
                at.span(),
                format!("due documenti della stessa pagina si chiamano \"{}\"", f.name),
                "i documenti di una pagina sono pubblicati nella stessa cartella: rinominare uno dei due file",
            );
            continue;
        }
        out.push(doc);
    }
    out
}

fn document_from(d: &DocumentRaw, p: &mut Problems) -> Option<Document> {
    let title = d.titolo.get_ref().trim().to_owned();
    if title.is_empty() {
        p.error(
            d.titolo.span(),
            "documento senza titolo",
            "scrivere che cosa è il documento, ad esempio titolo = \"Piano della Performance 2026-2028 approvato\"",
        );
    }
    let act = word::<Act>(
        &d.atto,
        |w| format!("tipo di atto \"{}\" sconosciuto", w.trim()),
        p,
    );
    let number = match d.numero.as_ref().map(|n| (n, n.get_ref())) {
        None => Ok(None),
        Some((_, toml::Value::Integer(n))) => Ok(Some(n.to_string())),
        Some((_, toml::Value::String(s))) if !s.trim().is_empty() => Ok(Some(s.trim().to_owned())),
        Some((n, _)) => {
            p.error(
                n.span(),
                "numero dell'atto non valido",
                "scrivere il numero come nell'atto, ad esempio numero = 12 o numero = \"12/2026\"",
            );
            Err(())
        }
    };
    let on = date(&d.data, "data", p);
    let source = match (&d.file, &d.url) {
        (Some(file), None) => file_from(file, p).map(Source::File),
        (None, Some(url)) => link(url, p).map(|url| Source::Link { url }),
        (Some(file), Some(_)) => {
            p.error(
                p.key_of(file),
                "il documento è indicato due volte: `file` e `url`",
                "indicare il file nella cartella dei contenuti (file = \"delibera.pdf\") oppure l'indirizzo dove è pubblicato (url = \"https://...\"), non entrambi",
            );
            None
        }
        (None, None) => {
            p.error(
                p.key_of(&d.titolo),
                format!("documento \"{title}\" senza file né indirizzo"),
                "aggiungere file = \"delibera.pdf\" (il file, accanto a questo .toml, pubblicato così com'è) oppure url = \"https://...\" (dove è pubblicato)",
            );
            None
        }
    };
    if title.is_empty() {
        return None;
    }
    Some(Document {
        title,
        act: act?,
        number: number.ok()?,
        date: on?,
        source: source?,
    })
}

/// A file named relative to the folder of the content file: inside the content folder,
/// of an open format.
fn file_from(file: &S<String>, p: &mut Problems) -> Option<File> {
    let written = file.get_ref().trim();
    let parts: Vec<&str> = written.split('/').collect();
    let absolute = written.starts_with('/') || written.contains('\\') || written.contains(':');
    if absolute || parts.contains(&"..") {
        p.error(
            file.span(),
            format!("il percorso \"{written}\" esce dalla cartella dei contenuti"),
            "copiare il documento nella cartella dei contenuti, accanto a questo file, e indicarne il percorso da qui, senza \"..\" né percorsi assoluti: ad esempio file = \"delibera.pdf\"",
        );
        return None;
    }
    let name = parts.last().copied().unwrap_or_default();
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && parts.iter().all(|c| !c.is_empty() && *c != ".")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !plain {
        p.error(
            file.span(),
            format!("nome del documento \"{written}\" non valido"),
            "il nome diventa parte dell'indirizzo del documento: usare lettere senza accenti, cifre, trattini e punti, ad esempio file = \"delibera-giunta-8-2026.pdf\"",
        );
        return None;
    }
    let format = match Format::of_name(name) {
        Ok(f) => f,
        Err(NotAccepted::Closed { instead }) => {
            p.error(
                file.span(),
                format!("\"{name}\" non è in un formato aperto (art. 7 d.lgs. 33/2013)"),
                format!(
                    "salvare il documento in {instead} e indicare quel file; i formati accettati sono PDF (meglio PDF/A), ODT, ODS, ODP, DOCX, XLSX, PPTX, CSV e XML"
                ),
            );
            return None;
        }
        Err(NotAccepted::Unknown) => {
            p.error(
                file.span(),
                format!("formato del documento \"{name}\" non accettato"),
                "i formati accettati sono PDF (meglio PDF/A), ODT, ODS, ODP, DOCX, XLSX, PPTX, CSV e XML: salvare il documento in uno di questi",
            );
            return None;
        }
    };
    let src = p.src.get();
    let folder = src.path.parent().unwrap_or(Path::new(""));
    let path = folder.join(written).to_string_lossy().replace('\\', "/");
    let (line, column) = src.line_col(file.span().start);
    Some(File {
        name: name.to_owned(),
        path,
        format,
        read: None,
        written_at: (src.path.clone(), line, column),
    })
}

/// An `https://` address, or an error.
fn link(u: &S<String>, p: &mut Problems) -> Option<String> {
    let url = u.get_ref().trim();
    let valid = url.starts_with("https://") && url.len() > "https://".len() && !url.contains(' ');
    if !valid {
        p.error(
            u.span(),
            format!("url: \"{url}\" non è un indirizzo https"),
            "scrivere l'indirizzo completo dove il documento è pubblicato, ad esempio \"https://www.ente.it/delibere/8-2026.pdf\"",
        );
    }
    valid.then(|| url.to_owned())
}

/// Every document of the plans, in content order: each plan's, its SMVP's, its revisions',
/// its Relazioni's, then the premi's.
pub fn all_mut(plans: &mut Plans) -> Vec<&mut Document> {
    let mut out: Vec<&mut Document> = Vec::new();
    let (cycles, pay) = plans.all_and_pay_mut();
    for plan in cycles {
        out.extend(plan.info.documents.iter_mut());
        out.extend(plan.info.smvp_documents.iter_mut());
        out.extend(plan.revisions.documents_mut());
        for r in &mut plan.relazioni {
            out.extend(r.documents.iter_mut());
        }
    }
    for year in pay {
        out.extend(year.documents.iter_mut());
    }
    out
}

/// Reads each document file from the content folder `dir`: an error where one is missing,
/// outside the folder, too large, or not of the format its name says.
pub fn read_files(plans: &mut Plans, dir: &Path, diags: &mut Vec<Diagnostic>) {
    let root = dir.canonicalize().ok();
    for doc in all_mut(plans) {
        let Source::File(file) = &mut doc.source else {
            continue;
        };
        match read_one(file, dir, root.as_deref()) {
            Ok(read) => file.read = Some(read),
            Err((message, hint)) => {
                let (written, line, column) = &file.written_at;
                diags.push(Diagnostic {
                    line: *line,
                    column: *column,
                    ..Diagnostic::file(Severity::Error, written, message).hint(hint)
                });
            }
        }
    }
}

/// One file's bytes, or the error and its fix.
fn read_one(file: &File, dir: &Path, root: Option<&Path>) -> Result<Read, (String, String)> {
    let path = dir.join(&file.path);
    let missing = || {
        (
            format!("documento \"{}\" non trovato", file.path),
            format!(
                "copiare il file {} nella cartella dei contenuti, accanto al file che lo indica, o correggerne il nome",
                file.name
            ),
        )
    };
    let real = path.canonicalize().map_err(|_| missing())?;
    // a link inside the folder may point anywhere: what is published stays in the folder
    if root.is_some_and(|r| !real.starts_with(r)) {
        return Err((
            format!(
                "il documento \"{}\" porta fuori dalla cartella dei contenuti",
                file.path
            ),
            "copiare il documento nella cartella dei contenuti al posto del collegamento".into(),
        ));
    }
    let meta = std::fs::metadata(&real).map_err(|_| missing())?;
    if !meta.is_file() {
        return Err(missing());
    }
    if meta.len() > MAX_BYTES {
        return Err((
            format!(
                "documento \"{}\" troppo grande ({} byte)",
                file.path,
                meta.len()
            ),
            "ridurre il file (un PDF/A senza immagini ad alta risoluzione), o pubblicarlo altrove e indicarne l'url".into(),
        ));
    }
    let bytes = std::fs::read(&real).map_err(|e| {
        (
            format!("documento \"{}\" non leggibile: {e}", file.path),
            "controllare i permessi del file".to_owned(),
        )
    })?;
    if !file.format.matches(&bytes) {
        let label = file.format.label();
        return Err((
            format!(
                "il documento \"{}\" non è un file {label} come dice il suo nome",
                file.path
            ),
            format!(
                "{}: esportare di nuovo il documento in {label} dal programma con cui è stato scritto, o dare al file l'estensione del suo formato",
                file.format.expected_start()
            ),
        ));
    }
    let sha256 = crate::archive::bag::sha256_hex(&bytes);
    Ok(Read {
        bytes: Arc::from(bytes),
        sha256,
    })
}
