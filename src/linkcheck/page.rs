//! Everything the checker needs from one HTML page, in one pass over its tokens:
//! references with their kind, anchors, link texts, the metadata block, and the
//! hygiene problems visible in the markup itself.

use std::collections::HashSet;

use super::css;
use super::html::{Tag, Token, Tokenizer, collapse_ws, decode};

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

const HINT_INDEX: &str = "togliere noindex (e none): l'art. 9, c. 1, d.lgs. 33/2013 vieta filtri che impediscono ai motori di ricerca di indicizzare la sezione «Amministrazione trasparente»";
const HINT_COOKIE: &str = "la sezione non deve impostare cookie: togliere lo script o il meta; senza cookie non servono banner né consenso";

/// Which metadata item a `<dt>` term, or a `data-metadato` value, names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Published,
    Updated,
    Office,
    Other,
}

fn term(text: &str) -> Item {
    let t = collapse_ws(text).to_lowercase();
    if t.starts_with("pubblicat") || t.contains("data di pubblicazione") {
        Item::Published
    } else if t.starts_with("ultimo aggiornamento")
        || t.starts_with("aggiornat")
        || t.contains("data di aggiornamento")
        || t.contains("data dell'ultimo aggiornamento")
    {
        Item::Updated
    } else if t.starts_with("ufficio responsabile") || t.starts_with("struttura responsabile") {
        Item::Office
    } else {
        Item::Other
    }
}

fn hook(value: &str) -> Item {
    match value.trim().to_ascii_lowercase().as_str() {
        "pubblicazione" => Item::Published,
        "aggiornamento" => Item::Updated,
        "ufficio" => Item::Office,
        _ => Item::Other,
    }
}

/// `AAAA-MM-GG`, optionally followed by a time.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.trim().as_bytes();
    if b.len() < 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !b[..4]
            .iter()
            .chain(&b[5..7])
            .chain(&b[8..10])
            .all(u8::is_ascii_digit)
    {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' ')
}

