//! The frozen documents of `tests/data/opendata/` (one per published schema version)
//! against the types and against the published JSON Schema.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde_json::Value;

use super::*;

const V1: &[u8] = include_bytes!("../../tests/data/opendata/v1/piano.json");
const V2: &[u8] = include_bytes!("../../tests/data/opendata/v2/piano.json");
const V2_CHANGED: &[u8] = include_bytes!("../../tests/data/opendata/v2/piano-modificato.json");
const V3: &[u8] = include_bytes!("../../tests/data/opendata/v3/piano.json");
const V3_REVISED: &[u8] = include_bytes!("../../tests/data/opendata/v3/piano-rivisto.json");
const V4: &[u8] = include_bytes!("../../tests/data/opendata/v4/piano.json");
const V4_FORMS: &[u8] = include_bytes!("../../tests/data/opendata/v4/piano-forme-target.json");
/// The complete example's documents (`trasparenza init --completo`): the plan in force,
/// with the plan's and the SMVP's acts, and the earlier plan, with a revision's and a
/// Relazione's.
const V4_DOCUMENTS: &[u8] = include_bytes!("../../tests/data/opendata/v4/piano-documenti.json");
const V4_DOCUMENTS_EARLIER: &[u8] =
    include_bytes!("../../tests/data/opendata/v4/piano-documenti-precedente.json");
const SCHEMA: &str = include_str!("../render/piano.schema.json");

fn compact(doc: &Document) -> Vec<u8> {
    let mut out = serde_json::to_vec(doc).unwrap();
    out.push(b'\n');
    out
}

#[test]
fn every_published_version_reads() {
    assert_eq!(version_of(V1), Ok(1));
    assert_eq!(version_of(V2), Ok(2));
    assert_eq!(version_of(V3), Ok(3));
    assert_eq!(version_of(V4), Ok(4));
    for (name, bytes) in [
        ("v1", V1),
        ("v2", V2),
        ("v2 modificato", V2_CHANGED),
        ("v3", V3),
        ("v4", V4),
    ] {
        let doc = read(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.schema_version, SCHEMA_VERSION, "{name}");
        assert_eq!(doc.piano.body.ipa_code, "cciaa_br", "{name}");
        assert_eq!(
            doc.piano.operational.len(),
            19 + usize::from(bytes == V2_CHANGED)
        );
        assert_eq!(doc.valutazioni.len(), 1, "{name}");
    }
    let revised = read(V3_REVISED).unwrap();
    assert_eq!(revised.piano.body.name, "Ente di esempio");
    assert_eq!(revised.piano.revisions.len(), 1);
    assert_eq!(revised.valutazioni.len(), 2);
    assert_eq!(revised.piano.rules.deadline_tolerance, 0);
    let forms = read(V4_FORMS).unwrap();
    assert_eq!(forms.piano.rules.deadline_tolerance, 15);
}

#[test]
fn version_4_carries_the_new_target_forms_and_what_they_resolved_to() {
    let doc = read(V4_FORMS).unwrap();
    let goal = |kind: Kind, objective: usize, kpi: usize, year: usize| {
        doc.piano.objectives(kind)[objective].kpis[kpi].targets[year]
            .target
            .goal
            .clone()
    };
    assert_eq!(
        goal(Kind::Strategic, 0, 0, 1),
        Goal::Relative {
            change: Some(Decimal::from(5)),
            reference: Reference::Year { year: 2025 }
        }
    );
    assert_eq!(goal(Kind::Strategic, 0, 1, 0), Goal::NotSet);
    assert_eq!(goal(Kind::Strategic, 0, 2, 0), Goal::Keep);
    assert_eq!(
        goal(Kind::Operational, 0, 3, 0),
        Goal::Deadline {
            due: Due::InYear {
                day: "31/12".into()
            }
        }
    );
    let year_end = doc.valutazioni.last().unwrap();
    let strategic = year_end
        .objectives
        .iter()
        .find(|o| o.kind == Kind::Strategic)
        .unwrap();
    assert_eq!(
        strategic.kpis[0].resolved_target,
        Some(ResolvedTarget {
            value: Decimal::from(105),
            unit: Unit::Number
        })
    );
    assert!(doc.piano.periods.iter().any(|p| p.reports.iter().any(|r| {
        r.kpis
            .iter()
            .any(|k| matches!(k.value, Measured::Completed { .. }))
    })));
}

