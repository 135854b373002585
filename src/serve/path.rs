//! Request path -> site file. The raw path is decoded and checked segment by
//! segment before any lookup, so that nothing but a file of the in-memory site
//! can ever be answered: `..` and `.` segments, encoded separators (`%2f`, `%5c`),
//! backslashes, empty segments (`//etc/passwd`), control characters and NUL bytes
//! are refused outright.

use percent_encoding::percent_decode_str;

/// Why a request path was refused (answered with 403).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// The path does not start with `/`.
    NotAbsolute,
    /// An empty segment (`//`), which would make an absolute or protocol-relative path.
    EmptySegment,
    /// A `.` or `..` segment, plain or percent-encoded.
    DotSegment,
    /// A `/` or `\` inside a segment (`%2f`, `%5c`, or a raw backslash).
    Separator,
    /// NUL or another control character.
    ControlChar,
    /// A malformed percent escape or a segment that is not UTF-8.
    BadEncoding,
}

/// A request path that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestedPath {
    /// Decoded segments, none empty, none `.` or `..`, none containing `/` or `\`.
    pub segments: Vec<String>,
    /// The path ends with `/` (or is `/`): the folder's `index.html` is wanted.
    pub dir: bool,
}

impl RequestedPath {
    /// The segments joined with `/`, as site paths are written.
    pub fn key(&self) -> String {
        self.segments.join("/")
    }
}

/// Decodes and checks the path part of a request target (without the query).
pub fn normalise(raw: &str) -> Result<RequestedPath, Rejected> {
    let rest = raw.strip_prefix('/').ok_or(Rejected::NotAbsolute)?;
    if rest.is_empty() {
        return Ok(RequestedPath {
            segments: Vec::new(),
            dir: true,
        });
    }
    let (rest, dir) = match rest.strip_suffix('/') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let mut segments = Vec::new();
    for raw_segment in rest.split('/') {
        if raw_segment.is_empty() {
            return Err(Rejected::EmptySegment);
        }
        let bytes = percent_decode(raw_segment)?;
        if bytes.iter().any(|&b| b == b'/' || b == b'\\') {
            return Err(Rejected::Separator);
        }
        if bytes.iter().any(|&b| b < 0x20 || b == 0x7f) {
            return Err(Rejected::ControlChar);
        }
        let segment = String::from_utf8(bytes).map_err(|_| Rejected::BadEncoding)?;
        if segment == "." || segment == ".." {
            return Err(Rejected::DotSegment);
        }
        segments.push(segment);
    }
    Ok(RequestedPath { segments, dir })
}

/// Percent-decodes one segment. A `%` not followed by two hex digits is refused here,
/// where a lenient decoder would keep it as written and let two spellings of one name through.
fn percent_decode(segment: &str) -> Result<Vec<u8>, Rejected> {
    let b = segment.as_bytes();
    let hex = |i: usize| b.get(i).is_some_and(u8::is_ascii_hexdigit);
    let well_formed = b
        .iter()
        .enumerate()
        .all(|(i, &c)| c != b'%' || (hex(i + 1) && hex(i + 2)));
    if !well_formed {
        return Err(Rejected::BadEncoding);
    }
    Ok(percent_decode_str(segment).collect())
}

/// What a checked path designates in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the site, by its site path.
    File(String),
    /// A folder asked without its final `/`: redirect to the path with it.
    AddSlash,
    /// Nothing in the site.
    NotFound,
}

/// Looks a checked path up in the site: `index.html` for folders, a redirect
/// for a folder asked without `/`.
pub fn lookup(path: &RequestedPath, exists: impl Fn(&str) -> bool) -> Resolved {
    let key = path.key();
    if path.dir {
        let index = if key.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{key}/index.html")
        };
        return if exists(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if exists(&key) {
        return Resolved::File(key);
    }
    if exists(&format!("{key}/index.html")) {
        return Resolved::AddSlash;
    }
    Resolved::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Site;

    fn site() -> Site {
        let files: Vec<(String, Vec<u8>)> = [
            "index.html",
            "piano-della-performance/index.html",
            "static/css/trasparenza.css",
            "città/index.html",
            "404.html",
        ]
        .iter()
        .map(|p| (p.to_string(), p.as_bytes().to_vec()))
        .collect();
        Site {
            files: files.into(),
        }
    }

    #[test]
    fn plain_paths_are_decoded() {
        assert_eq!(
            normalise("/").unwrap(),
            RequestedPath {
                segments: vec![],
                dir: true
            }
        );
        let c = normalise("/static/css/trasparenza.css").unwrap();
        assert_eq!(c.key(), "static/css/trasparenza.css");
        assert!(!c.dir);
        let c = normalise("/citt%C3%A0/").unwrap();
        assert_eq!(c.key(), "città");
        assert!(c.dir);
        // Decoded once only: `%252e` is the literal name `%2e`, not a dot.
        assert_eq!(normalise("/%252e%252e/x").unwrap().key(), "%2e%2e/x");
    }

    #[test]
    fn traversal_and_tricks_are_refused() {
        let cases = [
            ("/../Cargo.toml", Rejected::DotSegment),
            ("/static/../../Cargo.toml", Rejected::DotSegment),
            ("/./index.html", Rejected::DotSegment),
            ("/%2e%2e/%2e%2e/etc/passwd", Rejected::DotSegment),
            ("/%2E%2e/x", Rejected::DotSegment),
            ("/.%2e/x", Rejected::DotSegment),
            ("/static/..%2f..%2fCargo.toml", Rejected::Separator),
            ("/static/%2F", Rejected::Separator),
            ("/static\\..\\Cargo.toml", Rejected::Separator),
            ("/static/%5c..%5cCargo.toml", Rejected::Separator),
            ("//etc/passwd", Rejected::EmptySegment),
            ("/static//x", Rejected::EmptySegment),
            ("/index.html%00.css", Rejected::ControlChar),
            ("/a%0ab", Rejected::ControlChar),
            ("/a%zz", Rejected::BadEncoding),
            ("/a%2", Rejected::BadEncoding),
            ("/%ff", Rejected::BadEncoding),
            ("etc/passwd", Rejected::NotAbsolute),
            ("", Rejected::NotAbsolute),
        ];
        for (raw, want) in cases {
            assert_eq!(normalise(raw), Err(want), "{raw}");
        }
    }

    #[test]
    fn lookup_serves_index_and_redirects_folders() {
        let s = site();
        let t = |raw: &str| lookup(&normalise(raw).unwrap(), |p| s.get(p).is_some());
        assert_eq!(t("/"), Resolved::File("index.html".into()));
        assert_eq!(
            t("/piano-della-performance/"),
            Resolved::File("piano-della-performance/index.html".into())
        );
        assert_eq!(t("/piano-della-performance"), Resolved::AddSlash);
        assert_eq!(t("/citt%C3%A0"), Resolved::AddSlash);
        assert_eq!(
            t("/static/css/trasparenza.css"),
            Resolved::File("static/css/trasparenza.css".into())
        );
        assert_eq!(t("/static/css/trasparenza.css/"), Resolved::NotFound);
        assert_eq!(t("/static/"), Resolved::NotFound);
        assert_eq!(t("/nessuna"), Resolved::NotFound);
        assert_eq!(t("/index.html"), Resolved::File("index.html".into()));
    }
}
