//! Values written the same way in several files: dates, percentages, numbers and the
//! words of the enums (polarity, status, rules), each converted by one function that
//! reports what is wrong with it.

use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;
use toml::value::Datetime;

use super::problems::Problems;
use super::raw::S;
use crate::model::number::{
    MAX_ABS, NumberError, check_magnitude, format_plain, parse_decimal, thousands_readings,
};
use crate::model::{Date, Polarity, UnknownWord};

/// A date without time; `what` names the key in the message.
pub fn date(value: &S<Datetime>, what: &str, p: &mut Problems) -> Option<Date> {
    let dt = value.get_ref();
    let parsed = match (dt.date, dt.time) {
        (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day),
        _ => None,
    };
    if parsed.is_none() {
        p.error(
            value.span(),
            format!("{what}: \"{dt}\" non è una data valida"),
            "scrivere una data esistente in formato ISO, senza ora: 2022-06-30",
        );
    }
    parsed
}

/// A percentage between 0% and 1000%, written with or without `%`.
pub fn percent(value: &S<String>, what: &str, p: &mut Problems) -> Option<Decimal> {
    let text = value.get_ref().trim();
    let number = text.strip_suffix('%').unwrap_or(text);
    match parse_decimal(number) {
        Ok(d) if d >= Decimal::ZERO && d <= Decimal::from(1000) => Some(d),
        Ok(_) => {
            p.error(
                value.span(),
                format!("{what}: \"{text}\" fuori dall'intervallo ammesso"),
                "indicare una percentuale tra 0% e 1000%",
            );
            None
        }
        Err(_) => {
            p.error(
                value.span(),
                format!("{what}: \"{text}\" non è una percentuale"),
                "scrivere ad esempio \"50%\" o \"69,5%\"",
            );
            None
        }
    }
}

/// A bare TOML number an Italian reads differently from TOML: `8.000` is 8.0 for TOML
/// and eight thousand for whoever wrote it. Reported as an error naming both
/// readings, so that a wrong number never reaches a page; `true` when reported.
pub fn misread_number(value: &S<toml::Value>, what: &str, p: &mut Problems) -> bool {
    if !matches!(value.get_ref(), toml::Value::Float(_)) {
        return false;
    }
    let span = value.span();
    let written = p.src.get().text.get(span.clone()).unwrap_or("").trim();
    let Some((thousands, decimal)) = thousands_reading(written) else {
        return false;
    };
    p.error(
        span,
        format!("{what} = {written} vale {} per TOML, non {thousands}: senza virgolette il punto separa i decimali", decimal.replace('.', ",")),
        format!("scrivere {what} = {thousands} se il punto separa le migliaia, oppure {what} = {decimal} se separa i decimali"),
    );
    true
}

/// For `8.000`, `1.250`, `12.500` (digits, a dot, exactly three digits): the number
/// without the dot and the number TOML reads (`("8000", "8")`, `("1250", "1.25")`).
fn thousands_reading(written: &str) -> Option<(String, String)> {
    let unsigned = written.strip_prefix('+').unwrap_or(written);
    let (int, frac) = unsigned.split_once('.')?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    // `0.500` or `1234.500` are not how anyone writes thousands: read as TOML reads them
    if !digits(int) || int.len() > 3 || int.starts_with('0') || frac.len() != 3 || !digits(frac) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    let decimal = if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    };
    Some((format!("{int}{}", &unsigned[int.len() + 1..]), decimal))
}

