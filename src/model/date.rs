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

    /// Parses a date as offices write it: `30/06/2024`, `30.06.2024`, `2024-06-30`,
    /// `30 giugno 2024` (also `1° luglio 2024`).
    pub fn parse_written(text: &str) -> Option<Date> {
        let t = text.trim();
        if let Some(d) = Date::parse_iso(t) {
            return Some(d);
        }
        let (day_month, year) = t.rsplit_once(['/', '.', ' '])?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        DayMonth::parse(day_month)?.in_year(year.parse().ok()?)
    }

    /// Days from `self` to `later`: negative when `later` comes first.
    pub fn days_until(self, later: Date) -> i64 {
        let civil = |d: Date| {
            // month and day of a `Date` are valid; the year may be beyond jiff's range
            let year = i16::try_from(d.year).ok()?;
            jiff::civil::Date::new(year, d.month as i8, d.day as i8).ok()
        };
        match (civil(self), civil(later)) {
            (Some(a), Some(b)) => a.until(b).map_or(0, |span| i64::from(span.get_days())),
            _ => 0,
        }
    }

    /// The date `days` days later (the same date when beyond the calendar's range).
    pub fn plus_days(self, days: u32) -> Date {
        let later = i16::try_from(self.year)
            .ok()
            .and_then(|y| jiff::civil::Date::new(y, self.month as i8, self.day as i8).ok())
            .and_then(|d| d.checked_add(jiff::Span::new().days(i64::from(days))).ok());
        match later {
            Some(d) => Date {
                year: i32::from(d.year()),
                month: d.month() as u8,
                day: d.day() as u8,
            },
            None => self,
        }
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

/// A day of the year without the year (`31/12`, `30 giugno`): a deadline written for
/// the plan year of its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayMonth {
    month: u8,
    day: u8,
}

impl DayMonth {
    /// `31/12`, `31.12`, `30 giugno`, `1° luglio`; the day must exist in some year
    /// (29 February does).
    pub fn parse(text: &str) -> Option<DayMonth> {
        let t = text.trim();
        let (day, month) = match t.split_once(['/', '.']) {
            Some((d, m)) => (d.trim(), month_number(m.trim())?),
            None => {
                let (d, m) = t.split_once(' ')?;
                let m = m.trim().to_lowercase();
                let index = MONTHS.iter().position(|name| *name == m)?;
                (d.trim(), u8::try_from(index + 1).ok()?)
            }
        };
        let day = day.trim_end_matches(['°', 'º']);
        if day.is_empty() || day.len() > 2 || !day.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let day: u8 = day.parse().ok()?;
        // 2000 is a leap year: every day that exists in some year exists in it
        Date::new(2000, month, day).map(|_| DayMonth { month, day })
    }

    /// The date in `year`, if it exists there (29 February only in leap years).
    pub fn in_year(self, year: i32) -> Option<Date> {
        Date::new(year, self.month, self.day)
    }
}

/// `31/12`: the form [`DayMonth::parse`] reads back.
impl fmt::Display for DayMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}", self.day, self.month)
    }
}

impl Serialize for DayMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Whether `text` is written as a date, existing or not (`31/06/2024`, `31/06`,
/// `31 giugno`): to say that a date does not exist rather than that it is no number.
pub fn looks_like_date(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    let parts: Vec<&str> = t.split('/').collect();
    let numeric = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numeric || t.split_whitespace().any(|w| MONTHS.contains(&w))
}

/// A month written in digits (`06`, `6`).
fn month_number(text: &str) -> Option<u8> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
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

    #[test]
    fn reads_the_dates_offices_write() {
        let june = Date::new(2024, 6, 30);
        for text in [
            "30/06/2024",
            "30.06.2024",
            "2024-06-30",
            " 30 giugno 2024 ",
            "30 Giugno 2024",
        ] {
            assert_eq!(Date::parse_written(text), june, "{text}");
        }
        assert_eq!(Date::parse_written("1° luglio 2024"), Date::new(2024, 7, 1));
        for bad in [
            "31/06/2024",
            "30/06/24",
            "30/13/2024",
            "giugno 2024",
            "",
            "2024",
        ] {
            assert_eq!(Date::parse_written(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_days_between_dates() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(d(2024, 6, 30).days_until(d(2024, 7, 10)), 10);
        assert_eq!(d(2024, 7, 10).days_until(d(2024, 6, 30)), -10);
        assert_eq!(d(2024, 2, 28).days_until(d(2024, 3, 1)), 2);
        assert_eq!(d(2024, 12, 31).days_until(d(2025, 12, 31)), 365);
    }

    #[test]
    fn a_day_without_year_takes_the_year_given() {
        let end = DayMonth::parse("31/12").unwrap();
        assert_eq!(end.in_year(2025), Date::new(2025, 12, 31));
        assert_eq!(DayMonth::parse("30 giugno"), DayMonth::parse("30.06"));
        assert_eq!(end.to_string(), "31/12");
        let leap = DayMonth::parse("29/02").unwrap();
        assert_eq!(leap.in_year(2025), None);
        assert!(leap.in_year(2024).is_some());
        assert_eq!(DayMonth::parse("31/04"), None);
    }
}
