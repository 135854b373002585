//! The key written before a value in a content file's text. (Lines and columns of an
//! offset are [`crate::lines`].)

use std::ops::Range;

/// The span of the key of a `key = value` pair, from the span of its value.
///
/// The parser keeps spans of values only (`toml::Spanned`), and a diagnostic about a
/// key (not allowed here, required by another key, naming a missing parent) points at
/// the key. TOML puts a key, its `=` and the start of its value on one line, so the key
/// is what precedes ` = ` right before the value; when the text there is not
/// `key =`, the value's own span is returned.
pub fn key_before(text: &str, value: &Range<usize>) -> Range<usize> {
    let key = text
        .get(..value.start)
        .map(|before| before.trim_end_matches([' ', '\t']))
        .and_then(|before| before.strip_suffix('='))
        .map(|before| before.trim_end_matches([' ', '\t']))
        .and_then(|before| {
            let end = before.len();
            let start = match before.chars().next_back()? {
                quote @ ('"' | '\'') => before[..end - 1]
                    .rfind(quote)
                    .filter(|&s| !before[s..end].contains('\n'))?,
                _ => before
                    .trim_end_matches(|c: char| {
                        c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
                    })
                    .len(),
            };
            (start < end).then_some(start..end)
        });
    key.unwrap_or_else(|| value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_found_before_its_value() {
        let text = "id = \"1\"\n  area=\"2\"\n\"chiave strana\" = 3\n[kpi]\nx = { target = 5 }\n";
        let span_of = |needle: &str| {
            let start = text.find(needle).unwrap();
            start..start + needle.len()
        };
        let key = |needle: &str| &text[key_before(text, &span_of(needle))];
        assert_eq!(key("\"1\""), "id");
        assert_eq!(key("\"2\""), "area");
        assert_eq!(key("3\n"), "\"chiave strana\"");
        assert_eq!(key("5 }"), "target");
    }

    #[test]
    fn without_a_key_the_value_span_is_kept() {
        let text = "valori = [\"a\", \"b\"]\n";
        let b = text.find("\"b\"").unwrap();
        assert_eq!(key_before(text, &(b..b + 3)), b..b + 3);
        assert_eq!(key_before(text, &(0..1)), 0..1);
        assert_eq!(key_before("= 1", &(2..3)), 2..3);
    }
}
