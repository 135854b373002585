//! Decimal numbers as Italian people write them, and back.
//!
//! Input accepts the decimal comma (`"69,5"`, `"1.234,56"`) and the decimal point
//! (`"69.5"`). A dot followed by exactly three digits and no comma (`"8.000"`) is
//! ambiguous (eight or eight thousand?) and is refused by [`parse_decimal`]; targets and
//! measured values, which offices write the Italian way, read it as thousands with
//! [`parse_italian`] (`"1.200"` is 1200), and `controlla` names the reading taken
//! ([`thousands_readings`]). Output always uses the Italian form: thousands with `.`,
//! decimals with `,`.

use rust_decimal::{Decimal, RoundingStrategy};

/// Why a number could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all.
    Invalid,
    /// `"8.000"`: thousands separator or decimal point?
    Ambiguous,
    /// Beyond [`MAX_ABS`]: no plan value is that large.
    TooLarge,
}

/// Largest magnitude accepted (a million billions); keeps every computation far from overflow.
pub const MAX_ABS: Decimal = Decimal::from_parts(0x_A4C6_8000, 0x_0003_8D7E, 0, false, 0);

/// Parses a decimal written in Italian or with a decimal point.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .collect();
    if t.is_empty() {
        return Err(NumberError::Invalid);
    }
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t.strip_prefix('+').unwrap_or(&t)),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(NumberError::Invalid);
    }
    let normalised = if digits.contains(',') {
        if digits.matches(',').count() > 1
            || !valid_grouping(digits.split(',').next().unwrap_or(""))
        {
            return Err(NumberError::Invalid);
        }
        digits.replace('.', "").replace(',', ".")
    } else if digits.matches('.').count() > 1 {
        if !valid_grouping(digits) {
            return Err(NumberError::Invalid);
        }
        digits.replace('.', "")
    } else if let Some((_, frac)) = digits.split_once('.') {
        if frac.len() == 3 {
            return Err(NumberError::Ambiguous);
        }
        digits.to_owned()
    } else {
        digits.to_owned()
    };
    if normalised.starts_with('.') || normalised.ends_with('.') {
        return Err(NumberError::Invalid);
    }
    let value = format!("{sign}{normalised}")
        .parse::<Decimal>()
        .map_err(|_| NumberError::TooLarge)?;
    check_magnitude(value)
}

/// [`parse_decimal`], except that a dot before exactly three digits separates thousands,
/// as in Italian (`"1.200"` is 1200, `"12.500"` 12500); `"0.500"` stays ambiguous, since
/// nobody writes thousands after a zero.
pub fn parse_italian(text: &str) -> Result<Decimal, NumberError> {
    match parse_decimal(text) {
        Err(NumberError::Ambiguous) => {
            let t = text.trim().trim_start_matches(['+', '-']).trim_start();
            if t.starts_with('0') {
                return Err(NumberError::Ambiguous);
            }
            parse_decimal(&text.replacen('.', "", 1))
        }
        other => other,
    }
}

/// The numbers in `text` that [`parse_italian`] reads as thousands while someone else
/// could read them with a decimal point (`"1.250"`: 1250, or 1,25 in an English-style
/// sheet): each as written, with the value taken.
pub fn thousands_readings(text: &str) -> Vec<(&str, Decimal)> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|run| run.trim_end_matches(['.', ',']))
        .filter(|run| parse_decimal(run) == Err(NumberError::Ambiguous))
        .filter_map(|run| Some((run, parse_italian(run).ok()?)))
        .collect()
}

/// Refuses numbers beyond [`MAX_ABS`].
pub fn check_magnitude(value: Decimal) -> Result<Decimal, NumberError> {
    if value.abs() > MAX_ABS {
        Err(NumberError::TooLarge)
    } else {
        Ok(value)
    }
}

/// Italian form without thousands separators, as targets are written: `9000`, `0,005`.
pub fn format_plain(value: Decimal) -> String {
    let text = value
        .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string();
    text.replace('.', ",")
}

