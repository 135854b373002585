//! What the preview adds to every HTML page it serves, and only there: the
//! reload script and, while the content is broken, the box listing the errors.
//! The published build never goes through this module.

use crate::diagnostic::{Diagnostic, Severity};
use crate::italian::count;
use crate::render::escape;

/// Path of the server-sent events stream (served by `tower-livereload`).
pub const EVENTS_PATH: &str = "/_trasparenza/event-stream";
/// Path answering the version of the site being served, as plain text.
pub const VERSION_PATH: &str = "/_trasparenza/versione";
/// Prefix of the preview's own paths, given to `tower-livereload`.
pub const PREFIX: &str = "/_trasparenza";

/// At most this many diagnostics are listed in the page; the terminal has them all.
const MAX_LISTED: usize = 50;

/// `file:line:column` (or just `file` for whole-file problems).
pub fn location(d: &Diagnostic) -> String {
    let file = d.file.display();
    if d.line > 0 {
        format!("{file}:{}:{}", d.line, d.column)
    } else {
        file.to_string()
    }
}

/// The reload script, which knows the version of the page it is in.
///
/// It opens the event stream; on `init` (sent as soon as the stream is
/// listening) it asks the current version and reloads if the page is already
/// stale, which closes the window between serving a page and listening; on
/// `reload` it reloads.
pub fn script(version: u64) -> String {
    format!(
        r#"<script data-trasparenza-anteprima="{version}">
(() => {{
  const versione = document.currentScript.dataset.trasparenzaAnteprima;
  addEventListener("pageshow", () => {{
    const eventi = new EventSource("{EVENTS_PATH}");
    const ricarica = () => {{ eventi.close(); location.reload(); }};
    eventi.addEventListener("init", () => {{
      fetch("{VERSION_PATH}", {{ cache: "no-store" }})
        .then((r) => r.text())
        .then((v) => {{ if (v.trim() !== versione) ricarica(); }})
        .catch(() => {{}});
    }});
    eventi.addEventListener("reload", ricarica);
    addEventListener("pagehide", () => eventi.close());
  }});
}})();
</script>"#
    )
}

