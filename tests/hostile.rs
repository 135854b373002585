//! Hostile content: Markdown and plain-text fields of a copy of the real content are
//! filled with everything that could run script or load from elsewhere (script,
//! `javascript:` and `data:` URLs, event handlers, iframe, style, SVG with script,
//! object/embed/form/meta/base). The site is built and every generated HTML page is
//! parsed: none of it may survive.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use toml::Value;
use trasparenza::build::{Options, build};
use trasparenza::render::theme::ThemeSource;

mod common;
use common::copy_dir;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Markdown written by someone who wants script on the body's website. `{m}` is a
/// marker that proves the field was rendered at all.
fn payload(m: &str) -> String {
    format!(
        r#"Testo {m} con **grassetto** e un [link lecito](https://www.br.camcom.it/).

<script>alert('{m}')</script>

[clicca qui](javascript:alert(1)) e [dati](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
e [vb](vbscript:msgbox(1)) e <a href="JaVaScRiPt:alert(1)">maiuscole</a> e <a href=" &#106;avascript:alert(1)">entità</a>
e <a href="java&#x09;script:alert(1)">tab</a>.

<img src="x" onerror="alert(1)"> <a href="https://www.br.camcom.it/" onclick="alert(1)" onmouseover="alert(2)">evento</a>

<p onclick="alert(1)" style="background:url(javascript:alert(1))">paragrafo con evento</p>

<iframe src="https://evil.example/"></iframe><frame src="https://evil.example/">

<style>body {{ display: none }}</style>

<svg onload="alert(1)"><script>alert(1)</script><foreignObject><p>x</p></foreignObject></svg>

<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">

<form action="https://evil.example/"><input name="q"><button formaction="javascript:alert(1)">invia</button></form>

<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<link rel="stylesheet" href="https://evil.example/x.css">

<math><mi xlink:href="javascript:alert(1)">x</mi></math>

![immagine](javascript:alert(1)) ![pixel](https://evil.example/pixel.gif)

<details open ontoggle="alert(1)"><summary>s</summary></details>

<video><source onerror="alert(1)"></video><audio src="data:audio/wav;base64,AAAA"></audio>

- voce <b onmouseover=alert(1)>uno</b>
- voce [due](  javascript:alert(2)  )
"#
    )
}

/// Reads a content file as a TOML table, applies `f`, writes it back.
fn edit(content: &Path, rel: &str, f: impl FnOnce(&mut toml::Table)) {
    let path = content.join(rel);
    let mut table: toml::Table = fs::read_to_string(&path).unwrap().parse().unwrap();
    f(&mut table);
    fs::write(&path, toml::to_string(&table).unwrap()).unwrap();
}

fn set(table: &mut toml::Table, key: &str, value: String) {
    table.insert(key.to_owned(), Value::String(value));
}

fn first_kpi(table: &mut toml::Table) -> &mut toml::Table {
    table
        .get_mut("kpi")
        .and_then(Value::as_array_mut)
        .and_then(|a| a.first_mut())
        .and_then(Value::as_table_mut)
        .expect("a [[kpi]] table")
}

/// Element counts per page, for the elements only the theme may bring.
fn theme_elements(files: &[(String, Vec<u8>)]) -> BTreeMap<String, BTreeMap<&'static str, usize>> {
    let mut out = BTreeMap::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let mut counts = BTreeMap::new();
        for tag in [
            "svg", "style", "link", "meta", "base", "img", "form", "input", "button", "video",
            "audio", "source", "math", "script", "noscript",
        ] {
            counts.insert(tag, doc.select(&Selector::parse(tag).unwrap()).count());
        }
        out.insert(path.clone(), counts);
    }
    out
}

/// The one script the theme brings: the search page's, from the site's own `static/js/`,
/// with no body and no attribute but `src` and `defer`.
const THEME_SCRIPT: &str = "static/js/cerca.js";

fn theme_script(el: &scraper::ElementRef) -> bool {
    let v = el.value();
    v.name() == "script"
        && el.inner_html().is_empty()
        && v.attrs().all(|(a, _)| a == "src" || a == "defer")
        && v.attr("src").is_some_and(|src| {
            src.strip_suffix(THEME_SCRIPT)
                .is_some_and(|up| up.split_terminator('/').all(|part| part == ".."))
        })
}

