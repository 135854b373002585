//! The columns of a plan workbook: one row per KPI, the area and objectives it belongs to,
//! and one target column per year («Target 2025», «Target 2026», ...).

use crate::sheet::normalise_heading;

/// A column of the plan workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Area,
    AreaTitle,
    Strategic,
    StrategicTitle,
    Operational,
    OperationalTitle,
    Kpi,
    Name,
    Algorithm,
    Weight,
    Baseline,
    Unit,
    Polarity,
    Responsible,
    /// The target of one year.
    Target(i32),
}

/// The fixed columns, in the order of the sample workbook.
pub const FIXED: [Column; 14] = [
    Column::Area,
    Column::AreaTitle,
    Column::Strategic,
    Column::StrategicTitle,
    Column::Operational,
    Column::OperationalTitle,
    Column::Kpi,
    Column::Name,
    Column::Algorithm,
    Column::Weight,
    Column::Baseline,
    Column::Unit,
    Column::Polarity,
    Column::Responsible,
];

impl Column {
    /// The heading people read.
    pub fn heading(self) -> String {
        match self {
            Column::Area => "Area".into(),
            Column::AreaTitle => "Titolo area".into(),
            Column::Strategic => "Obiettivo strategico".into(),
            Column::StrategicTitle => "Titolo obiettivo strategico".into(),
            Column::Operational => "Obiettivo operativo".into(),
            Column::OperationalTitle => "Titolo obiettivo operativo".into(),
            Column::Kpi => "KPI".into(),
            Column::Name => "Indicatore".into(),
            Column::Algorithm => "Algoritmo".into(),
            Column::Weight => "Peso".into(),
            Column::Baseline => "Baseline".into(),
            Column::Unit => "Unità di misura".into(),
            Column::Polarity => "Polarità".into(),
            Column::Responsible => "Responsabile".into(),
            Column::Target(year) => format!("Target {year}"),
        }
    }

    /// Whether a number in the column is a quantity, read in Italian form (`92,5`).
    pub fn is_quantity(self) -> bool {
        matches!(self, Column::Weight | Column::Baseline | Column::Target(_))
    }

    /// The column a header cell names, compared without case, accents or spaces.
    pub fn of(written: &str) -> Option<Column> {
        let name = normalise_heading(written);
        if let Some(year) = name.strip_prefix("target_")
            && year.len() == 4
            && let Ok(y) = year.parse()
        {
            return Some(Column::Target(y));
        }
        let short = match name.as_str() {
            "area_strategica" => Some(Column::Area),
            "id_kpi" | "codice_kpi" => Some(Column::Kpi),
            "nome" | "nome_indicatore" => Some(Column::Name),
            "unita" => Some(Column::Unit),
            "polarita" => Some(Column::Polarity),
            _ => None,
        };
        short.or_else(|| {
            FIXED
                .into_iter()
                .find(|c| normalise_heading(&c.heading()) == name)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_read_back_and_years_are_columns() {
        for c in FIXED {
            assert_eq!(Column::of(&c.heading()), Some(c), "{c:?}");
        }
        assert_eq!(Column::of("Target 2026"), Some(Column::Target(2026)));
        assert_eq!(Column::of("target_2027"), Some(Column::Target(2027)));
        assert_eq!(Column::of("Target"), None);
        assert_eq!(Column::of("Polarita"), Some(Column::Polarity));
    }
}
