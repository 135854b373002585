//! A new body adopts trasparenza, as its transparency officer would: `init`, `check`,
//! export the CSV template, fill it in a spreadsheet, import it, `build`, and read the
//! published pages. Everything goes through the binary, in a temporary folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};
use sha2::Digest;

const BIN: &str = env!("CARGO_BIN_EXE_trasparenza");

fn theme() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default")
}

/// Runs the binary in `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("trasparenza avviato")
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

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// A new site, checked.
fn new_site(root: &Path) -> PathBuf {
    let site = root.join("sito-performance");
    ok(run(root, &["init", "sito-performance"]));
    site
}

/// The template rows as a spreadsheet shows them: header, then one row per KPI.
fn read_template(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf"),
        "il modello deve iniziare con il BOM UTF-8"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("\r\n"), "righe terminate da CRLF");
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Saves rows as LibreOffice/Excel do in an Italian locale: BOM, `;`, CRLF, quotes only when needed.
fn save_as_spreadsheet(path: &Path, rows: &[Vec<String>]) {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([';', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    // a spreadsheet often leaves an empty row at the end
    out.push_str(";;;;;;;;;;\r\n");
    fs::write(path, out).unwrap();
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("colonna {name} mancante in {header:?}"))
}

fn page(site: &Path, rel: &str) -> Html {
    let path = site.join("public").join(rel).join("index.html");
    Html::parse_document(
        &fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

fn text_of(doc: &Html, css: &str) -> String {
    let sel = Selector::parse(css).unwrap();
    let el = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("{css} non trovato"));
    el.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn new_user_goes_from_init_to_a_published_section() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let content = site.join("content");
    assert!(content.join("sito.toml").is_file());

    // check: valid at once, with a warning that the example data is still there
    let out = ok(run(&site, &["check"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("errore")
            && stderr.contains("sito.toml: avviso: i contenuti sono ancora quelli di esempio"),
        "{}",
        text(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("3 KPI"),
        "{}",
        text(&out)
    );

    // the template of the period: every KPI, existing values pre-filled
    ok(run(&site, &["esporta", "2025-S1", "--formato", "csv"]));
    let template = site.join("misure-2025-S1.csv");
    let mut rows = read_template(&template);
    let header = rows[0].clone();
    assert_eq!(
        header,
        [
            "tipo_obiettivo",
            "obiettivo",
            "kpi",
            "nome",
            "target",
            "unita",
            "responsabile",
            "valore",
            "numeratore",
            "denominatore",
            "nota"
        ]
    );
    let (kind, obj, kpi, target, value, note) = (
        col(&header, "tipo_obiettivo"),
        col(&header, "obiettivo"),
        col(&header, "kpi"),
        col(&header, "target"),
        col(&header, "valore"),
        col(&header, "nota"),
    );
    let keys: Vec<(String, String, String, String)> = rows[1..]
        .iter()
        .map(|r| {
            (
                r[kind].clone(),
                r[obj].clone(),
                r[kpi].clone(),
                r[target].clone(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            (
                "strategico".into(),
                "1.1".into(),
                "1".into(),
                ">=90%".into()
            ),
            ("operativo".into(), "1.1.1".into(), "1".into(), "Sì".into()),
            (
                "operativo".into(),
                "1.1.1".into(),
                "2".into(),
                "<=30gg".into()
            ),
        ]
    );
    assert_eq!(rows[2][value], "no", "valore già presente precompilato");
    assert_eq!(rows[3][value], "28 gg", "valore già presente precompilato");
    assert_eq!(
        rows[1][value], "",
        "nessun valore ancora per l'obiettivo strategico"
    );
    // esporta never overwrites a template silently
    let again = run(&site, &["esporta", "2025-S1", "--formato", "csv"]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));

    // the offices fill it in: decimal comma, bare number of days, a note on several lines
    rows[1][value] = "92,5".into();
    rows[2][value] = "Sì".into();
    rows[2][note] = "Pubblicata il 20 giugno 2025;\nvedi la sezione Servizi.".into();
    rows[3][value] = "35".into();
    let filled = site.join("misure-compilate.csv");
    save_as_spreadsheet(&filled, &rows);

    let out = ok(run(&site, &["importa", "2025-S1", "misure-compilate.csv"]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Importate 3 misure"), "{}", text(&out));

    // the operational objective's file: new values, and what was written by hand kept
    let op = fs::read_to_string(
        content.join("piani/2025-2027/monitoraggio/2025-S1/obiettivi-operativi/1.1.1.toml"),
    )
    .unwrap();
    assert!(op.contains("valore = \"si\""), "{op}");
    assert!(op.contains("valore = \"35 gg\""), "{op}");
    assert!(
        op.contains("dichiarazione = \"IN LINEA CON IL TARGET\""),
        "{op}"
    );
    assert!(op.contains("stato_dichiarato = \"in linea\""), "{op}");
    assert!(
        op.contains("Nel semestre è stata completata la revisione del procedimento."),
        "{op}"
    );
    assert!(
        op.contains("Pubblicata il 20 giugno 2025;\nvedi la sezione Servizi."),
        "{op}"
    );
    assert!(
        op.contains("# id del KPI nel piano"),
        "i commenti restano: {op}"
    );
    // the strategic objective had no file in the period: created
    let st = fs::read_to_string(
        content.join("piani/2025-2027/monitoraggio/2025-S1/obiettivi-strategici/1.1.toml"),
    )
    .unwrap();
    assert!(
        st.contains("obiettivo = \"1.1\"") && st.contains("valore = \"92,5%\""),
        "{st}"
    );

    // importing the same file again changes nothing
    let before = snapshot(&content);
    let out = ok(run(&site, &["importa", "2025-S1", "misure-compilate.csv"]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("nessun valore nuovo"),
        "{}",
        text(&out)
    );
    assert_eq!(snapshot(&content), before);

    // a fresh template now carries the imported values
    ok(run(
        &site,
        &["esporta", "2025-S1", "--output", "misure-2.csv"],
    ));
    let rows2 = read_template(&site.join("misure-2.csv"));
    assert_eq!(
        [&rows2[1][value], &rows2[2][value], &rows2[3][value]],
        ["92,5%", "si", "35 gg"]
    );

    ok(run(&site, &["check"]));
    let theme = theme();
    let out = ok(run(
        &site,
        &[
            "build",
            "--theme",
            theme.to_str().unwrap(),
            "--base-url",
            "https://www.ente-esempio.it/amministrazione-trasparente/performance/",
        ],
    ));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Sito generato"),
        "{}",
        text(&out)
    );

    // the operational objective page shows the imported values and the computed status:
    // KPI 2: target ≤ 30 giorni, valore 35 -> 30/35 = 85,7% (>= soglia parziale 70%): parzialmente raggiunto;
    // KPI 1: Sì = Sì: 100%; objective: 40% × 100 + 60% × 85,71 = 91,4%: parzialmente raggiunto.
    let doc = page(
        &site,
        "piano-della-performance/2025-2027/obiettivi-operativi/1.1.1",
    );
    let kpi2 = text_of(&doc, "tr#kpi-2");
    assert!(kpi2.contains("35 giorni"), "{kpi2}");
    assert!(kpi2.contains("85,7%"), "{kpi2}");
    assert!(kpi2.contains("Parzialmente raggiunto"), "{kpi2}");
    let kpi1 = text_of(&doc, "tr#kpi-1");
    assert!(
        kpi1.contains("Sì")
            && kpi1.contains("Raggiunto")
            && kpi1.contains("Pubblicata il 20 giugno 2025"),
        "{kpi1}"
    );
    let summary = text_of(&doc, ".riepilogo");
    assert!(
        summary.contains("91,4%") && summary.contains("Parzialmente raggiunto"),
        "{summary}"
    );

    // ...and it is the status the evaluation engine computes from the content
    let plan = trasparenza::load::load_dir(&content)
        .into_current()
        .expect("contenuti validi");
    let eval = trasparenza::evaluate::evaluate(&plan, &plan.periods[0]);
    let result = eval
        .objective(trasparenza::model::Kind::Operational, "1.1.1")
        .unwrap();
    assert_eq!(result.score.status, trasparenza::model::Status::Parziale);
    assert!(summary.contains(result.score.status.label()), "{summary}");

    // the strategic objective: 92,5% against ≥ 90% at 30 June: in line
    let doc = page(
        &site,
        "piano-della-performance/2025-2027/obiettivi-strategici/1.1",
    );
    let kpi = text_of(&doc, "tr#kpi-1");
    assert!(kpi.contains("92,5%") && kpi.contains("In linea"), "{kpi}");

    // published under the sub-path given with --base-url
    let sitemap = fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("https://www.ente-esempio.it/amministrazione-trasparente/performance/"),
        "{sitemap}"
    );

    // archive the semester: a BagIt folder and a zip beside the content, with SHA-256 manifests
    ok(run(
        &site,
        &["archive", "2025-S1", "--theme", theme.to_str().unwrap()],
    ));
    let zip_path = site.join("archivio/2025-S1.zip");
    let mut zip = zip::ZipArchive::new(fs::File::open(&zip_path).unwrap()).unwrap();
    let mut read = |name: &str| -> Vec<u8> {
        let mut entry = zip
            .by_name(name)
            .unwrap_or_else(|e| panic!("{name} nello zip: {e}"));
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        bytes
    };
    let archived_page =
        "data/piano-della-performance/2025-2027/obiettivi-operativi/1.1.1/index.html";
    let page_bytes = read(&format!("2025-S1/{archived_page}"));
    let archived = String::from_utf8_lossy(&page_bytes);
    assert!(
        archived.contains("35 giorni") && archived.contains("91,4%"),
        "la versione archiviata ha i valori importati"
    );
    let manifest = String::from_utf8(read("2025-S1/manifest-sha256.txt")).unwrap();
    let digest: String = sha2::Sha256::digest(&page_bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(
        manifest
            .lines()
            .any(|l| l == format!("{digest}  {archived_page}")),
        "impronta SHA-256 nel manifest:\n{manifest}"
    );
    ok(run(&site, &["archive", "--verify"]));

    // the next build publishes the archived version in the section, byte for byte
    ok(run(&site, &["build", "--theme", theme.to_str().unwrap()]));
    assert_eq!(
        fs::read(site.join("public/archivio/2025-S1.zip")).unwrap(),
        fs::read(&zip_path).unwrap()
    );
    let archive_page = fs::read_to_string(site.join("public/archivio/index.html")).unwrap();
    assert!(
        archive_page.contains("2025-S1"),
        "la pagina Archivio elenca la versione"
    );
}

#[test]
fn a_bad_spreadsheet_is_explained_row_by_row_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let content = site.join("content");
    let before = snapshot(&content);
    let bad = "\u{feff}tipo_obiettivo;obiettivo;kpi;nome;target;unita;responsabile;valore;numeratore;denominatore;nota\r\n\
strategico;1.1;1;Istanze evase entro i termini;>=90%;%;Ufficio Protocollo;circa 70;;;\r\n\
operativo;1.1.1;9;Indicatore che non esiste;Sì;si/no;Ufficio Comunicazione;si;;;\r\n\
operativo;1.1.1;2;Tempo medio;<=30gg;giorni;Ufficio Autorizzazioni;24;;;valida, ma il file ha errori\r\n";
    fs::write(site.join("misure-errate.csv"), bad).unwrap();
    let out = run(&site, &["importa", "2025-S1", "misure-errate.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // file:riga:colonna, what is wrong, how to fix it
    assert!(
        stderr.contains("misure-errate.csv:2:8: errore: valore \"circa 70\" non riconosciuto"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "misure-errate.csv:3:3: errore: KPI \"9\" inesistente nell'obiettivo operativo 1.1.1"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("= come correggere:"), "{stderr}");
    assert!(
        stderr.contains("nessun file è stato modificato"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(&content),
        before,
        "nessun file dei contenuti deve cambiare"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("esistente");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("appunti.txt"), "da non toccare").unwrap();
    let out = run(tmp.path(), &["init", "esistente"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("non è vuota"),
        "{}",
        text(&out)
    );
    let after = snapshot(&dir);
    assert_eq!(after.len(), 1);
    assert_eq!(after[Path::new("appunti.txt")], b"da non toccare");

    // an empty folder is fine
    let empty = tmp.path().join("vuota");
    fs::create_dir(&empty).unwrap();
    ok(run(tmp.path(), &["init", "vuota"]));
    ok(run(&empty, &["check"]));
}
