//! `trasparenza check --links`: checks a built site as it will be served.
//!
//! - every internal reference (relative, root-relative under the site's base path,
//!   or absolute with the site's own address) leads to a file of the site, every
//!   `#fragment` to an element of the target page (or SVG sprite), and no relative
//!   path climbs above the site root; style sheets are followed too (`url()`, `@import`);
//! - transparency hygiene: the five official labels of the Performance section are
//!   link texts verbatim; every page but `404.html` shows its publication date, update
//!   date and responsible office; nothing asks search engines not to index; no resource
//!   is requested from another host; no cookie is set.
//!
//! The site root is the folder given; its public address (host and base path) is read
//! from `<link rel="canonical">` of the pages. Each file is read once and pages are
//! checked in parallel; anchors are checked against a per-page index at the end, so
//! the cost grows linearly with the size of the site.

pub mod css;
pub mod html;
pub mod page;
pub mod url;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use self::url::{LinkTarget, SiteBase};
use crate::diagnostic::{self, Diagnostic, Severity, Source};
use page::{Kind, PageScan};

/// The labels of the Performance sub-sections, verbatim (D.Lgs. 33/2013, allegato 1
/// della delibera ANAC 1310/2016). Kept here independently of the renderer on purpose.
pub const LABELS: [&str; 5] = [
    "Sistema di misurazione e valutazione della Performance",
    "Piano della Performance",
    "Relazione sulla Performance",
    "Ammontare complessivo dei premi",
    "Dati relativi ai premi",
];

/// The result of checking a site.
#[derive(Debug)]
pub struct LinkReport {
    /// Every problem, sorted (errors first).
    pub diagnostics: Vec<Diagnostic>,
    /// HTML pages checked.
    pub pages: usize,
    /// References examined (in pages and style sheets).
    pub links: usize,
    /// The public address the site was checked against.
    pub base: SiteBase,
}

impl LinkReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// `N pagine controllate, M link, K errori`.
    pub fn summary(&self) -> String {
        format!(
            "{} pagine controllate, {} link, {} errori",
            self.pages,
            self.links,
            self.errors()
        )
    }
}

/// A file being checked: its text and, built on first need, where its lines start.
struct Located {
    source: Source,
    starts: OnceCell<Vec<usize>>,
}

impl Located {
    fn new(path: PathBuf, text: String) -> Self {
        Located {
            source: Source::new(path, text),
            starts: OnceCell::new(),
        }
    }

    fn text(&self) -> &str {
        &self.source.text
    }

    /// A diagnostic at a byte offset, with the line shown when it is short enough to read.
    fn at(
        &self,
        severity: Severity,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        let text = self.text();
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        let end = starts.get(line).map_or(text.len(), |e| e - 1);
        let line_text = text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&text[start..end]);
        let column = text[start..offset].chars().count() + 1;
        Diagnostic {
            severity,
            file: self.source.path.clone(),
            line,
            column,
            message: message.into(),
            hint: Some(hint.into()),
            snippet: (line_text.chars().count() <= 240).then(|| line_text.to_owned()),
        }
    }
}

fn whole_file(
    path: impl Into<PathBuf>,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> Diagnostic {
    Diagnostic::file(Severity::Error, path, message).hint(hint)
}

/// The files of the site, relative to its root with `/` separators, each with an index.
struct Files {
    names: Vec<String>,
    index: HashMap<String, u32>,
    dirs: HashSet<String>,
}

enum Lookup {
    /// The file served (its index).
    File(u32),
    /// A folder named without the final `/`: served only through a redirect.
    NoSlash(u32),
    Missing,
    /// A folder without `index.html`.
    NoIndex,
}

impl Files {
    fn lookup(&self, path: &str) -> Lookup {
        if path.is_empty() || path.ends_with('/') {
            if let Some(&i) = self.index.get(&format!("{path}index.html")) {
                Lookup::File(i)
            } else if self.dirs.contains(path) {
                Lookup::NoIndex
            } else {
                Lookup::Missing
            }
        } else if let Some(&i) = self.index.get(path) {
            Lookup::File(i)
        } else if let Some(&i) = self.index.get(&format!("{path}/index.html")) {
            Lookup::NoSlash(i)
        } else if self.dirs.contains(&format!("{path}/")) {
            Lookup::NoIndex
        } else {
            Lookup::Missing
        }
    }

    fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }
}

