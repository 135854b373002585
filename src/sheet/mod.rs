//! Measurements in and out of spreadsheets.
//!
//! [`export`] writes, for one period, a template listing every KPI to be measured: a CSV
//! in the form Italian spreadsheets open directly (`;` separator, UTF-8 with BOM, decimal
//! comma), or an Excel workbook ([`workbook`]). [`import`] reads either back (or a Calc
//! `.ods`), checks every row with the same diagnostics as the TOML content
//! (`file.csv:riga:colonna`, or sheet, row and column of a workbook), and only when
//! nothing is wrong writes the values into `monitoraggio/<periodo>/obiettivi-*/<id>.toml`,
//! keeping what is already written there (statements, notes, comments).

pub mod export;
pub mod import;
pub mod plan;
mod report_file;
mod source;
pub mod workbook;

use rust_decimal::Decimal;

use crate::model::{Goal, Kind, Measured, Target, Unit};

/// The columns of the template, in order.
pub const COLUMNS: [&str; 11] = [
    "tipo_obiettivo",
    "obiettivo",
    "kpi",
    "nome",
    "target",
    "unita",
    "responsabile",
    "valore",
    "numeratore",
    "denominatore",
    "nota",
];

/// The column of the objective's declared status: in the workbook, and read from a CSV
/// that has it, but not in the CSV template.
pub const DECLARED: &str = "stato_dichiarato";

/// Every column the import reads: the template's and the declared status.
pub const IMPORT_COLUMNS: [&str; 12] = [
    COLUMNS[0],
    COLUMNS[1],
    COLUMNS[2],
    COLUMNS[3],
    COLUMNS[4],
    COLUMNS[5],
    COLUMNS[6],
    COLUMNS[7],
    COLUMNS[8],
    COLUMNS[9],
    COLUMNS[10],
    DECLARED,
];

/// The heading people read in the workbook for a column key; the import recognises
/// both the heading and the key.
pub fn heading(key: &str) -> &'static str {
    match key {
        "tipo_obiettivo" => "Tipo di obiettivo",
        "obiettivo" => "Obiettivo",
        "kpi" => "KPI",
        "nome" => "Indicatore",
        "target" => "Target",
        "unita" => "Unità di misura",
        "responsabile" => "Responsabile",
        "valore" => "Valore",
        "numeratore" => "Numeratore",
        "denominatore" => "Denominatore",
        "nota" => "Nota",
        DECLARED => "Stato dichiarato dell'obiettivo",
        _ => "",
    }
}

/// The column key of a heading as written in a header row (key, heading or a known
/// variant), compared without case, accents on «à», spaces or dashes.
pub fn column_key(written: &str) -> Option<&'static str> {
    let name = normalise_heading(written);
    let name = match name.as_str() {
        "note" => "nota",
        "valori" => "valore",
        "tipo" => "tipo_obiettivo",
        "id_obiettivo" => "obiettivo",
        "id_kpi" => "kpi",
        "stato" | "stato_dichiarato" => DECLARED,
        other => other,
    };
    IMPORT_COLUMNS
        .into_iter()
        .find(|k| *k == name || normalise_heading(heading(k)) == name)
}

/// A header cell reduced to the form of the column keys.
pub fn normalise_heading(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .replace([' ', '-', '\''], "_")
        .replace('à', "a")
}

/// The word used in the `tipo_obiettivo` column.
pub fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Strategic => "strategico",
        Kind::Operational => "operativo",
        Kind::Individual => "individuale",
        Kind::Common => "comune",
    }
}

/// Reads the `tipo_obiettivo` column: the word, the folder name or the label.
pub fn kind_from_word(text: &str) -> Option<Kind> {
    let t = text.trim().to_lowercase().replace(['_', '-'], " ");
    let t = t
        .strip_prefix("obiettivo ")
        .or_else(|| t.strip_prefix("obiettivi "))
        .unwrap_or(&t)
        .trim()
        .to_owned();
    Some(match t.as_str() {
        "strategico" | "strategici" => Kind::Strategic,
        "operativo" | "operativi" => Kind::Operational,
        "individuale" | "individuali" => Kind::Individual,
        "comune" | "comuni" => Kind::Common,
        _ => return None,
    })
}

