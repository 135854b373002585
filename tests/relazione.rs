//! The Relazione sulla Performance on a fictional plan with a year end
//! (`tests/data/relazione`, "Ente di esempio", plan folders): every cell of its results
//! tables against the evaluation, the gaps with their sign computed on the unrounded
//! values, the notes, the state before and after the OIV's validation (two builds), the
//! validation document published unchanged, the open data (JSON and CSV), the section's
//! list, the open-data page, the catalogue and the sitemap, and the warning for a gap
//! without a note.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};
use trasparenza::evaluate::evaluate;
use trasparenza::evaluate::gap::objective_gaps;
use trasparenza::load::load_dir;
use trasparenza::model::Kind;
use trasparenza::model::number::format_percent;
use trasparenza::model::relazione::State;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/relazione")
}

const RELAZIONE: &str = "piani/2025-2027/relazione/2025/relazione.toml";

const VALIDATION: &str = "
[validazione]
data = 2026-05-20
esito = \"validata con osservazioni\"
documento = \"validazione-oiv.txt\"
";

const DOCUMENT: &[u8] = b"Documento di validazione di fantasia dell'Ente di esempio.\n";

/// The fixture copied into a temporary folder, with `extra` appended to the Relazione.
fn content(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture(), dir.path());
    if !extra.is_empty() {
        let path = dir.path().join(RELAZIONE);
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str(extra);
        fs::write(&path, text).unwrap();
        fs::write(
            dir.path()
                .join("piani/2025-2027/relazione/2025/validazione-oiv.txt"),
            DOCUMENT,
        )
        .unwrap();
    }
    dir
}

fn trasparenza(args: &[&str], content: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(args)
        .arg("--content")
        .arg(content)
        .output()
        .unwrap()
}

