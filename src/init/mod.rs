//! `trasparenza init`: a new site with a short, commented example plan that passes
//! `check` and builds at once; with `complete`, two plan cycles, a year end and a PIAO.
//! The example files live in `src/init/esempio/` and `src/init/completo/` and are
//! embedded in the binary. The body is fictional ("Ente di esempio").

pub mod pdf;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The example site: path relative to the new site folder, and text.
pub const FILES: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# Il sito generato si ricrea con `trasparenza genera`: non va nel repository.\npublic/\n",
    ),
    ("content/sito.toml", include_str!("esempio/sito.toml")),
    (
        "content/piani/2025-2027/piano.toml",
        include_str!("esempio/piani/2025-2027/piano.toml"),
    ),
    (
        "content/piani/2025-2027/aree/1.toml",
        include_str!("esempio/piani/2025-2027/aree/1.toml"),
    ),
    (
        "content/piani/2025-2027/obiettivi-strategici/1.1.toml",
        include_str!("esempio/piani/2025-2027/obiettivi-strategici/1.1.toml"),
    ),
    (
        "content/piani/2025-2027/obiettivi-operativi/1.1.1.toml",
        include_str!("esempio/piani/2025-2027/obiettivi-operativi/1.1.1.toml"),
    ),
    (
        "content/piani/2025-2027/monitoraggio/2025-S1/periodo.toml",
        include_str!("esempio/piani/2025-2027/monitoraggio/2025-S1/periodo.toml"),
    ),
    (
        "content/piani/2025-2027/monitoraggio/2025-S1/obiettivi-operativi/1.1.1.toml",
        include_str!("esempio/piani/2025-2027/monitoraggio/2025-S1/obiettivi-operativi/1.1.1.toml"),
    ),
];

/// What the complete example adds to [`FILES`]: a revision, the year end and its Relazione
/// (approved and validated, with a fictional validation document) of the first plan, a second
/// plan (the Performance sub-section of a PIAO) with its first semester, and the premi of 2025,
/// so that every kind of page is built; its `sito.toml` also turns on the officer's page.
pub const COMPLETE: &[(&str, &str)] = &[
    (
        "content/sito.toml",
        concat!(
            include_str!("esempio/sito.toml"),
            include_str!("completo/autoverifica.toml")
        ),
    ),
    (
        "content/piani/2025-2027/revisioni.toml",
        include_str!("completo/piani/2025-2027/revisioni.toml"),
    ),
    (
        "content/piani/2025-2027/monitoraggio/2025-S2/obiettivi-operativi/1.1.1.toml",
        include_str!(
            "completo/piani/2025-2027/monitoraggio/2025-S2/obiettivi-operativi/1.1.1.toml"
        ),
    ),
    (
        "content/piani/2025-2027/monitoraggio/2025-S2/obiettivi-strategici/1.1.toml",
        include_str!("completo/piani/2025-2027/monitoraggio/2025-S2/obiettivi-strategici/1.1.toml"),
    ),
    (
        "content/piani/2025-2027/monitoraggio/2025-S2/periodo.toml",
        include_str!("completo/piani/2025-2027/monitoraggio/2025-S2/periodo.toml"),
    ),
    (
        "content/piani/2025-2027/relazione/2025/relazione.toml",
        include_str!("completo/piani/2025-2027/relazione/2025/relazione.toml"),
    ),
    (
        "content/piani/2025-2027/relazione/2025/validazione-oiv.txt",
        include_str!("completo/piani/2025-2027/relazione/2025/validazione-oiv.txt"),
    ),
    (
        "content/piani/2026-2028/aree/1.toml",
        include_str!("completo/piani/2026-2028/aree/1.toml"),
    ),
    (
        "content/piani/2026-2028/monitoraggio/2026-S1/obiettivi-operativi/1.1.1.toml",
        include_str!(
            "completo/piani/2026-2028/monitoraggio/2026-S1/obiettivi-operativi/1.1.1.toml"
        ),
    ),
    (
        "content/piani/2026-2028/monitoraggio/2026-S1/obiettivi-strategici/1.1.toml",
        include_str!("completo/piani/2026-2028/monitoraggio/2026-S1/obiettivi-strategici/1.1.toml"),
    ),
    (
        "content/piani/2026-2028/monitoraggio/2026-S1/periodo.toml",
        include_str!("completo/piani/2026-2028/monitoraggio/2026-S1/periodo.toml"),
    ),
    (
        "content/piani/2026-2028/obiettivi-operativi/1.1.1.toml",
        include_str!("completo/piani/2026-2028/obiettivi-operativi/1.1.1.toml"),
    ),
    (
        "content/piani/2026-2028/obiettivi-strategici/1.1.toml",
        include_str!("completo/piani/2026-2028/obiettivi-strategici/1.1.toml"),
    ),
    (
        "content/piani/2026-2028/piano.toml",
        include_str!("completo/piani/2026-2028/piano.toml"),
    ),
    (
        "content/premi/2025.toml",
        include_str!("completo/premi/2025.toml"),
    ),
];

