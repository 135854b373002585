//! Resolving a reference found in a page (or a style sheet) to a file of the site.
//! Absolute addresses are parsed by the `url` crate (scheme, host, default port, dot
//! segments) and decoded by `percent-encoding`, as browsers do; only relative paths are
//! joined here, since a link that climbs above the site root must be reported, not
//! clamped at the root as a URL parser does.

use std::borrow::Cow;

use ::url::Url;
use percent_encoding::percent_decode_str;

/// Where the site is published, read from the pages' `<link rel="canonical">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteBase {
    /// Lower-case host (with port, when not the default), when known.
    pub host: Option<String>,
    /// Path of the site root on that host, decoded, starting and ending with `/`.
    pub path: String,
}

impl Default for SiteBase {
    fn default() -> Self {
        SiteBase {
            host: None,
            path: "/".into(),
        }
    }
}

impl SiteBase {
    /// From an absolute base URL such as `https://www.ente.it/amministrazione-trasparente/performance/`.
    pub fn from_url(url: &str) -> Option<SiteBase> {
        let url = Url::parse(url.trim()).ok()?;
        let host = host_of(&url)?;
        let path = percent_decode(url.path());
        // the folder of the address: `.../performance/index.html` is `.../performance/`
        let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let path = if folder.starts_with('/') {
            folder.to_owned()
        } else {
            format!("/{folder}")
        };
        Some(SiteBase {
            host: Some(host),
            path,
        })
    }
}

/// What a reference points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// The page itself (`""`, `#x`, `?q`); fragment decoded, `None` when absent.
    SamePage { fragment: Option<String> },
    /// A path inside the site (decoded, relative to its root, no leading `/`;
    /// `""` or ending in `/` for a folder), with its fragment.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// A relative path that climbs above the site root.
    Escapes,
    /// `http(s)` on another host, or outside the site's path on its host.
    External { host: String, third_party: bool },
    /// An `http(s)` address that is not one (`http://exa mple.it/`, `https://`).
    Malformed,
    /// `mailto:`, `tel:`, `data:`, `javascript:` and other schemes.
    OtherScheme,
}

/// The lower-case host of an `http(s)` URL without its final dot, with the port when
/// it is not the scheme's default.
fn host_of(url: &Url) -> Option<String> {
    let host = url.host_str().filter(|h| !h.is_empty())?;
    let host = host.strip_suffix('.').unwrap_or(host);
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// The scheme of an absolute URL (`mailto`, `https`...), lower-case: the letters before
/// the first `:` when they form a scheme (RFC 3986), whatever follows.
fn scheme_of(r: &str) -> Option<String> {
    let colon = r.find(':')?;
    let s = &r[..colon];
    let first = s.bytes().next()?;
    (first.is_ascii_alphabetic()
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))
    .then(|| s.to_ascii_lowercase())
}

/// True for references that do not depend on the document's address
/// (`https://...`, `//host/...`, `mailto:...`).
pub fn is_absolute(reference: &str) -> bool {
    let r = reference.trim();
    r.starts_with("//") || scheme_of(r).is_some()
}

/// Percent-decodes as UTF-8; a text whose decoded bytes are not UTF-8 is kept as written,
/// and so is a `%` not followed by two hex digits.
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    match percent_decode_str(s).decode_utf8() {
        Ok(decoded) => decoded,
        Err(_) => Cow::Borrowed(s),
    }
}

