//! Writing values into a measurement file (`monitoraggio/<periodo>/obiettivi-*/<id>.toml`)
//! by editing its text as little as possible: only the values that change are replaced,
//! missing KPIs are appended, and everything else — statements, notes, comments, layout —
//! stays as the person wrote it. A file not in the documented layout (`[[kpi]]` tables,
//! one key per line) is regenerated from its data instead, and comments are then lost.

use std::ops::Range;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::{plain_number, value_text};
use crate::model::Measured;

/// What to write for one KPI. `None` leaves that part as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiUpdate {
    pub kpi: String,
    pub value: Option<Measured>,
    pub note: Option<String>,
}

/// The new text of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    /// True when the file had to be regenerated (comments lost).
    pub regenerated: bool,
}

#[derive(Deserialize)]
struct Doc {
    obiettivo: Spanned<String>,
    #[serde(default)]
    kpi: Vec<KpiDoc>,
}

#[derive(Deserialize)]
struct KpiDoc {
    id: Spanned<String>,
    valore: Option<Spanned<toml::Value>>,
    numeratore: Option<Spanned<toml::Value>>,
    denominatore: Option<Spanned<toml::Value>>,
    dichiarazione: Option<Spanned<String>>,
    nota: Option<Spanned<String>>,
}

/// The objective a measurement file is about, if it can be read.
pub fn objective_of(text: &str) -> Option<String> {
    toml::from_str::<Doc>(text)
        .ok()
        .map(|d| d.obiettivo.into_inner().trim().to_owned())
}

/// A new measurement file.
pub fn new_file(header: &str, objective: &str, updates: &[KpiUpdate]) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&format!("obiettivo = {}\n", string(objective)));
    for u in updates {
        out.push('\n');
        out.push_str(&new_block(u));
    }
    out
}

/// Applies the updates to an existing file.
pub fn edit(text: &str, updates: &[KpiUpdate]) -> Result<Edited, String> {
    let doc: Doc = toml::from_str(text).map_err(|e| e.message().to_owned())?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut appended = String::new();
    for u in updates {
        match doc.kpi.iter().find(|k| k.id.get_ref().trim() == u.kpi) {
            Some(k) => {
                if !block_edits(text, k, u, &mut edits) {
                    return regenerate(text, updates);
                }
            }
            None => {
                appended.push('\n');
                appended.push_str(&new_block(u));
            }
        }
    }
    edits.sort_by(|a, b| {
        b.0.start
            .cmp(&a.0.start)
            .then_with(|| b.0.end.cmp(&a.0.end))
    });
    for pair in edits.windows(2) {
        // sorted from the end: each range must finish before the previous one starts
        if pair[1].0.end > pair[0].0.start {
            return regenerate(text, updates);
        }
    }
    let mut out = text.to_owned();
    for (range, new) in edits {
        out.replace_range(range, &new);
    }
    if !appended.is_empty() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&appended);
    }
    Ok(Edited {
        text: out,
        regenerated: false,
    })
}

