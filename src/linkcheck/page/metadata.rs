//! The page's metadata block: publication date, update date and responsible office,
//! read from `<dt>`/`<dd>` pairs or from elements marked `data-metadato`.

use super::super::html::{Tag, collapse_ws};
use super::{PageScan, State, is_void};

/// Which metadata item a `<dt>` term, or a `data-metadato` value, names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
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
pub(super) struct Capture {
    item: Item,
    pub(super) text: String,
    pub(super) datetime: Option<String>,
    /// For `data-metadato`: the element name and nesting depth of same-named elements.
    element: Option<(String, usize)>,
}

impl PageScan {
    pub(super) fn finish_dd(&mut self, st: &mut State) {
        if let Some(c) = st.dd.take() {
            self.store(c);
        }
    }

    pub(super) fn store(&mut self, c: Capture) {
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

    /// A start tag, for the metadata: `<dt>`, `<dd>`, `<time datetime>`, `data-metadato`.
    pub(super) fn metadata_start(&mut self, tag: &Tag, st: &mut State) {
        let name = tag.name.as_ref();
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
    }

    /// An end tag, for the metadata.
    pub(super) fn metadata_end(&mut self, name: &str, st: &mut State) {
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
}

#[cfg(test)]
mod tests {
    use super::super::scan;

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
}
