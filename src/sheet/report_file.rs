//! Writing values into a measurement file (`monitoraggio/<periodo>/obiettivi-*/<id>.toml`)
//! through `toml_edit`, which keeps the document as written: only the values that change
//! are replaced, each keeping its spacing and comments; missing KPIs are appended in the
//! file's own form (`[[kpi]]` tables or an inline array); everything else — statements,
//! notes, comments, layout — stays as the person wrote it.

use rust_decimal::Decimal;
use serde::Deserialize;
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Key, Table, TableLike, Value};

use super::{plain_number, value_text};
use crate::model::{Measured, Status};

/// What to write for one KPI. `None` leaves that part as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiUpdate {
    pub kpi: String,
    pub value: Option<Measured>,
    pub note: Option<String>,
}

/// The keys holding a KPI's measurement: `valore`, or `numeratore` and `denominatore`.
const MEASURE_KEYS: [&str; 3] = ["valore", "numeratore", "denominatore"];

#[derive(Deserialize)]
struct Head {
    obiettivo: String,
}

/// The objective a measurement file is about, if it can be read.
pub fn objective_of(text: &str) -> Option<String> {
    toml::from_str::<Head>(text)
        .ok()
        .map(|d| d.obiettivo.trim().to_owned())
}

/// A new measurement file, in the documented layout.
pub fn new_file(header: &str, objective: &str, updates: &[KpiUpdate]) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&format!("obiettivo = {}\n", Value::from(objective)));
    let mut kpis = ArrayOfTables::new();
    for u in updates {
        let mut table = Table::new();
        fill_new(&mut table, u);
        kpis.push(table);
    }
    if !kpis.is_empty() {
        let mut doc = DocumentMut::new();
        doc.insert("kpi", Item::ArrayOfTables(kpis));
        out.push('\n');
        out.push_str(&doc.to_string());
    }
    out
}

/// Applies the updates to an existing file; an error when it is not TOML or its `kpi`
/// is not a list of tables.
pub fn edit(text: &str, updates: &[KpiUpdate]) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().trim().to_owned())?;
    let mut missing: Vec<&KpiUpdate> = Vec::new();
    let mut kpis = kpi_tables(&mut doc)?;
    for u in updates {
        match kpis
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str).map(str::trim) == Some(u.kpi.as_str()))
        {
            Some(t) => update(&mut **t, u),
            None => missing.push(u),
        }
    }
    append(&mut doc, &missing)?;
    Ok(doc.to_string())
}

/// Sets the objective's `stato_dichiarato`, in place when the file has one.
pub fn set_declared(text: &str, status: Status) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().trim().to_owned())?;
    match doc.get_mut("stato_dichiarato").and_then(Item::as_value_mut) {
        Some(old) => replace_value(old, Value::from(status.word())),
        None => {
            doc.insert("stato_dichiarato", Item::Value(Value::from(status.word())));
        }
    }
    Ok(doc.to_string())
}

const NOT_A_LIST: &str = "«kpi» non è un elenco di tabelle ([[kpi]] o kpi = [ { ... } ])";

/// The file's KPI tables, whether written as `[[kpi]]` or as an inline array.
fn kpi_tables(doc: &mut DocumentMut) -> Result<Vec<&mut dyn TableLike>, String> {
    match doc.get_mut("kpi") {
        None => Ok(Vec::new()),
        Some(Item::ArrayOfTables(tables)) => {
            Ok(tables.iter_mut().map(|t| t as &mut dyn TableLike).collect())
        }
        Some(Item::Value(Value::Array(values))) => values
            .iter_mut()
            .map(|v| {
                v.as_inline_table_mut()
                    .map(|t| t as &mut dyn TableLike)
                    .ok_or_else(|| NOT_A_LIST.to_owned())
            })
            .collect(),
        Some(_) => Err(NOT_A_LIST.to_owned()),
    }
}

/// Appends the KPIs not yet in the file, in the form its other KPIs have.
fn append(doc: &mut DocumentMut, missing: &[&KpiUpdate]) -> Result<(), String> {
    if missing.is_empty() {
        return Ok(());
    }
    match doc.get_mut("kpi") {
        Some(Item::Value(Value::Array(values))) => {
            for u in missing {
                let mut table = InlineTable::new();
                fill_new(&mut table, u);
                values.push(table);
            }
        }
        Some(Item::ArrayOfTables(tables)) => {
            for u in missing {
                let mut table = Table::new();
                fill_new(&mut table, u);
                tables.push(table);
            }
        }
        None => {
            let mut tables = ArrayOfTables::new();
            for u in missing {
                let mut table = Table::new();
                fill_new(&mut table, u);
                tables.push(table);
            }
            doc.insert("kpi", Item::ArrayOfTables(tables));
        }
        Some(_) => return Err(NOT_A_LIST.to_owned()),
    }
    Ok(())
}