/// Anchors are indexed by a 64-bit hash: small for 50,000 pages, and a collision
/// (one in 2^64) could only hide a missing anchor, never invent one.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

fn folder_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..=i])
}

fn extension(path: &str) -> String {
    let name = &path[path.rfind('/').map_or(0, |i| i + 1)..];
    name.rfind('.')
        .map(|i| name[i + 1..].to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_page(rel: &str) -> bool {
    matches!(extension(rel).as_str(), "html" | "htm")
}

/// What a style-sheet URL loads, from its extension.
fn css_kind(path: &str) -> &'static str {
    match extension(path).as_str() {
        "woff2" | "woff" | "ttf" | "otf" | "eot" => "font",
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" | "ico" | "bmp" => "immagine",
        "css" => "foglio di stile",
        _ => "risorsa",
    }
}

/// Fragments that need no element: the top of the page, text fragments.
fn trivial_fragment(f: &str) -> bool {
    f.is_empty() || f.eq_ignore_ascii_case("top") || f.starts_with(":~:")
}

fn read_text(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let mut text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// An anchor in another file, looked for once every page has been read. Kept small
/// (the real theme has dozens of `sprites.svg#icon` references per page): the message
/// is rebuilt from the file only when the anchor is missing.
struct Pending {
    target: u32,
    fragment: String,
    /// The referring file and the offset of the first reference.
    file: u32,
    offset: usize,
    /// References to the same anchor in the same file.
    count: usize,
}

/// What checking one file produced.
#[derive(Default)]
struct FileOut {
    diagnostics: Vec<Diagnostic>,
    links: usize,
    ids: Option<(u32, HashSet<u64>)>,
    pending: Vec<Pending>,
    labels: [bool; 5],
    /// Problems repeated in the same file (same missing target, same third-party
    /// URL, same anchor elsewhere): reported once, at the first occurrence, with the count.
    repeats: HashMap<String, (usize, usize)>,
    pending_seen: HashMap<(u32, String), usize>,
}

fn repeated_note(count: usize) -> String {
    format!(" ({count} volte in questo file)")
}

impl FileOut {
    /// True when the problem `key` was already reported for this file (and counts it).
    fn repeated(&mut self, key: String) -> bool {
        if let Some((_, n)) = self.repeats.get_mut(&key) {
            *n += 1;
            return true;
        }
        self.repeats.insert(key, (self.diagnostics.len(), 1));
        false
    }

    fn pend(&mut self, target: u32, fragment: String, file: u32, offset: usize) {
        match self.pending_seen.get(&(target, fragment.clone())) {
            Some(&i) => self.pending[i].count += 1,
            None => {
                self.pending_seen
                    .insert((target, fragment.clone()), self.pending.len());
                self.pending.push(Pending {
                    target,
                    fragment,
                    file,
                    offset,
                    count: 1,
                });
            }
        }
    }

    fn finish(mut self) -> Self {
        for (index, count) in self.repeats.values() {
            if *count > 1
                && let Some(d) = self.diagnostics.get_mut(*index)
            {
                d.message.push_str(&repeated_note(*count));
            }
        }
        self.repeats = HashMap::new();
        self.pending_seen = HashMap::new();
        self
    }
}

/// The folder relative references start from: the file's own (or its `<base href>`),
/// or, under a `<base href>` to another site, that site.
#[derive(Clone, Copy)]
enum Dir<'a> {
    Site(&'a str),
    Outside(&'a LinkTarget),
}

struct Ctx<'a> {
    root: &'a Path,
    files: &'a Files,
    base: &'a SiteBase,
}

impl Ctx<'_> {
    /// Checks one reference; `own` are the ids of the referring page (none for CSS).
    fn check_ref(
        &self,
        file: &Located,
        (rel, index): (&str, u32),
        dir: Dir,
        r: &page::Ref,
        own: Option<&HashSet<String>>,
        out: &mut FileOut,
    ) {
        out.links += 1;
        let url = r.url.trim();
        let target = match dir {
            Dir::Site(dir) => url::resolve(url, dir, self.base),
            // Under a <base href> to another site, relative references go there.
            Dir::Outside(base) if !url::is_absolute(url) => base.clone(),
            Dir::Outside(_) => url::resolve(url, "", self.base),
        };
        let what = match r.kind {
            Kind::Link => "link",
            Kind::Resource(w) => w,
        };
        match target {
            LinkTarget::SamePage { fragment } => {
                if let (Some(f), Some(ids)) = (fragment, own)
                    && !trivial_fragment(&f)
                    && !ids.contains(&f)
                {
                    let suggestion = diagnostic::did_you_mean(&f, ids.iter().map(String::as_str))
                        .map(|s| format!("forse «#{s}»? "))
                        .unwrap_or_default();
                    out.diagnostics.push(file.at(Severity::Error, r.offset, format!("ancora mancante: «{url}» non corrisponde a nessun id di questa pagina"), format!("{suggestion}usare l'id di un elemento della pagina (id=\"...\") o togliere l'ancora")));
                }
            }
            LinkTarget::Escapes => out.diagnostics.push(file.at(
                Severity::Error,
                r.offset,
                format!(
                    "{what} fuori dal sito: «{url}» risale oltre la cartella principale del sito"
                ),
                format!(
                    "da {rel} la cartella principale è «{}»: togliere i «../» in più",
                    if folder_of(rel).is_empty() {
                        "./".to_owned()
                    } else {
                        "../".repeat(folder_of(rel).matches('/').count())
                    }
                ),
            )),
            LinkTarget::External { host, third_party } => {
                if third_party
                    && let Kind::Resource(w) = r.kind
                    && !out.repeated(format!("terze parti {url}"))
                {
                    out.diagnostics.push(file.at(
                        Severity::Error,
                        r.offset,
                        format!("richiesta a un host di terze parti: {w} da «{url}» (host {host})"),
                        "copiare il file nel tema (static/) e collegarlo con un percorso relativo: le pagine della sezione non devono far contattare ai visitatori altri host",
                    ));
                }
            }
            LinkTarget::OtherScheme => {}
            LinkTarget::Malformed => out.diagnostics.push(file.at(
                Severity::Error,
                r.offset,
                format!("{what} con un indirizzo non valido: «{url}»"),
                "correggere l'indirizzo (ad esempio spazi o caratteri non ammessi nel nome dell'host)",
            )),
            LinkTarget::Internal { path, fragment } => match self.files.lookup(&path) {
                Lookup::File(found) => {
                    let Some(f) = fragment.filter(|f| !trivial_fragment(f)) else {
                        return;
                    };
                    if found == index {
                        if let Some(ids) = own
                            && !ids.contains(&f)
                        {
                            out.diagnostics.push(file.at(Severity::Error, r.offset, format!("ancora mancante: «{url}» non corrisponde a nessun id di questa pagina"), "usare l'id di un elemento della pagina (id=\"...\") o togliere l'ancora"));
                        }
                    } else {
                        let name = self.files.name(found);
                        if is_page(name) || extension(name) == "svg" {
                            out.pend(found, f, index, r.offset);
                        }
                    }
                }
                Lookup::NoSlash(found) => out.diagnostics.push(file.at(
                    Severity::Warning,
                    r.offset,
                    format!("{what} a una cartella senza la barra finale: «{url}»"),
                    format!(
                        "scrivere «{}/»: senza barra il server deve reindirizzare a {}",
                        url.split(['?', '#']).next().unwrap_or(url),
                        self.files.name(found)
                    ),
                )),
                missing @ (Lookup::Missing | Lookup::NoIndex) => {
                    if out.repeated(format!("mancante {path}")) {
                        return;
                    }
                    let plain = url.split(['?', '#']).next().unwrap_or(url);
                    let resolved = if path.is_empty() {
                        " (la cartella principale del sito)".to_owned()
                    } else if plain == path {
                        String::new()
                    } else {
                        format!(" (cioè {path})")
                    };
                    let (message, hint) = match r.kind {
                        Kind::Link => (format!("link interrotto: «{url}»{resolved} non esiste nel sito"), "correggere l'indirizzo (i percorsi relativi partono dalla cartella della pagina) o generare la pagina mancante".to_owned()),
                        Kind::Resource(w) => (format!("risorsa mancante: {w} «{url}»{resolved} non esiste nel sito"), format!("copiare il file nel tema (static/) o correggere il percorso, che parte dalla cartella di {rel}")),
                    };
                    let message = if matches!(missing, Lookup::NoIndex) {
                        format!("{message}: la cartella c'è, ma senza index.html")
                    } else {
                        message
                    };
                    out.diagnostics
                        .push(file.at(Severity::Error, r.offset, message, hint));
                }
            },
        }
    }

    fn page(&self, index: u32) -> FileOut {
        let rel = self.files.name(index);
        let mut out = FileOut::default();
        let path = self.root.join(rel);
        let text = match read_text(&path) {
            Ok(t) => t,
            Err(e) => {
                out.diagnostics.push(whole_file(
                    path,
                    format!("pagina illeggibile: {e}"),
                    "controllare i permessi del file",
                ));
                return out;
            }
        };
        let file = Located::new(path.clone(), text);
        let scan: PageScan = page::scan(file.text());
        let mut dir = folder_of(rel).to_owned();
        let mut outside: Option<LinkTarget> = None;
        let mut base_page: Option<String> = None;
        if let Some((href, offset)) = &scan.base_href {
            match url::resolve(href, folder_of(rel), self.base) {
                LinkTarget::Internal { path, .. } => {
                    dir = folder_of(&path).to_owned();
                    base_page = Some(path);
                }
                LinkTarget::SamePage { .. } => {}
                LinkTarget::Escapes => out.diagnostics.push(file.at(
                    Severity::Error,
                    *offset,
                    format!(
                        "<base href> fuori dal sito: «{href}» risale oltre la cartella principale"
                    ),
                    "correggere <base href> o toglierlo",
                )),
                other => outside = Some(other),
            }
        }
        let dir = match &outside {
            Some(t) => Dir::Outside(t),
            None => Dir::Site(&dir),
        };
        for r in &scan.refs {
            // With <base href>, "#x" refers to the base document, not to this page.
            if let Some(b) = &base_page
                && r.url.trim().starts_with('#')
            {
                let joined = page::Ref {
                    url: format!("{b}{}", r.url.trim()),
                    offset: r.offset,
                    kind: r.kind,
                };
                self.check_ref(
                    &file,
                    (rel, index),
                    Dir::Site(""),
                    &joined,
                    Some(&scan.ids),
                    &mut out,
                );
                continue;
            }
            self.check_ref(&file, (rel, index), dir, r, Some(&scan.ids), &mut out);
        }
        for (text, offset) in &scan.link_texts {
            for (i, label) in LABELS.iter().enumerate() {
                if text == label {
                    out.labels[i] = true;
                } else if text.to_lowercase() == label.to_lowercase() {
                    out.diagnostics.push(file.at(Severity::Error, *offset, format!("etichetta ufficiale non riportata testualmente: «{text}» invece di «{label}»"), "usare la denominazione esatta della sotto-sezione (allegato 1 della delibera ANAC 1310/2016), maiuscole comprese"));
                }
            }
        }
        for p in &scan.problems {
            out.diagnostics
                .push(file.at(Severity::Error, p.offset, p.message.clone(), p.hint));
        }
        let name = &rel[rel.rfind('/').map_or(0, |i| i + 1)..];
        if name != "404.html" {
            let hint = |what: &str| {
                format!(
                    "il blocco «Informazioni sulla pagina» del tema deve mostrare {what} (themes/default/templates/components/metadati.html)"
                )
            };
            let missing = [
                (
                    scan.published.is_none(),
                    "la data di pubblicazione",
                    "<dt>Pubblicato il</dt><dd><time datetime=\"AAAA-MM-GG\">…</time></dd>, oppure un elemento con data-metadato=\"pubblicazione\"",
                ),
                (
                    scan.updated.is_none(),
                    "la data di ultimo aggiornamento",
                    "<dt>Ultimo aggiornamento</dt><dd><time datetime=\"AAAA-MM-GG\">…</time></dd>, oppure un elemento con data-metadato=\"aggiornamento\"",
                ),
                (
                    scan.office.is_none(),
                    "l'ufficio responsabile",
                    "<dt>Ufficio responsabile</dt><dd>nome dell'ufficio</dd>, oppure un elemento con data-metadato=\"ufficio\"",
                ),
            ];
            for (absent, what, how) in missing {
                if absent {
                    out.diagnostics.push(whole_file(
                        path.clone(),
                        format!("la pagina non mostra {what}"),
                        hint(how),
                    ));
                }
            }
            if let (Some(p), Some(u)) = (&scan.published, &scan.updated)
                && u[..10] < p[..10]
            {
                out.diagnostics.push(whole_file(path.clone(), format!("la data di ultimo aggiornamento ({u}) precede quella di pubblicazione ({p})"), "controllare le date «pubblicato» e «aggiornato» nei contenuti"));
            }
        }
        out.ids = Some((index, scan.ids.iter().map(|id| id_hash(id)).collect()));
        out.finish()
    }

    fn stylesheet(&self, index: u32) -> FileOut {
        let rel = self.files.name(index);
        let mut out = FileOut::default();
        let path = self.root.join(rel);
        let Ok(text) = read_text(&path) else {
            return out;
        };
        let file = Located::new(path, text);
        for u in css::urls(file.text()) {
            let kind = match url::resolve(&u.url, folder_of(rel), self.base) {
                LinkTarget::Internal { path, .. } => css_kind(&path),
                _ => css_kind(u.url.split(['?', '#']).next().unwrap_or("")),
            };
            let r = page::Ref {
                url: u.url,
                offset: u.offset,
                kind: Kind::Resource(kind),
            };
            self.check_ref(
                &file,
                (rel, index),
                Dir::Site(folder_of(rel)),
                &r,
                None,
                &mut out,
            );
        }
        out.finish()
    }

    fn script(&self, index: u32) -> FileOut {
        let rel = self.files.name(index);
        let mut out = FileOut::default();
        let path = self.root.join(rel);
        let Ok(text) = read_text(&path) else {
            return out;
        };
        let file = Located::new(path, text);
        for i in page::cookie_uses(file.text()) {
            out.diagnostics.push(file.at(Severity::Error, i, "lo script imposta o legge cookie: document.cookie", "la sezione non deve impostare cookie: togliere lo script; senza cookie non servono banner né consenso"));
        }
        out
    }
}

/// Reads the public address from the canonical URL of the root page, or of any
/// page whose canonical URL ends with its own path.
fn find_base(root: &Path, pages: &[&str]) -> SiteBase {
    let ordered = pages
        .iter()
        .filter(|p| **p == "index.html")
        .chain(pages.iter().filter(|p| **p != "index.html"))
        .take(50);
    for rel in ordered {
        let Ok(text) = read_text(&root.join(rel)) else {
            continue;
        };
        let Some(canonical) = page::scan(&text).canonical else {
            continue;
        };
        let own = rel.strip_suffix("index.html").unwrap_or(rel);
        let without_fragment = canonical.split(['#', '?']).next().unwrap_or("");
        if let Some(prefix) = without_fragment.strip_suffix(own)
            && let Some(base) = SiteBase::from_url(prefix)
        {
            return base;
        }
    }
    SiteBase::default()
}

/// Checks the built site in `root`.
pub fn check_site(root: &Path) -> LinkReport {
    let mut report = LinkReport {
        diagnostics: Vec::new(),
        pages: 0,
        links: 0,
        base: SiteBase::default(),
    };
    if !root.is_dir() {
        report.diagnostics.push(whole_file(root, "la cartella del sito non esiste", "generare il sito con «trasparenza build» e indicare la cartella di uscita (predefinita: public)"));
        return report;
    }
    let mut files = Files {
        names: Vec::new(),
        index: HashMap::new(),
        dirs: HashSet::new(),
    };
    for entry in walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            files.dirs.insert(format!("{rel}/"));
        } else {
            files.index.insert(
                rel.clone(),
                u32::try_from(files.names.len()).unwrap_or(u32::MAX),
            );
            files.names.push(rel);
        }
    }
    let pages: Vec<&str> = files
        .names
        .iter()
        .map(String::as_str)
        .filter(|r| is_page(r))
        .collect();
    let base = find_base(root, &pages);
    let ctx = Ctx {
        root,
        files: &files,
        base: &base,
    };

    let outs: Vec<FileOut> = (0..u32::try_from(files.names.len()).unwrap_or(u32::MAX))
        .into_par_iter()
        .filter_map(|i| match extension(files.name(i)).as_str() {
            "html" | "htm" => Some(ctx.page(i)),
            "css" => Some(ctx.stylesheet(i)),
            "js" | "mjs" => Some(ctx.script(i)),
            _ => None,
        })
        .collect();

    let mut ids: HashMap<u32, HashSet<u64>> = HashMap::with_capacity(pages.len());
    let mut pending = Vec::new();
    let mut labels = [false; 5];
    for out in outs {
        report.diagnostics.extend(out.diagnostics);
        report.links += out.links;
        if let Some((i, set)) = out.ids {
            ids.insert(i, set);
        }
        pending.extend(out.pending);
        for (l, found) in labels.iter_mut().zip(out.labels) {
            *l |= found;
        }
    }

    // Anchors in other pages and in SVG sprites, each target indexed once.
    let svgs: HashSet<u32> = pending
        .iter()
        .map(|p| p.target)
        .filter(|t| !ids.contains_key(t))
        .collect();
    let svg_ids: Vec<(u32, HashSet<u64>)> = svgs
        .into_par_iter()
        .map(|t| {
            let set = read_text(&root.join(files.name(t)))
                .map(|s| page::svg_ids(&s))
                .unwrap_or_default();
            (t, set.iter().map(|id| id_hash(id)).collect())
        })
        .collect();
    ids.extend(svg_ids);
    let missing: Vec<Pending> = pending
        .into_iter()
        .filter(|p| {
            ids.get(&p.target)
                .is_some_and(|set| !set.contains(&id_hash(&p.fragment)))
        })
        .collect();
    report
        .diagnostics
        .extend(missing_anchors(root, &files, missing));
    for (label, found) in LABELS.iter().zip(labels) {
        if !found {
            report.diagnostics.push(whole_file(
                root,
                format!("etichetta ufficiale mancante: nessun link del sito ha il testo «{label}»"),
                "ogni sotto-sezione della Performance va collegata con la sua denominazione esatta (allegato 1 della delibera ANAC 1310/2016), ad esempio nel menu della sezione",
            ));
        }
    }
    check_robots(root, &files, &base, &mut report);
    check_sitemap(root, &files, &base, &mut report);

    report.pages = pages.len();
    report.base = base;
    diagnostic::sort(&mut report.diagnostics);
    report
}

