//! The year-end period (consuntivo) on a fictional two-year plan (`tests/data/esempio-anno`:
//! a semester and a year end in 2022, a year end in 2023): final statuses only, never
//! "in linea" on the year-end pages and data, a declared "in linea" at year end flagged,
//! the periods of a year linking each other, and the trend over the years on the
//! objective's page.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};
use trasparenza::evaluate::{Agreement, evaluate, evaluate_all};
use trasparenza::load::load_dir;
use trasparenza::model::{Kind, Plan, Status};

fn content() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/esempio-anno")
}

fn plan() -> Plan {
    let loaded = load_dir(&content());
    loaded.into_current().expect("the fixture loads")
}

/// The fixture's site, built once per test by the binary.
fn site() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .arg("build")
        .arg("--content")
        .arg(content())
        .arg("--output")
        .arg(out.path().join("sito"))
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
    let path = site.join("sito").join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: scraper::ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn year_end_statuses_are_final_and_interim_ones_may_be_in_line() {
    let plan = plan();
    let evaluations = evaluate_all(&plan);
    let ids: Vec<&str> = evaluations.iter().map(|e| e.period.as_str()).collect();
    assert_eq!(ids, ["2022-S1", "2022-consuntivo", "2023-consuntivo"]);
    let status = |i: usize, kind, id| evaluations[i].objective(kind, id).unwrap().score.status;
    // the same target met is in line at 30 June, achieved at 31 December
    assert_eq!(status(0, Kind::Strategic, "1.1"), Status::InLinea);
    assert_eq!(status(1, Kind::Strategic, "1.1"), Status::Raggiunto);
    assert_eq!(status(1, Kind::Operational, "1.1.1"), Status::Raggiunto);
    assert_eq!(status(2, Kind::Strategic, "1.1"), Status::Parziale);
    for e in evaluations
        .iter()
        .filter(|e| e.period.ends_with("consuntivo"))
    {
        for o in &e.objectives {
            assert_ne!(o.score.status, Status::InLinea, "{} {}", e.period, o.id);
            assert!(o.kpis.iter().all(|k| k.status != Status::InLinea));
        }
        assert!(e.areas.iter().all(|a| a.score.status != Status::InLinea));
        assert_ne!(e.body.status, Status::InLinea);
    }
}

#[test]
fn a_declared_in_line_at_year_end_contradicts_even_an_achieved_result() {
    let mut plan = plan();
    let period = plan
        .periods
        .iter_mut()
        .find(|p| p.id == "2022-consuntivo")
        .unwrap();
    let report = period
        .reports
        .iter_mut()
        .find(|r| r.kind == Kind::Strategic && r.objective == "1.1")
        .unwrap();
    std::sync::Arc::make_mut(report).declared = Some(Status::InLinea);
    let period = plan.periods[1].clone();
    let e = evaluate(&plan, &period);
    let c = &e.objective(Kind::Strategic, "1.1").unwrap().comparison;
    assert_eq!(c.computed, Status::Raggiunto);
    assert_eq!(c.agreement, Agreement::Contradicts);
    assert_eq!(
        c.reason,
        "dichiarato: in linea; calcolato: raggiunto; a fine anno il risultato è finale e «in linea» non è un esito"
    );
    // the same statement at 30 June agrees
    let interim = evaluate(&plan, &plan.periods[0]);
    let c = &interim
        .objective(Kind::Strategic, "1.1")
        .unwrap()
        .comparison;
    assert_eq!(c.agreement, Agreement::Agrees);
}

#[test]
fn year_end_pages_and_data_never_say_in_line() {
    let site = site();
    let year_end = [
        "monitoraggio/2022-consuntivo/index.html",
        "monitoraggio/2023-consuntivo/index.html",
        "opendata/tabelle/monitoraggio-2022-consuntivo.csv",
        "opendata/tabelle/monitoraggio-2022-consuntivo.json",
        "opendata/tabelle/monitoraggio-2023-consuntivo.csv",
        "opendata/tabelle/monitoraggio-2023-consuntivo.json",
    ];
    for rel in year_end {
        let page = read(site.path(), rel).to_lowercase();
        assert!(
            !page.contains("in linea") && !page.contains("in-linea"),
            "{rel} says in linea"
        );
    }
    // the semester does: the check above can fail
    let semester = read(site.path(), "monitoraggio/2022-S1/index.html").to_lowercase();
    assert!(semester.contains("in-linea"));
    // the year end is named as such on its page, in the list and in its table
    let page = Html::parse_document(&read(
        site.path(),
        "monitoraggio/2022-consuntivo/index.html",
    ));
    let intro = text(page.select(&sel("p.periodo-consuntivo")).next().unwrap());
    assert!(
        intro.starts_with(
            "Questa pagina riporta i risultati al 31 dicembre 2022, il consuntivo dell'anno"
        ),
        "{intro}"
    );
    let list = Html::parse_document(&read(site.path(), "monitoraggio/index.html"));
    let rows: Vec<String> = list
        .select(&sel("#tabella-periodi tbody th"))
        .map(text)
        .collect();
    assert_eq!(
        rows,
        [
            "Risultati al 31 dicembre 2023 (consuntivo: risultati al 31 dicembre 2023, finali)",
            "Risultati al 31 dicembre 2022 (consuntivo: risultati al 31 dicembre 2022, finali)",
            "Monitoraggio semestrale al 30 giugno 2022",
        ]
    );
    let table = read(
        site.path(),
        "opendata/tabelle/monitoraggio-2022-consuntivo.json",
    );
    assert!(
        table.contains("\"Risultati al 31 dicembre 2022 (consuntivo)\""),
        "{table}"
    );
}

