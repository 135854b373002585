//! The adopted acts as documents (`[[documento]]`), on the complete example: each file
//! published byte-identical beside its page with its SHA-256 shown, listed in `piano.json`
//! and in the DCAT catalogue, carried into the archive (which verifies); and `check`'s
//! errors for a missing file, a file of another format, a closed format, a path out of the
//! content folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};
use tempfile::TempDir;
use walkdir::WalkDir;

mod common;
use common::visible_text;

/// 2026-08-01T00:00:00Z, after the first semester of 2026 was published.
const AUGUST_1_2026: &str = "1785542400";

/// The documents of the complete example: content path, published path, the pages that
/// list it.
const DOCUMENTS: [(&str, &str, &[&str]); 5] = [
    (
        "content/piani/2026-2028/documenti/piao-2026-2028.pdf",
        "public/piano-della-performance/2026-2028/documenti/piao-2026-2028.pdf",
        &["public/piano-della-performance/2026-2028/"],
    ),
    (
        "content/piani/2026-2028/documenti/smvp-2026.pdf",
        "public/piano-della-performance/2026-2028/documenti/smvp/smvp-2026.pdf",
        &["public/sistema-di-misurazione-e-valutazione-della-performance/"],
    ),
    (
        "content/piani/2025-2027/delibera-45-2025.pdf",
        "public/piano-della-performance/2025-2027/documenti/revisione-2025-09-15/delibera-45-2025.pdf",
        &["public/piano-della-performance/2025-2027/"],
    ),
    (
        "content/piani/2025-2027/relazione/2025/relazione-2025.pdf",
        "public/relazione-sulla-performance/2025/documenti/relazione-2025.pdf",
        &["public/relazione-sulla-performance/2025/"],
    ),
    (
        "content/premi/determina-premi-2025.pdf",
        "public/ammontare-complessivo-dei-premi/documenti/2025/determina-premi-2025.pdf",
        &[
            "public/ammontare-complessivo-dei-premi/",
            "public/dati-relativi-ai-premi/",
        ],
    ),
];

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", AUGUST_1_2026)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The complete example, created and built.
fn built() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "--completo", "sito"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&tmp.path().join("sito"), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    tmp
}

fn site(tmp: &TempDir) -> PathBuf {
    tmp.path().join("sito")
}

#[test]
fn each_document_is_published_unchanged_and_listed_with_its_checksum() {
    let tmp = built();
    let dir = site(&tmp);
    for (content, published, pages) in DOCUMENTS {
        let original = fs::read(dir.join(content)).unwrap();
        assert!(original.starts_with(b"%PDF-"), "{content}");
        assert_eq!(
            fs::read(dir.join(published)).unwrap(),
            original,
            "{published}"
        );
        // the pages the document belongs to show its checksum, format and size, and link it
        let link = published.trim_start_matches("public/");
        for page in pages {
            let html = fs::read_to_string(dir.join(page).join("index.html")).unwrap();
            assert!(html.contains(link), "{page}: no link to {link}");
            let text = visible_text(&html);
            assert!(text.contains(&hex(&original)), "{page:?}: {text}");
            let size = format!("(PDF, {} byte)", original.len());
            assert!(text.contains(&size), "{page:?}: {size} in {text}");
        }
    }
    let smvp = fs::read_to_string(
        dir.join("public/sistema-di-misurazione-e-valutazione-della-performance/index.html"),
    )
    .unwrap();
    assert!(
        visible_text(&smvp).contains("SMVP aggiornato (PDF, ")
            && visible_text(&smvp).contains("Delibera di Giunta n. 5 del 20/01/2026"),
        "{smvp}"
    );
    let pay = fs::read_to_string(dir.join("public/dati-relativi-ai-premi/index.html")).unwrap();
    assert!(pay.contains("id=\"premi-2025-documenti\""), "{pay}");
    let plan = fs::read_to_string(dir.join("public/piano-della-performance/2026-2028/index.html"))
        .unwrap();
    let text = visible_text(&plan);
    assert!(
        text.contains("PIAO 2026-2028 approvato (PDF, ")
            && text.contains("Delibera di Giunta n. 8 del 28/01/2026"),
        "{text}"
    );
    let earlier =
        fs::read_to_string(dir.join("public/piano-della-performance/2025-2027/index.html"))
            .unwrap();
    assert!(visible_text(&earlier).contains("Revisione del 15/09/2025"));
}

