//! The semester archive: a period frozen as a BagIt package and a zip, refused a second
//! time, kept beside its revisions, verified file by file, published byte-identical by
//! `build`, never half-written.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};
use tempfile::TempDir;
use trasparenza::archive::changes::{self, Changes};
use trasparenza::archive::{self, Created, Request};
use trasparenza::build;
use trasparenza::diagnostic::Diagnostic;
use trasparenza::model::Date;
use trasparenza::opendata::{self, Document};
use trasparenza::render::theme::ThemeSource;
use walkdir::WalkDir;

mod common;
use common::copy_dir;

/// 2022-07-29T00:00:00Z, the publication date of 2022-S1.
const JULY_29: &str = "1659052800";
/// 2022-09-01T00:00:00Z.
const SEPT_1: &str = "1661990400";

/// A site folder with the shipped content and the default theme, and no archive.
fn site() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("content"), &tmp.path().join("content"));
    copy_dir(
        &root.join("themes/default"),
        &tmp.path().join("themes/default"),
    );
    tmp
}

fn run(dir: &Path, epoch: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn archive(dir: &Path, epoch: &str, extra: &[&str]) -> Output {
    let mut args = vec!["archive"];
    args.extend_from_slice(extra);
    run(dir, epoch, &args)
}

/// Every file under `dir` (hidden ones too), path -> bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn archived(tmp: &TempDir) -> PathBuf {
    let o = archive(tmp.path(), JULY_29, &["2022-S1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    tmp.path().join("archivio")
}

#[test]
fn archives_a_period_as_a_bagit_package_and_a_zip() {
    let tmp = site();
    let dir = archived(&tmp);
    let v = dir.join("2022-S1");
    assert_eq!(
        fs::read_to_string(v.join("bagit.txt")).unwrap(),
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    );
    let info = fs::read_to_string(v.join("bag-info.txt")).unwrap();
    for line in [
        "Source-Organization: Camera di Commercio di Brindisi",
        "External-Identifier: cciaa_br:performance:2022-S1",
        "Bagging-Date: 2022-07-29",
        "Codice-IPA: cciaa_br",
        "Periodo: 2022-S1",
        "Data-Pubblicazione: 2022-07-29",
        "Conservazione-Fino-Al: 2027-12-31",
        "Bag-Software-Agent: trasparenza ",
    ] {
        assert!(info.contains(line), "{line} missing from:\n{info}");
    }
    // Every payload file is in the manifest with its checksum, and nothing else is.
    let payload: BTreeMap<String, Vec<u8>> = tree(&v.join("data"))
        .into_iter()
        .map(|(p, b)| (format!("data/{}", p.to_string_lossy()), b))
        .collect();
    let manifest = fs::read_to_string(v.join("manifest-sha256.txt")).unwrap();
    let listed: BTreeMap<String, String> = manifest
        .lines()
        .map(|l| {
            let (sum, path) = l.split_once("  ").unwrap();
            (path.to_owned(), sum.to_owned())
        })
        .collect();
    assert_eq!(
        listed.keys().collect::<Vec<_>>(),
        payload.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &payload {
        assert_eq!(listed[path], hex(bytes), "{path}");
    }
    let tags = fs::read_to_string(v.join("tagmanifest-sha256.txt")).unwrap();
    for tag in [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "metadati.json",
        "dati/piano.json",
    ] {
        let line = tags
            .lines()
            .find(|l| l.ends_with(&format!("  {tag}")))
            .unwrap_or_else(|| panic!("{tag} not in the tag manifest"));
        assert_eq!(&line[..64], hex(&fs::read(v.join(tag)).unwrap()));
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(v.join("metadati.json")).unwrap()).unwrap();
    assert_eq!(meta["periodo"], "2022-S1");
    assert_eq!(meta["revisione"], 1);
    assert_eq!(meta["data_pubblicazione"], "2022-07-29");
    assert_eq!(meta["conservazione_fino_al"], "2027-12-31");
    // Every page carries the banner, links back to the current version, and links relatively.
    let pages: Vec<_> = payload
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 30);
    for (path, bytes) in pages {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("Versione archiviata del periodo 2022-S1, pubblicata il 29 luglio 2022"),
            "{path}: no banner"
        );
        assert!(html.contains("Vai alla versione corrente"), "{path}");
        assert!(!html.contains("href=\"/"), "{path}: absolute link");
    }
    assert!(!payload.contains_key("data/sitemap.xml") && !payload.contains_key("data/robots.txt"));
    // The zip holds the same package.
    let zip = fs::read(dir.join("2022-S1.zip")).unwrap();
    let mut z = zip::ZipArchive::new(io::Cursor::new(zip)).unwrap();
    assert_eq!(z.len(), tree(&v).len());
    let mut entry = z.by_name("2022-S1/data/index.html").unwrap();
    let mut content = Vec::new();
    io::Read::read_to_end(&mut entry, &mut content).unwrap();
    assert_eq!(content, fs::read(v.join("data/index.html")).unwrap());
}

#[test]
fn same_input_same_bytes() {
    let (a, b) = (site(), site());
    assert_eq!(tree(&archived(&a)), tree(&archived(&b)));
}

#[test]
fn archiving_again_is_refused_and_changes_nothing() {
    let tmp = site();
    let dir = archived(&tmp);
    let before = tree(&dir);
    let o = archive(tmp.path(), SEPT_1, &["2022-S1"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("il periodo 2022-S1 è già archiviato"), "{err}");
    assert!(err.contains("--nuova-revisione"), "{err}");
    assert_eq!(tree(&dir), before);
}

#[test]
fn a_new_revision_is_kept_beside_the_old_one() {
    let tmp = site();
    let dir = archived(&tmp);
    let before = tree(&dir);
    let o = archive(tmp.path(), SEPT_1, &["2022-S1", "--nuova-revisione"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = tree(&dir);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&after[Path::new("2022-S1-r2/metadati.json")]).unwrap();
    assert_eq!(meta["revisione"], 2);
    assert_eq!(meta["data_archiviazione"], "2022-09-01");
    assert!(after.contains_key(Path::new("2022-S1-r2.zip")));
    let o = archive(tmp.path(), SEPT_1, &["2022-S1", "--nuova-revisione"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("2022-S1-r3/bagit.txt").exists());
}

#[test]
fn an_unknown_period_is_refused() {
    let tmp = site();
    let o = archive(tmp.path(), JULY_29, &["2022-S9"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("periodo «2022-S9» non trovato"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("archivio/2022-S9").exists());
}

#[test]
fn verify_names_each_altered_missing_or_extra_file() {
    let tmp = site();
    let dir = archived(&tmp);
    let o = archive(tmp.path(), JULY_29, &["--verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Archivio integro: 1 versione (2022-S1)"));

    let index = dir.join("2022-S1/data/index.html");
    let mut html = fs::read(&index).unwrap();
    html.extend_from_slice(b"<!-- ritocco -->");
    fs::write(&index, html).unwrap();
    let o = archive(tmp.path(), JULY_29, &["--verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("archivio/2022-S1/data/index.html: alterato"),
        "{}",
        stderr(&o)
    );

    fs::remove_file(dir.join("2022-S1/data/opendata/piano.json")).unwrap();
    fs::write(dir.join("2022-S1/data/aggiunto.html"), "<p>nuovo</p>").unwrap();
    let o = archive(tmp.path(), JULY_29, &["--verify"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("archivio/2022-S1/data/index.html: alterato"),
        "{err}"
    );
    assert!(
        err.contains("archivio/2022-S1/data/opendata/piano.json: mancante"),
        "{err}"
    );
    assert!(
        err.contains("archivio/2022-S1/data/aggiunto.html: estraneo"),
        "{err}"
    );
    assert!(err.contains("Archivio non integro: 3 problemi"), "{err}");
}

/// Rewrites a zip with one entry changed.
fn tamper_zip(path: &Path, entry: &str) {
    let mut src = zip::ZipArchive::new(io::Cursor::new(fs::read(path).unwrap())).unwrap();
    let mut out = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        if name == entry {
            bytes.extend_from_slice(b"<!-- ritocco -->");
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        io::Write::write_all(&mut out, &bytes).unwrap();
    }
    fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn verify_checks_the_zip_and_the_tag_files() {
    let tmp = site();
    let dir = archived(&tmp);
    let info = dir.join("2022-S1/bag-info.txt");
    fs::write(
        &info,
        fs::read_to_string(&info)
            .unwrap()
            .replace("2027-12-31", "2030-12-31"),
    )
    .unwrap();
    tamper_zip(&dir.join("2022-S1.zip"), "2022-S1/data/index.html");
    let o = archive(tmp.path(), JULY_29, &["--verify"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("archivio/2022-S1/bag-info.txt: alterato"),
        "{err}"
    );
    assert!(
        err.contains("archivio/2022-S1.zip: alterato: 2022-S1/data/index.html"),
        "{err}"
    );

    fs::write(dir.join("2022-S1.zip"), b"non uno zip").unwrap();
    let err = stderr(&archive(tmp.path(), JULY_29, &["--verify"]));
    assert!(
        err.contains("archivio/2022-S1.zip: alterato: non è uno zip leggibile"),
        "{err}"
    );
    fs::remove_file(dir.join("2022-S1.zip")).unwrap();
    let err = stderr(&archive(tmp.path(), JULY_29, &["--verify"]));
    assert!(err.contains("archivio/2022-S1.zip: mancante"), "{err}");
}

#[test]
fn verify_without_an_archive_succeeds() {
    let tmp = site();
    let o = archive(tmp.path(), JULY_29, &["--verify"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("Nessuna versione archiviata"));
}

#[test]
fn build_publishes_the_archive_byte_identical_and_lists_it() {
    let tmp = site();
    let dir = archived(&tmp);
    let o = run(tmp.path(), JULY_29, &["build", "-o", "public"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = tmp.path().join("public");
    let data = tree(&dir.join("2022-S1/data"));
    assert!(data.len() > 100);
    for (path, bytes) in &data {
        let published = fs::read(public.join("archivio/2022-S1").join(path))
            .unwrap_or_else(|_| panic!("{} not published", path.display()));
        assert!(
            published == *bytes,
            "{} differs from the archived version",
            path.display()
        );
    }
    assert_eq!(
        fs::read(public.join("archivio/2022-S1.zip")).unwrap(),
        fs::read(dir.join("2022-S1.zip")).unwrap()
    );
    let page = fs::read_to_string(public.join("archivio/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let rows: Vec<String> = doc
        .select(&scraper::Selector::parse("#tabella-versioni tbody tr").unwrap())
        .map(|r| r.text().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    for text in ["2022-S1", "29 luglio 2022", "31 dicembre 2027"] {
        assert!(rows[0].contains(text), "{text} not in {:?}", rows[0]);
    }
    assert!(page.contains("href=\"../archivio/2022-S1/\""));
    assert!(page.contains("href=\"../archivio/2022-S1.zip\""));
    // The current pages are not marked as archived.
    assert!(
        !fs::read_to_string(public.join("index.html"))
            .unwrap()
            .contains("Versione archiviata del periodo")
    );
}

#[test]
fn build_refuses_to_publish_an_altered_archive() {
    let tmp = site();
    let dir = archived(&tmp);
    fs::write(dir.join("2022-S1/data/index.html"), "alterato").unwrap();
    let o = run(tmp.path(), JULY_29, &["build", "-o", "public"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("versione archiviata non integra: alterato"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("public").exists());
}

/// Whether the n-th file written, at this path, fails.
type Fault<'a> = &'a dyn Fn(usize, &Path) -> bool;

fn request(dir: &Path, new_revision: bool) -> Request<'_> {
    Request {
        relazione: None,
        dir,
        period: "2022-S1",
        new_revision,
        today: Date::parse_iso("2022-07-29").unwrap(),
    }
}

/// Archives 2022-S1 as `trasparenza archive` does, calling `after_file` after each file written.
fn archive_with(
    content: &Path,
    theme: &Path,
    req: &Request,
    after_file: impl FnMut(&Path) -> io::Result<()>,
) -> Result<Created, Vec<Diagnostic>> {
    let next = archive::next_version(req)?;
    let theme = ThemeSource::Folder(theme.to_path_buf());
    let mut built = build::snapshot(content, &theme, req, &next)?;
    let files = std::mem::take(&mut built.site.files);
    archive::create_with(req, &next, files, &built.document(), after_file)
}

#[test]
fn an_interrupted_archive_leaves_no_half_written_version() {
    let tmp = site();
    let (content, theme, dir) = (
        tmp.path().join("content"),
        tmp.path().join("themes/default"),
        tmp.path().join("archivio"),
    );
    // Fail mid-payload, then on the zip (written last).
    let faults: [Fault; 2] = [&|n, _| n == 40, &|_, p| {
        p.to_string_lossy().contains(".zip")
    }];
    for fault in faults {
        let mut written = 0;
        let result = archive_with(&content, &theme, &request(&dir, false), |p| {
            written += 1;
            if fault(written, p) {
                Err(io::Error::other("guasto simulato"))
            } else {
                Ok(())
            }
        });
        let errors = result.expect_err("the injected failure stops the archive");
        assert!(
            errors.iter().any(|d| d.message.contains("guasto simulato")),
            "{errors:?}"
        );
        assert!(
            fs::read_dir(&dir).unwrap().next().is_none(),
            "left behind: {:?}",
            tree(&dir).keys().collect::<Vec<_>>()
        );
    }
    // With a version already there, a failed revision leaves it as it was.
    archive_with(&content, &theme, &request(&dir, false), |_| Ok(())).unwrap();
    let before = tree(&dir);
    let result = archive_with(&content, &theme, &request(&dir, true), |p| {
        if p.ends_with("index.html") {
            Err(io::Error::other("disco pieno"))
        } else {
            Ok(())
        }
    });
    assert!(result.is_err());
    assert_eq!(tree(&dir), before);
    let o = archive(tmp.path(), JULY_29, &["--verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn changes_between_versions_are_published() {
    let tmp = site();
    archived(&tmp);
    // A corrected value and a changed target, archived as a new revision.
    let m = tmp
        .path()
        .join("content/piani/2022-2024/monitoraggio/2022-S1/obiettivi-operativi/1.2.2.toml");
    fs::write(
        &m,
        fs::read_to_string(&m)
            .unwrap()
            .replacen("valore = \"si\"", "valore = \"no\"", 1),
    )
    .unwrap();
    let p = tmp
        .path()
        .join("content/piani/2022-2024/obiettivi-operativi/1.2.1.toml");
    fs::write(
        &p,
        fs::read_to_string(&p)
            .unwrap()
            .replacen("target = \"si\"", "target = \"no\"", 1),
    )
    .unwrap();
    let o = archive(tmp.path(), SEPT_1, &["2022-S1", "--nuova-revisione"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(tmp.path(), SEPT_1, &["build", "-o", "public"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = fs::read_to_string(
        tmp.path()
            .join("public/archivio/modifiche/2022-S1-r2/index.html"),
    )
    .unwrap();
    let doc = scraper::Html::parse_document(&page);
    let rows = |id: &str| -> Vec<String> {
        doc.select(&scraper::Selector::parse(&format!("#{id} tbody tr")).unwrap())
            .map(|r| {
                r.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let targets = rows("tabella-indicatori");
    assert_eq!(targets.len(), 1, "{targets:?}");
    assert!(
        targets[0].contains("Obiettivo operativo 1.2.1") && targets[0].contains("target 2022"),
        "{targets:?}"
    );
    let values = rows("tabella-valori");
    assert_eq!(values.len(), 1, "{values:?}");
    assert!(
        values[0].contains("Obiettivo operativo 1.2.2") && values[0].contains("modificato Sì No"),
        "{values:?}"
    );
    assert!(page.contains("Cosa è cambiato nella versione 2022-S1-r2"));
    assert!(
        !tmp.path()
            .join("public/archivio/modifiche/2022-S1")
            .exists(),
        "the first version has nothing to compare with"
    );
}

/// A frozen open-data document of `tests/data/opendata/`.
fn frozen(name: &str) -> Document<'static> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/opendata")
        .join(name);
    opendata::read(&fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_new_revision_of_the_plan_is_named_among_the_changes() {
    let revised = frozen("v3/piano-rivisto.json");
    let mut before = revised.clone();
    before.piano.revisions.clear();
    let c = changes::diff(&before, &revised, "archivio/2025-S2/");
    assert_eq!(
        indicators(&c),
        [(
            "Piano",
            "revisione del piano",
            "—",
            "Delibera di Giunta n. 45 del 15/09/2025, dal 15/09/2025 (5 modifiche)"
        )]
    );
    // a revision already published is not named again
    assert!(changes::diff(&revised, &revised, "").indicatori.is_empty());
}

/// (object, what, before, after) of each change to objectives, indicators and targets.
fn indicators(c: &Changes) -> Vec<(&str, &str, &str, &str)> {
    c.indicatori
        .iter()
        .map(|x| (&*x.oggetto, &*x.cosa, &*x.prima, &*x.dopo))
        .collect()
}

#[test]
fn every_published_version_of_the_document_is_compared() {
    let v1 = frozen("v1/piano.json");
    let v2 = frozen("v2/piano.json");
    let v3 = frozen("v3/piano.json");
    let changed = frozen("v2/piano-modificato.json");
    // the same content, in any version: nothing changed
    for (old, new) in [
        (&v1, &v1),
        (&v1, &v2),
        (&v2, &v1),
        (&v2, &v2),
        (&v2, &v3),
        (&v3, &v1),
    ] {
        assert_eq!(changes::diff(old, new, ""), Changes::default());
    }
    // the three changes of the modified content, found from either version
    for old in [&v1, &v2] {
        let c = changes::diff(old, &changed, "archivio/2022-S1-r2/");
        assert_eq!(
            indicators(&c),
            [
                (
                    "Obiettivo operativo 1.2.1, indicatore 1.2.1-001",
                    "target 2022",
                    "si",
                    "no"
                ),
                (
                    "Obiettivo operativo 1.8.6",
                    "obiettivo aggiunto",
                    "—",
                    "Nuovo obiettivo di prova"
                ),
            ]
        );
        assert_eq!(
            c.indicatori[0].url.as_deref(),
            Some("archivio/2022-S1-r2/piano-della-performance/obiettivi-operativi/1.2.1/")
        );
        let statuses: Vec<(&str, &str, &str)> = c
            .stati
            .iter()
            .map(|s| (&*s.oggetto, &*s.prima.etichetta, &*s.dopo.etichetta))
            .collect();
        assert_eq!(
            statuses,
            [
                ("Obiettivo strategico 1.2", "In linea", "Non raggiunto"),
                ("Obiettivo operativo 1.2.2", "Raggiunto", "Non raggiunto")
            ]
        );
        assert_eq!(c.stati[0].dopo.descrizione, "al periodo 2022-S1");
        let values: Vec<(&str, &str, &str, &str, &str)> = c
            .valori
            .iter()
            .map(|v| (&*v.periodo, &*v.oggetto, &*v.cosa, &*v.prima, &*v.dopo))
            .collect();
        assert_eq!(
            values,
            [(
                "2022-S1",
                "Obiettivo operativo 1.2.2",
                "modificato",
                "Sì",
                "No"
            )]
        );
    }
    // and the other way round: the objective is removed, the value corrected back
    let c = changes::diff(&changed, &v2, "");
    assert_eq!(
        indicators(&c)[1],
        (
            "Obiettivo operativo 1.8.6",
            "obiettivo eliminato",
            "Nuovo obiettivo di prova",
            "—"
        )
    );
    assert_eq!(c.indicatori[1].url, None);
    assert_eq!((&*c.valori[0].prima, &*c.valori[0].dopo), ("No", "Sì"));
}