/// Builds `content` into `<content>/../sito`.
fn build(content: &Path) -> PathBuf {
    let out = content.join("sito");
    let o = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

fn read(site: &Path, rel: &str) -> String {
    let path = site.join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text a sighted reader sees: without what is only for screen readers.
fn visible(e: ElementRef) -> String {
    e.descendants()
        .filter(|n| {
            !n.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|el| el.classes().any(|c| c == "visually-hidden"))
            })
        })
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The visible cells (header and data) of each body row of the table with this id.
fn rows(html: &Html, id: &str) -> Vec<Vec<String>> {
    let table = html
        .select(&sel(&format!("table#{id}")))
        .next()
        .unwrap_or_else(|| panic!("table {id} missing"));
    table
        .select(&sel("tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(visible).collect())
        .collect()
}

#[test]
fn every_cell_of_the_results_matches_the_evaluation() {
    let dir = content("");
    let plans = load_dir(dir.path()).plans.expect("the fixture loads");
    let plan = plans.current();
    let r = &plan.relazioni[0];
    assert_eq!((r.year, r.period.as_str()), (2025, "2025-consuntivo"));
    let period = &plan.periods[0];
    let evaluation = evaluate(plan, period);
    let site = build(dir.path());
    let html = Html::parse_document(&read(&site, "relazione-sulla-performance/2025/index.html"));
    for (kind, prefix) in [
        (Kind::Strategic, "strategico"),
        (Kind::Operational, "operativo"),
        (Kind::Individual, "individuale"),
        (Kind::Common, "comune"),
    ] {
        for (i, o) in plan.objectives(kind).iter().enumerate() {
            let g = objective_gaps(plan, period, &evaluation, o).unwrap();
            let table = rows(&html, &format!("{prefix}-{}", i + 1));
            assert_eq!(table.len(), g.kpis.len(), "{prefix} {}", o.id);
            for (row, k) in table.iter().zip(&g.kpis) {
                let achievement = k.result.achievement.map(format_percent).unwrap();
                assert_eq!(row[0], k.kpi.name);
                assert_eq!(row[3], k.target.unwrap().target.to_string());
                assert_eq!(row[4], achievement, "{} {}", o.id, k.kpi.id);
                assert_eq!(row[5], k.gap.unwrap().italian(), "{} {}", o.id, k.kpi.id);
                assert_eq!(row[6], k.result.status.label());
            }
        }
    }
    // the values written down, so that the evaluation itself is checked too
    let cells = |id| rows(&html, id);
    assert_eq!(
        cells("strategico-1"),
        [[
            "Istanze evase entro i termini",
            "100%",
            "86,67% (39 / 45)",
            "≥ 86%",
            "100%",
            "+0,78%",
            "Raggiunto"
        ]]
    );
    assert_eq!(
        cells("operativo-1"),
        [
            [
                "Carta dei servizi pubblicata",
                "40%",
                "Sì",
                "Sì",
                "100%",
                "raggiunto",
                "Raggiunto"
            ],
            [
                "Tempo medio di rilascio",
                "60%",
                "26 giorni",
                "≤ 30 giorni",
                "100%",
                "\u{2212}13,33%",
                "Raggiunto"
            ],
        ]
    );
    assert_eq!(
        cells("operativo-2"),
        [[
            "Persone formate",
            "100%",
            "40",
            "45",
            "88,9%",
            "\u{2212}11,11%",
            "Parzialmente raggiunto"
        ]]
    );
    assert_eq!(
        cells("individuale-1"),
        [[
            "Revisione dei procedimenti conclusa",
            "100%",
            "No",
            "Sì",
            "0%",
            "non realizzato",
            "Non raggiunto"
        ]]
    );
    assert_eq!(
        cells("comune-1"),
        [[
            "Fatture pagate nei termini",
            "100%",
            "95%",
            "≥ 90%",
            "100%",
            "+5,56%",
            "Raggiunto"
        ]]
    );
    // the notes, and the objective without one whose KPI missed its target
    let notes: Vec<String> = html.select(&sel(".relazione-nota")).map(text).collect();
    assert!(
        notes[2].contains("Due corsi sono stati rinviati al 2026"),
        "{notes:?}"
    );
    assert!(notes[3].contains("non ha ancora spiegato"), "{notes:?}");
    // resources: the plan's budget and what was spent
    assert_eq!(
        rows(&html, "tabella-risorse"),
        [
            [
                "1.1.1 Ridurre i tempi di rilascio",
                "10.000,00 €",
                "9.800,00 €"
            ],
            [
                "1.1.2 Formare il personale degli sportelli",
                "5.000,00 €",
                "4.200,50 €"
            ],
        ]
    );
    // the overall evaluation: the body and its area
    let overall = rows(&html, "tabella-complessiva");
    assert_eq!(
        overall[0][1],
        format_percent(evaluation.body.achievement.unwrap())
    );
    // no person's name next to an individual objective
    assert!(!read(&site, "relazione-sulla-performance/2025/index.html").contains("Maria Esempio"));
    // the objectives link to their pages in the plan's folder
    let links: Vec<&str> = html
        .select(&sel(
            "section.relazione-obiettivo h4 a, section.relazione-obiettivo h3 a",
        ))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&"../../piano-della-performance/2025-2027/obiettivi-operativi/1.1.2/"),
        "{links:?}"
    );
    for link in links {
        let target = site
            .join("relazione-sulla-performance/2025")
            .join(link.split('#').next().unwrap());
        assert!(
            target.join("index.html").exists() || target.exists(),
            "{link}"
        );
    }
}

#[test]
fn the_state_is_said_before_and_after_the_validation() {
    let approved = content("");
    let site = build(approved.path());
    let page = Html::parse_document(&read(&site, "relazione-sulla-performance/2025/index.html"));
    let notice = text(page.select(&sel(".relazione-stato-avviso")).next().unwrap());
    assert_eq!(
        notice,
        "Relazione approvata con delibera di Giunta n. 12 del 28/04/2026; in attesa della validazione dell'OIV."
    );
    assert!(
        !site
            .join("relazione-sulla-performance/2025/validazione-oiv.txt")
            .exists()
    );
    let list = Html::parse_document(&read(&site, "relazione-sulla-performance/index.html"));
    assert_eq!(
        rows(&list, "tabella-relazioni"),
        [[
            "Relazione sulla Performance 2025",
            "Relazione approvata con delibera di Giunta n. 12 del 28/04/2026; in attesa della validazione dell'OIV."
        ]]
    );

    let validated = content(VALIDATION);
    let plans = load_dir(validated.path()).plans.unwrap();
    assert!(matches!(
        plans.current().relazioni[0].state,
        State::Validated { .. }
    ));
    let site = build(validated.path());
    let page = Html::parse_document(&read(&site, "relazione-sulla-performance/2025/index.html"));
    let notice = page.select(&sel(".relazione-stato-avviso")).next().unwrap();
    assert_eq!(
        text(notice),
        "Relazione approvata con delibera di Giunta n. 12 del 28/04/2026 e validata dall'OIV il 20/05/2026: esito «validata con osservazioni». Documento di validazione dell'OIV (validazione-oiv.txt)."
    );
    let href = notice
        .select(&sel("a"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(
        href,
        "../../relazione-sulla-performance/2025/validazione-oiv.txt"
    );
    // the document is published as it is
    let published =
        fs::read(site.join("relazione-sulla-performance/2025/validazione-oiv.txt")).unwrap();
    assert_eq!(published, DOCUMENT);
    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "opendata/relazione/2025.json")).unwrap();
    assert_eq!(json["stato"]["codice"], "validata");
    assert_eq!(
        json["stato"]["validazione"]["esito"],
        "validata con osservazioni"
    );
    assert_eq!(
        json["stato"]["validazione"]["documento"],
        "relazione-sulla-performance/2025/validazione-oiv.txt"
    );
}