#[test]
fn the_periods_of_a_year_link_each_other() {
    let site = site();
    let see_also = |rel: &str| -> Vec<(String, String)> {
        let page = Html::parse_document(&read(site.path(), rel));
        page.select(&sel("p.vedi-anche a"))
            .map(|a| (text(a), a.value().attr("href").unwrap().to_owned()))
            .collect()
    };
    assert_eq!(
        see_also("monitoraggio/2022-S1/index.html"),
        [(
            "risultati al 31 dicembre 2022".to_owned(),
            "../../monitoraggio/2022-consuntivo/".to_owned()
        )]
    );
    assert_eq!(
        see_also("monitoraggio/2022-consuntivo/index.html"),
        [(
            "monitoraggio al 30 giugno 2022".to_owned(),
            "../../monitoraggio/2022-S1/".to_owned()
        )]
    );
    assert!(see_also("monitoraggio/2023-consuntivo/index.html").is_empty());
}

#[test]
fn an_objective_page_shows_each_period_and_the_trend_over_the_years() {
    let site = site();
    let page = Html::parse_document(&read(
        site.path(),
        "piano-della-performance/2022-2023/obiettivi-strategici/1.1/index.html",
    ));
    let heading = text(page.select(&sel("#riepilogo-titolo")).next().unwrap());
    assert_eq!(heading, "Risultati al 31 dicembre 2023 (consuntivo)");
    let periods: Vec<String> = page
        .select(&sel("#tabella-periodi tbody tr"))
        .map(text)
        .collect();
    assert_eq!(periods.len(), 3, "{periods:?}");
    assert!(
        periods[0].starts_with("Monitoraggio al 30 giugno 2022 100%"),
        "{periods:?}"
    );
    assert!(periods[1].starts_with("Risultati al 31 dicembre 2022 (consuntivo) 100%"));
    assert!(periods[2].starts_with("Risultati al 31 dicembre 2023 (consuntivo) 94,1%"));
    // the KPI's trend: one row per year, from its year end, with that year's target
    let caption = "Andamento dell'obiettivo strategico 1.1: KPI 1 – Pratiche evase entro i termini";
    let table = page
        .select(&sel("table"))
        .find(|t| {
            t.select(&sel("caption"))
                .next()
                .is_some_and(|c| text(c) == caption)
        })
        .expect("the KPI's trend table");
    let rows: Vec<Vec<String>> = table
        .select(&sel("tbody tr"))
        .map(|r| r.select(&sel("th, td")).map(|c| text(c)).collect())
        .collect();
    let row = |cells: [&str; 5]| cells.map(str::to_owned).to_vec();
    assert_eq!(
        rows,
        [
            row([
                "2022",
                "Risultati al 31 dicembre 2022",
                "82%",
                "≥ 80%",
                "Stato: Raggiunto (il risultato raggiunge il target)"
            ]),
            row([
                "2023",
                "Risultati al 31 dicembre 2023",
                "80%",
                "≥ 85%",
                "Stato: Parzialmente raggiunto (il risultato raggiunge il target solo in parte)"
            ]),
        ]
    );
    // its chart: an image with a text alternative, the bars on a scale up to the highest target
    let chart = page
        .select(&sel("figure.grafico svg[role=img]"))
        .find(|s| text(*s).contains("KPI 1"))
        .expect("the KPI's chart");
    let desc = text(chart.select(&sel("desc")).next().unwrap());
    assert_eq!(
        desc,
        "2022 (consuntivo): 82%, Raggiunto; 2023 (consuntivo): 80%, Parzialmente raggiunto."
    );
    let widths: Vec<&str> = chart
        .select(&sel(
            "rect.grafico-barra--raggiunto, rect.grafico-barra--parziale",
        ))
        .map(|r| r.value().attr("width").unwrap())
        .collect();
    // 82 / 85 and 80 / 85 of the scale
    assert_eq!(widths, ["96.5%", "94.1%"]);
    // an objective of one year has its periods but no trend
    let operational = read(
        site.path(),
        "piano-della-performance/2022-2023/obiettivi-operativi/1.1.1/index.html",
    );
    assert!(operational.contains("id=\"tabella-periodi\""));
    assert!(!operational.contains("Andamento negli anni"));
}
