//! A small HTML tokenizer: the part of the WHATWG tokenization rules needed to
//! find tags, attributes and text reliably, without building a tree.
//!
//! It handles what trips naive scanners: comments (`<!-- <a href=x> -->`),
//! raw-text elements (`<script>`, `<style>`, whose content is not markup),
//! RCDATA (`<title>`, `<textarea>`), quoted, unquoted and valueless
//! attributes, `>` inside quoted values, upper-case names, character references
//! in attribute values and text. Offsets are byte offsets into the source, for
//! `file:line:column` diagnostics.

use std::borrow::Cow;

/// One attribute of a start tag.
#[derive(Debug, Clone)]
pub struct Attr<'a> {
    /// Lower-case name.
    pub name: Cow<'a, str>,
    /// Value with character references decoded (`&amp;` -> `&`); empty when absent.
    pub value: Cow<'a, str>,
    /// Byte offset of the raw value (of the name when there is no value).
    pub offset: usize,
}

impl Attr<'_> {
    /// Byte offset in the source of byte `i` of the decoded value, exact when
    /// the value had no character references, else the start of the value.
    pub fn offset_of(&self, i: usize) -> usize {
        match self.value {
            Cow::Borrowed(_) => self.offset + i,
            Cow::Owned(_) => self.offset,
        }
    }
}

/// A start tag.
#[derive(Debug, Clone)]
pub struct Tag<'a> {
    /// Lower-case name.
    pub name: Cow<'a, str>,
    pub attrs: Vec<Attr<'a>>,
    /// Byte offset of the `<`.
    pub offset: usize,
    pub self_closing: bool,
}

impl<'a> Tag<'a> {
    /// The attribute with this (lower-case) name.
    pub fn attr(&self, name: &str) -> Option<&Attr<'a>> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The decoded value of an attribute.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|a| a.value.as_ref())
    }
}

/// What the tokenizer produces.
#[derive(Debug, Clone)]
pub enum Token<'a> {
    Start(Tag<'a>),
    /// An end tag, lower-case name.
    End(Cow<'a, str>),
    /// Character data between tags, not yet decoded.
    Text {
        text: &'a str,
        offset: usize,
    },
    /// Content of a raw-text element (`script`, `style`, ...), never markup.
    Raw {
        element: &'static str,
        text: &'a str,
        offset: usize,
    },
    /// Comment, doctype, processing instruction, CDATA section.
    Other,
}

/// Elements whose content is raw text (or RCDATA) up to their end tag.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Iterator over the tokens of an HTML (or SVG/XML) document.
pub struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    raw_until: Option<&'static str>,
}

impl<'a> Tokenizer<'a> {
    pub fn new(src: &'a str) -> Self {
        Tokenizer {
            src,
            pos: 0,
            raw_until: None,
        }
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Position of `needle` at or after `from`.
fn find(src: &str, from: usize, needle: &str) -> Option<usize> {
    src.get(from..)?.find(needle).map(|i| from + i)
}

/// Start of the end tag `</name` (any case) closing a raw-text element.
fn find_end_tag(src: &str, from: usize, name: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut at = from;
    while let Some(i) = find(src, at, "</") {
        let after = i + 2 + name.len();
        if b.get(i + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && b.get(after)
                .is_none_or(|&c| is_ws(c) || c == b'/' || c == b'>')
        {
            return Some(i);
        }
        at = i + 2;
    }
    None
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let src = self.src;
        let b = src.as_bytes();
        if let Some(element) = self.raw_until.take() {
            let start = self.pos;
            let end = find_end_tag(src, start, element).unwrap_or(b.len());
            self.pos = end;
            if end > start {
                return Some(Token::Raw {
                    element,
                    text: &src[start..end],
                    offset: start,
                });
            }
        }
        let start = self.pos;
        if start >= b.len() {
            return None;
        }
        if b[start] != b'<' {
            let end = b[start..]
                .iter()
                .position(|&c| c == b'<')
                .map_or(b.len(), |i| start + i);
            self.pos = end;
            return Some(Token::Text {
                text: &src[start..end],
                offset: start,
            });
        }
        let rest = &b[start..];
        if rest.starts_with(b"<!--") {
            // `<!-->` and `<!--->` are complete (empty) comments.
            self.pos = if rest[4..].starts_with(b">") {
                start + 5
            } else if rest[4..].starts_with(b"->") {
                start + 6
            } else {
                find(src, start + 4, "-->").map_or(b.len(), |i| i + 3)
            };
            return Some(Token::Other);
        }
        if rest.starts_with(b"<![CDATA[") {
            self.pos = find(src, start + 9, "]]>").map_or(b.len(), |i| i + 3);
            return Some(Token::Other);
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            self.pos = find(src, start + 2, ">").map_or(b.len(), |i| i + 1);
            return Some(Token::Other);
        }
        if rest.starts_with(b"</") {
            if rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
                let name_end = (start + 2..b.len())
                    .find(|&i| is_ws(b[i]) || b[i] == b'/' || b[i] == b'>')
                    .unwrap_or(b.len());
                let name = lower(&src[start + 2..name_end]);
                // Attributes on end tags are tokenized (a quoted `>` does not end the tag) and dropped.
                let (_, _, end) = self.attributes(name_end);
                self.pos = end;
                return Some(Token::End(name));
            }
            // `</>` is dropped; `</3` is a bogus comment.
            self.pos = find(src, start + 2, ">").map_or(b.len(), |i| i + 1);
            return Some(Token::Other);
        }
        if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            let name_end = (start + 1..b.len())
                .find(|&i| is_ws(b[i]) || b[i] == b'/' || b[i] == b'>')
                .unwrap_or(b.len());
            let name = lower(&src[start + 1..name_end]);
            let (attrs, self_closing, end) = self.attributes(name_end);
            self.pos = end;
            if !self_closing {
                self.raw_until = RAW_TEXT.iter().find(|r| **r == name).copied();
            }
            return Some(Token::Start(Tag {
                name,
                attrs,
                offset: start,
                self_closing,
            }));
        }
        // A `<` that opens nothing is text.
        let end = b[start + 1..]
            .iter()
            .position(|&c| c == b'<')
            .map_or(b.len(), |i| start + 1 + i);
        self.pos = end;
        Some(Token::Text {
            text: &src[start..end],
            offset: start,
        })
    }
}

