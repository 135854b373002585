//! Markdown written straight to the HTML that sanitising would produce, for the Markdown
//! that needs no sanitising: paragraphs, headings, quotes, lists, emphasis, inline code,
//! rules and links whose address sanitising keeps. Anything else (raw HTML, images,
//! tables, code blocks, an address that would be dropped) returns `None` and goes
//! through pulldown-cmark's writer and ammonia.
//!
//! Why: parsing the written HTML again to sanitise it was half the cost of the Markdown
//! and about 5% of a build at 10,000 objectives, for texts made of words and lists. The
//! output is the sanitiser's byte for byte (a property test compares the two on random
//! Markdown): its serialisation (`<br>`, quotes unescaped in text, `&nbsp;`) and the
//! `rel` it adds to links.

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

/// The HTML of the events, or `None` where sanitising could change something.
pub fn write(events: Parser<'_>) -> Option<String> {
    let mut w = Writer {
        out: String::new(),
        end_newline: true,
        in_link: false,
    };
    for event in events {
        w.event(event)?;
    }
    Some(w.out)
}

struct Writer {
    out: String,
    /// Whether the output ends with a newline, as pulldown-cmark's writer tracks it.
    end_newline: bool,
    /// Inside a link: a link in a link (an autolink in a link's text) is closed early
    /// by the sanitiser's parser, so it is left to the sanitiser.
    in_link: bool,
}

impl Writer {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        if !s.is_empty() {
            self.end_newline = s.ends_with('\n');
        }
    }

    /// Opens a block on a new line.
    fn block(&mut self, s: &str) {
        if !self.end_newline {
            self.write("\n");
        }
        self.write(s);
    }

    fn event(&mut self, event: Event<'_>) -> Option<()> {
        match event {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(tag)?,
            Event::Text(text) => {
                self.text(&text)?;
                self.end_newline = text.ends_with('\n');
            }
            Event::Code(text) => {
                self.write("<code>");
                self.text(&text)?;
                self.write("</code>");
            }
            Event::SoftBreak => self.write("\n"),
            Event::HardBreak => self.write("<br>\n"),
            Event::Rule => self.block("<hr>\n"),
            _ => return None,
        }
        Some(())
    }

    fn start(&mut self, tag: Tag<'_>) -> Option<()> {
        match tag {
            Tag::Paragraph => self.block("<p>"),
            Tag::Heading {
                level,
                id: None,
                classes,
                attrs,
            } if classes.is_empty() && attrs.is_empty() => {
                self.block(&format!("<{level}>"));
            }
            Tag::BlockQuote(None) => self.block("<blockquote>\n"),
            Tag::List(Some(1)) => self.block("<ol>\n"),
            Tag::List(Some(start)) => self.block(&format!("<ol start=\"{start}\">\n")),
            Tag::List(None) => self.block("<ul>\n"),
            Tag::Item => self.block("<li>"),
            Tag::Emphasis => self.write("<em>"),
            Tag::Strong => self.write("<strong>"),
            Tag::Strikethrough => self.write("<del>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id: _,
            } if !self.in_link => self.link(link_type, &dest_url, &title)?,
            _ => return None,
        }
        Some(())
    }

    fn end(&mut self, tag: TagEnd) -> Option<()> {
        match tag {
            TagEnd::Paragraph => self.write("</p>\n"),
            TagEnd::Heading(level) => self.write(&format!("</{level}>\n")),
            TagEnd::BlockQuote(None) => self.write("</blockquote>\n"),
            TagEnd::List(true) => self.write("</ol>\n"),
            TagEnd::List(false) => self.write("</ul>\n"),
            TagEnd::Item => self.write("</li>\n"),
            TagEnd::Emphasis => self.write("</em>"),
            TagEnd::Strong => self.write("</strong>"),
            TagEnd::Strikethrough => self.write("</del>"),
            TagEnd::Link => {
                self.write("</a>");
                self.in_link = false;
            }
            _ => return None,
        }
        Some(())
    }

    /// `<a href=".." title=".." rel="..">`, if the sanitiser would keep the address.
    fn link(&mut self, link_type: LinkType, dest: &CowStr<'_>, title: &str) -> Option<()> {
        // pulldown-cmark's address escaping (percent-encoding, `&amp;`, `&#x27;`), read
        // back as the sanitiser's parser reads it: the quote becomes itself again.
        let mut href = String::new();
        if link_type == LinkType::Email {
            href.push_str("mailto:");
        }
        pulldown_cmark_escape::escape_href(&mut href, dest).ok()?;
        let href = href.replace("&#x27;", "'");
        if !kept_by_sanitiser(&href.replace("&amp;", "&")) {
            return None;
        }
        self.write("<a href=\"");
        self.write(&href);
        if !title.is_empty() {
            self.write("\" title=\"");
            self.attribute(title)?;
        }
        self.write("\" rel=\"");
        self.write(super::LINK_REL);
        self.write("\">");
        self.in_link = true;
        Some(())
    }

    /// Element text as the sanitiser's serialiser escapes it.
    fn text(&mut self, s: &str) -> Option<()> {
        self.escaped(s, false)
    }

    /// A double-quoted attribute value as the sanitiser's serialiser escapes it.
    fn attribute(&mut self, s: &str) -> Option<()> {
        self.escaped(s, true)
    }

    /// Not `crate::render::escape`, the templates' escape: html5ever's serialiser, whose
    /// output this must equal, leaves quotes alone in text and `<`, `>` in attributes,
    /// and writes the no-break space as `&nbsp;`.
    fn escaped(&mut self, s: &str, attribute: bool) -> Option<()> {
        // The sanitiser's parser turns carriage returns into line feeds and drops NUL:
        // not reproduced.
        if s.bytes().any(|b| b == b'\r' || b == 0) {
            return None;
        }
        if !attribute && !s.contains('\u{a0}') {
            // the three characters pulldown-cmark's body-text escape also changes, with its
            // table scan: in the profile of a build, 1.8% of the CPU for the loop below, 0.6% so
            return pulldown_cmark_escape::escape_html_body_text(&mut self.out, s).ok();
        }
        for c in s.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '\u{a0}' => self.out.push_str("&nbsp;"),
                '"' if attribute => self.out.push_str("&quot;"),
                '<' if !attribute => self.out.push_str("&lt;"),
                '>' if !attribute => self.out.push_str("&gt;"),
                c => self.out.push(c),
            }
        }
        Some(())
    }
}

/// Whether ammonia keeps a link address under the rules of `super::cleaner`: an absolute
/// URL of an allowed scheme, or a relative one.
fn kept_by_sanitiser(href: &str) -> bool {
    match url::Url::parse(href) {
        Ok(url) => super::URL_SCHEMES.contains(&url.scheme()),
        Err(e) => e == url::ParseError::RelativeUrlWithoutBase,
    }
}