/// The error box: fixed at the top of the viewport, announced (`role="alert"`),
/// every diagnostic as `file:line:column: message`, its source line and hint.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let title = match errors {
        0 => "Il sito non è stato rigenerato".to_owned(),
        n => format!("{} nei contenuti", count(n, "errore", "errori")),
    };
    let mut out = String::with_capacity(512 + diagnostics.len() * 256);
    out.push_str(concat!(
        r#"<div id="trasparenza-errori" role="alert" lang="it" style="position:fixed;top:0;left:0;right:0;z-index:2147483647;"#,
        r#"max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#5c0000;color:#fff;"#,
        r#"font:1rem/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;text-align:left;"#,
        r#"border-bottom:4px solid #ffb3b3;box-shadow:0 4px 16px rgba(0,0,0,.45)">"#,
    ));
    out.push_str(concat!(
        r#"<button type="button" onclick="this.parentNode.style.display='none'" "#,
        r#"style="float:right;margin:0 0 .5rem 1rem;padding:.25rem .75rem;font:inherit;color:#5c0000;background:#fff;border:2px solid #fff;border-radius:4px;cursor:pointer">"#,
        "Nascondi</button>",
    ));
    out.push_str(&format!(
        r#"<p style="margin:0 0 .5rem;font-weight:700;font-size:1.125rem;color:#fff">{}</p>"#,
        escape(&title)
    ));
    out.push_str(concat!(
        r#"<p style="margin:0 0 .75rem;color:#fff">L'anteprima mostra l'ultima versione corretta del sito. "#,
        r#"Correggere i file indicati e salvarli: la pagina si aggiorna da sola.</p>"#,
        r#"<ol style="margin:0;padding-left:1.5rem;color:#fff">"#,
    ));
    for d in diagnostics.iter().take(MAX_LISTED) {
        let kind = match d.severity {
            Severity::Error => "errore",
            Severity::Warning => "avviso",
        };
        out.push_str(r#"<li style="margin:0 0 .75rem">"#);
        out.push_str(&format!(
            r#"<code style="font-family:'Roboto Mono',ui-monospace,monospace;background:transparent;color:#ffe08a;font-weight:700">{}</code>: {kind}: {}"#,
            escape(&location(d)),
            escape(&d.message)
        ));
        if let Some(snippet) = &d.snippet {
            let pad: String = snippet
                .chars()
                .take(d.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!(
                r#"<pre style="margin:.25rem 0;padding:.25rem .5rem;background:#2b0000;color:#fff;white-space:pre-wrap;font-family:'Roboto Mono',ui-monospace,monospace;font-size:.875rem">{}
{}^</pre>"#,
                escape(snippet),
                pad
            ));
        }
        if let Some(hint) = &d.hint {
            let br = if d.snippet.is_some() { "" } else { "<br>" };
            out.push_str(&format!(
                r#"{br}<span style="color:#fff">Come correggere: {}</span>"#,
                escape(hint)
            ));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    if diagnostics.len() > MAX_LISTED {
        out.push_str(&format!(
            r#"<p style="margin:0;color:#fff">… e altri {} problemi: l'elenco completo è nel terminale.</p>"#,
            diagnostics.len() - MAX_LISTED
        ));
    }
    out.push_str("</div>");
    out
}

/// Adds the preview parts to an HTML page: the error box right after `<body>`,
/// the script before `</body>`, and `<base href="/">` when asked (the 404 page
/// served at any depth). A page without those tags gets them at its ends.
pub fn decorate(html: &[u8], overlay: Option<&str>, script: &str, base: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + script.len() + overlay.map_or(0, str::len) + 32);
    let head_end = if base {
        find_tag_end(html, b"<head")
    } else {
        None
    };
    let body_start = overlay.and_then(|_| find_tag_end(html, b"<body"));
    let body_end = rfind_ci(html, b"</body");
    let mut pos = 0;
    if let Some(h) = head_end {
        out.extend_from_slice(&html[..h]);
        out.extend_from_slice(b"<base href=\"/\">");
        pos = h;
    }
    if let Some(o) = overlay {
        let at = body_start.unwrap_or(pos).max(pos);
        out.extend_from_slice(&html[pos..at]);
        out.extend_from_slice(o.as_bytes());
        pos = at;
    }
    match body_end {
        Some(e) if e >= pos => {
            out.extend_from_slice(&html[pos..e]);
            out.extend_from_slice(script.as_bytes());
            out.extend_from_slice(&html[e..]);
        }
        _ => {
            out.extend_from_slice(&html[pos..]);
            out.extend_from_slice(script.as_bytes());
        }
    }
    out
}

/// Index just after the `>` closing the first opening tag `tag` (ASCII, any case).
fn find_tag_end(html: &[u8], tag: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = find_ci(&html[from..], tag) {
        let start = from + i;
        let after = *html.get(start + tag.len())?;
        if after.is_ascii_whitespace() || after == b'>' {
            return html[start..]
                .iter()
                .position(|&b| b == b'>')
                .map(|i| start + i + 1);
        }
        from = start + tag.len();
    }
    None
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    fn diag() -> Diagnostic {
        let src = Source::new("monitoraggio/2022-S1/x.toml", "valore = \"<b>&\"\n");
        Diagnostic::at(Severity::Error, &src, 9..15, "valore <non> valido")
            .hint("scrivere \"75%\" & salvare")
    }

    #[test]
    fn overlay_escapes_and_locates() {
        let html = render(&[diag()]);
        assert!(html.contains(r#"role="alert""#));
        assert!(html.contains(r#"lang="it""#));
        assert!(html.contains("position:fixed;top:0"));
        assert!(html.contains("monitoraggio/2022-S1/x.toml:1:10</code>"));
        assert!(html.contains("valore &lt;non&gt; valido"));
        assert!(html.contains("scrivere &quot;75%&quot; &amp; salvare"));
        assert!(html.contains("valore = &quot;&lt;b&gt;&amp;&quot;"));
        assert!(!html.contains("<non>"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("1 errore nei contenuti"));
    }

    #[test]
    fn decorate_places_parts() {
        let page = b"<!DOCTYPE html><html><head><title>t</title></head><BODY class=\"x\"><p>ciao</p></body></html>";
        let out = String::from_utf8(decorate(
            page,
            Some("<div>E</div>"),
            "<script>S</script>",
            true,
        ))
        .unwrap();
        assert_eq!(
            out,
            "<!DOCTYPE html><html><head><base href=\"/\"><title>t</title></head><BODY class=\"x\"><div>E</div><p>ciao</p><script>S</script></body></html>"
        );
        let out = String::from_utf8(decorate(page, None, "<script>S</script>", false)).unwrap();
        assert_eq!(
            out,
            "<!DOCTYPE html><html><head><title>t</title></head><BODY class=\"x\"><p>ciao</p><script>S</script></body></html>"
        );
        // `<header>` is not `<head>`.
        let out =
            String::from_utf8(decorate(b"<header></header><head></head>", None, "", true)).unwrap();
        assert_eq!(out, "<header></header><head><base href=\"/\"></head>");
        // No tags at all: parts at the ends, nothing lost.
        let out = String::from_utf8(decorate(b"<p>x</p>", Some("E"), "S", true)).unwrap();
        assert_eq!(out, "E<p>x</p>S");
    }

    #[test]
    fn script_carries_version_and_paths() {
        let s = script(42);
        assert!(s.contains(r#"data-trasparenza-anteprima="42""#));
        assert!(s.contains(EVENTS_PATH));
        assert!(s.contains(VERSION_PATH));
    }
}
