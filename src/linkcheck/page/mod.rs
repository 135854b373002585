//! Everything the checker needs from one HTML page, in one pass over its tokens:
//! references with their kind, anchors, link texts, the metadata block, and the
//! hygiene problems visible in the markup itself.
//!
//! - `mod.rs`: [`scan`], the pass over the tokens, and what it finds ([`PageScan`]);
//! - `references.rs`: references by element and attribute, link texts, `<meta>`;
//! - `metadata.rs`: the metadata block (dates and responsible office).

mod metadata;
mod references;

use std::collections::HashSet;

use super::html::{Tag, Token, Tokenizer, decode};
pub use metadata::is_iso_date;
use metadata::{Capture, Item};

/// How a reference is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Followed by people: `<a href>`, `<area>`, `<form action>`, `<link rel=canonical>`...
    Link,
    /// Loaded by the browser with the page; the name says what it is, in Italian.
    Resource(&'static str),
}

/// One reference in the page.
#[derive(Debug, Clone)]
pub struct Ref {
    /// As written, character references decoded.
    pub url: String,
    /// Byte offset in the page.
    pub offset: usize,
    pub kind: Kind,
}

/// A problem found in the markup alone.
#[derive(Debug, Clone)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub hint: &'static str,
}

/// What one page contains.
#[derive(Debug, Default)]
pub struct PageScan {
    pub refs: Vec<Ref>,
    /// `id` values and `<a name>` values: the page's fragment targets.
    pub ids: HashSet<String>,
    /// `<link rel="canonical" href>`.
    pub canonical: Option<String>,
    /// `<base href>` and its offset.
    pub base_href: Option<(String, usize)>,
    /// Text of every `<a href>` (white space collapsed) and the offset of the `<a`.
    pub link_texts: Vec<(String, usize)>,
    pub problems: Vec<Problem>,
    /// Publication date (ISO) shown in the metadata block.
    pub published: Option<String>,
    /// Update date (ISO) shown in the metadata block.
    pub updated: Option<String>,
    /// Responsible office shown in the metadata block.
    pub office: Option<String>,
}

pub(crate) const HINT_INDEX: &str = "togliere noindex (e none): l'art. 9, c. 1, d.lgs. 33/2013 vieta filtri che impediscono ai motori di ricerca di indicizzare la sezione «Amministrazione trasparente»";
const HINT_COOKIE: &str = "la sezione non deve impostare cookie: togliere lo script o il meta; senza cookie non servono banner né consenso";
#[derive(Default)]
struct State {
    /// Text of the `<dt>` being read.
    dt: Option<String>,
    /// The last term read.
    last_term: Option<Item>,
    dd: Option<Capture>,
    hook: Option<Capture>,
    /// The `<a href>` being read: text and offset.
    link: Option<(String, usize)>,
}

fn is_js(tag: &Tag) -> bool {
    match tag.value("type").map(|t| t.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => {
            t.is_empty()
                || t == "module"
                || t.contains("javascript")
                || t.contains("ecmascript")
                || t.contains("jscript")
        }
    }
}

/// Offsets of every mention of `document.cookie` (or the Cookie Store API) in script text.
pub fn cookie_uses(js: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for needle in ["document.cookie", "cookieStore."] {
        out.extend(js.match_indices(needle).map(|(i, _)| i));
    }
    out.sort_unstable();
    out
}

/// Robots directives that keep a page out of search engines.
pub fn blocks_indexing(content: &str) -> bool {
    content
        .split([',', ' ', ';'])
        .map(|d| d.trim().to_ascii_lowercase())
        .any(|d| d == "noindex" || d == "none")
}

impl PageScan {
    fn start(&mut self, tag: &Tag, st: &mut State) {
        for a in &tag.attrs {
            match a.name.as_ref() {
                "id" if !a.value.is_empty() => {
                    self.ids.insert(a.value.to_string());
                }
                "style" => self.css(&a.value, |i| a.offset_of(i)),
                n if n.starts_with("on") && n.len() > 2 => {
                    for i in cookie_uses(&a.value) {
                        self.problems.push(Problem { offset: a.offset_of(i), message: format!("la pagina imposta o legge cookie: document.cookie nell'attributo {n}"), hint: HINT_COOKIE });
                    }
                }
                _ => {}
            }
        }
        self.metadata_start(tag, st);
        self.references(tag, st);
    }

