//! The static search index: built with the site from the current plans and from every
//! archived version (read through the typed readers of their schemas), deterministic,
//! with the records a reader looks for, labelled and linked; the search page with its
//! A–Z index for readers without JavaScript, and the search field in every page's header.

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use serde::Deserialize;
use trasparenza::build::{Built, Options, build};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped content with its archive (version 2022-S1).
fn shipped() -> Built {
    build(&Options {
        content: root().join("content"),
        archive_dir: Some(root().join("archivio")),
        ..Options::default()
    })
    .unwrap_or_else(|d| panic!("{d:?}"))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Shard {
    etichetta: String,
    voci: Vec<Record>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    tipo: String,
    codice: String,
    titolo: String,
    #[serde(default)]
    testo: String,
    #[serde(default)]
    esito: String,
    url: String,
}

fn shard(built: &Built, path: &str) -> Shard {
    let bytes = built
        .site
        .get(path)
        .unwrap_or_else(|| panic!("{path} missing"));
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn find<'a>(s: &'a Shard, tipo: &str, codice: &str) -> &'a Record {
    s.voci
        .iter()
        .find(|r| r.tipo == tipo && r.codice == codice)
        .unwrap_or_else(|| panic!("{tipo} {codice} not in {}", s.etichetta))
}

#[test]
fn the_index_covers_the_plan_and_the_archived_version() {
    let built = shipped();
    let plan = shard(&built, "cerca/indice/piano-2022-2024.json");
    assert_eq!(plan.etichetta, "Piano 2022-2024");
    let op = find(&plan, "obiettivo-operativo", "1.6.1");
    assert!(op.testo.contains("registro Imprese"), "{op:?}");
    assert_eq!(
        op.url,
        "piano-della-performance/2022-2024/obiettivi-operativi/1.6.1/"
    );
    assert!(op.esito.ends_with(", monitoraggio 2022-S1"), "{op:?}");
    let st = find(&plan, "obiettivo-strategico", "1.6");
    assert!(st.testo.contains("registro imprese"), "{st:?}");
    let kpi = find(&plan, "indicatore", "1.6 / 1");
    assert_eq!(kpi.titolo, "Tasso evasione pratiche registro imprese");
    find(&plan, "monitoraggio", "2022-S1");
    find(&plan, "area", "2");
    // every linked page exists in the site
    for r in &plan.voci {
        let page = r.url.split('#').next().unwrap_or_default();
        assert!(
            built.site.get(&format!("{page}index.html")).is_some(),
            "{r:?}"
        );
    }

    let archived = shard(&built, "cerca/indice/archivio-2022-S1.json");
    assert!(
        archived
            .etichetta
            .starts_with("Versione archiviata 2022-S1 ("),
        "{}",
        archived.etichetta
    );
    let op = find(&archived, "obiettivo-operativo", "1.6.1");
    assert!(op.url.starts_with("archivio/2022-S1/"), "{op:?}");
    assert!(op.url.ends_with("obiettivi-operativi/1.6.1/"), "{op:?}");
    for r in &archived.voci {
        let page = r.url.split('#').next().unwrap_or_default();
        assert!(
            built.site.get(&format!("{page}index.html")).is_some(),
            "{r:?}"
        );
    }
}

#[test]
fn the_index_is_deterministic() {
    let (a, b) = (shipped(), shipped());
    let index = |s: &Built| -> Vec<(String, Vec<u8>)> {
        s.site
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("cerca/"))
            .cloned()
            .collect()
    };
    let first = index(&a);
    assert_eq!(first.len(), 3, "page, plan shard, archived shard");
    assert_eq!(first, index(&b));
}

fn html(built: &Built, path: &str) -> Html {
    Html::parse_document(std::str::from_utf8(built.site.get(path).unwrap()).unwrap())
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn the_page_lists_its_index_files_and_an_a_to_z_index() {
    let built = shipped();
    let page = html(&built, "cerca/index.html");
    let form = page.select(&sel("form#cerca-modulo")).next().unwrap();
    assert_eq!(
        form.value().attr("data-indici"),
        Some("cerca/indice/piano-2022-2024.json cerca/indice/archivio-2022-S1.json")
    );
    assert_eq!(form.value().attr("data-radice"), Some("../"));
    let entries: Vec<String> = page
        .select(&sel(".cerca-voci li"))
        .map(|li| li.text().collect::<String>())
        .collect();
    assert!(entries.iter().any(|e| e.starts_with(
        "Mantenimento degli standard dei tempi di Evasione delle pratiche Obiettivo operativo 1.6.1 · Piano 2022-2024"
    )));
    let letters: Vec<String> = page
        .select(&sel(".cerca-az h3"))
        .map(|h| h.text().collect())
        .collect();
    let mut unique = letters.clone();
    unique.dedup();
    assert_eq!(letters, unique, "each letter once");
    let no_search_in_sitemap =
        !String::from_utf8_lossy(built.site.get("sitemap.xml").unwrap()).contains("/cerca/");
    assert!(no_search_in_sitemap);
}

#[test]
fn every_page_has_the_search_field_in_its_header() {
    let built = shipped();
    for (path, depth) in [
        ("index.html", ""),
        (
            "piano-della-performance/2022-2024/obiettivi-operativi/1.6.1/index.html",
            "../../../../",
        ),
    ] {
        let page = html(&built, path);
        let form = page
            .select(&sel("header form[role=search]"))
            .next()
            .unwrap_or_else(|| panic!("{path}"));
        assert_eq!(form.value().attr("method"), Some("get"));
        assert_eq!(
            form.value().attr("action"),
            Some(format!("{depth}cerca/").as_str())
        );
        let field = form.select(&sel("input[name=q]")).next().unwrap();
        let id = field.value().attr("id").unwrap();
        assert_eq!(
            form.select(&sel(&format!("label[for={id}]"))).count(),
            1,
            "{path}"
        );
    }
}

#[test]
fn archived_addresses_follow_the_version_layout() {
    // the shipped archive was written before plan folders: its pages have no plan id
    let built = shipped();
    let archived = shard(&built, "cerca/indice/archivio-2022-S1.json");
    let strategic = find(&archived, "obiettivo-strategico", "1.6");
    let expected = [
        "archivio/2022-S1/piano-della-performance/2022-2024/obiettivi-strategici/1.6/",
        "archivio/2022-S1/piano-della-performance/obiettivi-strategici/1.6/",
    ];
    assert!(expected.contains(&strategic.url.as_str()), "{strategic:?}");
    assert!(Path::new(&strategic.url).components().count() > 2);
}
