//! The published site built from the shipped content: every objective has its page,
//! every KPI its row with the computed status and value, downloads match the tables,
//! links resolve under a sub-path, output is deterministic.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};
use trasparenza::load::load_dir;
use trasparenza::model::Plan;

const SUB: &str = "https://www.example.it/amministrazione-trasparente/performance/";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(out: &Path, base_url: Option<&str>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trasparenza"));
    cmd.current_dir(root()).args(["build", "--output"]).arg(out);
    if let Some(u) = base_url {
        cmd.args(["--base-url", u]);
    }
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn plan() -> Plan {
    load_dir(&root().join("content")).into_current().unwrap()
}

fn page(site: &Path, rel: &str) -> Html {
    let path = site.join(rel).join("index.html");
    Html::parse_document(
        &fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
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

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_objective_has_its_page_and_every_kpi_its_row() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public");
    build(&site, None);
    let plan = plan();
    let rows = sel("table.table-kpi tbody tr");
    for (list, folder) in [
        (&plan.strategic, "obiettivi-strategici"),
        (&plan.operational, "obiettivi-operativi"),
    ] {
        for o in list.iter() {
            let doc = page(
                &site,
                &format!("piano-della-performance/2022-2024/{folder}/{}", o.id),
            );
            let found: Vec<_> = doc.select(&rows).collect();
            assert_eq!(found.len(), o.kpis.len(), "KPI rows of {folder}/{}", o.id);
            let h1 = doc.select(&sel("h1")).next().map(text).unwrap_or_default();
            assert!(h1.contains(&o.id), "title of {}: {h1}", o.id);
            for row in found {
                let badge = row
                    .select(&sel(".badge-stato"))
                    .next()
                    .map(text)
                    .unwrap_or_default();
                assert!(
                    [
                        "Raggiunto",
                        "In linea",
                        "Parzialmente raggiunto",
                        "Non raggiunto",
                        "Non valutabile"
                    ]
                    .iter()
                    .any(|s| badge.contains(s)),
                    "status in words in a row of {}: {badge:?}",
                    o.id
                );
            }
        }
    }
    for a in &plan.areas {
        page(
            &site,
            &format!("piano-della-performance/2022-2024/aree/{}", a.id),
        );
    }
    let individual = page(
        &site,
        "piano-della-performance/2022-2024/obiettivi-individuali",
    );
    assert_eq!(
        individual.select(&rows).count(),
        plan.individual.iter().map(|o| o.kpis.len()).sum::<usize>()
    );
    let common = page(&site, "piano-della-performance/2022-2024/obiettivi-comuni");
    assert_eq!(common.select(&rows).count(), 16);
    page(&site, "monitoraggio/2022-S1");
    for section in [
        "sistema-di-misurazione-e-valutazione-della-performance",
        "piano-della-performance",
        "relazione-sulla-performance",
        "ammontare-complessivo-dei-premi",
        "dati-relativi-ai-premi",
        "benessere-organizzativo",
        "archivio",
        "opendata",
    ] {
        let doc = page(&site, section);
        assert_eq!(
            doc.select(&sel("html[lang=it]")).count(),
            1,
            "{section} lang"
        );
    }
    assert!(site.join("404.html").exists());
    assert!(site.join("sitemap.xml").exists());
    let robots = fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(
        !robots.contains("Disallow: /"),
        "the section must be indexable"
    );
}

#[test]
fn the_registro_imprese_kpi_shows_value_status_and_how_it_is_computed() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public");
    build(&site, None);
    let doc = page(
        &site,
        "piano-della-performance/2022-2024/obiettivi-operativi/1.6.1",
    );
    let row = doc
        .select(&sel("tr#kpi-1-1"))
        .next()
        .expect("row of KPI 1.1");
    let t = text(row);
    assert!(t.contains("Iscrizione delle domande/denunce"), "{t}");
    assert!(t.contains("≥ 70%"), "{t}");
    assert!(t.contains("69,5%"), "{t}");
    assert!(t.contains("99,3%"), "{t}");
    assert!(t.contains("Parzialmente raggiunto"), "{t}");
    assert!(t.contains("Come è calcolato"), "{t}");
    let body = text(doc.root_element());
    assert!(
        body.contains("dichiarato: in linea; calcolato: parzialmente raggiunto, 69,5% < 70%"),
        "the disagreement is shown"
    );
    assert!(
        body.contains("165.000,00 €")
            || fs::read_to_string(
                site.join("piano-della-performance/2022-2024/obiettivi-operativi/1.6.3/index.html")
            )
            .unwrap()
            .contains("165.000,00 €")
    );
}

fn resolve(page_rel: &str, href: &str) -> Option<String> {
    if href.starts_with("http")
        || href.starts_with("mailto:")
        || href.starts_with('#')
        || href.starts_with("tel:")
    {
        return None;
    }
    let href = href.split(['#', '?']).next().unwrap();
    let mut parts: Vec<&str> = page_rel.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{href} in {page_rel} leaves the site"
                );
            }
            s => parts.push(s),
        }
    }
    let mut p = parts.join("/");
    if href.ends_with('/') || href.is_empty() {
        p = if p.is_empty() {
            "index.html".into()
        } else {
            format!("{p}/index.html")
        };
    }
    Some(p)
}

