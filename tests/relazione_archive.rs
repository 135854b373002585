//! The Relazione sulla Performance archived as its own version: after the year end, the
//! Relazione of the year is frozen as `relazione-<anno>`, verified with the others,
//! listed on the archive page by its name, with what changed since the version before.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;
use trasparenza::archive;

mod common;
use common::visible_text;

/// 2026-07-01T00:00:00Z: after the Relazione 2025 of the complete example is published.
const JULY_1_2026: &str = "1782864000";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", JULY_1_2026)
        .output()
        .unwrap()
}

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// The complete example, written by `crea --completo`.
fn complete() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    ok(run(tmp.path(), &["init", "--completo", "sito"]));
    tmp
}

fn page(site: &Path, path: &str) -> String {
    visible_text(&fs::read_to_string(site.join("public").join(path)).unwrap())
}

#[test]
fn the_relazione_is_archived_as_its_own_version() {
    let tmp = complete();
    let site = tmp.path().join("sito");
    ok(run(&site, &["archivia", "2025-S2"]));
    let out = ok(run(&site, &["archivia", "relazione-2025"]));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Versione relazione-2025 archiviata"),
        "{said}"
    );

    // its own version, with the Relazione's publication date and year in its metadata
    let m = archive::read_metadata(&site.join("archivio/relazione-2025")).unwrap();
    assert_eq!(m.relazione, Some(2025));
    assert_eq!(m.periodo, "2025-S2");
    assert_eq!(m.data_pubblicazione, "2026-06-25");
    assert_eq!(m.data_archiviazione, "2026-07-01");
    assert!(site.join("archivio/relazione-2025.zip").is_file());
    // the frozen site holds the Relazione's page
    let frozen = site.join("archivio/relazione-2025/data/piano-della-performance/2025-2027");
    assert!(
        fs::read_dir(&frozen).is_ok(),
        "no plan pages in the archived Relazione"
    );
    // the semester's version is a different version, and keeps no Relazione field
    let semester = fs::read_to_string(site.join("archivio/2025-S2/metadati.json")).unwrap();
    assert!(!semester.contains("relazione"), "{semester}");

    // a second time is refused, unless as a new revision
    let again = run(&site, &["archivia", "relazione-2025"]);
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("la Relazione sulla Performance 2025 è già archiviata"),
        "{err}"
    );
    ok(run(
        &site,
        &["archivia", "relazione-2025", "--nuova-revisione"],
    ));
    assert!(
        site.join("archivio/relazione-2025-r2/metadati.json")
            .is_file()
    );

    // a year without a Relazione is refused, with those there are
    let none = run(&site, &["archivia", "relazione-2024"]);
    assert!(!none.status.success());
    let err = String::from_utf8_lossy(&none.stderr);
    assert!(
        err.contains("nessuna Relazione sulla Performance 2024")
            && err.contains("relazioni nei contenuti: 2025"),
        "{err}"
    );

    // verified with the other versions
    let verified = ok(run(&site, &["archivia", "--verifica"]));
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(
        said.contains("Archivio integro: 3 versioni") && said.contains("relazione-2025"),
        "{said}"
    );

    // listed by its name on the archive page, with what changed since the semester
    ok(run(&site, &["genera"]));
    let listed = page(&site, "archivio/index.html");
    assert!(
        listed.contains("Relazione sulla Performance 2025"),
        "{listed}"
    );
    assert!(listed.contains("2025-S2"), "{listed}");
    let changes = page(&site, "archivio/modifiche/relazione-2025/index.html");
    assert!(
        changes.contains("relazione-2025 (Relazione sulla Performance 2025, revisione 1"),
        "{changes}"
    );
    assert!(changes.contains("2025-S2"), "{changes}");
}