/// The keys of a new KPI: id, measurement, note when not empty.
fn fill_new(table: &mut dyn TableLike, u: &KpiUpdate) {
    table.insert("id", Item::Value(Value::from(u.kpi.as_str())));
    if let Some(v) = &u.value {
        for (key, value) in measure(v) {
            table.insert(key, Item::Value(value));
        }
    }
    if let Some(n) = u.note.as_ref().filter(|n| !n.trim().is_empty()) {
        table.insert("nota", Item::Value(Value::from(n.as_str())));
    }
}

/// Writes one update into a KPI already in the file.
fn update(table: &mut dyn TableLike, u: &KpiUpdate) {
    if let Some(v) = &u.value {
        set_measure(table, measure(v));
    }
    if let Some(n) = &u.note {
        match table.get_mut("nota").and_then(Item::as_value_mut) {
            Some(old) if old.as_str() != Some(n.as_str()) => {
                replace_value(old, Value::from(n.as_str()));
            }
            Some(_) => {}
            None if !n.trim().is_empty() => {
                table.insert("nota", Item::Value(Value::from(n.as_str())));
            }
            None => {}
        }
    }
}

/// Replaces the measurement keys. In the same form (a value, or a ratio) each value is
/// replaced where it is; in the other form the new keys take the place, and the comments,
/// of the first old one.
fn set_measure(table: &mut dyn TableLike, new: Vec<(&'static str, Value)>) {
    let present: Vec<&str> = MEASURE_KEYS
        .into_iter()
        .filter(|k| table.contains_key(k))
        .collect();
    if present.len() == new.len() && new.iter().all(|(k, _)| present.contains(k)) {
        for (key, value) in new {
            match table.get_mut(key).and_then(Item::as_value_mut) {
                Some(old) => replace_value(old, value),
                None => {
                    table.insert(key, Item::Value(value));
                }
            }
        }
        return;
    }
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let first = keys.iter().position(|k| MEASURE_KEYS.contains(&k.as_str()));
    let inherited = first.map(|i| {
        let key = table.key(&keys[i]).map(|k| k.leaf_decor().clone());
        let value = table
            .get(&keys[i])
            .and_then(Item::as_value)
            .map(|v| v.decor().clone());
        (key, value)
    });
    for key in &present {
        table.remove(key);
    }
    for (n, (name, mut value)) in new.into_iter().enumerate() {
        let mut key = Key::new(name);
        if n == 0
            && let Some((key_decor, value_decor)) = &inherited
        {
            if let Some(d) = key_decor {
                *key.leaf_decor_mut() = d.clone();
            }
            if let Some(d) = value_decor {
                *value.decor_mut() = d.clone();
            }
        }
        table.entry_format(&key).or_insert(Item::Value(value));
    }
    // the keys that followed the old measurement go back after the new one
    if let Some(i) = first {
        for name in keys[i + 1..]
            .iter()
            .filter(|k| !MEASURE_KEYS.contains(&k.as_str()))
        {
            let key = table.key(name).cloned();
            if let (Some(key), Some(item)) = (key, table.remove(name)) {
                table.entry_format(&key).or_insert(item);
            }
        }
    }
}

/// `old` becomes `new`, keeping the spaces and comment around it.
fn replace_value(old: &mut Value, new: Value) {
    let decor = old.decor().clone();
    *old = new;
    *old.decor_mut() = decor;
}

/// The measurement keys and values of a measured value.
fn measure(v: &Measured) -> Vec<(&'static str, Value)> {
    match v {
        Measured::Ratio {
            numerator,
            denominator,
        } => vec![
            ("numeratore", number(*numerator)),
            ("denominatore", number(*denominator)),
        ],
        other => vec![("valore", Value::from(value_text(other).unwrap_or_default()))],
    }
}

/// A number as TOML: an integer bare, a decimal as Italian text (`"139,5"`).
fn number(d: Decimal) -> Value {
    let n = d.normalize();
    if n.fract().is_zero()
        && let Ok(i) = n.to_string().parse::<i64>()
    {
        return Value::from(i);
    }
    Value::from(plain_number(n))
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
        let t = &e;
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
        let v: toml::Value = toml::from_str(&e).unwrap();
        assert_eq!(v["kpi"][0]["numeratore"].as_integer(), Some(1));
        assert!(v["kpi"][0].get("valore").is_none());
        assert_eq!(v["kpi"][0]["nota"].as_str(), Some("vecchia"));
        assert_eq!(v["kpi"][2]["valore"].as_str(), Some("non rilevato"));
        assert!(v["kpi"][2].get("numeratore").is_none());
        assert_eq!(v["kpi"][2]["nota"].as_str(), Some("spiegazione"));
        assert!(e.contains("# commento del KPI 2"));
        // the ratio takes the place of the value, with its comment; the note stays after it
        assert!(
            e.contains("id = \"1\"                # primo\nnumeratore = 1           # sì/no\ndenominatore = 3\nnota = \"vecchia\"\n"),
            "{e}"
        );
        assert!(
            e.contains("id = \"3\"\nvalore = \"non rilevato\"\nnota = \"spiegazione\"\n"),
            "{e}"
        );
    }

    #[test]
    fn inline_tables_are_edited_in_place() {
        let text = "# commento\nobiettivo = \"1\"\nnota = \"n\" # nota generale\nkpi = [ { id = \"1\", nota = \"x\" }, { id = \"2\", valore = \"5\" } ]\n";
        let e = edit(
            text,
            &[
                upd("1", Some(Measured::YesNo { value: false }), None),
                upd("2", Some(Measured::YesNo { value: true }), None),
                upd("3", None, Some("nuovo")),
            ],
        )
        .unwrap();
        assert!(
            e.starts_with("# commento\nobiettivo = \"1\"\nnota = \"n\" # nota generale\nkpi = [ { id = \"1\", nota = \"x\""),
            "{e}"
        );
        assert!(e.contains("{ id = \"2\", valore = \"si\" }"), "{e}");
        let v: toml::Value = toml::from_str(&e).unwrap();
        assert_eq!(v["nota"].as_str(), Some("n"));
        assert_eq!(v["kpi"][0]["valore"].as_str(), Some("no"));
        assert_eq!(v["kpi"][0]["nota"].as_str(), Some("x"));
        assert_eq!(v["kpi"][1]["valore"].as_str(), Some("si"));
        assert_eq!(v["kpi"][2]["id"].as_str(), Some("3"));
        assert_eq!(v["kpi"][2]["nota"].as_str(), Some("nuovo"));
        assert_eq!(v["kpi"].as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn odd_layouts_keep_their_form() {
        // quoted keys, spaces around `=`, a comment between the keys, no final newline
        let text = "obiettivo='1'\n\n[[kpi]]\n\"id\" = '1'\n# prima del valore\n\"valore\"   =   '3 gg'   # vecchio\n\n# in fondo";
        let e = edit(
            text,
            &[upd(
                "1",
                Some(Measured::Amount {
                    value: dec!(4),
                    unit: Some(Unit::Days),
                }),
                Some("n"),
            )],
        )
        .unwrap();
        assert!(
            e.contains("\"id\" = '1'\n# prima del valore\n\"valore\"   =   \"4 gg\"   # vecchio\nnota = \"n\"\n"),
            "{e}"
        );
        assert!(e.contains("# in fondo"), "{e}");
        let v: toml::Value = toml::from_str(&e).unwrap();
        assert_eq!(v["kpi"][0]["valore"].as_str(), Some("4 gg"));
    }

    #[test]
    fn kpis_are_appended_to_files_without_any() {
        let text = "# solo la dichiarazione\nobiettivo = \"1\"\ndichiarazione = \"IN LINEA\"\n";
        let e = edit(text, &[upd("1", Some(Measured::Missing), None)]).unwrap();
        assert!(e.starts_with(text), "{e}");
        let v: toml::Value = toml::from_str(&e).unwrap();
        assert_eq!(v["kpi"][0]["valore"].as_str(), Some("non rilevato"));
    }

    #[test]
    fn kpi_that_is_not_a_list_is_refused() {
        for text in [
            "obiettivo = \"1\"\nkpi = 3\n",
            "obiettivo = \"1\"\nkpi = [1]\n",
            "x = =",
        ] {
            assert!(edit(text, &[upd("1", None, Some("n"))]).is_err(), "{text}");
        }
    }

    #[test]
    fn the_declared_status_is_set_in_place_or_added() {
        let e = set_declared(FILE, Status::Raggiunto).unwrap();
        assert!(
            e.contains("stato_dichiarato = \"raggiunto\"\n\n[[kpi]]"),
            "{e}"
        );
        let again = set_declared(&e, Status::Parziale).unwrap();
        assert_eq!(
            again,
            e.replace("\"raggiunto\"", "\"parzialmente raggiunto\"")
        );
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
        assert!(
            t.starts_with("# Creato\n# da prova\n\nobiettivo = \"1.1\"\n\n[[kpi]]\nid = \"1\"\n"),
            "{t}"
        );
        assert_eq!(objective_of(&t).as_deref(), Some("1.1"));
    }
}