/// Joins `path` (relative) to the folder `dir` (`""` or ending in `/`) and removes
/// dot segments; `None` when it climbs above the root. Segments are percent-decoded.
fn normalize(dir: &str, path: &str) -> Option<String> {
    let mut segments: Vec<Cow<str>> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(Cow::Borrowed)
        .collect();
    let parts: Vec<&str> = path.split('/').collect();
    let mut folder = false;
    for (i, raw) in parts.iter().enumerate() {
        let seg = percent_decode(raw);
        let last = i + 1 == parts.len();
        match seg.as_ref() {
            "." => folder = last,
            ".." => {
                segments.pop()?;
                folder = last;
            }
            "" => folder = last,
            _ => {
                segments.push(seg);
                folder = false;
            }
        }
    }
    let mut out = segments.join("/");
    if (folder || path.is_empty()) && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// Resolves `reference` found in a file whose folder is `dir` (relative to the site root,
/// `""` or ending in `/`).
pub fn resolve(reference: &str, dir: &str, base: &SiteBase) -> LinkTarget {
    // Browsers drop leading/trailing spaces and every tab and newline.
    let cleaned: Cow<str> = if reference.contains(['\t', '\n', '\r']) {
        Cow::Owned(reference.replace(['\t', '\n', '\r'], ""))
    } else {
        Cow::Borrowed(reference)
    };
    let r = cleaned.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0c');
    let (before_fragment, fragment) = match r.split_once('#') {
        Some((b, f)) => (b, Some(percent_decode(f).into_owned())),
        None => (r, None),
    };
    let path = before_fragment.split('?').next().unwrap_or("");
    if let Some(scheme) = scheme_of(r) {
        if scheme != "http" && scheme != "https" {
            return LinkTarget::OtherScheme;
        }
        return absolute(Url::parse(r), fragment, base);
    }
    if r.starts_with("//") {
        // protocol-relative: the published site is served over https
        return absolute(Url::parse(&format!("https:{r}")), fragment, base);
    }
    if path.is_empty() {
        return LinkTarget::SamePage { fragment };
    }
    if path.starts_with('/') {
        return match normalize("", path) {
            Some(p) => under_base(format!("/{p}"), fragment, base, base.host.clone()),
            None => LinkTarget::Escapes,
        };
    }
    match normalize(dir, path) {
        Some(p) => LinkTarget::Internal { path: p, fragment },
        None => LinkTarget::Escapes,
    }
}

fn absolute(
    url: Result<Url, ::url::ParseError>,
    fragment: Option<String>,
    base: &SiteBase,
) -> LinkTarget {
    let Some((url, host)) = url.ok().and_then(|u| host_of(&u).map(|h| (u, h))) else {
        return LinkTarget::Malformed;
    };
    if base.host.as_deref() != Some(host.as_str()) {
        return LinkTarget::External {
            third_party: true,
            host,
        };
    }
    // the parser already removed dot segments; this decodes the path
    match normalize("", url.path()) {
        Some(p) => under_base(format!("/{p}"), fragment, base, Some(host)),
        None => LinkTarget::External {
            third_party: false,
            host,
        },
    }
}

/// A decoded server path (`/a/b/`): internal when under the site's base path.
fn under_base(
    server_path: String,
    fragment: Option<String>,
    base: &SiteBase,
    host: Option<String>,
) -> LinkTarget {
    if let Some(rest) = server_path.strip_prefix(base.path.as_str()) {
        return LinkTarget::Internal {
            path: rest.to_owned(),
            fragment,
        };
    }
    // `/amministrazione-trasparente/performance` without the final slash is the root.
    if format!("{server_path}/") == base.path {
        return LinkTarget::Internal {
            path: String::new(),
            fragment,
        };
    }
    LinkTarget::External {
        third_party: false,
        host: host.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> SiteBase {
        SiteBase::from_url("https://www.ente.it/amministrazione-trasparente/performance/").unwrap()
    }

    fn internal(path: &str, fragment: Option<&str>) -> LinkTarget {
        LinkTarget::Internal {
            path: path.into(),
            fragment: fragment.map(Into::into),
        }
    }

    #[test]
    fn base_from_canonical() {
        assert_eq!(
            base(),
            SiteBase {
                host: Some("www.ente.it".into()),
                path: "/amministrazione-trasparente/performance/".into()
            }
        );
        assert_eq!(
            SiteBase::from_url("https://WWW.Ente.it:443").unwrap(),
            SiteBase {
                host: Some("www.ente.it".into()),
                path: "/".into()
            }
        );
    }

    #[test]
    fn relative_references() {
        let b = base();
        let dir = "piano-della-performance/aree/1/";
        assert_eq!(resolve("../../../", dir, &b), internal("", None));
        assert_eq!(
            resolve("../../../static/css/a.css?v=2", dir, &b),
            internal("static/css/a.css", None)
        );
        assert_eq!(
            resolve("../../obiettivi-individuali/#obiettivo-3", dir, &b),
            internal(
                "piano-della-performance/obiettivi-individuali/",
                Some("obiettivo-3")
            )
        );
        assert_eq!(resolve("./", dir, &b), internal(dir, None));
        assert_eq!(
            resolve("..", dir, &b),
            internal("piano-della-performance/aree/", None)
        );
        assert_eq!(resolve("a%20b.pdf", "", &b), internal("a b.pdf", None));
        assert_eq!(
            resolve(" #top ", dir, &b),
            LinkTarget::SamePage {
                fragment: Some("top".into())
            }
        );
        assert_eq!(
            resolve("?x=1", dir, &b),
            LinkTarget::SamePage { fragment: None }
        );
        assert_eq!(resolve("../../../../", dir, &b), LinkTarget::Escapes);
        assert_eq!(resolve("../x", "", &b), LinkTarget::Escapes);
    }

    #[test]
    fn absolute_references() {
        let b = base();
        assert_eq!(
            resolve(
                "/amministrazione-trasparente/performance/static/x.css",
                "a/",
                &b
            ),
            internal("static/x.css", None)
        );
        assert_eq!(
            resolve("/amministrazione-trasparente/performance", "a/", &b),
            internal("", None)
        );
        assert_eq!(
            resolve(
                "https://www.ente.it/amministrazione-trasparente/performance/opendata/#d",
                "",
                &b
            ),
            internal("opendata/", Some("d"))
        );
        assert_eq!(
            resolve("https://www.ente.it/privacy", "", &b),
            LinkTarget::External {
                host: "www.ente.it".into(),
                third_party: false
            }
        );
        assert_eq!(
            resolve("/privacy", "", &b),
            LinkTarget::External {
                host: "www.ente.it".into(),
                third_party: false
            }
        );
        assert_eq!(
            resolve("//cdn.example.com/x.js", "", &b),
            LinkTarget::External {
                host: "cdn.example.com".into(),
                third_party: true
            }
        );
        assert_eq!(
            resolve("HTTPS://Fonts.Googleapis.com/css", "", &b),
            LinkTarget::External {
                host: "fonts.googleapis.com".into(),
                third_party: true
            }
        );
        assert_eq!(resolve("mailto:a@b.it", "", &b), LinkTarget::OtherScheme);
        assert_eq!(
            resolve("data:image/png;base64,AAA", "", &b),
            LinkTarget::OtherScheme
        );
    }

    #[test]
    fn addresses_are_parsed_as_browsers_do() {
        let b =
            SiteBase::from_url("https://www.ente.it/citt%C3%A0/performance/index.html").unwrap();
        assert_eq!(b.path, "/città/performance/");
        assert_eq!(
            resolve("https://www.ente.it/città/performance/a%20b/", "", &b),
            internal("a b/", None)
        );
        assert_eq!(
            resolve("http://www.ente.it:8080/città/performance/", "", &b),
            LinkTarget::External {
                host: "www.ente.it:8080".into(),
                third_party: true
            }
        );
        assert_eq!(
            resolve(
                "https://user@WWW.ENTE.IT.:443/città/performance/./x/../y",
                "",
                &b
            ),
            internal("y", None)
        );
        assert_eq!(
            resolve("http://exa mple.it/", "", &b),
            LinkTarget::Malformed
        );
        assert_eq!(resolve("https://", "", &b), LinkTarget::Malformed);
        assert_eq!(resolve("%zz%C3%A0", "", &b), internal("%zzà", None));
        assert_eq!(percent_decode("a%C3%A0%2Fb"), "aà/b");
        assert_eq!(percent_decode("%ff"), "%ff");
    }

    #[test]
    fn without_canonical_the_root_is_the_folder() {
        let b = SiteBase::default();
        assert_eq!(
            resolve("/static/a.css", "x/", &b),
            internal("static/a.css", None)
        );
        assert_eq!(
            resolve("https://www.ente.it/x.js", "", &b),
            LinkTarget::External {
                host: "www.ente.it".into(),
                third_party: true
            }
        );
    }
}
