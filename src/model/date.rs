//! Calendar dates (ISO in data, Italian for people).

use std::fmt;

use serde::Serialize;

/// A valid calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

impl Date {
    /// A date, if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next()?;
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// `2022-07-29`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `29 luglio 2022`.
    pub fn italian(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }

    /// `29/07/2022`.
    pub fn short(self) -> String {
        format!("{:02}/{:02}/{}", self.day, self.month, self.year)
    }

    /// End of the legal publication period (D.Lgs. 33/2013 art. 8 c. 3): five years from
    /// 1 January of the year after the publication, i.e. 31 December of year + 5.
    pub fn retention_end(self) -> Date {
        Date {
            year: self.year + 5,
            month: 12,
            day: 31,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_calendar() {
        assert!(Date::new(2022, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::parse_iso("2022-06-31").is_none());
        assert_eq!(
            Date::parse_iso("2022-07-29").unwrap().italian(),
            "29 luglio 2022"
        );
        assert_eq!(
            Date::parse_iso("2022-07-29").unwrap().retention_end().iso(),
            "2027-12-31"
        );
    }
}
