//! Answers one request from the in-memory site: content types, `index.html`
//! for folders, `/dir` -> `/dir/`, the site's 404 page with status 404, 403 for
//! any path that tries to leave the site, 405 for methods other than GET/HEAD.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;

use super::Snapshot;
use super::live::LiveSite;
use super::overlay::{VERSION_PATH, decorate};
use super::path::{Resolved, lookup, normalise};

/// Content type by file extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Only names of this machine are answered: a page elsewhere that points a name
/// it controls at 127.0.0.1 (DNS rebinding) cannot read the preview.
fn host_allowed(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        return true;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split_once(']').map_or(rest, |(n, _)| n)
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    matches!(
        name.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "::1"
    )
}

/// The whole answer to one request.
pub fn respond(snap: &Snapshot, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
    if !host_allowed(headers) {
        return text(
            StatusCode::FORBIDDEN,
            "Host non ammesso: l'anteprima risponde solo a 127.0.0.1 e localhost.\n",
        );
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "Metodo non ammesso: l'anteprima risponde solo a GET e HEAD.\n",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let raw = uri.path();
    if raw == VERSION_PATH {
        return text(StatusCode::OK, &snap.version.to_string());
    }
    let Ok(clean) = normalise(raw) else {
        return text(
            StatusCode::FORBIDDEN,
            "Accesso negato: il percorso richiesto esce dal sito.\n",
        );
    };
    let Some(site) = &snap.site else {
        return unavailable(snap);
    };
    match lookup(&clean, |p| site.contains(p)) {
        Resolved::File(key) => file(snap, site, &key, StatusCode::OK, false),
        Resolved::AddSlash => {
            let location = match uri.query() {
                Some(q) => format!("{raw}/?{q}"),
                None => format!("{raw}/"),
            };
            let mut r = text(
                StatusCode::MOVED_PERMANENTLY,
                &format!("Spostato in {location}\n"),
            );
            match HeaderValue::from_str(&location) {
                Ok(v) => {
                    r.headers_mut().insert(header::LOCATION, v);
                    r
                }
                Err(_) => text(StatusCode::BAD_REQUEST, "Richiesta non valida.\n"),
            }
        }
        Resolved::NotFound => {
            if site.contains("404.html") {
                file(snap, site, "404.html", StatusCode::NOT_FOUND, true)
            } else {
                html(snap, StatusCode::NOT_FOUND, BUILTIN_404.as_bytes(), false)
            }
        }
    }
}

const BUILTIN_404: &str = "<!DOCTYPE html>\n<html lang=\"it\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Pagina non trovata</title></head>\n<body><main><h1>Pagina non trovata</h1><p>L'indirizzo richiesto non corrisponde a nessuna pagina del sito in anteprima. <a href=\"/\">Torna alla pagina iniziale</a>.</p></main></body>\n</html>\n";

const UNAVAILABLE: &str = "<!DOCTYPE html>\n<html lang=\"it\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Anteprima non disponibile</title></head>\n<body style=\"padding-top:40vh\"><main><h1>Anteprima non disponibile</h1><p>Il sito non è mai stato generato in questa sessione perché i contenuti hanno errori. Correggerli e salvare: la pagina si aggiorna da sola.</p></main></body>\n</html>\n";

/// No good build yet (the content was broken at start): a page with the errors.
fn unavailable(snap: &Snapshot) -> Response {
    html(
        snap,
        StatusCode::SERVICE_UNAVAILABLE,
        UNAVAILABLE.as_bytes(),
        false,
    )
}

fn file(snap: &Snapshot, site: &LiveSite, key: &str, status: StatusCode, base: bool) -> Response {
    let bytes = match site.get(key) {
        None => return text(StatusCode::NOT_FOUND, "Non trovato.\n"),
        Some(Ok(bytes)) => bytes,
        Some(Err(d)) => {
            // a page that cannot be rendered: the error in the box, over an empty page
            let broken = Snapshot::new(None, snap.version, vec![d]);
            return html(
                &broken,
                StatusCode::INTERNAL_SERVER_ERROR,
                UNRENDERED.as_bytes(),
                false,
            );
        }
    };
    let ctype = content_type(key);
    if ctype.starts_with("text/html") {
        return html(snap, status, &bytes, base);
    }
    with_headers(status, ctype, bytes)
}

const UNRENDERED: &str = "<!DOCTYPE html>\n<html lang=\"it\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Pagina non generata</title></head>\n<body style=\"padding-top:40vh\"><main><h1>Pagina non generata</h1><p>Il tema non riesce a generare questa pagina: l'errore è indicato sopra. Correggerlo e salvare: la pagina si aggiorna da sola.</p></main></body>\n</html>\n";

/// An HTML page with the preview script and, while the content is broken, the error box.
fn html(snap: &Snapshot, status: StatusCode, page: &[u8], base: bool) -> Response {
    let out = decorate(page, snap.overlay.as_deref(), &snap.script, base);
    with_headers(status, "text/html; charset=utf-8", Bytes::from(out))
}

fn text(status: StatusCode, body: &str) -> Response {
    with_headers(
        status,
        "text/plain; charset=utf-8",
        Bytes::from(body.to_owned()),
    )
}

/// The response with its headers; the length is stated (the live-reload layer
/// around the router would otherwise turn every answer into a chunked one).
fn with_headers(status: StatusCode, ctype: &'static str, body: Bytes) -> Response {
    let len = body.len();
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
    use std::sync::Arc;

    fn snap(errors: Vec<Diagnostic>) -> Snapshot {
        let mut files: Vec<(String, Vec<u8>)> = vec![
            (
                "index.html".into(),
                b"<html><head></head><body>home</body></html>".to_vec(),
            ),
            (
                "404.html".into(),
                b"<html><head></head><body>non trovata</body></html>".to_vec(),
            ),
            (
                "piano/index.html".into(),
                b"<html><body>piano</body></html>".to_vec(),
            ),
            ("static/css/a.css".into(), b"body{}".to_vec()),
            ("dati/a.csv".into(), b"a;b\n".to_vec()),
        ];
        files.sort();
        Snapshot::new(Some(Arc::new(LiveSite::from_files(files))), 7, errors)
    }

    fn get(s: &Snapshot, path: &str) -> Response {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8033"));
        respond(s, &Method::GET, &path.parse().unwrap(), &h)
    }

    fn ctype(r: &Response) -> &str {
        r.headers()[header::CONTENT_TYPE].to_str().unwrap()
    }

    #[test]
    fn statuses_and_types() {
        let s = snap(vec![]);
        let r = get(&s, "/");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(ctype(&r), "text/html; charset=utf-8");
        assert_eq!(
            get(&s, "/static/css/a.css").headers()[header::CONTENT_TYPE],
            "text/css; charset=utf-8"
        );
        assert_eq!(
            get(&s, "/dati/a.csv").headers()[header::CONTENT_TYPE],
            "text/csv; charset=utf-8"
        );
        let r = get(&s, "/piano?x=1");
        assert_eq!(r.status(), StatusCode::MOVED_PERMANENTLY);
        assert_eq!(r.headers()[header::LOCATION], "/piano/?x=1");
        assert_eq!(get(&s, "/nessuna").status(), StatusCode::NOT_FOUND);
        assert_eq!(get(&s, "/../Cargo.toml").status(), StatusCode::FORBIDDEN);
        assert_eq!(get(&s, "/_trasparenza/versione").status(), StatusCode::OK);
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("evil.example:8033"));
        assert_eq!(
            respond(&s, &Method::GET, &"/".parse().unwrap(), &h).status(),
            StatusCode::FORBIDDEN
        );
        let r = respond(&s, &Method::POST, &"/".parse().unwrap(), &HeaderMap::new());
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(r.headers()[header::ALLOW], "GET, HEAD");
    }

    #[test]
    fn types_by_extension() {
        for (p, t) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.woff2", "font/woff2"),
            ("a.json", "application/json"),
            ("catalogo.jsonld", "application/ld+json"),
            ("a.xml", "application/xml"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.zip", "application/zip"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("senza", "application/octet-stream"),
        ] {
            assert_eq!(content_type(p), t);
        }
    }

    #[test]
    fn hosts() {
        let ok = |h: &'static str| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_static(h));
            host_allowed(&m)
        };
        assert!(ok("127.0.0.1:8033"));
        assert!(ok("localhost:1"));
        assert!(ok("LOCALHOST"));
        assert!(ok("[::1]:8033"));
        assert!(!ok("127.0.0.1.evil.example:8033"));
        assert!(!ok("evil.example"));
        assert!(host_allowed(&HeaderMap::new()));
    }

    #[test]
    fn empty_site_shows_errors() {
        let d = Diagnostic::file(Severity::Error, "sito.toml", "manca <ente>");
        let mut s = snap(vec![d]);
        s.site = None;
        let r = get(&s, "/");
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(ctype(&r), "text/html; charset=utf-8");
    }
}
