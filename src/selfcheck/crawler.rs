//! ANAC's crawler (TrasparenzAI, by ANAC and CNR) applied to the built section: does
//! the section's home page link every node of the "Performance" sub-section the way
//! the crawler recognises it?
//!
//! The rules are those published in TrasparenzAI/rule-service,
//! `src/main/resources/application.yaml` (`anchor_regex`, `href_regex`,
//! `tag_attributes`, `search_tokens`, and the `performance` nodes of the rule trees
//! `amministrazione-trasparente` and `amministrazione-trasparente-dlgs33`), matched as
//! its `RegularExpressionAnchorService` and `LuceneSearch` do: the page's whitespace
//! collapsed, each anchor's text (as written, and without tags) and its `aria-label`,
//! `alt` and `title`, split into words at the search tokens, without regard to case;
//! a node is found when one anchor holds every word of its term.

use std::sync::LazyLock;

use regex::Regex;

use crate::linkcheck::html::decode;
use crate::linkcheck::url::{LinkTarget, SiteBase, resolve};
use crate::render::{Site, page_file};

/// `anchor_regex` as published.
pub const ANCHOR_REGEX: &str = r"<a[\s]+([^>]+)>((?<text>(.(?!\<\/a\>))*.))<\/a>";

/// `anchor_regex` for the `regex` crate, which has no look-ahead: `(.(?!</a>))*.` takes
/// at least one character and stops before the first `</a>`, which is what `.+?`
/// followed by `</a>` does. Case-insensitive, as the crawler compiles it.
const ANCHOR: &str = r"(?i)<a[\s]+([^>]+)>(?<text>.+?)</a>";

/// `href_regex` as published (it needs no change for the `regex` crate).
pub const HREF_REGEX: &str = r#"href\s*=\s*(?:["'](?<href>[^"']*)["']|([^>\s]+))"#;

/// `tag_attributes` as published: where else an anchor's words may be.
pub const TAG_ATTRIBUTES: [&str; 3] = ["aria-label", "alt", "title"];

/// `search_tokens` as published: the characters that separate words.
pub const SEARCH_TOKENS: [char; 13] = [
    ' ', '.', '/', '"', '\'', '<', '>', '’', '-', '(', ')', ':', ',',
];

/// Where the rules come from, for the report.
pub const SOURCE: &str = "TrasparenzAI/rule-service, src/main/resources/application.yaml";

/// A node of the "Performance" sub-section in the crawler's rule trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The rule's name in the tree.
    pub name: &'static str,
    /// The term an anchor must hold.
    pub term: &'static str,
    /// The rule tree: `amministrazione-trasparente` (d.lgs. 33/2013 as amended in
    /// 2016) or `amministrazione-trasparente-dlgs33` (the section before 2016).
    pub tree: &'static str,
}

/// The children of `performance` in the published rule trees: the five of the current
/// tree, and "Benessere organizzativo", only in the tree from before 2016.
pub const PERFORMANCE_RULES: [Rule; 6] = [
    Rule {
        name: "sistema-misurazione-valutazione-performance",
        term: "Sistema di misurazione e valutazione della Performance",
        tree: "amministrazione-trasparente",
    },
    Rule {
        name: "piano-performance",
        term: "Piano della Performance",
        tree: "amministrazione-trasparente",
    },
    Rule {
        name: "relazione-performance",
        term: "Relazione sulla Performance",
        tree: "amministrazione-trasparente",
    },
    Rule {
        name: "ammontare-complessivo-premi",
        term: "Ammontare complessivo dei premi",
        tree: "amministrazione-trasparente",
    },
    Rule {
        name: "dati-relativi-premi",
        term: "Dati relativi ai premi",
        tree: "amministrazione-trasparente",
    },
    Rule {
        name: "benessere-organizzativo",
        term: "Benessere organizzativo",
        tree: "amministrazione-trasparente-dlgs33",
    },
];

static ANCHOR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(ANCHOR).unwrap_or_else(|e| unreachable!("{e}")));
static HREF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("(?i){HREF_REGEX}")).unwrap_or_else(|e| unreachable!("{e}"))
});

/// An anchor as the crawler sees it: its address and one of its texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub href: String,
    pub text: String,
}

/// The anchors of a page: for each `<a>` with an `href`, its text as written, its text
/// without tags, and its `aria-label`, `alt` and `title`.
pub fn anchors(html: &str) -> Vec<Anchor> {
    let collapsed = html.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    for m in ANCHOR_RE.captures_iter(&collapsed) {
        let attributes = m.get(1).map_or("", |a| a.as_str());
        let Some(href) = HREF_RE
            .captures(attributes)
            .and_then(|h| h.name("href").or_else(|| h.get(2)))
            .map(|h| decode(h.as_str()).into_owned())
        else {
            continue;
        };
        let text = m.name("text").map_or("", |t| t.as_str());
        let stripped = strip_tags(text);
        let mut texts = vec![
            decode(text).into_owned(),
            decode(stripped.trim()).into_owned(),
        ];
        texts.extend(
            TAG_ATTRIBUTES
                .iter()
                .filter_map(|a| attribute(attributes, a)),
        );
        out.extend(
            texts
                .into_iter()
                .filter(|t| !t.trim().is_empty())
                .map(|text| Anchor {
                    href: href.clone(),
                    text,
                }),
        );
    }
    out
}