    fn end(&mut self, name: &str, st: &mut State) {
        if name == "a" {
            self.finish_link(st);
        }
        self.metadata_end(name, st);
    }

    fn text(&mut self, text: &str, st: &mut State) {
        let decoded = decode(text);
        for buf in [
            st.dt.as_mut(),
            st.dd.as_mut().map(|c| &mut c.text),
            st.hook.as_mut().map(|c| &mut c.text),
            st.link.as_mut().map(|l| &mut l.0),
        ]
        .into_iter()
        .flatten()
        {
            buf.push_str(&decoded);
        }
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Reads a whole page.
pub fn scan(src: &str) -> PageScan {
    let mut scan = PageScan::default();
    let mut st = State::default();
    let mut script_is_js = true;
    for token in Tokenizer::new(src) {
        match token {
            Token::Start(tag) => {
                if tag.name == "script" {
                    script_is_js = is_js(&tag);
                }
                scan.start(&tag, &mut st);
            }
            Token::End(name) => scan.end(&name, &mut st),
            Token::Text { text, .. } => scan.text(text, &mut st),
            Token::Raw {
                element: "script",
                text,
                offset,
            } => {
                if script_is_js {
                    for i in cookie_uses(text) {
                        scan.problems.push(Problem {
                            offset: offset + i,
                            message:
                                "la pagina imposta o legge cookie: document.cookie in uno script"
                                    .into(),
                            hint: HINT_COOKIE,
                        });
                    }
                }
            }
            Token::Raw {
                element: "style",
                text,
                offset,
            } => scan.css(text, |i| offset + i),
            Token::Raw {
                element: "title" | "textarea",
                text,
                ..
            } => scan.text(text, &mut st),
            Token::Raw { .. } | Token::Other => {}
        }
    }
    scan.finish_link(&mut st);
    scan.finish_dd(&mut st);
    if let Some(c) = st.hook.take() {
        scan.store(c);
    }
    scan
}

/// The `id` values of an SVG (or any XML) file, for `sprites.svg#icon` references.
pub fn svg_ids(src: &str) -> HashSet<String> {
    Tokenizer::new(src)
        .filter_map(|t| match t {
            Token::Start(tag) => tag.value("id").filter(|v| !v.is_empty()).map(str::to_owned),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_link_texts() {
        let s = scan(
            r#"<base href="x/"><a href="a.html">Piano <span>della</span>&nbsp;Performance</a><img src="i.png" srcset="i-1.png 1x, i,2.png 2x"><div style="background:url('bg.png')"></div><a name="old"></a><meta http-equiv="refresh" content="0; URL='dopo.html'">"#,
        );
        let urls: Vec<&str> = s.refs.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "a.html",
                "i.png",
                "i-1.png",
                "i,2.png",
                "bg.png",
                "dopo.html"
            ]
        );
        assert_eq!(s.link_texts[0].0, "Piano della Performance");
        assert!(s.ids.contains("old"));
        assert_eq!(s.base_href.as_ref().map(|b| b.0.as_str()), Some("x/"));
    }

    #[test]
    fn hygiene_in_markup() {
        let s = scan(
            r#"<meta name="robots" content="NOINDEX, follow"><meta name="googlebot" content="index"><script type="application/ld+json">{"a":"document.cookie"}</script><script>document.cookie="a=1"</script><button onclick="document.cookie='b'">x</button>"#,
        );
        let msgs: Vec<&str> = s.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].contains("NOINDEX"));
        assert!(
            is_iso_date("2022-07-29")
                && is_iso_date("2022-07-29T10:00")
                && !is_iso_date("29/07/2022")
                && !is_iso_date("2022-00-10")
        );
    }
}