/// Diagnostics for anchors missing in other files: each referring file and each
/// target is read again, only here, to show the reference as written and suggest ids.
fn missing_anchors(root: &Path, files: &Files, mut missing: Vec<Pending>) -> Vec<Diagnostic> {
    missing.sort_by_key(|p| (p.file, p.offset));
    let mut target_ids: HashMap<u32, HashSet<String>> = HashMap::new();
    let mut out = Vec::new();
    for group in missing.chunk_by(|a, b| a.file == b.file) {
        let rel = files.name(group[0].file);
        let path = root.join(rel);
        let Ok(text) = read_text(&path) else { continue };
        let written: HashMap<usize, String> = if is_page(rel) {
            let scan = page::scan(&text);
            scan.refs
                .into_iter()
                .map(|r| (r.offset, r.url.trim().to_owned()))
                .collect()
        } else {
            css::urls(&text)
                .into_iter()
                .map(|u| (u.offset, u.url))
                .collect()
        };
        let file = Located::new(path, text);
        for p in group {
            let target = files.name(p.target);
            let ids = target_ids.entry(p.target).or_insert_with(|| {
                let text = read_text(&root.join(target)).unwrap_or_default();
                if is_page(target) {
                    page::scan(&text).ids
                } else {
                    page::svg_ids(&text)
                }
            });
            let suggestion = diagnostic::did_you_mean(&p.fragment, ids.iter().map(String::as_str))
                .map(|s| format!("forse «#{s}»? "))
                .unwrap_or_default();
            let url = written
                .get(&p.offset)
                .cloned()
                .unwrap_or_else(|| format!("#{}", p.fragment));
            let mut message =
                format!("ancora mancante: «{url}» non corrisponde a nessun id di {target}");
            if p.count > 1 {
                message.push_str(&repeated_note(p.count));
            }
            out.push(file.at(
                Severity::Error,
                p.offset,
                message,
                format!("{suggestion}usare l'id di un elemento di {target} (id=\"...\") o correggere il link"),
            ));
        }
    }
    out
}

