//! Markdown to safe HTML: pulldown-cmark renders, ammonia removes anything that
//! could run script or load from elsewhere (script, iframe, style, event handlers,
//! `javascript:` and `data:` URLs, remote images). Markdown that cannot carry any of
//! these is written directly as ammonia would write it (`direct`).

mod direct;

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};

/// The schemes a link may have; relative links are kept.
const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The `rel` of every link.
const LINK_REL: &str = "noopener noreferrer";

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(URL_SCHEMES))
            .rm_tags(["img"])
            .link_rel(Some(LINK_REL));
        b
    })
}

/// Renders Markdown as sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    if let Some(html) = direct::write(parser(markdown)) {
        return html;
    }
    sanitised(markdown)
}

/// Markdown through pulldown-cmark's writer and ammonia: the general path. It parses
/// the Markdown again after the direct path gave up, rather than keeping every event of
/// every text for the few that need it (tables, raw HTML, images, code).
fn sanitised(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser(markdown));
    cleaner().clean(&out).to_string()
}

fn parser(markdown: &str) -> Parser<'_> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    Parser::new_ext(markdown, options)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Pieces of Markdown: words, every construct the direct path writes or refuses, the
    /// characters that escaping treats apart, and line structure.
    const PIECES: &[&str] = &[
        "Obiettivo",
        "raggiunto",
        " ",
        " ",
        "\n",
        "\n\n",
        "  \n",
        "\\\n",
        "\r\n",
        "\t",
        "*",
        "**",
        "_",
        "~~",
        "`",
        "``",
        "# ",
        "## ",
        "###### ",
        "> ",
        "- ",
        "* ",
        "1. ",
        "3) ",
        "   ",
        "---",
        "***",
        "===",
        "&",
        "&amp;",
        "&copy;",
        "&#39;",
        "<",
        ">",
        "\"",
        "'",
        "\u{a0}",
        "é",
        "€",
        "\u{0}",
        "[",
        "]",
        "(",
        ")",
        "](",
        "[a](",
        "[b]: ",
        "<https://esempio.it/a?b=1&c=2>",
        "<info@esempio.it>",
        "https://esempio.it/x y",
        "../pagina/",
        "#ancora",
        "mailto:a@b.it",
        "tel:+39",
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://x",
        "http://[::1",
        "\"titolo\"",
        "![img](x.png)",
        "<b>",
        "</b>",
        "<!-- c -->",
        "<script>",
        "| a | b |\n|---|:-:|\n| 1 | 2 |",
        "```",
        "```rust\n",
        "    codice",
        "\\*",
        "\\",
        "%20",
        "ö",
        "\u{1}",
        "\u{b}",
        "\u{c}",
        "\u{7f}",
        "\u{85}",
        "\u{fffd}",
        "\u{ffff}",
        "\u{1f600}",
        "\u{200b}",
    ];

    fn markdown() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, failure_persistence: None, ..ProptestConfig::default() })]

        /// Where the direct path writes a text, it writes what the sanitiser would.
        #[test]
        fn the_direct_path_writes_what_sanitising_writes(md in markdown()) {
            if let Some(direct) = direct::write(parser(&md)) {
                prop_assert_eq!(direct, sanitised(&md));
            }
        }
    }

    /// The project's own documentation, section by section: real Italian prose with
    /// accents, lists, links, tables and code, where the two paths must agree.
    #[test]
    fn the_direct_path_agrees_on_the_documentation() {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        let (mut direct_sections, mut all) = (0, 0);
        for entry in std::fs::read_dir(docs).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for section in text.split("\n#") {
                all += 1;
                if let Some(direct) = direct::write(parser(section)) {
                    direct_sections += 1;
                    assert_eq!(direct, sanitised(section), "{}: {section}", path.display());
                }
            }
        }
        assert!(
            direct_sections * 3 > all,
            "{direct_sections} of {all} sections written directly"
        );
    }

    #[test]
    fn plain_texts_take_the_direct_path_and_html_does_not() {
        for md in [
            "Azioni previste:\n\n- prima\n- **seconda**, vedi [la pagina](../altro/ \"Altro\")\n\n> citazione & \"nota\"",
            "# Titolo\n\n1. uno\n2. `due`\n\n---\n\nriga  \nsuccessiva ~~no~~ <https://esempio.it/?a=1&b=2>",
        ] {
            let direct = direct::write(parser(md));
            assert_eq!(direct.as_deref(), Some(sanitised(md).as_str()), "{md}");
        }
        for md in [
            "a <b>b</b>",
            "![x](y.png)",
            "[x](javascript:alert(1))",
            "| a |\n|---|\n| 1 |",
            "```\nx\n```",
        ] {
            assert_eq!(direct::write(parser(md)), None, "{md}");
        }
    }

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
