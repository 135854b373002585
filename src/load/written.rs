//! What a spreadsheet habit puts on a `key = value` line that TOML refuses: quotes
//! pasted from Word, dates written day first, numbers with a decimal comma. Each is
//! recognised from the text as written, so that the message can show the line to write.

/// A value written the way an Italian office writes it, with its TOML form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Habit {
    /// `“testo”`: the text between the typographic quotes.
    WordQuotes(String),
    /// `30/06/2025` (or `30-06-2025`, `30.06.2025`): the ISO date `2025-06-30`.
    DayFirstDate(String),
    /// `69,5` or `70%` unquoted: a number TOML cannot read, to be quoted.
    BareItalianNumber(String),
}

/// A `key = value` line: the key and the value as written (trimmed, comment kept).
pub fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-');
    (!key.is_empty() && key.chars().all(plain)).then_some((key, value.trim()))
}

/// The habit behind a value TOML refused, if it is one of the known ones.
pub fn habit(value: &str) -> Option<Habit> {
    let value = value.split(" #").next().unwrap_or(value).trim();
    if let Some(text) = word_quoted(value) {
        return Some(Habit::WordQuotes(text.to_owned()));
    }
    if let Some(iso) = day_first(value) {
        return Some(Habit::DayFirstDate(iso));
    }
    let number = value.strip_suffix('%').unwrap_or(value);
    let numeric = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',');
    let looks_italian = number.contains(',') || value.ends_with('%');
    if looks_italian
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number.chars().all(numeric)
    {
        return Some(Habit::BareItalianNumber(value.to_owned()));
    }
    None
}

/// The text between typographic quotes (“…”, «…», „…“, ‘…’), when the value starts with one.
fn word_quoted(value: &str) -> Option<&str> {
    const OPENING: [char; 6] = ['“', '”', '„', '«', '‘', '’'];
    const CLOSING: [char; 6] = ['”', '“', '»', '’', '‘', '"'];
    let rest = value.strip_prefix(OPENING)?;
    Some(rest.trim_end_matches(CLOSING))
}

/// `30/06/2025`, `30-06-2025`, `30.06.2025`, `1/7/2025` as the ISO date `2025-06-30`;
/// also an ISO date written between quotes (`"2025-06-30"`), as itself.
pub fn day_first_date(value: &str) -> Option<String> {
    let value = value.trim().trim_matches(['"', '\'']);
    match value.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] if y.len() == 4 => Some(format!(
            "{}-{:0>2}-{:0>2}",
            digits(y, &[4])?,
            digits(m, &[1, 2])?,
            digits(d, &[1, 2])?
        )),
        _ => day_first(value),
    }
}

/// `t` when it is made of `lens` ASCII digits.
fn digits<'a>(t: &'a str, lens: &[usize]) -> Option<&'a str> {
    (lens.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

/// `30/06/2025`, `30-06-2025`, `30.06.2025` as `2025-06-30`.
fn day_first(value: &str) -> Option<String> {
    let number = digits;
    match value.split(['/', '-', '.']).collect::<Vec<_>>().as_slice() {
        [d, m, y] => Some(format!(
            "{}-{:0>2}-{:0>2}",
            number(y, &[4])?,
            number(m, &[1, 2])?,
            number(d, &[1, 2])?
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_habits_are_recognised() {
        assert_eq!(
            habit("“Regolazione dei mercati”"),
            Some(Habit::WordQuotes("Regolazione dei mercati".into()))
        );
        assert_eq!(habit("«testo»"), Some(Habit::WordQuotes("testo".into())));
        assert_eq!(
            habit("30/06/2025"),
            Some(Habit::DayFirstDate("2025-06-30".into()))
        );
        assert_eq!(
            habit("1.7.2025 # fine"),
            Some(Habit::DayFirstDate("2025-07-01".into()))
        );
        assert_eq!(habit("69,5"), Some(Habit::BareItalianNumber("69,5".into())));
        assert_eq!(
            habit("161.957,34"),
            Some(Habit::BareItalianNumber("161.957,34".into()))
        );
        assert_eq!(habit("70%"), Some(Habit::BareItalianNumber("70%".into())));
        for other in [
            "regolazione dei mercati",
            "8.000",
            "1,2,x",
            ",5",
            "2025/06",
            "2022-02-30",
        ] {
            assert_eq!(habit(other), None, "{other}");
        }
    }

    #[test]
    fn quoted_dates_are_read_both_ways() {
        assert_eq!(day_first_date("\"2022-06-30\""), Some("2022-06-30".into()));
        assert_eq!(day_first_date("\"30/06/2022\""), Some("2022-06-30".into()));
        assert_eq!(day_first_date("\"giugno 2022\""), None);
        assert_eq!(day_first_date("\"2022/06/30\""), None);
    }

    #[test]
    fn only_plain_keys_are_split() {
        assert_eq!(key_value("fine = 30/06/2022"), Some(("fine", "30/06/2022")));
        assert_eq!(key_value("  valore=69,5 "), Some(("valore", "69,5")));
        assert_eq!(key_value("[[kpi]]"), None);
        assert_eq!(key_value("titolo"), None);
    }
}