/// `robots.txt` must not block anything, and the sitemap it names must exist.
fn check_robots(root: &Path, files: &Files, base: &SiteBase, report: &mut LinkReport) {
    if !files.index.contains_key("robots.txt") {
        return;
    }
    let path = root.join("robots.txt");
    let Ok(text) = read_text(&path) else { return };
    let file = Located::new(path, text);
    let mut offset = 0;
    for line in file.text().split_inclusive('\n') {
        let content = line.split('#').next().unwrap_or("").trim();
        if let Some((field, value)) = content.split_once(':') {
            let value = value.trim();
            match field.trim().to_ascii_lowercase().as_str() {
                "disallow" if !value.is_empty() => report.diagnostics.push(file.at(
                    Severity::Error,
                    offset,
                    format!("robots.txt blocca i motori di ricerca: «{content}»"),
                    "togliere la riga: l'art. 9, c. 1, d.lgs. 33/2013 vieta filtri che impediscono l'indicizzazione della sezione «Amministrazione trasparente»",
                )),
                "sitemap" => {
                    if let LinkTarget::Internal { path, .. } = url::resolve(value, "", base)
                        && !matches!(files.lookup(&path), Lookup::File(_))
                    {
                        report.diagnostics.push(file.at(Severity::Error, offset, format!("robots.txt indica una sitemap che non esiste: «{value}»"), "generare sitemap.xml o correggere l'indirizzo"));
                    }
                }
                _ => {}
            }
        }
        offset += line.len();
    }
}

