//! Resolving a reference found in a page (or a style sheet) to a file of the site.

use std::borrow::Cow;

/// Where the site is published, read from the pages' `<link rel="canonical">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteBase {
    /// Lower-case host (with port, when not the default), when known.
    pub host: Option<String>,
    /// Path of the site root on that host, starting and ending with `/`.
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
        let (scheme, host, path) = split_absolute(url)?;
        let mut path = path.split(['?', '#']).next().unwrap_or("/").to_owned();
        if !path.ends_with('/') {
            path.truncate(path.rfind('/').map_or(0, |i| i + 1));
        }
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Some(SiteBase {
            host: Some(normal_host(&scheme, host)),
            path,
        })
    }
}

/// What a reference points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
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
    /// `mailto:`, `tel:`, `data:`, `javascript:` and other schemes.
    OtherScheme,
}

/// `(scheme, host, path-and-rest)` of `scheme://host/rest`, scheme lower-case.
fn split_absolute(url: &str) -> Option<(String, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let path = if rest[end..].starts_with('/') {
        &rest[end..]
    } else {
        "/"
    };
    Some((scheme.to_ascii_lowercase(), host, path))
}

fn normal_host(scheme: &str, host: &str) -> String {
    let h = host.to_ascii_lowercase();
    let h = h.strip_suffix('.').unwrap_or(&h).to_owned();
    match (scheme, h.rsplit_once(':')) {
        ("https", Some((name, "443"))) | ("http", Some((name, "80"))) => name.to_owned(),
        _ => h,
    }
}

/// The scheme of an absolute URL (`mailto`, `https`...), lower-case.
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

/// Percent-decodes as UTF-8; invalid sequences are kept as written.
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                b.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
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
pub fn resolve(reference: &str, dir: &str, base: &SiteBase) -> Target {
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
            return Target::OtherScheme;
        }
        let Some((scheme, host, abs_path)) = split_absolute(r) else {
            return Target::OtherScheme;
        };
        let host = normal_host(&scheme, host);
        return absolute(host, abs_path, fragment, base);
    }
    if let Some(rest) = r.strip_prefix("//") {
        return match split_absolute(&format!("https://{rest}")) {
            Some((scheme, host, abs_path)) => {
                absolute(normal_host(&scheme, host), abs_path, fragment, base)
            }
            None => Target::OtherScheme,
        };
    }
    if path.is_empty() {
        return Target::SamePage { fragment };
    }
    if path.starts_with('/') {
        return match normalize("", path) {
            Some(p) => under_base(format!("/{p}"), fragment, base, base.host.clone()),
            None => Target::Escapes,
        };
    }
    match normalize(dir, path) {
        Some(p) => Target::Internal { path: p, fragment },
        None => Target::Escapes,
    }
}

fn absolute(host: String, abs_path: &str, fragment: Option<String>, base: &SiteBase) -> Target {
    if base.host.as_deref() != Some(host.as_str()) {
        return Target::External {
            third_party: true,
            host,
        };
    }
    let path = abs_path.split(['?', '#']).next().unwrap_or("/");
    match normalize("", path) {
        Some(p) => under_base(format!("/{p}"), fragment, base, Some(host)),
        None => Target::External {
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
) -> Target {
    if let Some(rest) = server_path.strip_prefix(base.path.as_str()) {
        return Target::Internal {
            path: rest.to_owned(),
            fragment,
        };
    }
    // `/amministrazione-trasparente/performance` without the final slash is the root.
    if format!("{server_path}/") == base.path {
        return Target::Internal {
            path: String::new(),
            fragment,
        };
    }
    Target::External {
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

    fn internal(path: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
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
            Target::SamePage {
                fragment: Some("top".into())
            }
        );
        assert_eq!(
            resolve("?x=1", dir, &b),
            Target::SamePage { fragment: None }
        );
        assert_eq!(resolve("../../../../", dir, &b), Target::Escapes);
        assert_eq!(resolve("../x", "", &b), Target::Escapes);
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
            Target::External {
                host: "www.ente.it".into(),
                third_party: false
            }
        );
        assert_eq!(
            resolve("/privacy", "", &b),
            Target::External {
                host: "www.ente.it".into(),
                third_party: false
            }
        );
        assert_eq!(
            resolve("//cdn.example.com/x.js", "", &b),
            Target::External {
                host: "cdn.example.com".into(),
                third_party: true
            }
        );
        assert_eq!(
            resolve("HTTPS://Fonts.Googleapis.com/css", "", &b),
            Target::External {
                host: "fonts.googleapis.com".into(),
                third_party: true
            }
        );
        assert_eq!(resolve("mailto:a@b.it", "", &b), Target::OtherScheme);
        assert_eq!(
            resolve("data:image/png;base64,AAA", "", &b),
            Target::OtherScheme
        );
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
            Target::External {
                host: "www.ente.it".into(),
                third_party: true
            }
        );
    }
}
