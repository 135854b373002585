//! The binary alone, as a body installs it: only `trasparenza` copied into an empty folder
//! outside the repository (no `themes/`, no `content/`), then init → check → build →
//! archive → archive --verify, from the site folder and from inside `content/`; the
//! built-in theme gives the same site as `--theme themes/default`; the measurements through
//! an Excel workbook (esporta → filled in → importa → build → archive).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use trasparenza::build::{Options, build};
use trasparenza::render::theme::{BUILT_IN, ThemeSource};

/// A folder holding only a copy of the release binary, and a working folder beside it.
struct Install {
    _tmp: tempfile::TempDir,
    bin: PathBuf,
    work: PathBuf,
}

fn install() -> Install {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        !tmp.path().starts_with(manifest),
        "the folder must be outside the repository"
    );
    let bin_dir = tmp.path().join("programmi");
    let work = tmp.path().join("lavoro");
    fs::create_dir_all(&bin_dir).unwrap();
    fs::create_dir_all(&work).unwrap();
    let bin = bin_dir.join(
        Path::new(env!("CARGO_BIN_EXE_trasparenza"))
            .file_name()
            .unwrap(),
    );
    fs::copy(env!("CARGO_BIN_EXE_trasparenza"), &bin).unwrap();
    Install {
        _tmp: tmp,
        bin,
        work,
    }
}

impl Install {
    /// Runs the copied binary in `dir`.
    /// Another test thread that forks while this test's copy of the binary is still open
    /// for writing keeps it open in its child until that child's exec ("text file busy"):
    /// a short wait and a new try, never a different assertion.
    fn run(&self, dir: &Path, args: &[&str]) -> Output {
        let mut tries = 0;
        loop {
            match Command::new(&self.bin).args(args).current_dir(dir).output() {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                result => return result.expect("trasparenza avviato"),
            }
        }
    }
}