/// A decimal in Italian form without thousands separators (`1234,5`), so that it reads
/// back unambiguously both here and in a spreadsheet.
pub fn plain_number(d: Decimal) -> String {
    d.normalize().to_string().replace('.', ",")
}

/// A measured value as the `valore`, `numeratore`, `denominatore` cells.
pub fn value_cells(m: &Measured) -> [String; 3] {
    match m {
        Measured::Ratio {
            numerator,
            denominator,
        } => [
            String::new(),
            plain_number(*numerator),
            plain_number(*denominator),
        ],
        other => [
            value_text(other).unwrap_or_default(),
            String::new(),
            String::new(),
        ],
    }
}

/// A measured value as the text of `valore` (none for ratios).
pub fn value_text(m: &Measured) -> Option<String> {
    Some(match m {
        Measured::YesNo { value } => if *value { "si" } else { "no" }.to_owned(),
        Measured::Amount {
            value,
            unit: Some(Unit::Percent),
        } => format!("{}%", plain_number(*value)),
        Measured::Amount {
            value,
            unit: Some(Unit::Days),
        } => format!("{} gg", plain_number(*value)),
        Measured::Amount { value, unit: _ } => plain_number(*value),
        Measured::Missing => "non rilevato".to_owned(),
        Measured::Completed { .. } => m.italian(),
        Measured::Ratio { .. } => return None,
    })
}

/// The unit people should write, for the `unita` column.
pub fn unit_hint(target: Option<&Target>, written: Option<&str>) -> String {
    if let Some(w) = written.map(str::trim).filter(|w| !w.is_empty()) {
        return w.to_owned();
    }
    match target.map(|t| &t.goal) {
        Some(Goal::YesNo { .. }) => "si/no".to_owned(),
        Some(Goal::Amount {
            unit: Unit::Percent,
            ..
        }) => "%".to_owned(),
        Some(Goal::Amount {
            unit: Unit::Days, ..
        }) => "giorni".to_owned(),
        Some(Goal::Amount {
            unit: Unit::Number, ..
        }) => "numero".to_owned(),
        Some(Goal::Deadline { .. }) => "data di completamento".to_owned(),
        Some(Goal::Relative { .. } | Goal::Keep | Goal::NotSet) | None => String::new(),
    }
}

/// Spreadsheet column letter of a 1-based column number: 1 -> A, 27 -> AA.
pub fn column_letter(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_read_back_unambiguously() {
        assert_eq!(plain_number(dec!(1234.50)), "1234,5");
        assert_eq!(plain_number(dec!(8000)), "8000");
        for d in [dec!(1234.5), dec!(8000), dec!(0.01), dec!(69.5)] {
            assert_eq!(crate::model::number::parse_decimal(&plain_number(d)), Ok(d));
        }
    }

    #[test]
    fn values_round_trip_through_text() {
        let values = [
            Measured::YesNo { value: true },
            Measured::YesNo { value: false },
            Measured::Amount {
                value: dec!(69.5),
                unit: Some(Unit::Percent),
            },
            Measured::Amount {
                value: dec!(18),
                unit: Some(Unit::Days),
            },
            Measured::Amount {
                value: dec!(1234.5),
                unit: None,
            },
            Measured::Missing,
        ];
        for m in values {
            assert_eq!(Measured::parse(&value_text(&m).unwrap()).unwrap(), m);
        }
    }

    #[test]
    fn kinds_and_letters() {
        for k in Kind::ALL {
            assert_eq!(kind_from_word(kind_word(k)), Some(k));
            assert_eq!(kind_from_word(k.folder()), Some(k));
            assert_eq!(kind_from_word(k.label()), Some(k));
        }
        assert_eq!(kind_from_word("boh"), None);
        assert_eq!(column_letter(1), "A");
        assert_eq!(column_letter(8), "H");
        assert_eq!(column_letter(27), "AA");
    }

    #[test]
    fn headings_and_keys_name_the_same_columns() {
        for key in IMPORT_COLUMNS {
            assert_eq!(column_key(key), Some(key));
            assert_eq!(column_key(heading(key)), Some(key), "{key}");
            assert_eq!(column_key(&heading(key).to_uppercase()), Some(key), "{key}");
        }
        assert_eq!(column_key("Note"), Some("nota"));
        assert_eq!(column_key("Unita di misura"), Some("unita"));
        assert_eq!(column_key("altro"), None);
    }
}
