//! The whole evaluated plan as JSON, its JSON Schema, and a DCAT-AP_IT catalogue.

use serde_json::{Value, json};

use std::io::Write;

use super::pages::{Input, TableMeta, licence};
use crate::model::Plan;

/// The JSON Schema of `piano.json`.
pub const SCHEMA: &str = include_str!("piano.schema.json");
/// Path of the whole-plan document.
pub const WHOLE: &str = crate::opendata::PATH;
/// Path of the premi document.
pub const PAY: &str = crate::opendata::pay::PATH;
/// Path of its schema.
pub const SCHEMA_PATH: &str = "opendata/piano.schema.json";
/// Path of the DCAT-AP_IT catalogue.
pub const CATALOGUE: &str = "opendata/catalogo.jsonld";

/// Where an earlier plan's whole document is: `opendata/piani/<piano>/piano.json` (the
/// plan in force is at [`WHOLE`]).
pub fn earlier_plan_path(plan: &str) -> String {
    format!("opendata/piani/{plan}/piano.json")
}

/// `opendata/premi.json`: the premi of every year.
pub fn pay_document(input: &Input) -> Vec<u8> {
    let body = &input.plans.current().body;
    crate::opendata::pay::Document::new(
        &body.name,
        &body.ipa_code,
        &body.licence,
        input.plans.pay(),
        &super::pages::pay_documents_folder,
    )
    .to_bytes()
}

/// Writes a plan's whole document (`opendata/piano.json` for the plan in force): the plan
/// and every evaluation as the current open-data document, compact, with a final newline.
pub fn write_whole(
    input: &Input,
    plan: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let evaluations = input.evaluations.get(plan).map_or(&[][..], Vec::as_slice);
    // streamed: the document is converted while it is written, never held whole
    let document = crate::opendata::Whole::new(&input.plans.all()[plan], evaluations);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut out, &document)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// `opendata/catalogo.jsonld`: every plan's whole document (path and plan, the plan in
/// force first), the premi document when there are premi, and the summary tables as
/// DCAT-AP_IT datasets.
pub fn catalogue(input: &Input, wholes: &[(String, &Plan)], tables: &[TableMeta]) -> Vec<u8> {
    let plan = input.plans.current();
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
    let mut datasets: Vec<Value> = wholes
        .iter()
        .map(|(path, p)| {
            // the plan in force keeps the dataset id it had when it was the only one
            let (id, title) = if path == WHOLE {
                (
                    "piano".to_owned(),
                    "Piano della Performance e monitoraggi valutati".to_owned(),
                )
            } else {
                (
                    format!("piano-{}", p.info.id),
                    format!("{} e monitoraggi valutati", p.info.title),
                )
            };
            dataset(
                &id,
                &title,
                vec![distribution(path, "JSON", "application/json")],
            )
        })
        .collect();
    // each plan's adopted acts: one dataset per plan, one distribution per document
    for (_, p) in wholes {
        let documents = crate::opendata::documents::of_plan(p);
        if documents.is_empty() {
            continue;
        }
        let dists = documents
            .iter()
            .map(|d| document_distribution(d, base, &licence_url))
            .collect();
        datasets.push(dataset(
            &format!("documenti-{}", p.info.id),
            &format!("Documenti adottati: {}", p.info.title),
            dists,
        ));
    }
    if !input.plans.pay().is_empty() {
        datasets.push(dataset(
            "premi",
            "Premi collegati alla performance",
            vec![distribution(PAY, "JSON", "application/json")],
        ));
        // the premi's acts, every year's in one dataset, as the plans' are
        let documents: Vec<_> = input
            .plans
            .pay()
            .iter()
            .flat_map(|y| {
                crate::opendata::documents::of_pay(y, &super::pages::pay_documents_folder(y.year))
            })
            .collect();
        if !documents.is_empty() {
            let dists = documents
                .iter()
                .map(|d| document_distribution(d, base, &licence_url))
                .collect();
            datasets.push(dataset(
                "documenti-premi",
                "Documenti adottati: premi collegati alla performance",
                dists,
            ));
        }
    }
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

/// A document as a DCAT distribution: its address, title, format, size and SHA-256
/// (SPDX checksum, written with full IRIs so the catalogue's context stays as it was).
fn document_distribution(
    d: &crate::opendata::documents::Document,
    base: &str,
    licence_url: &str,
) -> Value {
    const SPDX: &str = "http://spdx.org/rdf/terms#";
    let url = if d.sha256.is_some() {
        format!("{base}{}", d.url)
    } else {
        d.url.to_string()
    };
    let mut dist = json!({
        "@type": "dcat:Distribution", "dct:title": d.title, "dcat:accessURL": { "@id": url },
        "dct:issued": d.date.iso(), "dct:license": { "@id": licence_url, "@type": "dct:LicenseDocument" },
    });
    if let (Some(format), Some(media), Some(bytes), Some(sha)) =
        (&d.format, &d.media_type, d.bytes, &d.sha256)
    {
        dist["dcat:downloadURL"] = json!({ "@id": url });
        dist["dct:format"] = json!({ "@id": format!("http://publications.europa.eu/resource/authority/file-type/{format}") });
        dist["dcat:mediaType"] = json!(media);
        dist["dcat:byteSize"] = json!(bytes);
        dist[format!("{SPDX}checksum")] = json!({
            "@type": format!("{SPDX}Checksum"),
            format!("{SPDX}algorithm"): { "@id": format!("{SPDX}checksumAlgorithm_sha256") },
            format!("{SPDX}checksumValue"): sha,
        });
    }
    dist
}
