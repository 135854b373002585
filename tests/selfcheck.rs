//! The self-check (`trasparenza autoverifica`): the OIV grid scored on the shipped
//! content (no Relazione, no premi: those rows are low, with reasons) and on the
//! complete example of `crea --completo` (full marks), and ANAC's crawler rules finding
//! every node of "Performance" at the root and under a sub-path, and missing one whose
//! link is removed.

use std::path::{Path, PathBuf};
use std::process::Command;

use trasparenza::build::{Built, Options, build};
use trasparenza::model::Date;
use trasparenza::selfcheck::crawler::{self, PERFORMANCE_RULES};
use trasparenza::selfcheck::{Column, Found, Obligation, SelfCheck, Value, report};

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn built(content: &Path, base_url: Option<&str>) -> Built {
    build(&Options {
        content: content.to_path_buf(),
        base_url: base_url.map(str::to_owned),
        ..Options::default()
    })
    .unwrap_or_else(|d| panic!("{d:?}"))
}

/// The complete example of `crea --completo`, in a temporary folder.
fn complete() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("esempio");
    trasparenza::init::create(&dir, true).unwrap();
    (tmp, dir.join("content"))
}

/// The self-check of a built site.
fn self_check(built: &Built, today: Date) -> SelfCheck {
    SelfCheck::of(&built.site, &built.plans, today)
}