fn text(o: &Output) -> String {
    format!(
        "--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "comando fallito:\n{}", text(&o));
    o
}

fn failed(o: Output) -> Output {
    assert!(!o.status.success(), "doveva fallire:\n{}", text(&o));
    o
}

/// Every file under `dir` with its bytes, by path relative to it.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Asserts two file sets are equal, naming the paths that differ.
fn same(got: &BTreeMap<PathBuf, Vec<u8>>, expected: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    let differing: Vec<_> = got
        .keys()
        .chain(expected.keys())
        .filter(|p| got.get(*p) != expected.get(*p))
        .collect();
    assert!(differing.is_empty(), "{what} differisce in: {differing:?}");
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_binary_alone_creates_checks_builds_and_archives_a_site() {
    let i = install();
    let out = ok(i.run(&i.work, &["init", "nuovo-ente"]));
    let said = text(&out);
    assert!(!said.contains("--tema"), "{said}");
    assert!(said.contains("trasparenza genera"), "{said}");
    let site = i.work.join("nuovo-ente");
    let content = site.join("content");

    let out = ok(i.run(&site, &["check"]));
    assert!(text(&out).contains("Contenuti validi"), "{}", text(&out));

    let out = ok(i.run(&site, &["build"]));
    assert!(text(&out).contains("Sito generato"), "{}", text(&out));
    let home = read(&site.join("public/index.html"));
    assert!(home.contains("Ente di esempio"), "la home nomina l'ente");
    let objective = read(
        &site.join("public/piano-della-performance/2025-2027/obiettivi-operativi/1.1.1/index.html"),
    );
    assert!(
        objective.contains("<table"),
        "la pagina dell'obiettivo ha la tabella dei KPI"
    );
    // the theme's static files come from the binary too
    let statics = BUILT_IN
        .iter()
        .filter(|(rel, _)| rel.starts_with("static/"));
    assert!(statics.clone().count() > 10);
    for (rel, bytes) in statics {
        let published = fs::read(site.join("public").join(rel)).ok();
        assert!(published.as_deref() == Some(*bytes), "{rel} nel sito");
    }

    let out = ok(i.run(&site, &["archive", "2025-S1"]));
    assert!(text(&out).contains("archiviata"), "{}", text(&out));
    assert!(site.join("archivio/2025-S1.zip").is_file());
    let out = ok(i.run(&site, &["archive", "--verify"]));
    assert!(text(&out).contains("Archivio integro"), "{}", text(&out));

    // from inside content/: the content is found, the site and archive stay beside it
    let out = ok(i.run(&content, &["check"]));
    let said = text(&out);
    assert!(said.contains("Contenuti validi"), "{said}");
    assert!(
        said.contains("sito.toml"),
        "dice dove ha trovato i contenuti: {said}"
    );
    ok(i.run(&site, &["build"]));
    let before = files(&site.join("public"));
    fs::remove_dir_all(site.join("public")).unwrap();
    ok(i.run(&content.join("piani/2025-2027/monitoraggio"), &["build"]));
    assert!(
        !content.join("public").exists(),
        "niente sito dentro content/"
    );
    assert!(!content.join("piani/2025-2027/monitoraggio/public").exists());
    same(
        &files(&site.join("public")),
        &before,
        "il sito generato da dentro content/",
    );
    let out = ok(i.run(&content, &["archive", "--verify"]));
    assert!(text(&out).contains("Archivio integro"), "{}", text(&out));
    assert!(!content.join("archivio").exists());

    // outside any site: content/ is missing, said as such
    let out = failed(i.run(&i.work, &["check"]));
    assert!(text(&out).contains("sito.toml"), "{}", text(&out));
}

#[test]
fn the_theme_written_out_builds_the_same_site_and_is_not_overwritten() {
    let i = install();
    ok(i.run(&i.work, &["init", "ente"]));
    let site = i.work.join("ente");
    let out = ok(i.run(&site, &["tema", "tema-ente"]));
    assert!(text(&out).contains("--tema tema-ente"), "{}", text(&out));
    let written = files(&site.join("tema-ente"));
    let built_in: BTreeMap<PathBuf, Vec<u8>> = BUILT_IN
        .iter()
        .map(|(p, b)| (PathBuf::from(p), b.to_vec()))
        .collect();
    same(&written, &built_in, "il tema scritto");

    ok(i.run(&site, &["build"]));
    ok(i.run(
        &site,
        &["build", "--theme", "tema-ente", "--output", "public-tema"],
    ));
    same(
        &files(&site.join("public-tema")),
        &files(&site.join("public")),
        "il sito con --theme tema-ente",
    );

    // a changed theme is used, and is not overwritten unless asked
    let base = site.join("tema-ente/templates/base.html");
    let changed = read(&base).replace("</body>", "<!-- tema dell'ente --></body>");
    fs::write(&base, &changed).unwrap();
    let out = failed(i.run(&site, &["tema", "tema-ente"]));
    assert!(text(&out).contains("--sovrascrivi"), "{}", text(&out));
    assert_eq!(read(&base), changed);
    ok(i.run(
        &site,
        &["build", "--theme", "tema-ente", "--output", "public-tema"],
    ));
    assert!(read(&site.join("public-tema/index.html")).contains("tema dell'ente"));
    ok(i.run(&site, &["tema", "tema-ente", "--sovrascrivi"]));
    same(
        &files(&site.join("tema-ente")),
        &built_in,
        "il tema riscritto",
    );
}

#[test]
fn a_base_url_without_scheme_is_refused_with_the_fix() {
    let i = install();
    ok(i.run(&i.work, &["init", "ente"]));
    let site = i.work.join("ente");
    let out = failed(i.run(&site, &["build", "--base-url", "www.ente.it/performance"]));
    assert!(
        text(&out).contains("scrivere https://www.ente.it/performance/"),
        "{}",
        text(&out)
    );
    assert!(!site.join("public").exists(), "nessun sito generato");
    ok(i.run(
        &site,
        &["build", "--base-url", "https://www.ente.it/performance"],
    ));
    let sitemap = read(&site.join("public/sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://www.ente.it/performance/"),
        "{sitemap}"
    );
}

/// The shipped content with the built-in theme and with `themes/default` as a folder: the same
/// site, byte for byte.
#[test]
fn the_built_in_theme_is_the_default_theme_folder() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let with = |theme: ThemeSource| {
        build(&Options {
            content: manifest.join("content"),
            theme,
            ..Options::default()
        })
        .unwrap_or_else(|d| panic!("{d:?}"))
        .site
        .files
    };
    let site = with(ThemeSource::BuiltIn);
    let folder = with(ThemeSource::Folder(manifest.join("themes/default")));
    assert!(site.len() > 100);
    assert!(site == folder, "il tema incluso dà un sito diverso");
    let built_in: BTreeMap<PathBuf, Vec<u8>> = BUILT_IN
        .iter()
        .map(|(p, b)| (PathBuf::from(p), b.to_vec()))
        .collect();
    same(
        &built_in,
        &files(&manifest.join("themes/default")),
        "il tema incluso",
    );
}

/// The measurements round trip through Excel with the binary alone: `esporta` writes the
/// workbook, a person fills the value cells and saves it, `importa` reads it back, and the
/// pages and the archived version show the values.
#[test]
fn the_binary_alone_takes_the_measurements_from_a_workbook() {
    use calamine::{Data, Reader, Xlsx, open_workbook};

    let i = install();
    ok(i.run(&i.work, &["init", "ente"]));
    let site = i.work.join("ente");
    ok(i.run(&site, &["check"]));
    let out = ok(i.run(&site, &["esporta", "2025-S1"]));
    assert!(
        text(&out).contains("misure-2025-S1.xlsx: 3 KPI"),
        "{}",
        text(&out)
    );

    // the workbook as Excel shows it: Italian headings, one row per KPI, typed values
    let exported = site.join("misure-2025-S1.xlsx");
    let mut book: Xlsx<_> = open_workbook(&exported).unwrap();
    assert_eq!(book.sheet_names(), ["Misure"]);
    let range = book.worksheet_range("Misure").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(
        header,
        [
            "Tipo di obiettivo",
            "Obiettivo",
            "KPI",
            "Indicatore",
            "Target",
            "Unità di misura",
            "Responsabile",
            "Valore",
            "Numeratore",
            "Denominatore",
            "Stato dichiarato dell'obiettivo",
            "Nota"
        ]
    );
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(rows[1][1], Data::String("1.1".into()));
    assert_eq!(rows[2][7], Data::String("No".into()), "sì/no già misurato");
    assert_eq!(
        rows[3][7],
        Data::Float(28.0),
        "giorni già misurati, come numero"
    );
    assert_eq!(rows[2][10], Data::String("in linea".into()));
    let sheet_xml = {
        let mut zip = zip::ZipArchive::new(fs::File::open(&exported).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        xml
    };
    assert!(sheet_xml.contains("<sheetProtection"), "foglio protetto");
    assert!(
        sheet_xml.contains("&quot;Sì,No&quot;") || sheet_xml.contains("\"Sì,No\""),
        "elenco Sì/No: {sheet_xml}"
    );

    // the office fills it in and saves it: every cell copied, the values typed in
    let filled = site.join("misure compilate.xlsx");
    let mut copy = rust_xlsxwriter::Workbook::new();
    let sheet = copy.add_worksheet();
    sheet.set_name("Misure").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                _ => {}
            }
        }
    }
    sheet.write_number(1, 7, 92.5).unwrap();
    sheet.write_string(2, 7, "Sì").unwrap();
    sheet.write_string(2, 10, "raggiunto").unwrap();
    sheet
        .write_string(2, 11, "Pubblicata il 20 giugno 2025.")
        .unwrap();
    sheet.write_number(3, 7, 35).unwrap();
    copy.save(&filled).unwrap();

    let out = ok(i.run(&site, &["importa", "2025-S1", "misure compilate.xlsx"]));
    assert!(text(&out).contains("Importate 3 misure"), "{}", text(&out));
    ok(i.run(&site, &["check"]));
    ok(i.run(&site, &["build"]));
    let pages = site.join("public/piano-della-performance/2025-2027");
    let strategic = read(&pages.join("obiettivi-strategici/1.1/index.html"));
    assert!(strategic.contains("92,5%"), "valore del KPI strategico");
    let operational = read(&pages.join("obiettivi-operativi/1.1.1/index.html"));
    assert!(operational.contains("35 giorni"), "valore in giorni");
    assert!(
        operational.contains("Pubblicata il 20 giugno 2025."),
        "nota"
    );

    ok(i.run(&site, &["archive", "2025-S1"]));
    let out = ok(i.run(&site, &["archive", "--verify"]));
    assert!(text(&out).contains("Archivio integro"), "{}", text(&out));
}
