//! The template of one period as an Excel workbook (`.xlsx`), written with
//! `rust_xlsxwriter`: the rows of [`export::rows`] under Italian headings, the columns that
//! name the KPI locked (sheet protection without password), the ones to fill unlocked,
//! a «Sì/No» drop-down where the target is yes/no, a drop-down of the status words for the
//! objective's declared status, and number formats after each KPI's unit.
//!
//! Numbers are written as numbers: a percentage as its points (`69,5` shown `69,5%`, so
//! that what people type is what is read), days as days (`18` shown `18 gg`). LibreOffice
//! Calc opens the file as it is; `.ods` is read by the import but not written, as no
//! maintained writer comes at a small compile cost.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, ProtectionOptions,
    Workbook, Worksheet, XlsxError,
};

use super::export::{self, Row};
use super::{DECLARED, IMPORT_COLUMNS, heading, kind_word};
use crate::model::{Goal, Measured, Period, Plan, Status, Unit};

/// The name of the measurements sheet; the import looks for it first.
pub const SHEET: &str = "Misure";

/// The workbook's columns: those the import reads (the CSV template's, then the declared
/// status), with the declared status moved before the note, the template's last column.
const LAYOUT: [&str; 12] = declared_before_note(IMPORT_COLUMNS);

const fn declared_before_note(mut columns: [&'static str; 12]) -> [&'static str; 12] {
    let last = columns.len() - 1;
    let declared = columns[last];
    columns[last] = columns[last - 1];
    columns[last - 1] = declared;
    columns
}

/// Column widths, in characters, by key.
fn width(key: &str) -> f64 {
    match key {
        "nome" | "nota" => 45.0,
        "responsabile" => 24.0,
        DECLARED => 22.0,
        "tipo_obiettivo" | "target" | "unita" | "numeratore" | "denominatore" => 14.0,
        _ => 11.0,
    }
}

/// The workbook's bytes.
pub fn template(plan: &Plan, period: &Period) -> Result<Vec<u8>, String> {
    write(plan, period).map_err(|e| e.to_string())
}

/// Number formats that show the unit but keep the number as typed: no scaling by 100.
const PERCENT: &str = "General\"%\"";
const DAYS: &str = "General\" gg\"";

fn write(plan: &Plan, period: &Period) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // The workbook records when it was made; a reproducible build pins that instant.
    if let Some(secs) = crate::archive::clock::source_date_epoch() {
        let created = ExcelDateTime::from_timestamp(secs)?;
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E2F3));
    let locked = Format::new().set_background_color(Color::RGB(0xF2F2F2));
    let locked_text = locked.clone().set_text_wrap();
    let open = Format::new().set_unlocked();
    for (c, key) in LAYOUT.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, heading(key), &head)?;
        sheet.set_column_width(c, width(key))?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let yes_no = DataValidation::new()
        .allow_list_strings(&["Sì", "No"])?
        .set_error_title("Valore non ammesso")?
        .set_error_message("Il target è sì/no: scegliere «Sì» o «No» dall'elenco.")?;
    let words: Vec<&str> = Status::ALL.iter().map(|s| s.word()).collect();
    let statuses = DataValidation::new()
        .allow_list_strings(words.as_slice())?
        .set_error_title("Stato non ammesso")?
        .set_error_message("Scegliere uno stato dall'elenco.")?;

    let rows = export::rows(plan, period);
    let mut previous: Option<(crate::model::Kind, String)> = None;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let first_of_objective = previous.as_ref() != Some(&(r.kind, r.objective.clone()));
        previous = Some((r.kind, r.objective.clone()));
        for (c, key) in LAYOUT.iter().enumerate() {
            let c = c as u16;
            let text: &str = match *key {
                "tipo_obiettivo" => kind_word(r.kind),
                "obiettivo" => &r.objective,
                "kpi" => &r.kpi,
                "nome" => &r.name,
                "target" => &r.target,
                "unita" => &r.unit,
                "responsabile" => &r.responsible,
                _ => continue,
            };
            let format = if *key == "nome" {
                &locked_text
            } else {
                &locked
            };
            sheet.write_string_with_format(row, c, text, format)?;
        }
        let col = |key: &str| LAYOUT.iter().position(|k| *k == key).unwrap_or(0) as u16;
        let number_format = match &r.goal {
            Some(Goal::Amount {
                unit: Unit::Percent,
                ..
            }) => Some(PERCENT),
            Some(Goal::Amount {
                unit: Unit::Days, ..
            }) => Some(DAYS),
            _ => None,
        };
        let value_format = match number_format {
            Some(f) => open.clone().set_num_format(f),
            None => open.clone(),
        };
        for key in ["valore", "numeratore", "denominatore"] {
            let format = if key == "valore" {
                &value_format
            } else {
                &open
            };
            sheet.write_blank(row, col(key), format)?;
        }
        write_value(
            sheet,
            row,
            col("valore"),
            col("numeratore"),
            r,
            &value_format,
            &open,
        )?;
        if matches!(r.goal, Some(Goal::YesNo { .. })) {
            sheet.add_data_validation(row, col("valore"), row, col("valore"), &yes_no)?;
        }
        let declared = col(DECLARED);
        if first_of_objective {
            match r.declared {
                Some(s) => sheet.write_string_with_format(row, declared, s.word(), &open)?,
                None => sheet.write_blank(row, declared, &open)?,
            };
            sheet.add_data_validation(row, declared, row, declared, &statuses)?;
        } else {
            // the status is the objective's: asked once, on its first row
            sheet.write_blank(row, declared, &locked)?;
        }
        let note_format = open.clone().set_text_wrap();
        sheet.write_string_with_format(row, col("nota"), &r.note, &note_format)?;
    }
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    });
    workbook.save_to_buffer()
}