/// Every `<loc>` of `sitemap.xml` inside the site must exist.
fn check_sitemap(root: &Path, files: &Files, base: &SiteBase, report: &mut LinkReport) {
    if !files.index.contains_key("sitemap.xml") {
        return;
    }
    let path = root.join("sitemap.xml");
    let Ok(text) = read_text(&path) else { return };
    let file = Located::new(path, text);
    let mut in_loc = false;
    for token in html::Tokenizer::new(file.text()) {
        match token {
            html::Token::Start(t) => in_loc = t.name == "loc",
            html::Token::End(_) => in_loc = false,
            html::Token::Text { text, offset } if in_loc => {
                let loc = html::decode(text.trim());
                report.links += 1;
                if let LinkTarget::Internal { path, .. } = url::resolve(&loc, "", base)
                    && !matches!(files.lookup(&path), Lookup::File(_))
                {
                    let at = offset + (text.len() - text.trim_start().len());
                    report.diagnostics.push(file.at(
                        Severity::Error,
                        at,
                        format!("la sitemap elenca una pagina che non esiste: «{loc}»"),
                        "rigenerare il sito: la sitemap deve elencare solo pagine pubblicate",
                    ));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_the_rendered_sections() {
        let rendered: Vec<&str> = crate::render::pages::SECTIONS.iter().map(|s| s.0).collect();
        assert_eq!(rendered, LABELS);
    }

    #[test]
    fn css_kinds() {
        assert_eq!(css_kind("static/fonts/a.woff2"), "font");
        assert_eq!(css_kind("img/A.PNG"), "immagine");
        assert_eq!(extension("a.b/c"), "");
    }
}

#[cfg(test)]
mod site_tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        dir
    }

    fn errors(dir: &Path) -> Vec<String> {
        check_site(dir)
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.line > 0)
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn base_href_changes_where_references_go() {
        let dir = site(&[
            (
                "a.html",
                "<base href=\"https://cdn.example.com/lib/\"><img src=\"logo.png\" alt=\"\"><a href=\"pagina.html\">x</a>",
            ),
            (
                "b.html",
                "<base href=\"sub/\"><a href=\"#c\">c</a> <a href=\"#manca\">m</a> <img src=\"i.png\" alt=\"\">",
            ),
            ("sub/index.html", "<h1 id=\"c\">c</h1>"),
            ("sub/i.png", "png"),
        ]);
        assert_eq!(
            errors(dir.path()),
            [
                "1:53: richiesta a un host di terze parti: immagine da «logo.png» (host cdn.example.com)",
                "1:47: ancora mancante: «#manca» non corrisponde a nessun id di sub/index.html",
            ]
        );
    }

    #[test]
    fn repeated_problems_are_counted_not_repeated() {
        let dir = site(&[
            (
                "index.html",
                "<img src=\"x.png\" alt=\"\"><img src=\"x.png\" alt=\"\">\n<a href=\"p.html#a\">1</a><a href=\"p.html#a\">2</a>",
            ),
            ("p.html", "<p id=\"b\">b</p>"),
        ]);
        assert_eq!(
            errors(dir.path()),
            [
                "1:11: risorsa mancante: immagine «x.png» non esiste nel sito (2 volte in questo file)",
                "2:10: ancora mancante: «p.html#a» non corrisponde a nessun id di p.html (2 volte in questo file)",
            ]
        );
    }
}