impl<'a> Tokenizer<'a> {
    /// Attributes from `pos` to the end of the tag: (attributes, self-closing, position after `>`).
    fn attributes(&self, mut pos: usize) -> (Vec<Attr<'a>>, bool, usize) {
        let src = self.src;
        let b = src.as_bytes();
        let mut attrs: Vec<Attr<'a>> = Vec::new();
        loop {
            while pos < b.len() && is_ws(b[pos]) {
                pos += 1;
            }
            match b.get(pos) {
                None => return (attrs, false, b.len()),
                Some(b'>') => return (attrs, false, pos + 1),
                Some(b'/') => {
                    if b.get(pos + 1) == Some(&b'>') {
                        return (attrs, true, pos + 2);
                    }
                    pos += 1;
                    continue;
                }
                Some(_) => {}
            }
            // The first character of a name may be `=`.
            let name_start = pos;
            pos += 1;
            while pos < b.len() && !is_ws(b[pos]) && !matches!(b[pos], b'/' | b'>' | b'=') {
                pos += 1;
            }
            let name = lower(&src[name_start..pos]);
            let mut after = pos;
            while after < b.len() && is_ws(b[after]) {
                after += 1;
            }
            let (value, offset) = if b.get(after) == Some(&b'=') {
                pos = after + 1;
                while pos < b.len() && is_ws(b[pos]) {
                    pos += 1;
                }
                match b.get(pos) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v_start = pos + 1;
                        let v_end = b[v_start..]
                            .iter()
                            .position(|&c| c == q)
                            .map_or(b.len(), |i| v_start + i);
                        pos = (v_end + 1).min(b.len());
                        (&src[v_start..v_end], v_start)
                    }
                    _ => {
                        let v_start = pos;
                        while pos < b.len() && !is_ws(b[pos]) && b[pos] != b'>' {
                            pos += 1;
                        }
                        (&src[v_start..pos], v_start)
                    }
                }
            } else {
                ("", name_start)
            };
            // The first of duplicate attributes wins.
            if !attrs.iter().any(|a| a.name == name) {
                attrs.push(Attr {
                    name,
                    value: decode(value),
                    offset,
                });
            }
        }
    }
}