#[test]
fn the_open_data_hold_the_same_results() {
    let dir = content("");
    let site = build(dir.path());
    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "opendata/relazione/2025.json")).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["periodo"], "2025-consuntivo");
    assert_eq!(json["stato"]["codice"], "in-attesa-di-validazione");
    assert_eq!(json["stato"]["approvazione"]["numero"], "12");
    let objectives = json["obiettivi"].as_array().unwrap();
    let ids: Vec<&str> = objectives
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1.1", "1.1.1", "1.1.2", "1", "1"]);
    let strategic = &objectives[0]["kpi"][0];
    assert_eq!(strategic["scostamento"], "0.7752");
    assert_eq!(strategic["scostamento_testo"], "+0,78%");
    assert_eq!(strategic["risultato"], "86.6667");
    assert_eq!(
        objectives[2]["nota"],
        "Due corsi sono stati rinviati al 2026 per l'indisponibilità dei docenti."
    );
    assert_eq!(objectives[2]["risorse_impiegate"], "4200.50");
    assert_eq!(objectives[2]["risorse_previste"], "5000.00");
    assert_eq!(objectives[3]["ruolo"], "Segretario Generale");
    assert_eq!(
        objectives[3]["kpi"][0]["scostamento_testo"],
        "non realizzato"
    );
    let doc: trasparenza::opendata::relazione::Document =
        serde_json::from_str(&read(&site, "opendata/relazione/2025.json")).unwrap();
    assert_eq!(doc.anno, 2025);

    let csv = read(&site, "opendata/tabelle/relazione-2025.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "tipo,obiettivo,titolo,kpi,indicatore,peso,risultato,target,realizzazione,scostamento,stato,nota"
    );
    let all: Vec<&str> = lines.collect();
    assert_eq!(all.len(), 6);
    assert_eq!(
        all[0],
        "obiettivo strategico,1.1,Garantire servizi tempestivi,1,Istanze evase entro i termini,100,39/45,>=86%,100,0.7752,raggiunto,"
    );
    assert_eq!(
        all[3],
        "obiettivo operativo,1.1.2,Formare il personale degli sportelli,1,Persone formate,100,40,45,88.89,-11.1111,parziale,Due corsi sono stati rinviati al 2026 per l'indisponibilità dei docenti."
    );
    // listed in the open-data page, the catalogue and the sitemap
    assert!(read(&site, "opendata/index.html").contains("opendata/relazione/2025.json"));
    assert!(
        read(&site, "opendata/catalogo.jsonld").contains("opendata/tabelle/relazione-2025.csv")
    );
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains("performance/relazione-sulla-performance/2025/</loc>"));
    assert!(sitemap.contains("performance/relazione-sulla-performance/</loc>"));
}

#[test]
fn check_warns_of_a_gap_without_a_note() {
    let dir = content("");
    let o = trasparenza(&["check"], dir.path());
    let out = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains(
            "obiettivo individuale 1: scostamento dal target senza nota nella relazione 2025"
        ),
        "{out}"
    );
    // the objective with a note is not reported
    assert!(
        !out.contains("obiettivo operativo 1.1.2: scostamento"),
        "{out}"
    );
}

#[test]
fn without_a_relazione_the_section_stays_empty() {
    let dir = content("");
    fs::remove_dir_all(dir.path().join("piani/2025-2027/relazione")).unwrap();
    let site = build(dir.path());
    let page = read(&site, "relazione-sulla-performance/index.html");
    assert!(page.contains("Contenuto non ancora disponibile"));
    assert!(!site.join("relazione-sulla-performance/2025").exists());
    assert!(!site.join("opendata/relazione").exists());
}