/// The edits for one KPI already in the file; false when its layout is not the documented one.
fn block_edits(
    text: &str,
    k: &KpiDoc,
    u: &KpiUpdate,
    edits: &mut Vec<(Range<usize>, String)>,
) -> bool {
    let note_differs = |n: &String| k.nota.as_ref().is_none_or(|old| old.get_ref() != n);
    let note_to_insert = u
        .note
        .as_ref()
        .filter(|n| k.nota.is_none() && !n.trim().is_empty());
    let mut note_done = false;
    if let Some(v) = &u.value {
        match (&k.valore, &k.numeratore, &k.denominatore, v) {
            (Some(old), None, None, v) if !matches!(v, Measured::Ratio { .. }) => {
                edits.push((old.span(), string(&value_text(v).unwrap_or_default())));
            }
            (
                None,
                Some(n),
                Some(d),
                Measured::Ratio {
                    numerator,
                    denominator,
                },
            ) => {
                edits.push((n.span(), number(*numerator)));
                edits.push((d.span(), number(*denominator)));
            }
            _ => {
                let keys = [
                    ("valore", &k.valore),
                    ("numeratore", &k.numeratore),
                    ("denominatore", &k.denominatore),
                ];
                let mut lines = Vec::new();
                for (key, value) in keys {
                    if let Some(value) = value {
                        match key_line(text, key, value.span()) {
                            Some(r) => lines.push(r),
                            None => return false,
                        }
                    }
                }
                lines.sort_by_key(|r| r.start);
                let mut new = value_lines(v);
                if let Some(n) = note_to_insert {
                    new.push_str(&format!("nota = {}\n", string(n)));
                    note_done = true;
                }
                match lines.split_first() {
                    Some((first, rest)) => {
                        edits.push((first.clone(), new));
                        edits.extend(rest.iter().map(|r| (r.clone(), String::new())));
                    }
                    None => match insertion_point(text, k) {
                        Some(p) => edits.push((p..p, with_line_start(text, p, new))),
                        None => return false,
                    },
                }
            }
        }
    }
    if let Some(n) = &u.note {
        match &k.nota {
            Some(old) if note_differs(n) => edits.push((old.span(), string(n))),
            Some(_) => {}
            None if !note_done && !n.trim().is_empty() => match insertion_point(text, k) {
                Some(p) => edits.push((
                    p..p,
                    with_line_start(text, p, format!("nota = {}\n", string(n))),
                )),
                None => return false,
            },
            None => {}
        }
    }
    true
}

/// Where new keys of a KPI go: after the line of its last key.
fn insertion_point(text: &str, k: &KpiDoc) -> Option<usize> {
    let mut last: Option<(&str, Range<usize>)> = Some(("id", k.id.span()));
    let others = [
        ("valore", k.valore.as_ref().map(Spanned::span)),
        ("numeratore", k.numeratore.as_ref().map(Spanned::span)),
        ("denominatore", k.denominatore.as_ref().map(Spanned::span)),
        ("dichiarazione", k.dichiarazione.as_ref().map(Spanned::span)),
        ("nota", k.nota.as_ref().map(Spanned::span)),
    ];
    for (key, span) in others {
        if let Some(span) = span
            && last.as_ref().is_none_or(|(_, l)| span.end > l.end)
        {
            last = Some((key, span));
        }
    }
    let (key, span) = last?;
    key_line(text, key, span).map(|r| r.end)
}

/// A text inserted at `p` starts on a new line.
fn with_line_start(text: &str, p: usize, new: String) -> String {
    if p > 0 && !text[..p].ends_with('\n') {
        format!("\n{new}")
    } else {
        new
    }
}