/// The page's source without the theme's script tags, to look for raw tags from content.
fn without_theme_scripts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<script src=\"") {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let end = "\" defer></script>";
        let own = tag.find(end).is_some_and(|e| {
            let src = &tag["<script src=\"".len()..e];
            src.strip_suffix(THEME_SCRIPT)
                .is_some_and(|up| up.split_terminator('/').all(|part| part == ".."))
        });
        if own {
            rest = &tag[tag.find(end).unwrap() + end.len()..];
        } else {
            out.push_str("<script");
            rest = &tag["<script".len()..];
        }
    }
    out.push_str(rest);
    out
}

/// A URL attribute that could run or embed something, after the browser's own cleaning.
fn dangerous_url(value: &str) -> bool {
    let cleaned: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

#[test]
fn hostile_markdown_never_reaches_the_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&manifest().join("content"), &content);

    let clean = build(&Options {
        content: content.clone(),
        theme: ThemeSource::Folder(manifest().join("themes/default")),
        ..Options::default()
    })
    .unwrap_or_else(|d| panic!("the real content must build: {d:?}"));

    // Markdown fields.
    let markers = [
        "MARCA-AREA",
        "MARCA-STRATEGICO",
        "MARCA-OPERATIVO",
        "MARCA-RISULTATI",
        "MARCA-BENEFICI",
        "MARCA-COMUNE",
        "MARCA-INDIVIDUALE",
        "MARCA-NOTA-OBIETTIVO",
        "MARCA-NOTA-KPI",
        "MARCA-NOTA-STRATEGICO",
    ];
    edit(&content, "piani/2022-2024/aree/1.toml", |t| {
        set(t, "descrizione", payload(markers[0]))
    });
    edit(
        &content,
        "piani/2022-2024/obiettivi-strategici/1.6.toml",
        |t| set(t, "descrizione", payload(markers[1])),
    );
    edit(
        &content,
        "piani/2022-2024/obiettivi-operativi/1.6.1.toml",
        |t| {
            set(t, "descrizione", payload(markers[2]));
            set(t, "risultati_attesi", payload(markers[3]));
            set(t, "benefici_attesi", payload(markers[4]));
            // plain-text fields: escaped by the templates, never interpreted
            set(
                t,
                "titolo",
                "<script>alert('titolo')</script><img src=x onerror=alert(1)> Mantenimento".into(),
            );
            set(
                t,
                "missione",
                "<iframe src=javascript:alert(1)></iframe>".into(),
            );
            let k = first_kpi(t);
            set(k, "nome", "<svg onload=alert(1)>Iscrizione</svg>".into());
            set(k, "algoritmo", "\"><script>alert(1)</script>".into());
            set(k, "fonte", "javascript:alert(1)".into());
        },
    );
    edit(&content, "piani/2022-2024/obiettivi-comuni/1.toml", |t| {
        set(t, "descrizione", payload(markers[5]))
    });
    edit(
        &content,
        "piani/2022-2024/obiettivi-individuali/1.toml",
        |t| {
            set(t, "descrizione", payload(markers[6]));
            set(
                t,
                "ruolo",
                "<style>*{display:none}</style>Segretario Generale".into(),
            );
        },
    );
    edit(
        &content,
        "piani/2022-2024/monitoraggio/2022-S1/obiettivi-operativi/1.6.1.toml",
        |t| {
            set(t, "nota", payload(markers[7]));
            set(
                t,
                "dichiarazione",
                "<a href=\"javascript:alert(1)\">IN LINEA</a>".into(),
            );
            let k = first_kpi(t);
            set(k, "nota", payload(markers[8]));
            set(k, "dichiarazione", "<script>alert('kpi')</script>".into());
        },
    );
    edit(
        &content,
        "piani/2022-2024/monitoraggio/2022-S1/obiettivi-strategici/1.6.toml",
        |t| set(t, "nota", payload(markers[9])),
    );

    let hostile = build(&Options {
        content: content.clone(),
        theme: ThemeSource::Folder(manifest().join("themes/default")),
        ..Options::default()
    })
    .unwrap_or_else(|d| panic!("hostile content is text, it must still build: {d:?}"));

    let mut problems = Vec::new();
    let all = Selector::parse("*").unwrap();
    let mut seen_markers = BTreeMap::new();
    let pages: Vec<&(String, Vec<u8>)> = hostile
        .site
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 10, "too few pages: {}", pages.len());
    for (path, bytes) in &pages {
        let text = std::str::from_utf8(bytes).unwrap();
        let doc = Html::parse_document(text);
        for el in doc.select(&all) {
            let name = el.value().name();
            if theme_script(&el) || (name == "noscript" && path == "cerca/index.html") {
                // the search page's own script and its notice without JavaScript: the
                // theme's, counted against the clean build below
            } else if matches!(
                name,
                "script"
                    | "iframe"
                    | "frame"
                    | "frameset"
                    | "object"
                    | "embed"
                    | "applet"
                    | "noscript"
                    | "template"
                    | "foreignobject"
            ) {
                problems.push(format!("{path}: <{name}> element"));
            }
            for (attr, value) in el.value().attrs() {
                let attr = attr.to_lowercase();
                if attr.starts_with("on") {
                    problems.push(format!("{path}: <{name} {attr}=\"{value}\">"));
                }
                if matches!(
                    attr.as_str(),
                    "href"
                        | "src"
                        | "action"
                        | "formaction"
                        | "xlink:href"
                        | "data"
                        | "poster"
                        | "srcset"
                        | "background"
                        | "cite"
                ) && dangerous_url(value)
                {
                    problems.push(format!("{path}: <{name} {attr}=\"{value}\">"));
                }
                if attr == "style" && value.to_lowercase().contains("url(") {
                    problems.push(format!("{path}: <{name} style=\"{value}\">"));
                }
                // the program's own page at an old address leads, relatively, into the site
                let own_move = value == "refresh"
                    && el
                        .value()
                        .attr("content")
                        .is_some_and(|c| c.starts_with("0; url=../") && !c.contains(':'));
                if attr == "http-equiv" && !own_move {
                    problems.push(format!("{path}: <{name} http-equiv=\"{value}\">"));
                }
            }
            for (attr, value) in el.value().attrs() {
                if value.contains("evil.example") {
                    problems.push(format!("{path}: <{name} {attr}=\"{value}\">: a resource or target from the hostile content survived"));
                }
            }
        }
        for m in markers {
            if text.contains(m) {
                *seen_markers.entry(m).or_insert(0) += 1;
            }
        }
        // tags of the payload must never appear unescaped in the source (as text they are `&lt;...`)
        for raw in [
            "<script",
            "<iframe",
            "<style",
            "<object",
            "<embed",
            "<svg onload",
            "<foreignobject",
        ] {
            let lower = without_theme_scripts(text).to_lowercase();
            if lower.contains(raw) {
                problems.push(format!("{path}: raw {raw:?} in the HTML source"));
            }
        }
    }
    // Elements only the theme may bring: same count per page as with the clean content.
    let before = theme_elements(&clean.site.files);
    let after = theme_elements(&hostile.site.files);
    for (path, counts) in &after {
        match before.get(path) {
            Some(b) if b == counts => {}
            Some(b) => problems.push(format!(
                "{path}: elements from content: clean {b:?}, hostile {counts:?}"
            )),
            None => problems.push(format!(
                "{path}: page that the clean content does not produce"
            )),
        }
    }
    for m in markers {
        if !seen_markers.contains_key(m) {
            problems.push(format!("marker {m} appears in no page: the field was not rendered, the test proves nothing for it"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn hostile_markdown_keeps_the_legitimate_parts() {
    let html = trasparenza::render::markdown::to_html(&payload("M"));
    let doc = Html::parse_fragment(&html);
    let strong = Selector::parse("strong").unwrap();
    assert!(
        doc.select(&strong)
            .any(|e| e.text().collect::<String>() == "grassetto"),
        "{html}"
    );
    let a = Selector::parse("a[href=\"https://www.br.camcom.it/\"]").unwrap();
    let link = doc
        .select(&a)
        .next()
        .unwrap_or_else(|| panic!("the legitimate link is gone: {html}"));
    assert_eq!(link.value().attr("rel"), Some("noopener noreferrer"));
    let li = Selector::parse("li").unwrap();
    assert_eq!(doc.select(&li).count(), 2, "{html}");
}
