//! The URLs a style sheet loads: `url(...)` (quoted or not) and `@import "..."`,
//! skipping comments and ordinary strings.

/// One URL referenced by CSS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CssUrl {
    /// The URL with CSS escapes resolved.
    pub url: String,
    /// Byte offset of the URL text in the style sheet.
    pub offset: usize,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80
}

/// End (exclusive, after the closing quote) of the string starting at `start` (a quote).
fn string_end(b: &[u8], start: usize) -> usize {
    let q = b[start];
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == q => return i + 1,
            b'\n' => return i, // unterminated string ends at the line end
            _ => i += 1,
        }
    }
    b.len()
}

/// Resolves CSS escapes (`\"`, `\28`, `\000028 `).
fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.push(chars.next().unwrap_or('0'));
        }
        if hex.is_empty() {
            match chars.next() {
                Some('\n') | None => {}
                Some(other) => out.push(other),
            }
        } else {
            out.push(
                u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .filter(|&c| c != '\0')
                    .unwrap_or('\u{FFFD}'),
            );
            if chars.peek().is_some_and(char::is_ascii_whitespace) {
                chars.next();
            }
        }
    }
    out
}

/// Every URL the style sheet refers to, in order.
pub fn urls(css: &str) -> Vec<CssUrl> {
    let b = css.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = css[i + 2..].find("*/").map_or(b.len(), |j| i + 2 + j + 2);
            }
            b'"' | b'\'' => i = string_end(b, i),
            b'\\' => i += 2,
            b'@' if b
                .get(i + 1..i + 7)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"import"))
                && b.get(i + 7).is_none_or(|&c| !is_ident(c)) =>
            {
                let mut j = i + 7;
                while j < b.len() && is_ws(b[j]) {
                    j += 1;
                }
                if matches!(b.get(j), Some(b'"' | b'\'')) {
                    let end = string_end(b, j);
                    let inner_end = if end > j + 1 && b[end - 1] == b[j] {
                        end - 1
                    } else {
                        end
                    };
                    out.push(CssUrl {
                        url: unescape(&css[j + 1..inner_end]),
                        offset: j + 1,
                    });
                    i = end;
                } else {
                    i = j; // `@import url(...)` is found by the url( branch
                }
            }
            b'u' | b'U'
                if b.get(i..i + 4)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"url("))
                    && (i == 0 || !is_ident(b[i - 1])) =>
            {
                let mut j = i + 4;
                while j < b.len() && is_ws(b[j]) {
                    j += 1;
                }
                if matches!(b.get(j), Some(b'"' | b'\'')) {
                    let end = string_end(b, j);
                    let inner_end = if end > j + 1 && b[end - 1] == b[j] {
                        end - 1
                    } else {
                        end
                    };
                    out.push(CssUrl {
                        url: unescape(&css[j + 1..inner_end]),
                        offset: j + 1,
                    });
                    i = css[end..].find(')').map_or(b.len(), |k| end + k + 1);
                } else {
                    let start = j;
                    while j < b.len() && b[j] != b')' {
                        j += if b[j] == b'\\' { 2 } else { 1 };
                    }
                    let j = j.min(b.len());
                    out.push(CssUrl {
                        url: unescape(css[start..j].trim_end()),
                        offset: start,
                    });
                    i = j + 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(css: &str) -> Vec<String> {
        urls(css).into_iter().map(|u| u.url).collect()
    }

    #[test]
    fn finds_urls_and_imports() {
        let css = r#"@import "base.css"; @import url('print.css') print;
            /* url(commented.png) */ a { content: "url(string.png)"; background: URL( img/a\ b.png ) }
            @font-face { src: url("../fonts/x.woff2") format("woff2"), url(data:font/woff;base64,AAA=) }
            .x { --my-url(y): 1; mask: url(sprites.svg#icon) }"#;
        assert_eq!(
            list(css),
            [
                "base.css",
                "print.css",
                "img/a b.png",
                "../fonts/x.woff2",
                "data:font/woff;base64,AAA=",
                "sprites.svg#icon"
            ]
        );
        let first = &urls(css)[0];
        assert_eq!(&css[first.offset..][..8], "base.css");
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for css in [
            "url(",
            "url(\"x",
            "@import",
            "@import '",
            "/* x",
            "\\",
            "a{b:\"x",
        ] {
            let _ = urls(css);
        }
    }
}
