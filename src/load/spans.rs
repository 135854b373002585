//! Positions in a content file's text: a byte offset as 1-based line and column, the
//! text of a line, and the key written before a value. The crate's one line index:
//! [`crate::diagnostic::Source`] and every check use these.

use std::ops::Range;

/// 1-based line and column of a byte offset, the column counted in characters (so
/// that accented letters count once); an offset inside a character or past the end
/// counts as the start of that character or the end of the text.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset.min(text.len()))];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The text of a 1-based line, without its line end (`\n` or `\r\n`).
pub fn line_text(text: &str, line: usize) -> Option<&str> {
    text.split('\n')
        .nth(line.checked_sub(1)?)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

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

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "titolo = \"città più\"\npeso = x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 8));
        let closing = text.rfind('"').unwrap();
        assert_eq!(line_col(text, closing), (1, 20));
        // inside the two bytes of "à": the character's own column
        let inside = text.find('à').unwrap() + 1;
        assert_eq!(line_col(text, inside), (1, 15));
        assert_eq!(line_col(text, text.len() + 10), (3, 1));
    }

    #[test]
    fn crlf_lines_count_once_and_lose_their_line_end() {
        let text = "id = \"1\"\r\nanno = 3000\r\n";
        let anno = text.find("anno").unwrap();
        assert_eq!(line_col(text, anno), (2, 1));
        assert_eq!(line_col(text, text.find("3000").unwrap()), (2, 8));
        assert_eq!(line_text(text, 1), Some("id = \"1\""));
        assert_eq!(line_text(text, 2), Some("anno = 3000"));
        assert_eq!(line_text(text, 0), None);
        assert_eq!(line_text(text, 4), None);
    }

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