/// A metadata value being read: a `<dd>` after a known term, or a `data-metadato` element.
struct Capture {
    item: Item,
    text: String,
    datetime: Option<String>,
    /// For `data-metadato`: the element name and nesting depth of same-named elements.
    element: Option<(String, usize)>,
}

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
    fn finish_dd(&mut self, st: &mut State) {
        if let Some(c) = st.dd.take() {
            self.store(c);
        }
    }

    fn store(&mut self, c: Capture) {
        match c.item {
            Item::Published if self.published.is_none() => {
                self.published = c.datetime.filter(|d| is_iso_date(d))
            }
            Item::Updated if self.updated.is_none() => {
                self.updated = c.datetime.filter(|d| is_iso_date(d))
            }
            Item::Office if self.office.is_none() => {
                let t = collapse_ws(&c.text);
                self.office = (!t.is_empty()).then_some(t);
            }
            _ => {}
        }
    }

    fn finish_link(&mut self, st: &mut State) {
        if let Some((text, offset)) = st.link.take() {
            self.link_texts.push((collapse_ws(&text), offset));
        }
    }

    fn push(&mut self, url: &str, offset: usize, kind: Kind) {
        self.refs.push(Ref {
            url: url.to_owned(),
            offset,
            kind,
        });
    }

    fn css(&mut self, css_text: &str, offset_of: impl Fn(usize) -> usize) {
        for u in css::urls(css_text) {
            self.refs.push(Ref {
                url: u.url,
                offset: offset_of(u.offset),
                kind: Kind::Resource("risorsa CSS"),
            });
        }
    }

    fn start(&mut self, tag: &Tag, st: &mut State) {
        let name = tag.name.as_ref();
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
        // Metadata: <dl><dt>term</dt><dd>value</dd></dl>, or elements marked data-metadato.
        match name {
            "dt" => {
                self.finish_dd(st);
                st.dt = Some(String::new());
            }
            "dd" => {
                if let Some(t) = st.dt.take() {
                    st.last_term = Some(term(&t));
                }
                self.finish_dd(st);
                if let Some(item) = st.last_term {
                    st.dd = Some(Capture {
                        item,
                        text: String::new(),
                        datetime: None,
                        element: None,
                    });
                }
            }
            _ => {}
        }
        if name == "time"
            && let Some(dt) = tag.value("datetime")
        {
            for c in [st.dd.as_mut(), st.hook.as_mut()].into_iter().flatten() {
                c.datetime.get_or_insert_with(|| dt.trim().to_owned());
            }
        }
        if let Some(h) = st.hook.as_mut()
            && let Some((el, depth)) = h.element.as_mut()
            && el == name
            && !tag.self_closing
        {
            *depth += 1;
        } else if st.hook.is_none()
            && let Some(v) = tag.value("data-metadato")
        {
            let mut c = Capture {
                item: hook(v),
                text: String::new(),
                datetime: None,
                element: Some((name.to_owned(), 0)),
            };
            if name == "time" {
                c.datetime = tag.value("datetime").map(|d| d.trim().to_owned());
            }
            if tag.self_closing || is_void(name) {
                self.store(c);
            } else {
                st.hook = Some(c);
            }
        }

        if name == "a" {
            self.finish_link(st);
        }
        if let Some(a) = tag.attr("name").filter(|_| name == "a")
            && !a.value.is_empty()
        {
            self.ids.insert(a.value.to_string());
        }
        let res = |what: &'static str| Kind::Resource(what);
        let attr = |scan: &mut PageScan, attr: &str, kind: Kind| {
            if let Some(a) = tag.attr(attr) {
                scan.push(&a.value, a.offset, kind);
            }
        };
        match name {
            "a" | "area" => {
                if let Some(a) = tag.attr("href") {
                    self.push(&a.value, a.offset, Kind::Link);
                    if name == "a" {
                        st.link = Some((String::new(), tag.offset));
                    }
                    if a.value
                        .trim_start()
                        .get(..11)
                        .is_some_and(|s| s.eq_ignore_ascii_case("javascript:"))
                    {
                        for i in cookie_uses(&a.value) {
                            self.problems.push(Problem { offset: a.offset_of(i), message: "la pagina imposta o legge cookie: document.cookie in un link javascript:".into(), hint: HINT_COOKIE });
                        }
                    }
                }
            }
            "link" => {
                let rel = tag.value("rel").unwrap_or("").to_ascii_lowercase();
                let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
                let loads = [
                    "stylesheet",
                    "icon",
                    "apple-touch-icon",
                    "apple-touch-icon-precomposed",
                    "mask-icon",
                    "manifest",
                    "preload",
                    "prefetch",
                    "modulepreload",
                    "preconnect",
                    "dns-prefetch",
                    "prerender",
                ];
                let kind = if rels.contains(&"stylesheet") {
                    res("foglio di stile")
                } else if rels.iter().any(|r| r.contains("icon")) {
                    res("icona")
                } else if let Some(r) = rels.iter().find(|r| loads.contains(r)) {
                    Kind::Resource(match *r {
                        "manifest" => "manifest",
                        "preconnect" | "dns-prefetch" => "connessione anticipata (preconnect)",
                        _ => "risorsa precaricata",
                    })
                } else {
                    Kind::Link
                };
                if rels.contains(&"canonical")
                    && let Some(h) = tag.value("href")
                {
                    self.canonical.get_or_insert_with(|| h.trim().to_owned());
                }
                attr(self, "href", kind);
            }
            "script" => {
                attr(self, "src", res("script"));
            }
            "img" => {
                attr(self, "src", res("immagine"));
                self.srcset(tag, res("immagine"));
            }
            "source" => {
                attr(self, "src", res("sorgente multimediale"));
                self.srcset(tag, res("immagine"));
            }
            "input" => {
                attr(self, "src", res("immagine"));
                attr(self, "formaction", Kind::Link);
            }
            "button" => attr(self, "formaction", Kind::Link),
            "form" => attr(self, "action", Kind::Link),
            "iframe" | "frame" => attr(self, "src", res("iframe")),
            "embed" => attr(self, "src", res("oggetto incorporato")),
            "object" => attr(self, "data", res("oggetto incorporato")),
            "video" => {
                attr(self, "src", res("video"));
                attr(self, "poster", res("immagine"));
            }
            "audio" => attr(self, "src", res("audio")),
            "track" => attr(self, "src", res("traccia di sottotitoli")),
            "use" | "image" | "feimage" => {
                let what = if name == "use" {
                    "simbolo SVG"
                } else {
                    "immagine"
                };
                if tag.attr("href").is_some() {
                    attr(self, "href", res(what));
                } else {
                    attr(self, "xlink:href", res(what));
                }
            }
            "base" => {
                if let Some(a) = tag.attr("href") {
                    self.base_href
                        .get_or_insert_with(|| (a.value.to_string(), a.offset));
                }
            }
            "meta" => self.meta(tag),
            _ => {}
        }
    }

    fn meta(&mut self, tag: &Tag) {
        let content = tag.attr("content");
        let name = tag.value("name").map(|n| n.trim().to_ascii_lowercase());
        let equiv = tag
            .value("http-equiv")
            .map(|n| n.trim().to_ascii_lowercase());
        if let Some(c) = content {
            let robots = name
                .as_deref()
                .is_some_and(|n| n == "robots" || n.ends_with("bot"))
                || equiv.as_deref() == Some("x-robots-tag");
            if robots && blocks_indexing(&c.value) {
                self.problems.push(Problem { offset: c.offset, message: format!("la pagina chiede ai motori di ricerca di non indicizzarla (meta robots «{}»)", c.value.trim()), hint: HINT_INDEX });
            }
        }
        match equiv.as_deref() {
            Some("set-cookie") => self.problems.push(Problem {
                offset: tag.offset,
                message: "la pagina imposta cookie: <meta http-equiv=\"Set-Cookie\">".into(),
                hint: HINT_COOKIE,
            }),
            Some("refresh") => {
                if let Some(c) = content {
                    // content="5; url=pagina.html"
                    let v = c.value.as_ref();
                    if let Some(sep) = v.find([';', ',']) {
                        let after = v[sep + 1..].trim_start();
                        let target = if after
                            .get(..3)
                            .is_some_and(|u| u.eq_ignore_ascii_case("url"))
                        {
                            after[3..]
                                .trim_start()
                                .strip_prefix('=')
                                .map_or(after, str::trim_start)
                        } else {
                            after
                        };
                        let target = target.trim_matches(|ch| ch == '"' || ch == '\'');
                        let at = v.len() - v[sep + 1..].trim_start().len();
                        self.push(target, c.offset_of(at), Kind::Link);
                    }
                }
            }
            _ => {}
        }
    }

    /// `srcset="a.png 1x, b.png 2x"`: each candidate URL.
    fn srcset(&mut self, tag: &Tag, kind: Kind) {
        let Some(a) = tag.attr("srcset") else { return };
        let v = a.value.as_ref();
        let b = v.as_bytes();
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                i += 1;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            if start == i {
                break;
            }
            let mut url = &v[start..i];
            if url.ends_with(',') {
                url = url.trim_end_matches(',');
            } else {
                // Skip the descriptors up to the next comma outside parentheses.
                let mut depth = 0;
                while i < b.len() {
                    match b[i] {
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        b',' if depth <= 0 => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
            self.refs.push(Ref {
                url: url.to_owned(),
                offset: a.offset_of(start),
                kind,
            });
        }
    }

    fn end(&mut self, name: &str, st: &mut State) {
        match name {
            "dt" => {
                if let Some(t) = st.dt.take() {
                    st.last_term = Some(term(&t));
                }
            }
            "dd" => self.finish_dd(st),
            "dl" => {
                self.finish_dd(st);
                st.dt = None;
                st.last_term = None;
            }
            "a" => self.finish_link(st),
            _ => {}
        }
        if let Some(h) = st.hook.as_mut()
            && let Some((el, depth)) = h.element.as_mut()
            && el == name
        {
            if *depth == 0 {
                if let Some(c) = st.hook.take() {
                    self.store(c);
                }
            } else {
                *depth -= 1;
            }
        }
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
    fn reads_metadata_block() {
        let s = scan(
            r#"<dl><div><dt>Pubblicato il</dt><dd><time datetime="2022-01-31">31 gennaio 2022</time></dd></div>
            <div><dt>Ultimo aggiornamento</dt><dd><time datetime="2022-07-29">29 luglio 2022</time></dd></div>
            <div><dt>Ufficio responsabile</dt><dd>Segreteria  Generale</dd></div></dl>"#,
        );
        assert_eq!(
            (
                s.published.as_deref(),
                s.updated.as_deref(),
                s.office.as_deref()
            ),
            (
                Some("2022-01-31"),
                Some("2022-07-29"),
                Some("Segreteria Generale")
            )
        );
    }

    #[test]
    fn reads_metadata_hooks_and_rejects_bad_dates() {
        let s = scan(
            r#"<p>Pubblicato il <time data-metadato="pubblicazione" datetime="2022-02-01">1/2</time>; <span data-metadato="ufficio"><b>Ufficio</b> X</span></p><dl><dt>Aggiornato il</dt><dd><time datetime="2022-13-01">?</time></dd></dl>"#,
        );
        assert_eq!(
            (
                s.published.as_deref(),
                s.updated.as_deref(),
                s.office.as_deref()
            ),
            (Some("2022-02-01"), None, Some("Ufficio X"))
        );
    }

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