/// Decodes character references (`&amp;`, `&#39;`, `&#x2F;`, common named ones).
/// Unknown references are left as written.
pub fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match reference(rest) {
            Some((c, len)) => {
                out.push_str(c.as_ref());
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character reference at the start of `s` (which starts with `&`): text and length.
fn reference(s: &str) -> Option<(Cow<'static, str>, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, digits_start) = if matches!(b.get(2), Some(b'x' | b'X')) {
            (true, 3)
        } else {
            (false, 2)
        };
        let digits_end = (digits_start..b.len())
            .find(|&i| {
                !(if hex {
                    b[i].is_ascii_hexdigit()
                } else {
                    b[i].is_ascii_digit()
                })
            })
            .unwrap_or(b.len());
        if digits_end == digits_start {
            return None;
        }
        let n = u32::from_str_radix(
            s[digits_start..digits_end].get(..8.min(digits_end - digits_start))?,
            if hex { 16 } else { 10 },
        )
        .unwrap_or(0xFFFD);
        let c = char::from_u32(n)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        let len = if b.get(digits_end) == Some(&b';') {
            digits_end + 1
        } else {
            digits_end
        };
        return Some((Cow::Owned(c.to_string()), len));
    }
    let end = (1..b.len().min(40)).find(|&i| !b[i].is_ascii_alphanumeric())?;
    if b[end] != b';' {
        return None;
    }
    let c = match &s[1..end] {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "shy" => "\u{ad}",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "middot" => "·",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "euro" => "€",
        "copy" => "©",
        "deg" => "°",
        "agrave" => "à",
        "aacute" => "á",
        "egrave" => "è",
        "eacute" => "é",
        "igrave" => "ì",
        "iacute" => "í",
        "ograve" => "ò",
        "oacute" => "ó",
        "ugrave" => "ù",
        "uacute" => "ú",
        "Agrave" => "À",
        "Egrave" => "È",
        "Eacute" => "É",
        "Igrave" => "Ì",
        "Ograve" => "Ò",
        "Ugrave" => "Ù",
        "sol" => "/",
        "num" => "#",
        "quest" => "?",
        "equals" => "=",
        "colon" => ":",
        "period" => ".",
        "lpar" => "(",
        "rpar" => ")",
        "percnt" => "%",
        _ => return None,
    };
    Some((Cow::Borrowed(c), end + 1))
}

/// Collapses runs of white space (including no-break spaces) into one space and trims.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(src: &str) -> Vec<(String, Vec<(String, String)>)> {
        Tokenizer::new(src)
            .filter_map(|t| match t {
                Token::Start(t) => Some((
                    t.name.into_owned(),
                    t.attrs
                        .into_iter()
                        .map(|a| (a.name.into_owned(), a.value.into_owned()))
                        .collect(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn attributes_in_every_form() {
        let got = starts(r#"<A HREF="x.html?a=1&amp;b=2" data-x='y>z' hidden src=img.png/>"#);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "a");
        assert_eq!(
            got[0].1,
            [
                ("href".into(), "x.html?a=1&b=2".into()),
                ("data-x".into(), "y>z".into()),
                ("hidden".into(), String::new()),
                ("src".into(), "img.png/".into())
            ]
        );
    }

    #[test]
    fn comments_and_raw_text_are_not_markup() {
        let src = "<!-- <a href=\"no1\"> --><script>var s = '<a href=\"no2\">'; if (a < b) {}</script><style>a{}</style><title><a href=no3></title><a href=\"yes\">";
        let got: Vec<String> = starts(src)
            .into_iter()
            .map(|(n, a)| format!("{n}{a:?}"))
            .collect();
        assert_eq!(
            got,
            ["script[]", "style[]", "title[]", "a[(\"href\", \"yes\")]"]
        );
        let raw: Vec<&str> = Tokenizer::new(src)
            .filter_map(|t| {
                if let Token::Raw { text, .. } = t {
                    Some(text)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(
            raw,
            [
                "var s = '<a href=\"no2\">'; if (a < b) {}",
                "a{}",
                "<a href=no3>"
            ]
        );
    }

    #[test]
    fn offsets_point_at_values() {
        let src = "<p>x</p>\n<img alt=\"\" src=\"a.png\">";
        let tag = Tokenizer::new(src)
            .find_map(|t| {
                if let Token::Start(t) = t {
                    (t.name == "img").then_some(t)
                } else {
                    None
                }
            })
            .unwrap();
        assert_eq!(&src[tag.attr("src").unwrap().offset..][..5], "a.png");
    }

    #[test]
    fn references() {
        assert_eq!(
            decode("a&amp;b&#39;c&#x2F;d&eacute;&unknown;&"),
            "a&b'c/dé&unknown;&"
        );
        assert_eq!(
            collapse_ws("  Piano\u{a0}della\n  Performance "),
            "Piano della Performance"
        );
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for src in [
            "<a href=\"x",
            "<!-- x",
            "<script>x",
            "<",
            "</",
            "<a",
            "<a b=",
            "&#",
            "&#x;",
            "<![CDATA[",
            "</a",
        ] {
            let _ = Tokenizer::new(src).count();
            let _ = decode(src);
        }
    }
}