/// A number written as a TOML integer or float, or as text in the Italian way
/// (`"161.957,34"`, `"33%"`).
pub fn decimal(value: &S<toml::Value>, what: &str, p: &mut Problems) -> Option<Decimal> {
    if misread_number(value, what, p) {
        return None;
    }
    let parsed = match value.get_ref() {
        toml::Value::Integer(i) if Decimal::from(*i).abs() > MAX_ABS => Err(NumberError::TooLarge),
        toml::Value::Integer(i) => Ok(Decimal::from(*i)),
        toml::Value::Float(f) => f
            .to_string()
            .parse::<Decimal>()
            .map_err(|_| NumberError::TooLarge)
            .and_then(check_magnitude),
        toml::Value::String(s) => parse_decimal(s.trim().trim_end_matches('%')),
        _ => Err(NumberError::Invalid),
    };
    match parsed {
        Ok(d) => Some(d),
        Err(NumberError::Ambiguous) => {
            p.error(value.span(), format!("{what}: numero ambiguo"), "usare la virgola per i decimali e indicarli sempre con le migliaia: \"8.000,00\" (ottomila) o \"8,5\"");
            None
        }
        Err(NumberError::TooLarge) => {
            p.error(
                value.span(),
                format!("{what}: numero troppo grande"),
                "controllare il valore: nessun importo o peso del piano supera un milione di miliardi",
            );
            None
        }
        Err(NumberError::Invalid) => {
            p.error(
                value.span(),
                format!("{what}: non è un numero"),
                "scrivere un numero, ad esempio 100, \"33%\" o \"161.957,34\"",
            );
            None
        }
    }
}

/// Warns at each number of `text` (a target or value, named by `what`) read with the dot
/// as thousands separator, naming the reading taken: `"1.250"` is 1250 for an Italian
/// office and 1,25 for an English-style sheet.
pub fn thousands_warnings(text: &str, what: &str, span: Range<usize>, p: &mut Problems) {
    for (written, value) in thousands_readings(text) {
        p.warn(
            span.clone(),
            format!(
                "{what} \"{}\": \"{written}\" è letto come {} (il punto separa le migliaia)",
                text.trim(),
                format_plain(value)
            ),
            format!(
                "se il punto separa i decimali, scrivere \"{}\" con la virgola",
                written.replace('.', ",")
            ),
        );
    }
}

/// A whole number of days between 0 and 366, written as a TOML integer
/// (`tolleranza_scadenze = 15`).
pub fn days(value: &S<toml::Value>, what: &str, p: &mut Problems) -> Option<u32> {
    let days = match value.get_ref() {
        toml::Value::Integer(i) => u32::try_from(*i).ok().filter(|n| *n <= 366),
        _ => None,
    };
    if days.is_none() {
        p.error(
            value.span(),
            format!("{what}: {} non è un numero di giorni", value.get_ref()),
            format!(
                "indicare i giorni come numero intero tra 0 e 366, senza virgolette: {what} = 15"
            ),
        );
    }
    days
}

/// One of the words of `T`; when unknown, `unknown` tells the message from the text
/// as written, and the hint lists the accepted words.
pub fn word<T: FromStr<Err = UnknownWord>>(
    value: &S<String>,
    unknown: impl FnOnce(&str) -> String,
    p: &mut Problems,
) -> Option<T> {
    match value.get_ref().parse() {
        Ok(v) => Some(v),
        Err(e) => {
            p.error(
                value.span(),
                unknown(&e.word),
                format!("valori ammessi: {}", e.accepted_list()),
            );
            None
        }
    }
}

/// A polarity (`polarita`, `polarita_predefinita`).
pub fn polarity(value: &S<String>, p: &mut Problems) -> Option<Polarity> {
    word(
        value,
        |w| format!("polarità \"{}\" sconosciuta", w.trim()),
        p,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dot_before_three_digits_has_two_readings() {
        let pair = |a: &str, b: &str| Some((a.to_owned(), b.to_owned()));
        assert_eq!(thousands_reading("8.000"), pair("8000", "8"));
        assert_eq!(thousands_reading("1.250"), pair("1250", "1.25"));
        assert_eq!(thousands_reading("12.500"), pair("12500", "12.5"));
        assert_eq!(thousands_reading("+999.001"), pair("999001", "999.001"));
        for one_reading in [
            "8.5", "69.25", "0.500", "1234.500", "8.0000", "8", "-8.000", "8e3", "8.00_0",
        ] {
            assert_eq!(thousands_reading(one_reading), None, "{one_reading}");
        }
    }
}