fn day(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

/// The values of a row, in the grid's column order.
fn values(check: &SelfCheck, o: Obligation) -> Vec<Value> {
    let row = check.grid.iter().find(|r| r.obligation == o).unwrap();
    row.cells.iter().map(|c| c.value).collect()
}

use Value::{Judgement as J, NotApplicable as NA, Score as S};

#[test]
fn shipped_content_scores_low_where_relazione_and_premi_are_missing() {
    let check = self_check(&built(&shipped(), None), day(2022, 9, 15));
    assert_eq!(values(&check, Obligation::Smvp), [S(2), J, J, S(3), S(3)]);
    assert_eq!(
        values(&check, Obligation::Plan),
        [S(2), S(3), J, S(3), S(3)]
    );
    for o in [
        Obligation::Relazione,
        Obligation::PayAmounts,
        Obligation::PayData,
    ] {
        assert_eq!(values(&check, o), [S(0), S(0), J, S(0), S(0)], "{o:?}");
        let row = check.grid.iter().find(|r| r.obligation == o).unwrap();
        let publication = row.cell(Column::Publication);
        assert!(
            publication.reason.starts_with("nessun"),
            "{}",
            publication.reason
        );
        assert!(
            publication
                .raise
                .as_deref()
                .unwrap()
                .starts_with("aggiungere")
        );
        assert!(!row.full_marks());
    }
    assert_eq!(values(&check, Obligation::Wellbeing), [NA; 5]);
    let text = report::text(&check);
    assert!(text.contains("✗ Relazione sulla Performance"), "{text}");
    assert!(
        text.contains("come migliorare: aggiungere la Relazione"),
        "{text}"
    );
}

#[test]
fn the_plan_is_out_of_date_when_the_year_is_past_it() {
    let check = self_check(&built(&shipped(), None), day(2025, 3, 1));
    let plan = check
        .grid
        .iter()
        .find(|r| r.obligation == Obligation::Plan)
        .unwrap();
    let update = plan.cell(Column::Update);
    assert_eq!(update.value, S(0));
    assert!(
        update.reason.contains("non copre il 2025"),
        "{}",
        update.reason
    );
}

#[test]
fn the_complete_example_has_full_marks() {
    let (_tmp, content) = complete();
    let check = self_check(&built(&content, None), day(2026, 9, 15));
    for row in &check.grid {
        assert!(row.full_marks(), "{:?}", row);
    }
    assert_eq!(
        values(&check, Obligation::Relazione),
        [S(2), S(3), J, S(3), S(3)]
    );
    assert_eq!(
        values(&check, Obligation::PayAmounts),
        [S(2), S(3), J, S(3), S(3)]
    );
    assert_eq!(
        values(&check, Obligation::PayData),
        [S(2), S(3), J, S(3), S(3)]
    );
    assert!(check.all_full());
    // a year later the Relazione and the premi of 2026 are due
    let later = self_check(&built(&content, None), day(2027, 7, 1));
    assert_eq!(values(&later, Obligation::Relazione)[3], S(1));
    assert_eq!(values(&later, Obligation::PayAmounts)[3], S(1));
}

#[test]
fn the_csv_has_the_grid_columns_and_one_row_per_obligation() {
    let (_tmp, content) = complete();
    let check = self_check(&built(&content, None), day(2026, 9, 15));
    let bytes = report::csv(&check);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        &header[..4],
        [
            "obbligo",
            "riferimento_normativo",
            "pagina",
            "pubblicazione"
        ]
    );
    for c in [
        "completezza_contenuto",
        "completezza_uffici",
        "aggiornamento",
        "apertura_formato",
        "giudizio_oiv",
    ] {
        assert!(header.iter().any(|h| h == c), "{c} in {header:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[2][col("obbligo")], "Relazione sulla Performance");
    assert_eq!(&rows[2][col("pubblicazione")], "2");
    assert_eq!(&rows[2][col("aggiornamento")], "3");
    assert_eq!(&rows[2][col("completezza_uffici")], "giudizio OIV");
    assert_eq!(
        &rows[2][col("giudizio_oiv")],
        "Completezza rispetto agli uffici"
    );
    assert_eq!(&rows[5][col("obbligo")], "Benessere organizzativo");
    assert_eq!(&rows[5][col("apertura_formato")], "n/a");
    assert!(bytes.ends_with(b"\r\n"));
}

#[test]
fn the_crawler_finds_every_node_at_the_root_and_under_a_sub_path() {
    for base in [None, Some("https://ente.it/at/performance/")] {
        for content in [shipped(), complete().1] {
            let site = built(&content, base);
            let nodes = crawler::nodes(&site.site, &site.plan().body.base_url);
            assert_eq!(nodes.len(), PERFORMANCE_RULES.len());
            for n in &nodes {
                assert!(n.is_found(), "{base:?} {}: {:?}", content.display(), n);
            }
            let wellbeing = nodes
                .iter()
                .find(|n| n.rule.name == "benessere-organizzativo")
                .unwrap();
            assert_eq!(
                wellbeing.found,
                Found::Page {
                    text: "Benessere organizzativo".into(),
                    path: "benessere-organizzativo/index.html".into()
                }
            );
        }
    }
}

#[test]
fn removing_a_link_makes_its_node_missing() {
    let mut site = built(&shipped(), None);
    let home = String::from_utf8(site.site.get("index.html").unwrap().to_vec()).unwrap();
    // every anchor to the page goes: the menu's and the home page's list of contents
    let without = home.replace("href=\"dati-relativi-ai-premi/\"", "");
    assert_ne!(without, home);
    site.site
        .files
        .insert("index.html".into(), without.into_bytes());
    let nodes = crawler::nodes(&site.site, &site.plan().body.base_url);
    let missing: Vec<&str> = nodes
        .iter()
        .filter(|n| !n.is_found())
        .map(|n| n.rule.term)
        .collect();
    assert_eq!(missing, ["Dati relativi ai premi"]);
    let node = nodes.iter().find(|n| !n.is_found()).unwrap();
    assert_eq!(node.found, Found::Missing);
}

#[test]
fn a_link_to_a_page_that_is_not_there_is_reported() {
    let mut site = built(&shipped(), None);
    site.site
        .files
        .retain(|p| p != "benessere-organizzativo/index.html");
    let nodes = crawler::nodes(&site.site, &site.plan().body.base_url);
    let node = nodes
        .iter()
        .find(|n| n.rule.name == "benessere-organizzativo")
        .unwrap();
    assert!(matches!(node.found, Found::Broken { .. }), "{node:?}");
}

#[test]
fn the_command_prints_the_report_and_writes_the_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("griglia.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(["autoverifica", "--contenuti"])
        .arg(shipped())
        .args([
            "--indirizzo-base",
            "https://ente.it/at/performance/",
            "--csv",
        ])
        .arg(&csv)
        .env("SOURCE_DATE_EPOCH", "1663200000") // 15 September 2022
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("al 15 settembre 2022 (https://ente.it/at/performance/)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "✓ Benessere organizzativo: trovato, porta a benessere-organizzativo/index.html"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("6 nodi su 6 trovati"), "{stdout}");
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(written.lines().count(), 7);
}

/// The site of `content` built on `today`, as `trasparenza genera` builds it.
fn built_on(content: &Path, today: Date) -> Built {
    build(&Options {
        content: content.to_path_buf(),
        today: Some(today),
        ..Options::default()
    })
    .unwrap_or_else(|d| panic!("{d:?}"))
}

const PAGE: &str = "autoverifica/index.html";

fn text(built: &Built, path: &str) -> String {
    String::from_utf8_lossy(built.site.get(path).unwrap_or_default()).into_owned()
}

#[test]
fn the_officer_page_is_there_only_when_sito_toml_asks_for_it() {
    let today = day(2026, 9, 15);
    assert!(built_on(&shipped(), today).site.get(PAGE).is_none());
    let (_tmp, content) = complete();
    let on = built_on(&content, today);
    let page = text(&on, PAGE);
    assert!(
        page.contains(r#"<meta name="robots" content="noindex">"#),
        "{page}"
    );
    // not linked, not in the sitemap, the catalogue or the open-data index
    for file in [
        "sitemap.xml",
        "opendata/catalogo.jsonld",
        "opendata/index.html",
        "index.html",
    ] {
        assert!(!text(&on, file).contains("autoverifica"), "{file}");
    }
    // no page of the section but this one says noindex
    let noindex = on
        .site
        .files
        .iter()
        .filter(|(p, b)| {
            p.ends_with(".html") && String::from_utf8_lossy(b).contains(r#"content="noindex""#)
        })
        .count();
    assert_eq!(noindex, 1);
    // the option off in the same content: no page
    let sito = content.join("sito.toml");
    let without = std::fs::read_to_string(&sito)
        .unwrap()
        .replace("pagina = true", "pagina = false");
    std::fs::write(&sito, without).unwrap();
    assert!(built_on(&content, today).site.get(PAGE).is_none());
}

#[test]
fn the_officer_page_shows_the_scores_of_the_command_on_the_build_date() {
    let today = day(2026, 9, 15);
    let (_tmp, content) = complete();
    let built = built_on(&content, today);
    let page = text(&built, PAGE);
    assert!(page.contains("15 settembre 2026"), "{page}");
    let check = self_check(&built, today);
    for row in &check.grid {
        assert!(
            page.contains(&trasparenza::render::escape(row.obligation.label())),
            "{row:?}"
        );
        for cell in &row.cells {
            assert!(
                page.contains(&trasparenza::render::escape(&cell.reason)),
                "{cell:?}"
            );
        }
    }
    // the command, on the same day, counts what the page counts
    let out = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(["autoverifica", "--contenuti"])
        .arg(&content)
        .env("SOURCE_DATE_EPOCH", "1789430400") // 15 September 2026
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout.lines().last().unwrap();
    let full = check.grid.iter().filter(|r| r.full_marks()).count();
    let found = check.nodes.iter().filter(|n| n.is_found()).count();
    assert_eq!(
        summary,
        format!("{full} obblighi su 6 con il punteggio massimo; {found} nodi su 6 trovati")
    );
    assert!(
        page.contains(&format!(
            "{full} obblighi su 6 con il punteggio massimo; {found} nodi su 6 trovati"
        )),
        "{page}"
    );
}

#[test]
fn the_officer_page_is_the_same_on_the_same_day_in_memory_and_on_disk() {
    let today = day(2026, 9, 15);
    let (tmp, content) = complete();
    let first = built_on(&content, today);
    let second = built_on(&content, today);
    assert_eq!(first.site.get(PAGE), second.site.get(PAGE));
    let out = tmp.path().join("public");
    trasparenza::build::write(
        &Options {
            content: content.clone(),
            today: Some(today),
            ..Options::default()
        },
        &|_| {},
        &out,
    )
    .unwrap_or_else(|_| panic!("not written"));
    let written = std::fs::read(out.join(PAGE)).unwrap();
    assert_eq!(Some(written.as_slice()), first.site.get(PAGE));
    // the link check accepts its noindex, and nothing else in it
    let report = trasparenza::linkcheck::check_site(&out);
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == trasparenza::diagnostic::Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let later = built_on(&content, day(2027, 7, 1));
    assert_ne!(later.site.get(PAGE), first.site.get(PAGE));
}