#[test]
fn the_revised_document_carries_the_adopted_and_the_revised_target() {
    let doc = read(V3_REVISED).unwrap();
    let kpi = &doc.piano.operational[0].kpis[1];
    assert_eq!(kpi.targets[0].written, "<=30gg");
    let revision = &doc.piano.revisions[0];
    assert_eq!(revision.act, "Delibera di Giunta n. 45 del 15/09/2025");
    assert!(matches!(
        &revision.changes[0].what,
        What::Target { kpi, target } if kpi == "2" && target.written == "<=25gg"
    ));
    // the period before the revision used the adopted target, the one after the revised
    let used = |period: usize| {
        let o = &doc.valutazioni[period].objectives[1];
        assert_eq!(o.id, "1.1.1");
        (o.kpis[1].target_revision, o.kpis[1].comparison.to_string())
    };
    assert_eq!(used(0), (None, "28 giorni ≤ 30 giorni".to_owned()));
    assert_eq!(used(1), (Some(0), "28 giorni > 25 giorni".to_owned()));
    assert_eq!(doc.valutazioni[1].revisions, [0]);
    assert_eq!(
        doc.valutazioni[1].objectives[3].presence,
        Presence::Withdrawn { revision: 0 }
    );
}

#[test]
fn the_current_version_reads_back_byte_for_byte() {
    for bytes in [V4, V4_FORMS] {
        assert!(compact(&read(bytes).unwrap()) == bytes);
    }
}

/// A document as this release writes it, with the explanations of versions 1 and 2 in
/// today's wording ("degli obiettivi"): the explanations are text the program writes, the
/// migration keeps them as they were published.
fn reworded(doc: &Document) -> Vec<u8> {
    String::from_utf8(compact(doc))
        .unwrap()
        .replace("dei obiettivi", "degli obiettivi")
        .into_bytes()
}

#[test]
fn versions_1_and_2_migrate_to_what_this_release_writes() {
    let mut migrated = read(V1).unwrap();
    let current = read(V4).unwrap();
    // the archived copy was built for its archive address; the rest is the same content
    assert!(migrated.piano.body.base_url.ends_with("archivio/2022-S1/"));
    migrated.piano.body.base_url = current.piano.body.base_url.clone();
    // documents from before plan folders have no plan id; the content is now in plan 2022-2024
    assert_eq!(migrated.piano.id, None);
    migrated.piano.id = current.piano.id.clone();
    assert!(reworded(&migrated) == V4);
    // a plan written before revisions existed was never revised
    let mut from_v2 = read(V2).unwrap();
    from_v2.piano.id = current.piano.id.clone();
    assert!(reworded(&from_v2) == V4);
    // a plan written before deadlines and relative targets has none
    assert!(compact(&read(V3).unwrap()) == V4);
}

#[test]
fn a_field_the_types_do_not_know_is_refused() {
    let text = std::str::from_utf8(V4).unwrap();
    // a renamed field, as a document of another release would have it
    let renamed = text.replacen("\"ipa_code\"", "\"codice_ipa\"", 1);
    let e = read(renamed.as_bytes()).unwrap_err().to_string();
    assert!(e.contains("codice_ipa"), "{e}");
    let renamed = std::str::from_utf8(V1)
        .unwrap()
        .replacen("\"written\"", "\"scritto\"", 1);
    assert!(read(renamed.as_bytes()).is_err());
    // version 1 never declared itself
    let declared = text.replacen("\"schema_version\":4", "\"schema_version\":1", 1);
    assert!(read(declared.as_bytes()).is_err());
    // a version 4 document declared as version 3 has fields version 3 does not know
    let declared = text.replacen("\"schema_version\":4", "\"schema_version\":3", 1);
    assert!(read(declared.as_bytes()).is_err());
    let future = text.replacen("\"schema_version\":4", "\"schema_version\":5", 1);
    assert_eq!(read(future.as_bytes()), Err(ReadError::UnknownVersion(5)));
    assert!(matches!(read(b"[]"), Err(ReadError::Invalid(_))));
}

