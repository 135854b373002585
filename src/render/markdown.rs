//! Markdown to safe HTML: pulldown-cmark renders, ammonia removes anything that
//! could run script or load from elsewhere (script, iframe, style, event handlers,
//! `javascript:` and `data:` URLs, remote images).

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .rm_tags(["img"])
            .link_rel(Some("noopener noreferrer"));
        b
    })
}

/// Renders Markdown as sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let parser = Parser::new_ext(markdown, options);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    cleaner().clean(&out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_and_lists() {
        let html = to_html("Azione 1:\n\n- prima\n- **seconda**");
        assert!(html.contains("<li><strong>seconda</strong></li>"));
    }

    #[test]
    fn removes_everything_that_runs() {
        let hostile = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n\
<iframe src=\"https://evil.example\"></iframe><style>body{}</style>\n\n<a href=\"data:text/html,hi\">d</a>\n\n\
<svg><script>alert(1)</script></svg><p onclick=\"alert(1)\">p</p>";
        let html = to_html(hostile).to_lowercase();
        for bad in [
            "<script",
            "javascript:",
            "onerror",
            "<iframe",
            "<style",
            "data:",
            "onclick",
            "<svg",
            "<img",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
    }
}
