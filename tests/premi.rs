//! The premi pages (art. 20 d.lgs. 33/2013) through the binary, on the fictional example
//! of `crea --completo` ("Ente di esempio", plans in folders) with one more year: every
//! cell of the amounts and bands tables, the totals, the chart's text alternative, the
//! differentiation, the criteria, the CSV and JSON beside each table, `premi.json`, the
//! open-data page, catalogue and sitemap; and, without premi, the honest empty state.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use scraper::{ElementRef, Html, Selector};

const BIN: &str = env!("CARGO_BIN_EXE_trasparenza");

const AMOUNTS: &str = "ammontare-complessivo-dei-premi/index.html";
const DISTRIBUTION: &str = "dati-relativi-ai-premi/index.html";

/// A second year, older than the example's: managers without bands, staff in one band.
const PREMI_2024: &str = r#"
data = 2025-06-30
atto = "Determinazione del Segretario generale n. 40 del 30/06/2025"

[dirigenti]
stanziati = 40000
distribuiti = 39000.5

[personale]
stanziati = "170.000,00"
distribuiti = "165.000,00"

[[personale.fascia]]
valutazione = "fascia unica"
persone = 60
distribuiti = "165.000,00"
"#;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("trasparenza avviato")
}

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "comando fallito:\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A new site (`crea`, with `--completo` when `complete`), built; its `public/` folder.
fn built(tmp: &Path, complete: bool, extra: &[(&str, &str)]) -> std::path::PathBuf {
    let site = tmp.join("sito");
    let mut args = vec!["crea", site.to_str().unwrap()];
    if complete {
        args.push("--completo");
    }
    ok(run(tmp, &args));
    for (rel, text) in extra {
        let path = site.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    ok(run(&site, &["controlla"]));
    ok(run(&site, &["genera"]));
    site.join("public")
}

fn read(public: &Path, rel: &str) -> String {
    fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Text of an element, spaces collapsed.
fn text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every cell (header or data) of every body and footer row of a table.
fn cells(doc: &Html, table: &str) -> Vec<Vec<String>> {
    let rows: Vec<Vec<String>> = doc
        .select(&sel(&format!("{table} tbody tr, {table} tfoot tr")))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect();
    assert!(!rows.is_empty(), "nessuna riga in {table}");
    rows
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector)).map(text).collect()
}

fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