/// Validates `doc` against `schema` for the keywords the published schema uses (any
/// other keyword is an error, so that none is skipped unnoticed). Every property the
/// schema names must be in the document, where the types always write it; the JSON
/// pointers of the properties seen go into `seen`.
fn validate(
    schema: &Value,
    doc: &Value,
    root: &Value,
    at: &str,
    seen: &mut BTreeSet<String>,
    errors: &mut Vec<String>,
) {
    let Some(keywords) = schema.as_object() else {
        errors.push(format!("{at}: schema non è un oggetto"));
        return;
    };
    for (key, value) in keywords {
        match key.as_str() {
            "$schema" | "$id" | "title" | "description" | "$defs" => {}
            "$ref" => {
                let name = value.as_str().unwrap().trim_start_matches("#/$defs/");
                let def = &root["$defs"][name];
                validate(def, doc, root, &format!("#/$defs/{name}"), seen, errors);
            }
            "anyOf" => {
                let ok = value.as_array().unwrap().iter().any(|s| {
                    let mut e = Vec::new();
                    validate(s, doc, root, at, seen, &mut e);
                    e.is_empty()
                });
                if !ok {
                    errors.push(format!("{at}: nessuna alternativa valida per {doc}"));
                }
            }
            "enum" if !value.as_array().unwrap().contains(doc) => {
                errors.push(format!("{at}: {doc} fuori da {value}"));
            }
            "const" if value != doc => errors.push(format!("{at}: {doc} invece di {value}")),
            "enum" | "const" => {}
            "type" => {
                let types: Vec<&str> = match value {
                    Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
                    other => vec![other.as_str().unwrap()],
                };
                let ok = types.iter().any(|t| match *t {
                    "string" => doc.is_string(),
                    "object" => doc.is_object(),
                    "array" => doc.is_array(),
                    "integer" => doc.is_i64() || doc.is_u64(),
                    "null" => doc.is_null(),
                    other => panic!("tipo {other} non previsto dal test"),
                });
                if !ok {
                    errors.push(format!("{at}: {doc} non è {value}"));
                }
            }
            "pattern" => {
                // the only pattern used: a decimal number with a dot
                assert_eq!(value, "^-?[0-9]+(\\.[0-9]+)?$");
                let s = doc.as_str().unwrap_or_default();
                let n = s.strip_prefix('-').unwrap_or(s);
                let (int, frac) = n.split_once('.').unwrap_or((n, "0"));
                let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
                if doc.is_string() && !(digits(int) && digits(frac)) {
                    errors.push(format!("{at}: {doc} non è un decimale"));
                }
            }
            "format" => {
                assert_eq!(value, "date");
                if crate::model::Date::parse_iso(doc.as_str().unwrap_or_default()).is_none() {
                    errors.push(format!("{at}: {doc} non è una data"));
                }
            }
            "required" => {
                for name in value.as_array().unwrap() {
                    let name = name.as_str().unwrap();
                    if doc.get(name).is_none() {
                        errors.push(format!("{at}: manca «{name}»"));
                    }
                }
            }
            "properties" => {
                for (name, sub) in value.as_object().unwrap() {
                    let pointer = format!("{at}/properties/{name}");
                    // an absent property is wrong only when `required` names it
                    if let Some(v) = doc.get(name) {
                        seen.insert(pointer.clone());
                        validate(sub, v, root, &pointer, seen, errors);
                    }
                }
            }
            "items" => {
                for item in doc.as_array().into_iter().flatten() {
                    validate(value, item, root, &format!("{at}/items"), seen, errors);
                }
            }
            other => errors.push(format!(
                "{at}: parola chiave «{other}» non prevista dal test"
            )),
        }
    }
}

/// JSON pointers of every property the schema names.
fn properties(schema: &Value, at: &str, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "properties" {
                    for (name, sub) in value.as_object().unwrap() {
                        let pointer = format!("{at}/properties/{name}");
                        out.insert(pointer.clone());
                        properties(sub, &pointer, out);
                    }
                } else {
                    properties(value, &format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                properties(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_schema_describes_the_documents() {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    assert_eq!(
        schema["properties"]["schema_version"]["const"],
        Value::from(SCHEMA_VERSION)
    );
    // what this release writes, and every published version once migrated
    let mut seen = BTreeSet::new();
    for (name, bytes) in [
        ("v1", V1),
        ("v2", V2),
        ("v2 modificato", V2_CHANGED),
        ("v3", V3),
        ("v3 rivisto", V3_REVISED),
        ("v4 forme dei target", V4_FORMS),
        ("v4 documenti", V4_DOCUMENTS),
        ("v4 documenti precedente", V4_DOCUMENTS_EARLIER),
    ] {
        let doc = serde_json::to_value(read(bytes).unwrap()).unwrap();
        let mut errors = Vec::new();
        validate(&schema, &doc, &schema, "#", &mut seen, &mut errors);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    for (name, bytes) in [
        ("v4", V4),
        ("v4 forme dei target", V4_FORMS),
        ("v4 documenti", V4_DOCUMENTS),
        ("v4 documenti precedente", V4_DOCUMENTS_EARLIER),
    ] {
        let doc: Value = serde_json::from_slice(bytes).unwrap();
        let mut errors = Vec::new();
        validate(&schema, &doc, &schema, "#", &mut seen, &mut errors);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    // every property of the schema was found in a document written from the types
    let mut named = BTreeSet::new();
    properties(&schema, "#", &mut named);
    let missing: Vec<&String> = named.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "in the schema, not in the type: {missing:?}"
    );
    // and every field of the document's top level is in the schema
    let doc: Value = serde_json::from_slice(V4).unwrap();
    for key in doc.as_object().unwrap().keys() {
        assert!(
            key == "$schema" || schema["properties"].get(key).is_some(),
            "«{key}» is not described by the schema"
        );
    }
}