/// Why the site was not created.
#[derive(Debug)]
pub enum InitError {
    /// The folder exists and has something in it: nothing was written.
    NotEmpty(PathBuf),
    /// The path exists and is not a folder.
    NotADirectory(PathBuf),
    /// Writing failed; whatever had been written was removed.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::NotEmpty(p) => write!(
                f,
                "la cartella {} esiste e non è vuota: nessun file scritto",
                p.display()
            ),
            InitError::NotADirectory(p) => write!(
                f,
                "{} esiste e non è una cartella: nessun file scritto",
                p.display()
            ),
            InitError::Io(p, e) => write!(f, "{}: scrittura non riuscita: {e}", p.display()),
        }
    }
}

/// Writes the example site into `dir`, which must not exist or be empty.
/// Returns the files written, relative to `dir`. On failure nothing is left behind.
pub fn create(dir: &Path, complete: bool) -> Result<Vec<&'static str>, InitError> {
    let existed = match fs::metadata(dir) {
        Ok(m) if !m.is_dir() => return Err(InitError::NotADirectory(dir.to_path_buf())),
        Ok(_) => {
            let mut entries = fs::read_dir(dir).map_err(|e| InitError::Io(dir.to_path_buf(), e))?;
            if entries.next().is_some() {
                return Err(InitError::NotEmpty(dir.to_path_buf()));
            }
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(InitError::Io(dir.to_path_buf(), e)),
    };
    let result = write_all(dir, complete);
    if result.is_err() {
        // leave the folder as it was found: removed if we created it, emptied otherwise
        if existed {
            if let Ok(entries) = fs::read_dir(dir) {
                for entry in entries.flatten() {
                    let p = entry.path();
                    let _ = if p.is_dir() {
                        fs::remove_dir_all(&p)
                    } else {
                        fs::remove_file(&p)
                    };
                }
            }
        } else {
            let _ = fs::remove_dir_all(dir);
        }
    }
    result
}

/// The fictional acts the complete example attaches to the plan, a revision and the
/// Relazione (`[[documento]]`): path, and the lines of their one-page PDF.
pub const DOCUMENTS: &[(&str, &[&str])] = &[
    (
        "content/piani/2026-2028/documenti/piao-2026-2028.pdf",
        &[
            "ESEMPIO FITTIZIO - Ente di esempio",
            "PIAO 2026-2028, approvato con delibera di Giunta n. 8 del 28/01/2026",
            "Documento di fantasia creato da trasparenza crea --completo:",
            "non è l'atto di un ente reale.",
        ],
    ),
    (
        "content/piani/2026-2028/documenti/smvp-2026.pdf",
        &[
            "ESEMPIO FITTIZIO - Ente di esempio",
            "Delibera di Giunta n. 5 del 20/01/2026: SMVP aggiornato",
            "Documento di fantasia creato da trasparenza crea --completo:",
            "non è l'atto di un ente reale.",
        ],
    ),
    (
        "content/premi/determina-premi-2025.pdf",
        &[
            "ESEMPIO FITTIZIO - Ente di esempio",
            "Determinazione n. 58 del 30/06/2026: distribuzione dei premi 2025",
            "Documento di fantasia creato da trasparenza crea --completo:",
            "non è l'atto di un ente reale.",
        ],
    ),
    (
        "content/piani/2025-2027/delibera-45-2025.pdf",
        &[
            "ESEMPIO FITTIZIO - Ente di esempio",
            "Delibera di Giunta n. 45 del 15/09/2025: revisione del Piano della Performance 2025-2027",
            "Documento di fantasia creato da trasparenza crea --completo:",
            "non è l'atto di un ente reale.",
        ],
    ),
    (
        "content/piani/2025-2027/relazione/2025/relazione-2025.pdf",
        &[
            "ESEMPIO FITTIZIO - Ente di esempio",
            "Relazione sulla Performance 2025, approvata con delibera di Giunta n. 12 del 28/04/2026",
            "Documento di fantasia creato da trasparenza crea --completo:",
            "non è l'atto di un ente reale.",
        ],
    ),
];