#[test]
fn downloads_match_the_tables_and_links_resolve_under_a_sub_path() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public");
    build(&site, Some(SUB));
    let all = files(&site);
    let links = sel("a[href], link[href]");
    let mut checked = 0;
    for (rel, bytes) in all
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && p.as_str() != "404.html")
    {
        let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let canonical = doc
            .select(&sel("link[rel=canonical]"))
            .next()
            .and_then(|l| l.value().attr("href"))
            .unwrap_or("");
        // archived versions are frozen byte for byte: their canonical is their own archive address
        if !rel.starts_with("archivio/2") {
            assert!(canonical.starts_with(SUB), "{rel}: canonical {canonical}");
        }
        for l in doc.select(&links) {
            let href = l.value().attr("href").unwrap();
            if let Some(target) = resolve(rel, href) {
                assert!(
                    all.contains_key(&target),
                    "{rel}: broken link {href} -> {target}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked} links checked");

    // the KPI table of 1.6.1 and its CSV / JSON downloads hold the same rows
    let rel = "piano-della-performance/2022-2024/obiettivi-operativi/1.6.1/index.html";
    let doc = Html::parse_document(std::str::from_utf8(&all[rel]).unwrap());
    let table = doc.select(&sel("table.table-kpi")).next().unwrap();
    let names: Vec<String> = table.select(&sel("tbody tr th")).map(text).collect();
    let csv_href = doc
        .select(&sel("a[type='text/csv']"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    let json_href = doc
        .select(&sel("a[type='application/json']"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    let csv_bytes = &all[&resolve(rel, csv_href).unwrap()];
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let header = reader.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), names.len());
    for (r, name) in records.iter().zip(&names) {
        assert!(
            name.ends_with(&r[col("nome")]),
            "{name} vs {}",
            &r[col("nome")]
        );
    }
    assert_eq!(&records[0][col("valore")], "69.5");
    assert_eq!(&records[0][col("raggiungimento")], "99.29");
    assert_eq!(&records[0][col("stato")], "parziale");
    let json: serde_json::Value =
        serde_json::from_slice(&all[&resolve(rel, json_href).unwrap()]).unwrap();
    let json_rows = json["righe"].as_array().unwrap();
    assert_eq!(json_rows.len(), records.len());
    for (j, r) in json_rows.iter().zip(&records) {
        for (i, h) in header.iter().enumerate() {
            assert_eq!(j[h].as_str().unwrap(), &r[i], "column {h}");
        }
    }
    assert_eq!(json["licenza"], "CC-BY-4.0");
    // the whole plan, its schema and the DCAT-AP_IT catalogue
    let piano: serde_json::Value = serde_json::from_slice(&all["opendata/piano.json"]).unwrap();
    assert_eq!(piano["piano"]["operational"].as_array().unwrap().len(), 19);
    let catalogue: serde_json::Value =
        serde_json::from_slice(&all["opendata/catalogo.jsonld"]).unwrap();
    // datasets: the whole plan, then the summary tables (dashboard, rules, tree, 4 areas, 1 period)
    let datasets = catalogue["dcat:dataset"].as_array().unwrap();
    let ids: Vec<&str> = datasets
        .iter()
        .map(|d| d["dct:identifier"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "cciaa_br:piano",
            "cciaa_br:cruscotto",
            "cciaa_br:smvp-regole",
            "cciaa_br:albero-della-performance",
            "cciaa_br:area-1",
            "cciaa_br:area-2",
            "cciaa_br:area-3",
            "cciaa_br:area-4",
            "cciaa_br:monitoraggio-2022-S1",
        ]
    );
    for d in datasets {
        for dist in d["dcat:distribution"].as_array().unwrap() {
            let url = dist["dcat:downloadURL"]["@id"].as_str().unwrap();
            let base = catalogue["foaf:homepage"]["@id"].as_str().unwrap();
            let rel = url.strip_prefix(base).unwrap_or_else(|| panic!("{url}"));
            assert!(all.contains_key(rel), "{url} is not in the site");
        }
    }
    assert!(all.contains_key("opendata/piano.schema.json"));
}

#[test]
fn output_is_deterministic_private_and_self_contained() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&a, None);
    build(&b, None);
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs between two builds");
    }
    let plan = plan();
    let holder = plan.individual[0].details.holder.clone().unwrap();
    for (k, v) in fa
        .iter()
        .filter(|(k, _)| k.ends_with(".html") || k.ends_with(".json") || k.ends_with(".csv"))
    {
        let t = String::from_utf8_lossy(v);
        assert!(
            !t.contains(&holder),
            "{k} publishes the name of the holder of individual objectives"
        );
        if k.ends_with(".html") {
            for bad in [
                "<script src=\"http",
                "<link rel=\"stylesheet\" href=\"http",
                "fonts.googleapis",
                "noindex",
            ] {
                assert!(!t.contains(bad), "{k} contains {bad}");
            }
        }
    }
}

#[test]
fn the_webmaster_bundle_holds_the_site_with_checksums() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public");
    let zip_path = tmp.path().join("sezione-performance.zip");
    let o = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .current_dir(root())
        .args(["build", "--output"])
        .arg(&site)
        .arg("--pacchetto")
        .arg(&zip_path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = fs::read(&zip_path).unwrap();
    let sum = fs::read_to_string(tmp.path().join("sezione-performance.zip.sha256")).unwrap();
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sum, format!("{digest}  sezione-performance.zip\n"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut manifest = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("sezione-performance/SHA256SUMS").unwrap(),
        &mut manifest,
    )
    .unwrap();
    let on_disk = files(&site);
    assert_eq!(manifest.lines().count(), on_disk.len());
    for line in manifest.lines() {
        let (hash, path) = line.split_once("  ").unwrap();
        let expected: String = sha2::Sha256::digest(&on_disk[path])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, expected, "{path}");
    }
}