/// `1.234.567` style grouping: the part before the decimal comma.
fn valid_grouping(int_part: &str) -> bool {
    if !int_part.contains('.') {
        return !int_part.is_empty();
    }
    let groups: Vec<&str> = int_part.split('.').collect();
    (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
}

/// Italian form with at most `max_dp` decimals, trailing zeros dropped: `69,5`, `1.234`.
pub fn format_it(value: Decimal, max_dp: u32) -> String {
    let rounded = value
        .round_dp_with_strategy(max_dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    group(rounded, None)
}

/// Italian form with exactly `dp` decimals: `1.234,50`.
pub fn format_it_fixed(value: Decimal, dp: u32) -> String {
    let rounded = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    group(rounded, Some(dp))
}

/// Euro amount: `161.957,34 €`.
pub fn format_euro(value: Decimal) -> String {
    format!("{} €", format_it_fixed(value, 2))
}

/// Percentage with one decimal at most: `69,5%`.
pub fn format_percent(value: Decimal) -> String {
    format!("{}%", format_it(value, 1))
}

fn group(value: Decimal, fixed_dp: Option<u32>) -> String {
    let text = match fixed_dp {
        Some(dp) => format!("{value:.prec$}", prec = dp as usize),
        None => value.to_string(),
    };
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int_part, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if grouped.chars().all(|c| c == '0' || c == '.')
        && frac.is_none_or(|f| f.chars().all(|c| c == '0'))
    {
        ""
    } else {
        sign
    };
    match frac {
        Some(f) if !f.is_empty() => format!("{sign}{grouped},{f}"),
        _ => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_italian_and_point_forms() {
        assert_eq!(parse_decimal("69,5"), Ok(dec!(69.5)));
        assert_eq!(parse_decimal("69.5"), Ok(dec!(69.5)));
        assert_eq!(parse_decimal("€ 161.957,34"), Ok(dec!(161957.34)));
        assert_eq!(parse_decimal("161957.34"), Ok(dec!(161957.34)));
        assert_eq!(parse_decimal("1.234.567"), Ok(dec!(1234567)));
        assert_eq!(parse_decimal("0,01"), Ok(dec!(0.01)));
        assert_eq!(parse_decimal("8.000"), Err(NumberError::Ambiguous));
        assert_eq!(parse_decimal("8.000,00"), Ok(dec!(8000.00)));
        assert_eq!(parse_decimal("circa 70"), Err(NumberError::Invalid));
        assert_eq!(parse_decimal("1,2,3"), Err(NumberError::Invalid));
        assert_eq!(parse_decimal("12.34.5"), Err(NumberError::Invalid));
        assert_eq!(parse_decimal(""), Err(NumberError::Invalid));
        assert_eq!(
            parse_decimal("70000000000000000000000000000"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            parse_decimal("1000000000000001"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            parse_decimal("1000000000000000"),
            Ok(dec!(1000000000000000))
        );
    }

    #[test]
    fn reads_thousands_the_italian_way_where_asked() {
        assert_eq!(parse_italian("1.200"), Ok(dec!(1200)));
        assert_eq!(parse_italian("12.500"), Ok(dec!(12500)));
        assert_eq!(parse_italian("-1.250"), Ok(dec!(-1250)));
        assert_eq!(parse_italian("69,5"), Ok(dec!(69.5)));
        assert_eq!(parse_italian("69.5"), Ok(dec!(69.5)));
        assert_eq!(parse_italian("0.500"), Err(NumberError::Ambiguous));
        assert_eq!(parse_italian("1.2.3"), Err(NumberError::Invalid));
        assert_eq!(
            thousands_readings(">= 1.250 e 2.000,00 o 3.5 o 1.200.000"),
            [("1.250", dec!(1250))]
        );
        assert_eq!(thousands_readings("12.500 gg."), [("12.500", dec!(12500))]);
        assert!(thousands_readings("0.500").is_empty());
    }

    #[test]
    fn writes_italian_forms() {
        assert_eq!(format_euro(dec!(161957.34)), "161.957,34 €");
        assert_eq!(format_euro(dec!(1234.5)), "1.234,50 €");
        assert_eq!(format_euro(dec!(0)), "0,00 €");
        assert_eq!(format_percent(dec!(69.5)), "69,5%");
        assert_eq!(format_percent(dec!(99.2857)), "99,3%");
        assert_eq!(format_percent(dec!(100.00)), "100%");
        assert_eq!(format_it(dec!(1234567.891), 2), "1.234.567,89");
        assert_eq!(format_it(dec!(-0.001), 1), "0");
    }
}
