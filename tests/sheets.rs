//! Spreadsheets in and out through the binary: a workbook written by a spreadsheet
//! library (not by `esporta`) and a CSV saved the way LibreOffice saves it are imported
//! with the same checks; bad cells are placed by sheet, row and column; a new period's
//! folder is started from its id.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const BIN: &str = env!("CARGO_BIN_EXE_trasparenza");

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

fn failed(o: Output) -> String {
    assert_eq!(o.status.code(), Some(1), "doveva fallire:\n{}", text(&o));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
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

fn new_site(root: &Path) -> PathBuf {
    ok(run(root, &["init", "sito"]));
    root.join("sito")
}

const MONITORING: &str = "content/piani/2025-2027/monitoraggio/2025-S1";

fn read(site: &Path, rel: &str) -> String {
    let p = site.join(MONITORING).join(rel);
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A cell of the test workbooks.
enum C {
    T(&'static str),
    N(f64),
    B(bool),
    D(u16, u8, u8),
}

/// A workbook as a person might build it: sheet «Misure», columns B to G, typed cells.
fn workbook(path: &Path, rows: &[[Option<C>; 6]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Misure").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let header = [
        "tipo_obiettivo",
        "Obiettivo",
        "KPI",
        "Valore",
        "Stato dichiarato",
        "Nota",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16 + 1, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16 + 1);
            match cell {
                None => {}
                Some(C::T(t)) => {
                    sheet.write_string(r, c, *t).unwrap();
                }
                Some(C::N(n)) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Some(C::B(b)) => {
                    sheet.write_boolean(r, c, *b).unwrap();
                }
                Some(C::D(y, m, d)) => {
                    let when = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &when, &date)
                        .unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_workbook_from_a_spreadsheet_library_is_imported_with_typed_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    use C::*;
    workbook(
        &site.join("misure.xlsx"),
        &[
            // a percentage typed as its points, a number cell
            [
                Some(T("strategico")),
                Some(T("1.1")),
                Some(N(1.0)),
                Some(N(92.5)),
                None,
                None,
            ],
            // a boolean cell for a yes/no KPI, and the objective's declared status
            [
                Some(T("operativo")),
                Some(T("1.1.1")),
                Some(T("1")),
                Some(B(true)),
                Some(T("Parzialmente raggiunto")),
                Some(T("Pubblicata a giugno.")),
            ],
            // days as a bare number; a float that is not exactly 24.3 in binary
            [
                Some(T("operativo")),
                Some(T("1.1.1")),
                Some(N(2.0)),
                Some(N(24.3)),
                None,
                None,
            ],
        ],
    );
    let out = ok(run(&site, &["importa", "2025-S1", "misure.xlsx"]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Importate 3 misure"),
        "{}",
        text(&out)
    );
    let st = read(&site, "obiettivi-strategici/1.1.toml");
    assert!(st.contains("valore = \"92,5%\""), "{st}");
    let op = read(&site, "obiettivi-operativi/1.1.1.toml");
    assert!(op.contains("valore = \"si\""), "{op}");
    assert!(op.contains("valore = \"24,3 gg\""), "{op}");
    assert!(
        op.contains("stato_dichiarato = \"parzialmente raggiunto\""),
        "{op}"
    );
    assert!(op.contains("nota = \"Pubblicata a giugno.\""), "{op}");
    assert!(
        op.contains("# id del KPI nel piano"),
        "commenti tenuti: {op}"
    );
    ok(run(&site, &["check"]));

    // the same workbook again: nothing new
    let before = snapshot(&site.join("content"));
    let out = ok(run(&site, &["importa", "2025-S1", "misure.xlsx"]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("nessun valore nuovo"),
        "{}",
        text(&out)
    );
    assert_eq!(snapshot(&site.join("content")), before);
}

#[test]
fn bad_cells_are_placed_by_sheet_row_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let before = snapshot(&site.join("content"));
    use C::*;
    workbook(
        &site.join("misure.xlsx"),
        &[
            [
                Some(T("strategico")),
                Some(T("1.1")),
                Some(T("1")),
                Some(T("circa 70")),
                None,
                None,
            ],
            [
                Some(T("operativo")),
                Some(T("1.1.1")),
                Some(N(9.0)),
                Some(T("Sì")),
                None,
                None,
            ],
            [
                Some(T("operativo")),
                Some(D(2025, 1, 1)),
                Some(T("1")),
                Some(T("Sì")),
                None,
                None,
            ],
            [
                Some(T("operativo")),
                Some(T("1.1.1")),
                Some(T("2")),
                Some(N(20.0)),
                Some(T("quasi")),
                None,
            ],
        ],
    );
    let stderr = failed(run(&site, &["importa", "2025-S1", "misure.xlsx"]));
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": errore: "))
        .collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert!(
        lines[0].starts_with("misure.xlsx, foglio «Misure», riga 2, colonna E (Valore): errore: valore \"circa 70\" non riconosciuto"),
        "{stderr}"
    );
    assert!(
        lines[0].ends_with("(KPI 1 dell'obiettivo strategico 1.1)"),
        "{stderr}"
    );
    assert_eq!(
        lines[1..],
        [
            "misure.xlsx, foglio «Misure», riga 3, colonna D (KPI): errore: KPI \"9\" inesistente nell'obiettivo operativo 1.1.1",
            "misure.xlsx, foglio «Misure», riga 4, colonna C (Obiettivo): errore: obiettivo operativo \"01/01/2025\" inesistente",
            "misure.xlsx, foglio «Misure», riga 5, colonna F (Stato dichiarato): errore: stato dichiarato \"quasi\" sconosciuto (dell'obiettivo operativo 1.1.1)",
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("il foglio di calcolo sembra aver trasformato l'id in una data"),
        "{stderr}"
    );
    assert!(
        stderr.contains("valori ammessi: raggiunto, in linea"),
        "{stderr}"
    );
    assert!(
        stderr.contains("nessun file è stato modificato"),
        "{stderr}"
    );
    assert_eq!(snapshot(&site.join("content")), before);

    // a workbook without the template's header names the sheets it has
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("Dati")
        .unwrap()
        .write_string(0, 0, "qualcosa")
        .unwrap();
    book.save(site.join("altro.xlsx")).unwrap();
    let stderr = failed(run(&site, &["importa", "2025-S1", "altro.xlsx"]));
    assert!(
        stderr.contains(
            "altro.xlsx: errore: nessun foglio ha l'intestazione del modello (fogli: «Dati»)"
        ),
        "{stderr}"
    );
    // a CSV named .xlsx is not a workbook
    fs::write(site.join("finto.xlsx"), "obiettivo;kpi;valore\n").unwrap();
    let stderr = failed(run(&site, &["importa", "2025-S1", "finto.xlsx"]));
    assert!(
        stderr.contains("finto.xlsx: errore: non leggibile come foglio di calcolo"),
        "{stderr}"
    );
}

#[test]
fn a_csv_saved_by_libreoffice_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    // «;» separator, quotes only where needed, decimal comma, LF line ends, no BOM
    let saved = "tipo_obiettivo;obiettivo;kpi;nome;target;unita;responsabile;valore;numeratore;denominatore;nota\n\
strategico;1.1;1;Istanze evase entro i termini;>=90%;%;Ufficio Protocollo;92,5;;;\n\
operativo;1.1.1;1;\"Carta dei servizi; pubblicata\";Sì;si/no;Ufficio Comunicazione;Sì;;;\"Nota con \"\"virgolette\"\"\"\n\
operativo;1.1.1;2;Tempo medio;<=30gg;giorni;Ufficio Autorizzazioni;24,5;;;\n";
    fs::write(site.join("misure.csv"), saved).unwrap();
    ok(run(&site, &["importa", "2025-S1", "misure.csv"]));
    assert!(read(&site, "obiettivi-strategici/1.1.toml").contains("valore = \"92,5%\""));
    let op = read(&site, "obiettivi-operativi/1.1.1.toml");
    assert!(op.contains("valore = \"24,5 gg\""), "{op}");
    assert!(
        op.contains(r#"nota = 'Nota con "virgolette"'"#)
            || op.contains(r#"Nota con \"virgolette\""#),
        "{op}"
    );

    let bad = "tipo_obiettivo;obiettivo;kpi;valore\noperativo;1.1.1;9;Sì\n";
    fs::write(site.join("errato.csv"), bad).unwrap();
    let stderr = failed(run(&site, &["importa", "2025-S1", "errato.csv"]));
    assert!(
        stderr.lines().any(|l| l
            == "errato.csv:2:3: errore: KPI \"9\" inesistente nell'obiettivo operativo 1.1.1 (colonna C «kpi»)"),
        "{stderr}"
    );
}

#[test]
fn a_new_period_starts_from_its_id_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let out = ok(run(&site, &["nuovo-periodo", "2025-S2"]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Periodo 2025-S2 creato nel piano 2025-2027"),
        "{}",
        text(&out)
    );
    let file = site.join("content/piani/2025-2027/monitoraggio/2025-S2/periodo.toml");
    let written = fs::read_to_string(&file).unwrap();
    assert!(written.contains("id = \"2025-S2\""), "{written}");
    assert!(
        written.contains("titolo = \"Risultati al 31 dicembre 2025\""),
        "{written}"
    );
    assert!(written.contains("fine = 2025-12-31"), "{written}");
    assert!(written.contains("quota_anno = \"100%\""), "{written}");
    ok(run(&site, &["check"]));
    // its template lists the KPIs with a 2025 target
    ok(run(&site, &["esporta", "2025-S2"]));
    assert!(site.join("misure-2025-S2.xlsx").is_file());

    // never twice, never outside the plans, never an unknown form
    let stderr = failed(run(&site, &["new-period", "2025-S2"]));
    assert!(
        stderr.contains("il periodo 2025-S2 esiste già nel piano 2025-2027"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), written);
    let stderr = failed(run(&site, &["nuovo-periodo", "2031-S1"]));
    assert!(
        stderr.contains("nessun piano comprende il 2031"),
        "{stderr}"
    );
    let stderr = failed(run(&site, &["nuovo-periodo", "2025-X1"]));
    assert!(
        stderr.contains("periodo \"2025-X1\" non riconosciuto"),
        "{stderr}"
    );
    assert!(
        !site
            .join("content/piani/2025-2027/monitoraggio/2031-S1")
            .exists()
    );

    // a second year end in the same year is refused by the checks, and not left behind
    let stderr = failed(run(&site, &["nuovo-periodo", "2025-T4"]));
    assert!(stderr.contains("Periodo non creato"), "{stderr}");
    assert!(
        !site
            .join("content/piani/2025-2027/monitoraggio/2025-T4")
            .exists()
    );
}

/// The workbook records when it was made; with `SOURCE_DATE_EPOCH` (reproducible builds) that
/// instant is the one given, so two exports are the same bytes on any machine.
#[test]
fn the_exported_workbook_is_reproducible_with_source_date_epoch() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let export = |file: &str| {
        let o = Command::new(BIN)
            .args(["esporta", "2025-S1", "--uscita", file])
            .env("SOURCE_DATE_EPOCH", "1750000000")
            .current_dir(&site)
            .output()
            .unwrap();
        fs::read(site.join(file)).unwrap_or_else(|e| panic!("{e}\n{}", text(&ok(o))))
    };
    let first = export("uno.xlsx");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(first, export("due.xlsx"), "two exports differ");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(first)).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    assert!(
        core.contains(">2025-06-15T15:06:40Z</dcterms:created>"),
        "{core}"
    );
}

const PLAN_HEADER: [&str; 14] = [
    "Area",
    "Titolo area",
    "Obiettivo strategico",
    "Titolo obiettivo strategico",
    "Obiettivo operativo",
    "Titolo obiettivo operativo",
    "KPI",
    "Indicatore",
    "Algoritmo",
    "Peso",
    "Baseline",
    "Target 2028",
    "Target 2029",
    "Target 2030",
];

/// A plan workbook: sheet «Piano», the header, then the rows (text, or numbers as numbers).
fn plan_workbook(path: &Path, rows: &[[&str; 14]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Piano").unwrap();
    for (c, h) in PLAN_HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            if cell.is_empty() {
                continue;
            }
            match cell.parse::<f64>() {
                Ok(n) if !cell.contains('.') || PLAN_HEADER[c as usize] == "Peso" => {
                    sheet.write_number(r, c, n).unwrap();
                }
                _ => {
                    sheet.write_string(r, c, *cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

const PLAN_ROWS: [[&str; 14]; 4] = [
    [
        "1",
        "Servizi",
        "1.1",
        "Servizi tempestivi",
        "",
        "",
        "1",
        "Istanze evase nei termini",
        "evase / totali",
        "100",
        "85%",
        ">=90%",
        ">=92%",
        ">=95%",
    ],
    [
        "1",
        "",
        "1.1",
        "",
        "1.1.1",
        "Ridurre i tempi",
        "1",
        "Tempo medio di rilascio",
        "giorni / pratiche",
        "60",
        "40gg",
        "<=30gg",
        "",
        "",
    ],
    [
        "1",
        "",
        "1.1",
        "",
        "1.1.1",
        "",
        "2",
        "Carta dei servizi",
        "Sì/No",
        "40",
        "No",
        "Sì",
        "",
        "",
    ],
    [
        "2",
        "Trasparenza",
        "2.1",
        "Dati aperti",
        "",
        "",
        "1",
        "Dataset pubblicati",
        "numero",
        "100",
        "3",
        "5",
        "6",
        "8",
    ],
];

#[test]
fn a_plan_from_a_workbook_passes_the_checks_and_is_not_overwritten_once_edited() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    plan_workbook(&site.join("piano.xlsx"), &PLAN_ROWS);
    let out = ok(run(&site, &["importa-piano", "piano.xlsx"]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Piano 2028-2030 importato"),
        "{}",
        text(&out)
    );
    let plan = site.join("content/piani/2028-2030");
    let strategic = fs::read_to_string(plan.join("obiettivi-strategici/1.1.toml")).unwrap();
    assert!(
        strategic.contains(r#"target = { 2028 = ">=90%", 2029 = ">=92%", 2030 = ">=95%" }"#),
        "{strategic}"
    );
    assert!(strategic.contains("area = \"1\""), "{strategic}");
    let operational = fs::read_to_string(plan.join("obiettivi-operativi/1.1.1.toml")).unwrap();
    assert!(operational.contains("anno = 2028"), "{operational}");
    assert!(operational.contains("target = \"<=30gg\""), "{operational}");
    assert!(operational.contains("peso = 40"), "{operational}");
    let area2 = fs::read_to_string(plan.join("obiettivi-strategici/2.1.toml")).unwrap();
    assert!(
        area2.contains(r#"2028 = "5""#),
        "numbers read as written: {area2}"
    );
    assert!(plan.join(".importazione.sha256").is_file());
    ok(run(&site, &["check"]));
    ok(run(&site, &["build"]));
    assert!(
        site.join("public/piano-della-performance/2028-2030/obiettivi-strategici/1.1/index.html")
            .is_file()
    );

    // again, unchanged: nothing to write
    let out = ok(run(&site, &["import-plan", "piano.xlsx"]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("nessun file da scrivere"),
        "{}",
        text(&out)
    );

    // a file edited by hand is kept, unless asked
    let area = plan.join("aree/1.toml");
    let edited = fs::read_to_string(&area).unwrap() + "descrizione = \"Scritta a mano.\"\n";
    fs::write(&area, &edited).unwrap();
    let mut changed = PLAN_ROWS;
    changed[0][1] = "Servizi ai cittadini";
    plan_workbook(&site.join("piano.xlsx"), &changed);
    let stderr = failed(run(&site, &["importa-piano", "piano.xlsx"]));
    assert!(
        stderr.contains("piani/2028-2030/aree/1.toml: errore: è stato modificato dopo l'importazione precedente: non sovrascritto"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&area).unwrap(), edited);
    ok(run(
        &site,
        &["importa-piano", "piano.xlsx", "--sovrascrivi"],
    ));
    assert!(
        fs::read_to_string(&area)
            .unwrap()
            .contains("Servizi ai cittadini")
    );
    ok(run(&site, &["check"]));
}

#[test]
fn a_bad_plan_workbook_is_explained_cell_by_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_site(tmp.path());
    let before = snapshot(&site.join("content"));
    let rows = [
        PLAN_ROWS[0],
        [
            "1",
            "",
            "1.1",
            "Altro titolo",
            "",
            "",
            "2",
            "Secondo indicatore",
            "",
            "50",
            "",
            "1",
            "2",
            "3",
        ],
        [
            "1",
            "",
            "1.1",
            "",
            "1.1.1",
            "Ridurre i tempi",
            "1",
            "Tempo medio",
            "",
            "100",
            "",
            "<=30gg",
            "<=25gg",
            "",
        ],
        [
            "1",
            "",
            "1.1",
            "",
            "",
            "",
            "3",
            "Senza peso",
            "",
            "",
            "",
            "1",
            "",
            "",
        ],
    ];
    plan_workbook(&site.join("piano.xlsx"), &rows);
    let stderr = failed(run(&site, &["importa-piano", "piano.xlsx"]));
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": errore: "))
        .collect();
    assert_eq!(
        lines,
        [
            "piano.xlsx, foglio «Piano», riga 3, colonna D (Titolo obiettivo strategico): errore: titolo dell'obiettivo strategico 1.1 diverso da quello della riga 2",
            "piano.xlsx, foglio «Piano», riga 4, colonna M (Target 2029): errore: l'obiettivo operativo 1.1.1 è annuale: il KPI \"1\" ha target per più anni",
            "piano.xlsx, foglio «Piano», riga 5, colonna J (Peso): errore: manca il peso del KPI",
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("nessun file è stato modificato"),
        "{stderr}"
    );
    assert_eq!(snapshot(&site.join("content")), before);
}
