//! The whole evaluated plan as JSON, its JSON Schema, and a DCAT-AP_IT catalogue.

use serde_json::{Value, json};

use std::io::Write;

use super::pages::{Input, TableMeta, licence};
use crate::opendata::Document;

/// The JSON Schema of `piano.json`.
pub const SCHEMA: &str = include_str!("piano.schema.json");
/// Path of the whole-plan document.
pub const WHOLE: &str = crate::opendata::PATH;
/// Path of its schema.
pub const SCHEMA_PATH: &str = "opendata/piano.schema.json";
/// Path of the DCAT-AP_IT catalogue.
pub const CATALOGUE: &str = "opendata/catalogo.jsonld";

/// Writes `opendata/piano.json`: the plan and every evaluation as the current open-data
/// document, compact, with a final newline.
pub fn write_whole(input: &Input, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let document = Document::new(input.plan, input.evaluations);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut out, &document)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// `opendata/catalogo.jsonld`: the whole plan and the summary tables as DCAT-AP_IT datasets.
pub fn catalogue(input: &Input, tables: &[TableMeta]) -> Vec<u8> {
    let plan = input.plan;
    let body = &plan.body;
    let base = &body.base_url;
    let modified = plan
        .periods
        .last()
        .map_or(plan.info.updated, |p| p.updated.max(plan.info.updated))
        .iso();
    let (_, licence_url) = licence(&body.licence);
    let publisher = json!({ "@type": ["foaf:Agent", "dcatapit:Agent"], "dct:identifier": body.ipa_code, "foaf:name": body.name });
    let distribution = |url: &str, format: &str, media: &str| {
        json!({ "@type": "dcat:Distribution", "dcat:accessURL": { "@id": format!("{base}{url}") }, "dcat:downloadURL": { "@id": format!("{base}{url}") },
                "dct:format": { "@id": format!("http://publications.europa.eu/resource/authority/file-type/{format}") }, "dcat:mediaType": media,
                "dct:license": { "@id": licence_url, "@type": "dct:LicenseDocument" } })
    };
    let dataset = |id: &str, title: &str, dists: Vec<Value>| {
        json!({
            "@id": format!("{base}opendata/#{id}"), "@type": ["dcat:Dataset", "dcatapit:Dataset"],
            "dct:identifier": format!("{}:{id}", body.ipa_code), "dct:title": title, "dct:description": format!("{title} — {}", plan.info.title),
            "dct:modified": modified, "dct:language": { "@id": "http://publications.europa.eu/resource/authority/language/ITA" },
            "dcat:theme": { "@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE" },
            "dct:accrualPeriodicity": { "@id": "http://publications.europa.eu/resource/authority/frequency/ANNUAL_2" },
            "dct:publisher": publisher, "dct:rightsHolder": publisher, "dcat:distribution": dists,
        })
    };
    let mut datasets = vec![dataset(
        "piano",
        "Piano della Performance e monitoraggi valutati",
        vec![distribution(
            "opendata/piano.json",
            "JSON",
            "application/json",
        )],
    )];
    datasets.extend(tables.iter().map(|t| {
        dataset(
            &t.name,
            &t.title,
            vec![
                distribution(&t.csv_url(), "CSV", "text/csv"),
                distribution(&t.json_url(), "JSON", "application/json"),
            ],
        )
    }));
    let doc = json!({
        "@context": { "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/", "dcatapit": "http://dati.gov.it/onto/dcatapit#" },
        "@id": format!("{base}opendata/catalogo.jsonld"), "@type": ["dcat:Catalog", "dcatapit:Catalog"],
        "dct:title": format!("Dati aperti della sezione Performance — {}", body.name),
        "dct:description": "Catalogo dei dati aperti della sezione Amministrazione trasparente > Performance.",
        "dct:publisher": publisher, "dct:modified": modified, "foaf:homepage": { "@id": base },
        "dcat:dataset": datasets,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}
