//! `--oggi AAAA-MM-GG`: the date the commands take as today, once per run. Without it,
//! today in Italy, or the date of `SOURCE_DATE_EPOCH` when set (see `archive::clock`).

use trasparenza::archive::clock;
use trasparenza::model::Date;

/// The `--oggi` option of the commands whose result depends on the date.
#[derive(clap::Args, Clone)]
pub struct TodayArg {
    /// Data da considerare come oggi, per scadenze e calendario (AAAA-MM-GG; predefinita: la data di oggi in Italia)
    #[arg(long = "oggi", alias = "today", value_name = "AAAA-MM-GG", value_parser = date)]
    today: Option<Date>,
}

impl TodayArg {
    /// The date given, or today in Italy.
    pub fn date(&self) -> Date {
        self.today.unwrap_or_else(clock::today)
    }
}

/// A date written `AAAA-MM-GG`; anything else is refused with the form to write.
fn date(text: &str) -> Result<Date, String> {
    Date::parse_iso(text).ok_or_else(|| {
        format!("data non valida \"{text}\": scrivere anno, mese e giorno come 2026-06-30")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_iso_form_only() {
        assert_eq!(date("2026-06-30").map(Date::iso), Ok("2026-06-30".into()));
        assert!(date("30/06/2026").unwrap_err().contains("2026-06-30"));
        assert!(date("2026-02-30").is_err());
    }
}
