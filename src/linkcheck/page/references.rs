//! The references of a page, by element and attribute (`<a href>`, `<img src srcset>`,
//! `<link rel>`, `<meta http-equiv="refresh">`, inline style sheets...), the text of its
//! links, and the robots and cookie directives of its `<meta>` elements.

use super::super::css;
use super::super::html::{Tag, collapse_ws};
use super::{
    HINT_COOKIE, HINT_INDEX, Kind, PageScan, Problem, Ref, State, blocks_indexing, cookie_uses,
};

impl PageScan {
    pub(super) fn finish_link(&mut self, st: &mut State) {
        if let Some((text, offset)) = st.link.take() {
            self.link_texts.push((collapse_ws(&text), offset));
        }
    }

    pub(super) fn push(&mut self, url: &str, offset: usize, kind: Kind) {
        self.refs.push(Ref {
            url: url.to_owned(),
            offset,
            kind,
        });
    }

    pub(super) fn css(&mut self, css_text: &str, offset_of: impl Fn(usize) -> usize) {
        for u in css::urls(css_text) {
            self.refs.push(Ref {
                url: u.url,
                offset: offset_of(u.offset),
                kind: Kind::Resource("risorsa CSS"),
            });
        }
    }

    /// A start tag, for its references and link text.
    pub(super) fn references(&mut self, tag: &Tag, st: &mut State) {
        let name = tag.name.as_ref();
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
}