/// The whole line(s) of `key = <value>`, when written that way; `None` otherwise
/// (inline table, several keys on one line).
fn key_line(text: &str, key: &str, value: Range<usize>) -> Option<Range<usize>> {
    let start = text[..value.start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[start..value.start].trim();
    let rest = before
        .strip_prefix(key)
        .or_else(|| before.strip_prefix(&format!("\"{key}\"")))
        .or_else(|| before.strip_prefix(&format!("'{key}'")))?;
    if rest.trim() != "=" {
        return None;
    }
    let end = text[value.end..]
        .find('\n')
        .map_or(text.len(), |i| value.end + i + 1);
    let after = text[value.end..end].trim();
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    Some(start..end)
}

fn new_block(u: &KpiUpdate) -> String {
    let mut out = format!("[[kpi]]\nid = {}\n", string(&u.kpi));
    if let Some(v) = &u.value {
        out.push_str(&value_lines(v));
    }
    if let Some(n) = u.note.as_ref().filter(|n| !n.trim().is_empty()) {
        out.push_str(&format!("nota = {}\n", string(n)));
    }
    out
}

fn value_lines(v: &Measured) -> String {
    match v {
        Measured::Ratio {
            numerator,
            denominator,
        } => {
            format!(
                "numeratore = {}\ndenominatore = {}\n",
                number(*numerator),
                number(*denominator)
            )
        }
        other => format!(
            "valore = {}\n",
            string(&value_text(other).unwrap_or_default())
        ),
    }
}

/// A TOML string literal.
fn string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A number as TOML: an integer bare, a decimal as Italian text (`"139,5"`).
fn number(d: Decimal) -> String {
    let n = d.normalize();
    if n.fract().is_zero()
        && let Ok(i) = n.to_string().parse::<i64>()
    {
        return i.to_string();
    }
    string(&plain_number(n))
}

#[derive(Deserialize)]
struct FullDoc {
    obiettivo: String,
    dichiarazione: Option<String>,
    stato_dichiarato: Option<String>,
    avanzamento: Option<String>,
    nota: Option<String>,
    #[serde(default)]
    kpi: Vec<FullKpi>,
}

#[derive(Deserialize)]
struct FullKpi {
    id: String,
    valore: Option<toml::Value>,
    numeratore: Option<toml::Value>,
    denominatore: Option<toml::Value>,
    dichiarazione: Option<String>,
    nota: Option<String>,
}

/// The file rewritten in the documented layout, every value kept; comments are lost.
fn regenerate(text: &str, updates: &[KpiUpdate]) -> Result<Edited, String> {
    let doc: FullDoc = toml::from_str(text).map_err(|e| e.message().to_owned())?;
    let mut out = String::from(
        "# File riscritto da `trasparenza importa` nella forma di docs/formato-contenuti.md:\n# i valori sono stati conservati, i commenti del file precedente no.\n\n",
    );
    out.push_str(&format!("obiettivo = {}\n", string(&doc.obiettivo)));
    let opt = |out: &mut String, key: &str, v: &Option<String>| {
        if let Some(v) = v {
            out.push_str(&format!("{key} = {}\n", string(v)));
        }
    };
    opt(&mut out, "dichiarazione", &doc.dichiarazione);
    opt(&mut out, "stato_dichiarato", &doc.stato_dichiarato);
    opt(&mut out, "avanzamento", &doc.avanzamento);
    opt(&mut out, "nota", &doc.nota);
    for k in &doc.kpi {
        let u = updates.iter().find(|u| u.kpi == k.id.trim());
        out.push_str(&format!("\n[[kpi]]\nid = {}\n", string(&k.id)));
        match u.and_then(|u| u.value.as_ref()) {
            Some(v) => out.push_str(&value_lines(v)),
            None => {
                for (key, v) in [
                    ("valore", &k.valore),
                    ("numeratore", &k.numeratore),
                    ("denominatore", &k.denominatore),
                ] {
                    if let Some(v) = v {
                        out.push_str(&format!("{key} = {v}\n"));
                    }
                }
            }
        }
        opt(&mut out, "dichiarazione", &k.dichiarazione);
        let note = u.and_then(|u| u.note.clone()).or_else(|| k.nota.clone());
        opt(&mut out, "nota", &note.filter(|n| !n.trim().is_empty()));
    }
    for u in updates
        .iter()
        .filter(|u| !doc.kpi.iter().any(|k| k.id.trim() == u.kpi))
    {
        out.push('\n');
        out.push_str(&new_block(u));
    }
    Ok(Edited {
        text: out,
        regenerated: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Unit;
    use rust_decimal_macros::dec;

    const FILE: &str = r#"# commento in testa
obiettivo = "1.1.1"   # id
dichiarazione = "IN LINEA"
nota = """
Testo della nota.
"""

[[kpi]]
id = "1"                # primo
valore = "no"           # sì/no
nota = "vecchia"

[[kpi]]
id = "2"
valore = "28 gg"
# commento del KPI 2

[[kpi]]
id = "3"
numeratore = 1
denominatore = 2
"#;

    fn upd(kpi: &str, value: Option<Measured>, note: Option<&str>) -> KpiUpdate {
        KpiUpdate {
            kpi: kpi.into(),
            value,
            note: note.map(str::to_owned),
        }
    }

    #[test]
    fn replaces_only_values_and_keeps_comments() {
        let e = edit(
            FILE,
            &[
                upd("1", Some(Measured::YesNo { value: true }), None),
                upd(
                    "2",
                    Some(Measured::Amount {
                        value: dec!(24),
                        unit: Some(Unit::Days),
                    }),
                    Some("nuova"),
                ),
                upd(
                    "3",
                    Some(Measured::Ratio {
                        numerator: dec!(3),
                        denominator: dec!(4.5),
                    }),
                    None,
                ),
                upd(
                    "4",
                    Some(Measured::Amount {
                        value: dec!(92.5),
                        unit: Some(Unit::Percent),
                    }),
                    Some("riga\naltra"),
                ),
            ],
        )
        .unwrap();
        assert!(!e.regenerated);
        let t = &e.text;
        assert!(
            t.contains("valore = \"si\"           # sì/no\nnota = \"vecchia\""),
            "{t}"
        );
        assert!(
            t.contains("valore = \"24 gg\"\nnota = \"nuova\"\n# commento del KPI 2"),
            "{t}"
        );
        assert!(t.contains("numeratore = 3\ndenominatore = \"4,5\""), "{t}");
        assert!(
            t.contains("# commento in testa") && t.contains("Testo della nota."),
            "{t}"
        );
        let v: toml::Value = toml::from_str(t).unwrap();
        let k4 = &v["kpi"][3];
        assert_eq!(k4["id"].as_str(), Some("4"));
        assert_eq!(k4["valore"].as_str(), Some("92,5%"));
        assert_eq!(k4["nota"].as_str(), Some("riga\naltra"));
    }

    #[test]
    fn switches_between_value_and_ratio_by_lines() {
        let e = edit(
            FILE,
            &[
                upd(
                    "1",
                    Some(Measured::Ratio {
                        numerator: dec!(1),
                        denominator: dec!(3),
                    }),
                    None,
                ),
                upd("3", Some(Measured::Missing), Some("spiegazione")),
            ],
        )
        .unwrap();
        let v: toml::Value = toml::from_str(&e.text).unwrap();
        assert_eq!(v["kpi"][0]["numeratore"].as_integer(), Some(1));
        assert!(v["kpi"][0].get("valore").is_none());
        assert_eq!(v["kpi"][0]["nota"].as_str(), Some("vecchia"));
        assert_eq!(v["kpi"][2]["valore"].as_str(), Some("non rilevato"));
        assert!(v["kpi"][2].get("numeratore").is_none());
        assert_eq!(v["kpi"][2]["nota"].as_str(), Some("spiegazione"));
        assert!(e.text.contains("# commento del KPI 2"));
    }

    #[test]
    fn inline_tables_are_regenerated_with_every_value() {
        let text = "obiettivo = \"1\"\nnota = \"n\"\nkpi = [ { id = \"1\", nota = \"x\" }, { id = \"2\", valore = \"5\" } ]\n";
        let e = edit(
            text,
            &[upd("1", Some(Measured::YesNo { value: false }), None)],
        )
        .unwrap();
        assert!(e.regenerated);
        let v: toml::Value = toml::from_str(&e.text).unwrap();
        assert_eq!(v["nota"].as_str(), Some("n"));
        assert_eq!(v["kpi"][0]["valore"].as_str(), Some("no"));
        assert_eq!(v["kpi"][0]["nota"].as_str(), Some("x"));
        assert_eq!(v["kpi"][1]["valore"].as_str(), Some("5"));
    }

    #[test]
    fn new_files_are_valid_toml() {
        let t = new_file(
            "Creato\nda prova",
            "1.1",
            &[upd(
                "1",
                Some(Measured::Amount {
                    value: dec!(92.5),
                    unit: Some(Unit::Percent),
                }),
                Some("ok"),
            )],
        );
        assert!(t.starts_with("# Creato\n# da prova\n\nobiettivo = \"1.1\"\n"));
        assert_eq!(objective_of(&t).as_deref(), Some("1.1"));
    }
}