/// `text.replaceAll("<[^>]*>", "")`.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The value of attribute `name` among an anchor's attributes, decoded.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let re = Regex::new(&format!(
        r#"(?i)(?:^|\s){name}\s*=\s*(?:"([^"]*)"|'([^']*)')"#
    ))
    .ok()?;
    let c = re.captures(attributes)?;
    let value = c.get(1).or_else(|| c.get(2))?;
    Some(decode(value.as_str()).into_owned())
}

/// The words of a text, as the crawler's tokenizer splits them, in lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| SEARCH_TOKENS.contains(&c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when `text` holds every word of `term` (the query's operator is AND).
pub fn matches(term: &str, text: &str) -> bool {
    let have = words(text);
    words(term).iter().all(|w| have.contains(w))
}

/// What the crawler finds for one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub rule: Rule,
    pub found: Found,
}

/// A node found, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// An anchor matches and leads to a page of the site (`path`, relative to its root).
    Page { text: String, path: String },
    /// An anchor matches, but its address is not a page of the site.
    Broken { text: String, href: String },
    /// No anchor of the page matches.
    Missing,
}

impl Node {
    /// True when the crawler reaches a page for this node.
    pub fn is_found(&self) -> bool {
        matches!(self.found, Found::Page { .. })
    }

    /// Where the node's link leads, or why the crawler does not reach a page, in Italian.
    pub fn outcome(&self) -> String {
        match &self.found {
            Found::Page { path, .. } => format!("trovato, porta a {path}"),
            Found::Broken { href, .. } => {
                format!("il link «{href}» non porta a una pagina del sito")
            }
            Found::Missing => "nessun link con questo testo (né aria-label, alt o title)".into(),
        }
    }
}

/// Applies [`PERFORMANCE_RULES`] to the section's home page of `site`, published at
/// `base_url`: for each node, the first anchor that matches (an anchor whose text is
/// the term itself first), and whether its address is a page of the site.
pub fn nodes(site: &Site, base_url: &str) -> Vec<Node> {
    let base = SiteBase::from_url(base_url).unwrap_or_default();
    let home = site
        .get("index.html")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let all = anchors(&home);
    PERFORMANCE_RULES
        .iter()
        .map(|rule| {
            let exact = all
                .iter()
                .find(|a| a.text.trim().eq_ignore_ascii_case(rule.term));
            let found = match exact.or_else(|| all.iter().find(|a| matches(rule.term, &a.text))) {
                None => Found::Missing,
                Some(a) => match page_of(site, &a.href, &base) {
                    Some(path) => Found::Page {
                        text: a.text.clone(),
                        path,
                    },
                    None => Found::Broken {
                        text: a.text.clone(),
                        href: a.href.clone(),
                    },
                },
            };
            Node { rule: *rule, found }
        })
        .collect()
}

/// The page of the site an address found on the home page leads to.
fn page_of(site: &Site, href: &str, base: &SiteBase) -> Option<String> {
    let LinkTarget::Internal { path, .. } = resolve(href, "", base) else {
        return None;
    };
    let file = if path.is_empty() || path.ends_with('/') {
        page_file(&path)
    } else {
        path
    };
    site.get(&file).map(|_| file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_give_text_stripped_text_and_attributes() {
        let html = "<nav>\n<a class=\"x\" href=\"piano/\"><span>Piano della\n Performance</span></a>\
                    <a href='b/' title=\"Benessere organizzativo\">B</a><a name=\"x\">no href</a></nav>";
        let found = anchors(html);
        let texts: Vec<(&str, &str)> = found
            .iter()
            .map(|a| (a.href.as_str(), a.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                ("piano/", "<span>Piano della Performance</span>"),
                ("piano/", "Piano della Performance"),
                ("b/", "B"),
                ("b/", "B"),
                ("b/", "Benessere organizzativo"),
            ]
        );
    }

    #[test]
    fn a_term_matches_every_word_in_any_case_and_order() {
        assert!(matches("Dati relativi ai premi", "DATI RELATIVI AI PREMI"));
        assert!(matches(
            "Piano della Performance",
            "Performance: piano della (2025)"
        ));
        assert!(!matches(
            "Relazione sulla Performance",
            "Relazione sulla gestione"
        ));
        assert!(!matches("Benessere organizzativo", "Benessere"));
    }

    #[test]
    fn an_anchor_ends_at_the_first_closing_tag() {
        let found = anchors("<a href=\"a/\">Uno</a> e <a href=\"b/\">Due</a>");
        assert_eq!(found[0].text, "Uno");
        assert_eq!(found[2].text, "Due");
    }
}