#[test]
fn the_open_data_list_each_document() {
    let tmp = built();
    let dir = site(&tmp);
    let piano = fs::read(dir.join("public/opendata/piano.json")).unwrap();
    let doc = trasparenza::opendata::read(&piano).unwrap();
    let [d, smvp] = doc.piano.documents.as_slice() else {
        panic!(
            "the plan's and the SMVP's documents expected: {:?}",
            doc.piano.documents
        );
    };
    assert_eq!(
        smvp.attached_to,
        trasparenza::opendata::documents::Attached::Smvp
    );
    assert_eq!(
        smvp.url,
        "piano-della-performance/2026-2028/documenti/smvp/smvp-2026.pdf"
    );
    let original = fs::read(dir.join(DOCUMENTS[0].0)).unwrap();
    assert_eq!(
        d.url,
        "piano-della-performance/2026-2028/documenti/piao-2026-2028.pdf"
    );
    assert_eq!(d.sha256.as_deref(), Some(hex(&original).as_str()));
    assert_eq!(d.bytes, Some(original.len() as u64));
    assert_eq!(d.act, "delibera_giunta");

    let earlier = fs::read(dir.join("public/opendata/piani/2025-2027/piano.json")).unwrap();
    let earlier = trasparenza::opendata::read(&earlier).unwrap();
    let urls: Vec<&str> = earlier.piano.documents.iter().map(|d| &*d.url).collect();
    assert_eq!(
        urls,
        [
            "piano-della-performance/2025-2027/documenti/revisione-2025-09-15/delibera-45-2025.pdf",
            "relazione-sulla-performance/2025/documenti/relazione-2025.pdf"
        ]
    );

    let catalogue: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("public/opendata/catalogo.jsonld")).unwrap())
            .unwrap();
    let datasets = catalogue["dcat:dataset"].as_array().unwrap();
    let acts = datasets
        .iter()
        .find(|d| d["@id"].as_str().unwrap().ends_with("#documenti-2026-2028"))
        .expect("a dataset of the plan's documents");
    let dist = &acts["dcat:distribution"][0];
    assert!(
        dist["dcat:downloadURL"]["@id"]
            .as_str()
            .unwrap()
            .ends_with("piano-della-performance/2026-2028/documenti/piao-2026-2028.pdf")
    );
    assert_eq!(dist["dcat:mediaType"], "application/pdf");
    assert_eq!(dist["dcat:byteSize"], original.len() as u64);
    assert_eq!(
        dist["http://spdx.org/rdf/terms#checksum"]["http://spdx.org/rdf/terms#checksumValue"],
        hex(&original).as_str()
    );
}

#[test]
fn the_premi_s_documents_are_in_premi_json_and_the_catalogue() {
    let tmp = built();
    let dir = site(&tmp);
    let (content, published, _) = DOCUMENTS[4];
    let original = fs::read(dir.join(content)).unwrap();
    let premi: trasparenza::opendata::pay::Document =
        serde_json::from_slice(&fs::read(dir.join("public/opendata/premi.json")).unwrap()).unwrap();
    let [d] = premi.anni[0].documenti.as_slice() else {
        panic!("one document expected: {:?}", premi.anni[0].documenti);
    };
    assert_eq!(
        d.attached_to,
        trasparenza::opendata::documents::Attached::Premi { year: 2025 }
    );
    assert_eq!(d.url, published.trim_start_matches("public/"));
    assert_eq!(d.sha256.as_deref(), Some(hex(&original).as_str()));
    assert_eq!(d.bytes, Some(original.len() as u64));
    assert_eq!(d.act, "determinazione");

    let catalogue: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("public/opendata/catalogo.jsonld")).unwrap())
            .unwrap();
    let acts = catalogue["dcat:dataset"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["@id"].as_str().unwrap().ends_with("#documenti-premi"))
        .expect("a dataset of the premi's documents");
    let dist = &acts["dcat:distribution"][0];
    assert!(
        dist["dcat:downloadURL"]["@id"]
            .as_str()
            .unwrap()
            .ends_with(published.trim_start_matches("public/"))
    );
    assert_eq!(
        dist["http://spdx.org/rdf/terms#checksum"]["http://spdx.org/rdf/terms#checksumValue"],
        hex(&original).as_str()
    );
}

