//! Today's date in Italy, from the system clock or from `SOURCE_DATE_EPOCH`
//! (reproducible builds convention) when set, so an archive can be rebuilt identically.
//! The time zone rules are jiff's: the system's time zone database, bundled on Windows.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::model::Date;

/// Italy's time zone.
const ROME: &str = "Europe/Rome";

/// The rule in force in Italy since 1996 (CET, CEST from the last Sunday of March to the
/// last Sunday of October, changing at 01:00 UTC), as a POSIX TZ string: used only where
/// the system has no time zone database (a minimal container), so the date stays right.
const ROME_SINCE_1996: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

/// Today in Italy.
pub fn today() -> Date {
    rome_date(source_date_epoch().unwrap_or_else(|| Timestamp::now().as_second()))
}

/// The instant of `SOURCE_DATE_EPOCH` (seconds after 1970-01-01T00:00Z), when set: what a
/// reproducible build writes instead of the system clock.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
}

/// The civil date in Italy at `secs` seconds after 1970-01-01T00:00Z (clamped to the
/// years -9999 to 9999).
pub fn rome_date(secs: i64) -> Date {
    let secs = secs.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    let instant = Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH);
    let date = instant.to_zoned(rome()).date();
    Date::new(
        i32::from(date.year()),
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
    )
    .unwrap_or_else(|| unreachable!("jiff yields valid dates"))
}

fn rome() -> TimeZone {
    TimeZone::get(ROME)
        .or_else(|_| TimeZone::posix(ROME_SINCE_1996))
        .unwrap_or(TimeZone::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seconds since the epoch of a UTC date and time.
    fn utc(y: i16, m: i8, d: i8, h: i8, min: i8) -> i64 {
        jiff::civil::datetime(y, m, d, h, min, 0, 0)
            .to_zoned(TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_second()
    }

    #[test]
    fn civil_dates_in_rome() {
        assert_eq!(rome_date(0).iso(), "1970-01-01");
        assert_eq!(rome_date(1_659_052_800).iso(), "2022-07-29"); // 2022-07-29T00:00Z
        assert_eq!(rome_date(1_659_052_800 - 3600).iso(), "2022-07-29"); // 23:00Z = 01:00 CEST
        assert_eq!(rome_date(1_659_052_800 - 7201).iso(), "2022-07-28");
        assert_eq!(rome_date(1_672_527_600).iso(), "2023-01-01"); // 2022-12-31T23:00Z = midnight CET
        assert_eq!(rome_date(1_672_527_599).iso(), "2022-12-31");
        assert_eq!(rome_date(utc(2024, 2, 29, 0, 0)).iso(), "2024-02-29");
        // out of range: clamped, not a panic
        assert!(rome_date(i64::MAX).iso().starts_with("9999-12-"));
        assert!(rome_date(i64::MIN).iso().starts_with("-9999-01-"));
    }

    /// Around each change of 2022 (27 March and 30 October, at 01:00 UTC), the offset
    /// decides the date at 22:xx UTC: +2 in summer makes it the next day, +1 in winter not.
    #[test]
    fn across_daylight_saving_changes() {
        // spring: 26 March is still winter (22:30Z = 23:30 CET), 27 March is summer
        assert_eq!(rome_date(utc(2022, 3, 26, 22, 30)).iso(), "2022-03-26");
        assert_eq!(rome_date(utc(2022, 3, 27, 22, 30)).iso(), "2022-03-28");
        assert_eq!(rome_date(utc(2022, 3, 27, 0, 59)).iso(), "2022-03-27");
        // autumn: 29 October is still summer (22:30Z = 00:30 CEST), 30 October is winter
        assert_eq!(rome_date(utc(2022, 10, 29, 22, 30)).iso(), "2022-10-30");
        assert_eq!(rome_date(utc(2022, 10, 30, 22, 30)).iso(), "2022-10-30");
        assert_eq!(rome_date(utc(2022, 10, 30, 23, 0)).iso(), "2022-10-31");
    }

    /// The fallback rule gives the same dates as the time zone database.
    #[test]
    fn fallback_rule_matches_the_database() {
        let posix = TimeZone::posix(ROME_SINCE_1996).unwrap();
        let start = utc(2021, 1, 1, 0, 0);
        for hour in (0..3 * 366 * 24).step_by(7) {
            let t = Timestamp::from_second(start + hour * 3600).unwrap();
            assert_eq!(
                t.to_zoned(posix.clone()).date(),
                t.to_zoned(rome()).date(),
                "{t}"
            );
        }
    }
}
