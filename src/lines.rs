//! Positions in a text: a byte offset as a 1-based line and column, and the text of a
//! line. The crate's one line index, used for every diagnostic that points into a file
//! (content, CSV sheets, generated pages).

/// Where each line of a text starts. Built once per text; each look-up is then a binary
/// search, so a file with many diagnostics (or a CSV with many rows) is scanned once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes the lines of `text` (ended by `\n`, or `\r\n`).
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// 1-based line of a byte offset (past the end: the last line).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset.min(self.len))
    }

    /// 1-based line and column of a byte offset in `text` (the text indexed), the column
    /// counted in characters so that accented letters count once; an offset inside a
    /// character or past the end counts as the start of that character or the end.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line(offset);
        let column = text[self.starts[line - 1]..offset].chars().count() + 1;
        (line, column)
    }

    /// The text of a 1-based line of `text`, without its line end.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |e| e - 1);
        let l = &text[start..end];
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

/// [`LineIndex::line_col`] for a single look-up.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(text, offset)
}

/// [`LineIndex::line_text`] for a single look-up.
pub fn line_text(text: &str, line: usize) -> Option<&str> {
    LineIndex::new(text).line_text(text, line)
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
        assert_eq!(line_text(text, 3), Some(""));
        assert_eq!(line_text(text, 0), None);
        assert_eq!(line_text(text, 4), None);
    }

    #[test]
    fn one_index_answers_every_offset_like_a_scan() {
        let text = "a\nbè\r\n\nultima riga senza a capo";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let o = floor_char_boundary(text, offset.min(text.len()));
            let before = &text[..o];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            assert_eq!(
                index.line_col(text, offset),
                (line, column),
                "offset {offset}"
            );
            assert_eq!(index.line(o), line);
        }
    }
}