/// The value already written, typed: a number as a number, yes/no as «Sì»/«No».
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    value_col: u16,
    numerator_col: u16,
    r: &Row,
    value_format: &Format,
    open: &Format,
) -> Result<(), XlsxError> {
    match &r.measured {
        None => {}
        Some(Measured::YesNo { value }) => {
            let word = if *value { "Sì" } else { "No" };
            sheet.write_string_with_format(row, value_col, word, value_format)?;
        }
        Some(Measured::Amount { value, .. }) => {
            sheet.write_number_with_format(row, value_col, float(*value), value_format)?;
        }
        Some(Measured::Ratio {
            numerator,
            denominator,
        }) => {
            sheet.write_number_with_format(row, numerator_col, float(*numerator), open)?;
            sheet.write_number_with_format(row, numerator_col + 1, float(*denominator), open)?;
        }
        Some(completed @ Measured::Completed { .. }) => {
            // as people write it, and as `importa` reads it back: `completato il 15/06/2025`
            sheet.write_string_with_format(row, value_col, completed.italian(), value_format)?;
        }
        Some(Measured::Missing) => {
            sheet.write_string_with_format(row, value_col, "non rilevato", value_format)?;
        }
    }
    Ok(())
}

/// The nearest binary number to a decimal, through its text: correctly rounded, and read
/// back exactly by the import (see `import::source::Cell::Number`).
fn float(d: Decimal) -> f64 {
    d.normalize().to_string().parse().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_workbook_has_the_template_columns_with_the_declared_status_before_the_note() {
        use crate::sheet::COLUMNS;
        let mut expected = COLUMNS[..COLUMNS.len() - 1].to_vec();
        expected.extend([DECLARED, COLUMNS[COLUMNS.len() - 1]]);
        assert_eq!(LAYOUT.to_vec(), expected);
    }

    #[test]
    fn decimals_become_the_nearest_float() {
        assert_eq!(float(dec!(69.5)), 69.5);
        assert_eq!(float(dec!(0.1)), 0.1);
        assert_eq!(float(dec!(1234.50)), 1234.5);
        assert_eq!(float(dec!(0.1)).to_string(), "0.1");
    }
}