#[test]
fn premi_are_published_as_tables_chart_and_data() {
    let tmp = tempfile::tempdir().unwrap();
    let public = built(tmp.path(), true, &[("content/premi/2024.toml", PREMI_2024)]);

    // Ammontare complessivo: each year, newest first, allocated and paid with totals
    let amounts = Html::parse_document(&read(&public, AMOUNTS));
    assert_eq!(texts(&amounts, "h1"), ["Ammontare complessivo dei premi"]);
    assert_eq!(
        texts(&amounts, "h2[id^=premi-]"),
        ["Premi 2025", "Premi 2024"]
    );
    assert_eq!(
        cells(&amounts, "#premi-2025-ammontare"),
        strings(&[
            &["Dirigenti", "42.000,00 €", "40.500,00 €"],
            &["Personale non dirigente", "180.000,00 €", "171.250,00 €"],
            &["Totale", "222.000,00 €", "211.750,00 €"],
        ])
    );
    assert_eq!(
        cells(&amounts, "#premi-2024-ammontare"),
        strings(&[
            &["Dirigenti", "40.000,00 €", "39.000,50 €"],
            &["Personale non dirigente", "170.000,00 €", "165.000,00 €"],
            &["Totale", "210.000,00 €", "204.000,50 €"],
        ])
    );
    assert_eq!(
        texts(&amounts, "#premi-2025-ammontare caption"),
        ["Premi 2025: ammontare stanziato e distribuito"]
    );
    let scopes: Vec<&str> = amounts
        .select(&sel("#premi-2025-ammontare th"))
        .filter_map(|th| th.value().attr("scope"))
        .collect();
    assert_eq!(scopes, ["col", "col", "col", "row", "row", "row"]);
    let page = text(amounts.root_element());
    assert!(page.contains("Determinazione del Segretario generale n. 58 del 30/06/2026"));
    assert!(page.contains("30 giugno 2026"), "{page}");
    assert!(page.contains("art. 20, c. 1, d.lgs. 33/2013"), "{page}");
    let links: Vec<&str> = amounts
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for href in [
        "../opendata/tabelle/premi-2025-ammontare.csv",
        "../opendata/tabelle/premi-2025-ammontare.json",
        "../opendata/tabelle/premi-2024-ammontare.csv",
        "https://www.ente-esempio.it/atti/determinazione-58-2026.pdf",
        "../dati-relativi-ai-premi/",
    ] {
        assert!(links.contains(&href), "{href} non in {links:?}");
    }
    assert_eq!(
        read(&public, "opendata/tabelle/premi-2025-ammontare.csv"),
        "anno,personale,stanziati,distribuiti\r\n\
         2025,dirigenti,42000.00,40500.00\r\n\
         2025,personale,180000.00,171250.00\r\n\
         2025,totale,222000.00,211750.00\r\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&public, "opendata/tabelle/premi-2024-ammontare.json")).unwrap();
    assert_eq!(json["righe"][0]["distribuiti"], "39000.50");
    assert_eq!(json["righe"][2]["stanziati"], "210000.00");
    assert_eq!(json["licenza"], "CC-BY-4.0");

    // Dati relativi ai premi: bands, shares, averages, differentiation, chart, criteria
    let data = Html::parse_document(&read(&public, DISTRIBUTION));
    assert_eq!(
        cells(&data, "#premi-2025-dirigenti-fasce"),
        strings(&[
            &["da 90 a 100", "3", "100%", "40.500,00 €", "13.500,00 €"],
            &["sotto 90", "0", "0%", "0,00 €", "—"],
            &["Totale", "3", "100%", "40.500,00 €", "13.500,00 €"],
        ])
    );
    assert_eq!(
        cells(&data, "#premi-2025-personale-fasce"),
        strings(&[
            &["da 90 a 100", "41", "66,1%", "123.000,00 €", "3.000,00 €"],
            &["da 80 a 89", "12", "19,4%", "30.000,00 €", "2.500,00 €"],
            &["da 70 a 79", "9", "14,5%", "18.250,00 €", "2.027,78 €"],
            &["sotto 70", "0", "0%", "0,00 €", "—"],
            &["Totale", "62", "100%", "171.250,00 €", "2.762,10 €"],
        ])
    );
    assert_eq!(
        cells(&data, "#premi-2024-personale-fasce"),
        strings(&[
            &["fascia unica", "60", "100%", "165.000,00 €", "2.750,00 €"],
            &["Totale", "60", "100%", "165.000,00 €", "2.750,00 €"],
        ])
    );
    // managers of 2024 have no bands: no table, and the page says why
    assert!(
        data.select(&sel("#premi-2024-dirigenti-fasce"))
            .next()
            .is_none()
    );
    assert!(
        !public
            .join("opendata/tabelle/premi-2024-fasce-dirigenti.csv")
            .exists()
    );
    let page = text(data.root_element());
    assert!(
        page.contains("L'ente non pubblica la distribuzione per fascia di questo gruppo"),
        "{page}"
    );
    let measures: Vec<String> = texts(&data, "#premi-2025-titolo ~ dl.scheda dd");
    assert_eq!(
        measures,
        [
            "30 giugno 2026",
            "Determinazione del Segretario generale n. 58 del 30/06/2026",
            "Documento dei criteri",
            "100%",
            "—",
            "66,1%",
            "1,48",
        ]
    );
    assert!(page.contains(
        "Grado di differenziazione secondo l'ente: Le valutazioni del personale si distribuiscono su tre fasce"
    ));
    let chart = "#premi-2025-personale-grafico";
    assert_eq!(
        texts(&data, &format!("{chart} title")),
        ["Personale non dirigente, premi 2025: quota di persone per fascia di valutazione"]
    );
    assert_eq!(
        texts(&data, &format!("{chart} desc")),
        ["da 90 a 100: 66,1%; da 80 a 89: 19,4%; da 70 a 79: 14,5%; sotto 70: 0%."]
    );
    let svg = data.select(&sel(&format!("{chart} svg"))).next().unwrap();
    assert_eq!(svg.value().attr("role"), Some("img"));
    assert!(data.select(&sel("script")).next().is_none());
    let links: Vec<&str> = data
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for href in [
        "../sistema-di-misurazione-e-valutazione-della-performance/",
        "https://www.ente-esempio.it/atti/smvp-2025.pdf",
        "../opendata/tabelle/premi-2025-fasce-dirigenti.csv",
        "../opendata/tabelle/premi-2025-fasce-personale.json",
        "../opendata/tabelle/premi-2024-fasce-personale.csv",
    ] {
        assert!(links.contains(&href), "{href} non in {links:?}");
    }
    assert_eq!(
        read(&public, "opendata/tabelle/premi-2025-fasce-personale.csv"),
        "anno,personale,ordine,fascia,persone,quota_persone,distribuiti,premio_medio\r\n\
         2025,personale,1,da 90 a 100,41,66.1,123000.00,3000.00\r\n\
         2025,personale,2,da 80 a 89,12,19.4,30000.00,2500.00\r\n\
         2025,personale,3,da 70 a 79,9,14.5,18250.00,2027.78\r\n\
         2025,personale,4,sotto 70,0,0,0.00,\r\n"
    );

    // premi.json: typed, versioned, with the measures computed from the bands
    let bytes = fs::read(public.join("opendata/premi.json")).unwrap();
    let doc: trasparenza::opendata::pay::Document = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(doc.schema_version, 1);
    assert_eq!(doc.ente.nome, "Ente di esempio");
    let years: Vec<i32> = doc.anni.iter().map(|y| y.anno).collect();
    assert_eq!(years, [2024, 2025]);
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let y2025 = &json["anni"][1];
    assert_eq!(y2025["data"], "2026-06-30");
    assert_eq!(y2025["stanziati"], "222000.00");
    assert_eq!(y2025["distribuiti"], "211750.00");
    assert_eq!(y2025["personale"]["persone"], 62);
    assert_eq!(y2025["personale"]["premio_medio"], "2762.10");
    assert_eq!(y2025["personale"]["quota_fascia_piu_alta"], "66.13");
    assert_eq!(y2025["personale"]["rapporto_premio_medio"], "1.48");
    assert_eq!(
        y2025["dirigenti"]["rapporto_premio_medio"],
        serde_json::Value::Null
    );
    assert_eq!(
        y2025["personale"]["fasce"][3]["premio_medio"],
        serde_json::Value::Null
    );
    assert_eq!(json["anni"][0]["url_atto"], serde_json::Value::Null);
    assert_eq!(json["anni"][0]["dirigenti"]["fasce"], serde_json::json!([]));

    // listed in the open-data page, the catalogue and the sitemap
    let opendata = read(&public, "opendata/index.html");
    assert!(opendata.contains("../opendata/premi.json"), "{opendata}");
    assert!(opendata.contains("premi-2025-fasce-personale.csv"));
    let catalogue = read(&public, "opendata/catalogo.jsonld");
    for listed in [
        "opendata/premi.json",
        "opendata/tabelle/premi-2025-ammontare.csv",
        "opendata/tabelle/premi-2024-fasce-personale.json",
    ] {
        assert!(catalogue.contains(listed), "{listed} non nel catalogo");
    }
    let sitemap = read(&public, "sitemap.xml");
    assert!(sitemap.contains(
        "performance/ammontare-complessivo-dei-premi/</loc><lastmod>2026-06-30</lastmod>"
    ));
    assert!(sitemap.contains("performance/dati-relativi-ai-premi/</loc>"));
}

#[test]
fn without_premi_the_sections_say_what_will_be_published() {
    let tmp = tempfile::tempdir().unwrap();
    let public = built(tmp.path(), false, &[]);
    for (page, rule) in [
        (AMOUNTS, "art. 20, c. 1, d.lgs. 33/2013"),
        (DISTRIBUTION, "art. 20, c. 2, d.lgs. 33/2013"),
    ] {
        let doc = Html::parse_document(&read(&public, page));
        let shown = text(doc.root_element());
        assert!(
            shown.contains("Contenuto non ancora disponibile"),
            "{shown}"
        );
        assert!(
            shown.contains("dopo la validazione della Relazione"),
            "{shown}"
        );
        assert!(shown.contains(rule), "{shown}");
        assert!(doc.select(&sel("table")).next().is_none());
    }
    assert!(!public.join("opendata/premi.json").exists());
    let catalogue = read(&public, "opendata/catalogo.jsonld");
    assert!(!catalogue.contains("premi.json") && !catalogue.contains("tabelle/premi-"));
    assert!(!read(&public, "opendata/index.html").contains("premi.json"));
}