fn write_all(dir: &Path, complete: bool) -> Result<Vec<&'static str>, InitError> {
    let mut written = Vec::new();
    let extra = if complete { COMPLETE } else { &[] };
    let documents = if complete { DOCUMENTS } else { &[] };
    let pdfs = documents
        .iter()
        .map(|(rel, lines)| (*rel, pdf::one_page(lines)));
    // a file of the complete example replaces the simple example's at its path
    let texts = FILES
        .iter()
        .filter(|(rel, _)| !extra.iter().any(|(r, _)| r == rel))
        .chain(extra)
        .map(|(rel, t)| (*rel, (*t).to_owned()));
    for (rel, text) in texts.chain(pdfs) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| InitError::Io(parent.to_path_buf(), e))?;
        }
        fs::write(&path, text).map_err(|e| InitError::Io(path.clone(), e))?;
        written.push(rel);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    fn sources(files: &[&[(&str, &'static str)]]) -> Vec<Source> {
        // a later list's file replaces an earlier one's at its path
        let by_path: std::collections::BTreeMap<&str, &'static str> =
            files.iter().flat_map(|f| f.iter().copied()).collect();
        by_path
            .into_iter()
            // content files only: the validation document beside a Relazione is not TOML
            .filter(|(p, _)| p.ends_with(".toml"))
            .filter_map(|(p, t)| p.strip_prefix("content/").map(|p| Source::new(p, t)))
            .collect()
    }

    #[test]
    fn example_is_valid_without_warnings() {
        let loaded = crate::load::load_sources(&sources(&[FILES]));
        assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
        let plans = loaded.plans.expect("plan");
        assert_eq!(plans.all().len(), 1);
        let plan = plans.current();
        assert_eq!(plan.strategic.len() + plan.operational.len(), 2);
        assert_eq!(plan.periods.len(), 1);
    }

    #[test]
    fn complete_example_has_two_plans_a_year_end_and_a_piao() {
        let loaded = crate::load::load_sources(&sources(&[FILES, COMPLETE]));
        assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
        let plans = loaded.plans.expect("plans");
        let ids: Vec<&str> = plans.all().iter().map(|p| p.info.id.as_str()).collect();
        assert_eq!(ids, ["2025-2027", "2026-2028"]);
        let first = &plans.all()[0];
        let periods: Vec<(&str, bool)> = first
            .periods
            .iter()
            .map(|p| (p.id.as_str(), p.is_final()))
            .collect();
        assert_eq!(periods, [("2025-S1", false), ("2025-S2", true)]);
        let current = plans.current();
        assert_eq!(current.periods.len(), 1);
        assert_eq!(first.revisions.all().len(), 1);
        let relazione = &first.relazioni[0];
        assert_eq!(
            (relazione.year, relazione.period.as_str()),
            (2025, "2025-S2")
        );
        assert_eq!(relazione.state.code(), "validata");
        let piao = current.info.piao.as_ref().expect("PIAO");
        assert_eq!(
            piao.strategic_label.as_deref(),
            Some("obiettivi di valore pubblico")
        );
        let years: Vec<i32> = plans.pay().iter().map(|y| y.year).collect();
        assert_eq!(years, [2025]);
    }
}
