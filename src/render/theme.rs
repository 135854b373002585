//! A theme, built in or from a folder: tera templates compiled once, static files listed.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Severity, Source};

/// A loaded theme.
pub struct Theme {
    pub tera: tera::Tera,
    /// Static files: path relative to `static/`, and content.
    pub statics: Vec<(String, Vec<u8>)>,
    /// Template sources by name, for locating errors.
    pub sources: Vec<(String, Source)>,
}

impl Theme {
    /// A render error as a diagnostic located in the template that caused it.
    pub fn render_error(&self, e: &tera::Error, page: &str, template: &str) -> Diagnostic {
        let mut d = template_error(e, &self.sources, template);
        d.message = format!("{} (pagina «{page}»)", d.message);
        d
    }
}

/// Where the theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    /// The default theme compiled into the binary (`themes/default/` when it was built).
    BuiltIn,
    /// A theme folder with `templates/` and `static/` (`--theme`).
    Folder(PathBuf),
}

impl ThemeSource {
    /// The theme folder, if the theme is read from one.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            ThemeSource::BuiltIn => None,
            ThemeSource::Folder(dir) => Some(dir),
        }
    }
}

/// The default theme's files, compiled into the binary by `build.rs`: path relative to
/// the theme folder (`templates/base.html`, `static/css/…`), sorted, and content.
pub const BUILT_IN: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Where the built-in theme's templates are said to be in diagnostics.
const BUILT_IN_SHOWN: &str = "themes/default";

/// Loads and compiles every template of the theme and reads its static files.
pub fn load(source: &ThemeSource) -> Result<Theme, Vec<Diagnostic>> {
    match source {
        ThemeSource::BuiltIn => compile(built_in_templates()?, || Ok(built_in_statics())),
        ThemeSource::Folder(dir) => compile(read_templates(dir)?, || {
            read_statics(&dir.join("static")).map_err(|e| vec![e])
        }),
    }
}

/// The built-in templates, by name relative to `templates/`.
fn built_in_templates() -> Result<Vec<(String, Source)>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for (path, bytes) in BUILT_IN {
        let Some(name) = path.strip_prefix("templates/") else {
            continue;
        };
        let shown = Path::new(BUILT_IN_SHOWN).join(path);
        match std::str::from_utf8(bytes) {
            Ok(text) => files.push((name.to_owned(), Source::new(shown, text))),
            Err(_) => diags.push(Diagnostic::file(
                Severity::Error,
                shown,
                "template non in UTF-8",
            )),
        }
    }
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(diags)
    }
}

/// The built-in static files, by path relative to `static/`, sorted as a folder's are.
fn built_in_statics() -> Vec<(String, Vec<u8>)> {
    BUILT_IN
        .iter()
        .filter_map(|(path, bytes)| {
            let rel = path.strip_prefix("static/")?;
            Some((rel.to_owned(), bytes.to_vec()))
        })
        .collect()
}

/// Reads every template of `dir/templates`, by name relative to it.
fn read_templates(dir: &Path) -> Result<Vec<(String, Source)>, Vec<Diagnostic>> {
    let templates = dir.join("templates");
    let mut files: Vec<(String, Source)> = Vec::new();
    let mut diags = Vec::new();
    for entry in WalkDir::new(&templates).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(
                    Diagnostic::file(
                        Severity::Error,
                        &templates,
                        format!("tema non leggibile: {e}"),
                    )
                    .hint("indicare con --tema una cartella di tema valida, o toglierlo per usare il tema incluso"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let name = path
            .strip_prefix(&templates)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let shown = PathBuf::from("templates").join(&name);
        match fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((name, Source::new(dir.join(shown), text))),
                Err(_) => diags.push(
                    Diagnostic::file(Severity::Error, dir.join(shown), "template non in UTF-8")
                        .hint("salvare il template in UTF-8"),
                ),
            },
            Err(e) => diags.push(Diagnostic::file(
                Severity::Error,
                dir.join(shown),
                format!("non leggibile: {e}"),
            )),
        }
    }
    if files.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::file(Severity::Error, &templates, "nessun template trovato")
                .hint("il tema deve avere la cartella templates/ (vedi docs/temi.md)"),
        );
    }
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(diags)
    }
}

/// Compiles the templates, keeping their sources for locating later render errors, then
/// reads the static files (after: a template error is the one to report first).
fn compile(
    files: Vec<(String, Source)>,
    statics: impl FnOnce() -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>>,
) -> Result<Theme, Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    if let Err(e) = tera.add_raw_templates(files.iter().map(|(n, s)| (n.as_str(), s.text.as_str())))
    {
        return Err(vec![template_error(&e, &files, "")]);
    }
    Ok(Theme {
        tera,
        statics: statics()?,
        sources: files,
    })
}

/// A tera error as a diagnostic, located in the template when tera says where.
pub fn template_error(e: &tera::Error, files: &[(String, Source)], fallback: &str) -> Diagnostic {
    let text = error_chain(e);
    // tera names the template and position as `name.html:3:7`
    let located = files
        .iter()
        .filter(|(name, _)| text.contains(&format!("{name}:")))
        .max_by_key(|(name, _)| name.len())
        .or_else(|| files.iter().find(|(name, _)| name == fallback));
    let lower = text.to_lowercase();
    let what = if lower.contains("not found")
        || lower.contains("not defined")
        || lower.contains("undefined")
        || lower.contains("missing")
    {
        "variabile o campo inesistente nel template"
    } else if lower.contains("expected")
        || lower.contains("found")
        || lower.contains("unexpected")
        || lower.contains("unclosed")
    {
        "sintassi del template non valida"
    } else if lower.contains("filter") || lower.contains("function") || lower.contains("component")
    {
        "filtro, funzione o componente non valido nel template"
    } else {
        "errore nel template"
    };
    let mut d = match located {
        Some((name, src)) => {
            let (line, column) = text
                .find(&format!("{name}:"))
                .and_then(|i| find_line_col(&text[i + name.len()..]))
                .unwrap_or((0, 0));
            Diagnostic {
                line,
                column,
                snippet: src.line_text(line).map(str::to_owned),
                ..Diagnostic::file(Severity::Error, &src.path, what)
            }
        }
        None => Diagnostic::file(Severity::Error, format!("templates/{fallback}"), what),
    };
    d.hint = Some(format!(
        "correggere il template (sintassi tera 2; le variabili disponibili sono in docs/temi.md). Messaggio di tera: «{}»",
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    ));
    d
}

/// Every message of an error and its sources.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}

/// Finds the first `line:column` pair in an error text (`--> page.html:3:10`).
fn find_line_col(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if c != ':' {
            continue;
        }
        let rest = &text[i + 1..];
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if line.is_empty() || bytes.get(i + 1 + line.len()) != Some(&b':') {
            continue;
        }
        let col: String = rest[line.len() + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let (Ok(l), Ok(c)) = (line.parse(), col.parse()) {
            return Some((l, c));
        }
    }
    None
}

/// The theme's static files: regular files only, sorted by name, path relative to `dir`.
pub fn read_statics(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry
            .map_err(|e| Diagnostic::file(Severity::Error, dir, format!("non leggibile: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = fs::read(entry.path()).map_err(|e| {
            Diagnostic::file(Severity::Error, entry.path(), format!("non leggibile: {e}"))
        })?;
        out.push((rel, bytes));
    }
    Ok(out)
}