#[test]
fn the_archive_carries_the_documents_and_verifies() {
    let tmp = built();
    let dir = site(&tmp);
    let o = run(&dir, &["archive", "2026-S1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let version = dir.join("archivio/2026-S1");
    let original = fs::read(dir.join(DOCUMENTS[0].0)).unwrap();
    let carried: Vec<PathBuf> = WalkDir::new(&version)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().ends_with("documenti/piao-2026-2028.pdf"))
        .map(|e| e.into_path())
        .collect();
    assert!(!carried.is_empty(), "the PIAO is not in the archive");
    for path in &carried {
        assert_eq!(fs::read(path).unwrap(), original, "{path:?}");
    }
    let manifest = fs::read_to_string(version.join("manifest-sha256.txt")).unwrap();
    assert!(
        manifest.contains(&format!("{}  ", hex(&original))),
        "{manifest}"
    );
    let o = run(&dir, &["archive", "--verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Files written beside `piano.toml`: name, bytes.
type Files<'a> = &'a [(&'a str, &'a [u8])];

/// A copy of the complete example whose plan declares `document` (a `[[documento]]` table),
/// with `files` written beside `piano.toml`; the output of `check`.
fn check_with(document: &str, files: Files) -> (Output, String) {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "--completo", "sito"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let plan = tmp.path().join("sito/content/piani/2026-2028");
    let mut toml = fs::read_to_string(plan.join("piano.toml")).unwrap();
    toml.push_str(document);
    fs::write(plan.join("piano.toml"), toml).unwrap();
    for (name, bytes) in files {
        fs::write(plan.join(name), bytes).unwrap();
    }
    let o = run(&tmp.path().join("sito"), &["check"]);
    let err = stderr(&o);
    (o, err)
}

fn declared(file: &str) -> String {
    format!(
        "\n[[documento]]\ntitolo = \"Delibera\"\natto = \"delibera di Giunta\"\ndata = 2026-01-28\nfile = \"{file}\"\n"
    )
}

#[test]
fn check_names_each_bad_document_where_it_is_declared() {
    // the line of `file =` in piano.toml once the table is appended
    let line = {
        let tmp = tempfile::tempdir().unwrap();
        run(tmp.path(), &["init", "--completo", "sito"]);
        let toml =
            fs::read_to_string(tmp.path().join("sito/content/piani/2026-2028/piano.toml")).unwrap();
        toml.lines().count() + 6
    };
    let at = format!("piani/2026-2028/piano.toml:{line}:8");
    let cases: [(&str, Files, &str); 5] = [
        (
            "manca.pdf",
            &[],
            "documento \"piani/2026-2028/manca.pdf\" non trovato",
        ),
        (
            "testo.pdf",
            &[("testo.pdf", b"solo testo")],
            "non \u{e8} un file PDF come dice il suo nome",
        ),
        (
            "vecchio.odt",
            &[("vecchio.odt", b"\xD0\xCF\x11\xE0")],
            "non \u{e8} un file ODT come dice il suo nome",
        ),
        (
            "delibera.doc",
            &[("delibera.doc", b"\xD0\xCF\x11\xE0")],
            "non \u{e8} in un formato aperto",
        ),
        (
            "../../../fuori.pdf",
            &[],
            "esce dalla cartella dei contenuti",
        ),
    ];
    for (file, files, message) in cases {
        let (o, err) = check_with(&declared(file), files);
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        let first = err
            .lines()
            .find(|l| l.contains(message))
            .unwrap_or_else(|| panic!("{file}: no \"{message}\" in {err}"));
        assert!(first.starts_with(&at), "{file}: {first}");
        assert!(err.contains("come correggere"), "{file}: {err}");
    }
    // a valid PDF passes
    let (o, err) = check_with(
        &declared("buono.pdf"),
        &[("buono.pdf", b"%PDF-1.7\n%%EOF\n")],
    );
    assert!(o.status.success(), "{err}");
}

#[test]
fn a_plan_document_and_a_revision_document_of_the_same_name_are_both_published() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "--completo", "sito"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = site(&tmp);
    // the plan 2025-2027 attaches a file of the same name as its revision's act, with other bytes
    let plan = dir.join("content/piani/2025-2027");
    let own = b"%PDF-1.7\n% il piano\n%%EOF\n";
    fs::write(plan.join("documenti-piano.pdf"), own).unwrap();
    let same_name = "\n[[documento]]\ntitolo = \"Piano\"\natto = \"delibera di Giunta\"\ndata = 2025-01-30\nfile = \"documenti-piano.pdf\"\n";
    let toml = fs::read_to_string(plan.join("piano.toml")).unwrap();
    fs::write(plan.join("piano.toml"), toml + same_name).unwrap();
    let revisions = fs::read_to_string(plan.join("revisioni.toml")).unwrap();
    let revisions = revisions.replace(
        "file = \"delibera-45-2025.pdf\"",
        "file = \"revisione/documenti-piano.pdf\"",
    );
    fs::write(plan.join("revisioni.toml"), revisions).unwrap();
    fs::create_dir_all(plan.join("revisione")).unwrap();
    let act = fs::read(plan.join("delibera-45-2025.pdf")).unwrap();
    fs::write(plan.join("revisione/documenti-piano.pdf"), &act).unwrap();
    let o = run(&dir, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let folder = dir.join("public/piano-della-performance/2025-2027/documenti");
    assert_eq!(fs::read(folder.join("documenti-piano.pdf")).unwrap(), own);
    assert_eq!(
        fs::read(folder.join("revisione-2025-09-15/documenti-piano.pdf")).unwrap(),
        act
    );
}

#[test]
fn a_snapshot_without_the_relazione_lists_none_of_its_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "--completo", "sito"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = site(&tmp);
    // a first semester before the year end the Relazione 2025 reports on
    let periods = dir.join("content/piani/2025-2027/monitoraggio");
    let s2 = periods.join("2025-S2");
    let s1 = periods.join("2025-S1");
    for entry in WalkDir::new(&s2) {
        let entry = entry.unwrap();
        let to = s1.join(entry.path().strip_prefix(&s2).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    let toml = fs::read_to_string(s1.join("periodo.toml"))
        .unwrap()
        .replace("\"2025-S2\"", "\"2025-S1\"")
        .replace("fine = 2025-12-31", "fine = 2025-06-30")
        .replace("quota_anno = \"100%\"", "quota_anno = \"50%\"")
        .replace("2026-02-27", "2025-07-31");
    fs::write(s1.join("periodo.toml"), toml).unwrap();
    let o = run(&dir, &["archive", "2025-S1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let piano = WalkDir::new(dir.join("archivio/2025-S1"))
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.path().ends_with("opendata/piano.json"))
        .expect("the snapshot's piano.json");
    let doc = trasparenza::opendata::read(&fs::read(piano.path()).unwrap()).unwrap();
    let urls: Vec<&str> = doc.piano.documents.iter().map(|d| &*d.url).collect();
    assert_eq!(
        urls,
        ["piano-della-performance/2025-2027/documenti/revisione-2025-09-15/delibera-45-2025.pdf"]
    );
    // and the live site still lists the Relazione's
    let o = run(&dir, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let live = fs::read(dir.join("public/opendata/piani/2025-2027/piano.json")).unwrap();
    let live = trasparenza::opendata::read(&live).unwrap();
    assert_eq!(live.piano.documents.len(), 2);
}
