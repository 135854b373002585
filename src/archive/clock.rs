//! Today's date in Italy, from the system clock or from `SOURCE_DATE_EPOCH`
//! (reproducible builds convention) when set, so an archive can be rebuilt identically.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::Date;

/// Today in Italy (Europe/Rome: CET, CEST from the last Sunday of March to the last Sunday of October).
pub fn today() -> Date {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    rome_date(secs)
}

/// The civil date in Italy at `secs` seconds after 1970-01-01T00:00Z.
pub fn rome_date(secs: i64) -> Date {
    let (y, _, _) = civil(secs.div_euclid(86_400));
    let dst_start = days(y, 3, last_sunday(y, 3)) * 86_400 + 3600;
    let dst_end = days(y, 10, last_sunday(y, 10)) * 86_400 + 3600;
    let offset = if (dst_start..dst_end).contains(&secs) {
        7200
    } else {
        3600
    };
    let (y, m, d) = civil((secs + offset).div_euclid(86_400));
    Date::new(y, m, d).unwrap_or_else(|| unreachable!("civil() yields valid dates"))
}

fn last_sunday(year: i32, month: u8) -> u8 {
    let last = 31u8; // March and October
    let weekday = (days(year, month, last) + 4).rem_euclid(7); // 0 = Sunday (1970-01-01 was a Thursday)
    last - u8::try_from(weekday).unwrap_or(0)
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date of a day number since 1970-01-01.
fn civil(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        i32::try_from(y).unwrap_or(i32::MAX),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_in_rome() {
        assert_eq!(rome_date(0).iso(), "1970-01-01");
        assert_eq!(rome_date(1_659_052_800).iso(), "2022-07-29"); // 2022-07-29T00:00Z
        assert_eq!(rome_date(1_659_052_800 - 3600).iso(), "2022-07-29"); // 23:00Z = 01:00 CEST
        assert_eq!(rome_date(1_659_052_800 - 7201).iso(), "2022-07-28");
        assert_eq!(rome_date(1_672_527_600).iso(), "2023-01-01"); // 2022-12-31T23:00Z = midnight CET
        assert_eq!(rome_date(1_672_527_599).iso(), "2022-12-31");
        assert_eq!(last_sunday(2022, 3), 27);
        assert_eq!(last_sunday(2022, 10), 30);
        assert_eq!(rome_date(days(2024, 2, 29) * 86_400).iso(), "2024-02-29");
    }
}
