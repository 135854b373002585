//! `trasparenza check --links`: the site built from the shipped content passes
//! (also under a different sub-path), each fixture site under
//! `tests/gates/links-bad/` fails with exactly its planted defect, the
//! checker handles 50,000 pages, and every icon the theme names is in its sprite.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_trasparenza");
const FIXTURES: &str = "tests/gates/links-bad";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(out: &Path, base_url: Option<&str>) {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(root())
        .args([
            "build",
            "--content",
            "content",
            "--theme",
            "themes/default",
            "--output",
        ])
        .arg(out);
    if let Some(url) = base_url {
        cmd.args(["--base-url", url]);
    }
    let o = cmd.output().expect("run trasparenza build");
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn check(site: &Path) -> Output {
    Command::new(BIN)
        .current_dir(root())
        .args(["check", "--content", "content", "--links"])
        .arg(site)
        .output()
        .expect("run trasparenza check")
}

/// The summary line printed for the site.
fn summary(o: &Output) -> String {
    let stdout = String::from_utf8_lossy(&o.stdout);
    stdout
        .lines()
        .find(|l| l.contains("pagine controllate"))
        .unwrap_or_else(|| panic!("no summary in:\n{stdout}"))
        .to_owned()
}

/// Diagnostics about the site (content warnings are printed too, about .toml files).
fn site_diagnostics(o: &Output, site: &str) -> Vec<String> {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter(|l| l.starts_with(site))
        .map(str::to_owned)
        .collect()
}

/// The HTML files under `dir`; with `themed`, only the theme's pages (not the plain
/// pages left at the addresses from before plan folders, which use no style sheet).
fn count_pages(dir: &Path, themed: bool) -> usize {
    let mut n = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            n += count_pages(&path, themed);
        } else if path.extension().is_some_and(|e| e == "html")
            && !(themed
                && fs::read_to_string(&path)
                    .unwrap()
                    .contains("<h1>Pagina spostata</h1>"))
        {
            n += 1;
        }
    }
    n
}

fn html_pages(dir: &Path) -> usize {
    count_pages(dir, false)
}

fn themed_pages(dir: &Path) -> usize {
    count_pages(dir, true)
}

fn assert_clean(site: &Path) {
    let o = check(site);
    let shown = site.display().to_string();
    let problems = site_diagnostics(&o, &shown);
    assert!(
        o.status.success() && problems.is_empty(),
        "the built site must pass `check --links`:\n{}",
        problems.join("\n")
    );
    let s = summary(&o);
    assert!(
        s.ends_with(&format!(
            "{} pagine controllate, {} link, 0 errori.",
            html_pages(site),
            s.split(", ").nth(1).unwrap_or("").trim_end_matches(" link")
        )),
        "{s}"
    );
}

#[test]
fn the_shipped_site_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public");
    build(&site, None);
    assert_clean(&site);
}

#[test]
fn the_site_built_for_another_sub_path_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public");
    build(
        &site,
        Some("https://www.example.it/amministrazione-trasparente/performance/"),
    );
    assert_clean(&site);
}

/// 404.html links with absolute paths under the base path: they must be checked, not skipped.
#[test]
fn absolute_paths_under_the_base_path_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public");
    build(
        &site,
        Some("https://www.example.it/ente/trasparenza/performance/"),
    );
    fs::remove_file(site.join("static/css/fonts.css")).unwrap();
    let o = check(&site);
    assert_eq!(o.status.code(), Some(1));
    let shown = site.display().to_string();
    let problems = site_diagnostics(&o, &shown);
    let in_404 = format!("{shown}/404.html:");
    assert!(
        problems.iter().any(|l| l.starts_with(&in_404) && l.contains("errore: risorsa mancante: foglio di stile «/ente/trasparenza/performance/static/css/fonts.css»")),
        "{problems:#?}"
    );
    // Every page that uses this style sheet has one error, not one per link. Archived
    // snapshots (archivio/<periodo>/) carry their own copy of static/ and are unaffected.
    let missing_css = problems
        .iter()
        .filter(|l| l.contains("static/css/fonts.css"))
        .count();
    let snapshots = site.join("archivio");
    let in_snapshots: usize = match fs::read_dir(&snapshots) {
        Ok(entries) => entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .map(|p| themed_pages(&p))
            .sum(),
        Err(_) => 0,
    };
    assert_eq!(
        missing_css,
        themed_pages(&site) - in_snapshots,
        "{problems:#?}"
    );
}

/// (fixture, file:line:column, message) of the one planted defect.
const BAD: [(&str, &str, &str); 11] = [
    (
        "link-interrotto",
        "index.html:21:20",
        "link interrotto: «piano/obiettivi/9.9/» non esiste nel sito",
    ),
    (
        "ancora-mancante",
        "index.html:21:20",
        "ancora mancante: «piano/#obiettivo-7» non corrisponde a nessun id di piano/index.html",
    ),
    (
        "css-mancante",
        "index.html:7:30",
        "risorsa mancante: foglio di stile «static/css/tema.css» non esiste nel sito",
    ),
    (
        "font-mancante",
        "style.css:3:13",
        "risorsa mancante: font «fonts/titillium-web-regular.woff2» non esiste nel sito",
    ),
    (
        "script-terze-parti",
        "index.html:7:14",
        "richiesta a un host di terze parti: script da «https://www.googletagmanager.com/gtag/js?id=G-XXXX» (host www.googletagmanager.com)",
    ),
    (
        "noindex",
        "index.html:7:30",
        "la pagina chiede ai motori di ricerca di non indicizzarla (meta robots «noindex, nofollow»)",
    ),
    (
        "robots-disallow",
        "robots.txt:2:1",
        "robots.txt blocca i motori di ricerca: «Disallow: /amministrazione-trasparente/»",
    ),
    (
        "date-mancanti",
        "index.html",
        "la pagina non mostra la data di pubblicazione",
    ),
    (
        "fuori-dal-sito",
        "index.html:21:23",
        "link fuori dal sito: «../../amministrazione-trasparente/» risale oltre la cartella principale del sito",
    ),
    (
        "etichetta-non-testuale",
        "index.html:13:5",
        "etichetta ufficiale non riportata testualmente: «Piano della performance» invece di «Piano della Performance»",
    ),
    (
        "cookie",
        "index.html:22:3",
        "la pagina imposta o legge cookie: document.cookie in uno script",
    ),
];

#[test]
fn each_fixture_fails_with_its_defect_only() {
    let mut failures = Vec::new();
    for (name, at, message) in BAD {
        let site = format!("{FIXTURES}/{name}");
        let o = check(Path::new(&site));
        let problems = site_diagnostics(&o, &site);
        let expected = format!("{site}/{at}: errore: {message}");
        // date-mancanti lacks both dates: two errors, the second about the update date.
        let count = if name == "date-mancanti" { 2 } else { 1 };
        let ok = o.status.code() == Some(1)
            && problems.contains(&expected)
            && problems.len() == count
            && summary(&o).ends_with(&format!(" {count} errori."));
        if !ok {
            failures.push(format!(
                "{name}: expected exit 1 and exactly\n    {expected}\n  got exit {:?} and\n    {}",
                o.status.code(),
                problems.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_message_comes_with_how_to_fix_it() {
    let o = check(Path::new(&format!("{FIXTURES}/link-interrotto")));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let at = stderr
        .find(&format!(
            "{FIXTURES}/link-interrotto/index.html:21:20: errore:"
        ))
        .expect("diagnostic");
    let block: Vec<&str> = stderr[at..].lines().take(4).collect();
    assert!(
        block
            .iter()
            .any(|l| l.starts_with("    = come correggere: ")),
        "{block:#?}"
    );
    assert!(
        block
            .iter()
            .any(|l| l.contains("<a href=\"piano/obiettivi/9.9/\">")),
        "the offending line is shown: {block:#?}"
    );
}

#[test]
fn date_mancanti_reports_the_update_date_too() {
    let site = format!("{FIXTURES}/date-mancanti");
    let o = check(Path::new(&site));
    assert!(site_diagnostics(&o, &site).contains(&format!(
        "{site}/index.html: errore: la pagina non mostra la data di ultimo aggiornamento"
    )));
}

/// Hard but valid markup: comments, scripts, entities, srcset, `name` anchors,
/// `data-metadato` hooks, absolute links to the section, a 404 without metadata.
#[test]
fn the_valid_fixture_passes_without_warnings() {
    let site = format!("{FIXTURES}/valido");
    let o = check(Path::new(&site));
    let problems = site_diagnostics(&o, &site);
    assert!(o.status.success() && problems.is_empty(), "{problems:#?}");
    assert_eq!(
        summary(&o),
        format!("Sito {site}: 3 pagine controllate, 42 link, 0 errori.")
    );
}

#[test]
fn every_fixture_is_tested() {
    let on_disk: BTreeSet<String> = fs::read_dir(root().join(FIXTURES))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let tested: BTreeSet<String> = BAD
        .iter()
        .map(|b| b.0.to_owned())
        .chain(["valido".to_owned()])
        .collect();
    assert_eq!(on_disk, tested);
}

#[test]
fn a_missing_site_folder_is_an_error() {
    let o = check(Path::new("non-esiste-questa-cartella"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("non-esiste-questa-cartella: errore: la cartella del sito non esiste")
    );
}

const LABEL_NAV: &str = r#"<nav><a href="index.html#s">Sistema di misurazione e valutazione della Performance</a> <a href="index.html#s">Piano della Performance</a> <a href="index.html#s">Relazione sulla Performance</a> <a href="index.html#s">Ammontare complessivo dei premi</a> <a href="index.html#s">Dati relativi ai premi</a></nav>"#;
const META: &str = r#"<dl><dt>Pubblicato il</dt><dd><time datetime="2022-01-31">31/01/2022</time></dd><dt>Ultimo aggiornamento</dt><dd><time datetime="2022-07-29">29/07/2022</time></dd><dt>Ufficio responsabile</dt><dd>Segreteria</dd></dl>"#;

/// 50,000 pages, each linking to the next one's anchor: linear work, one planted error found.
#[test]
fn fifty_thousand_pages() {
    const N: usize = 50_000;
    // Creating and deleting 50,000 files is slow on some disks: use memory when there is some.
    let shm = Path::new("/dev/shm");
    let tmp = if shm.is_dir() {
        tempfile::tempdir_in(shm).or_else(|_| tempfile::tempdir())
    } else {
        tempfile::tempdir()
    }
    .unwrap();
    let site = tmp.path();
    fs::write(site.join("style.css"), "body{}\n").unwrap();
    fs::write(site.join("index.html"), format!("<!DOCTYPE html><title>x</title><link rel=stylesheet href=style.css>{LABEL_NAV}<h1 id=s>x</h1><a href=\"p/0/0.html#a\">inizio</a>{META}\n")).unwrap();
    for i in 0..N {
        let next = (i + 1) % N;
        // The last page links to an anchor that does not exist.
        let anchor = if i == N - 1 { "manca" } else { "a" };
        let dir = site.join(format!("p/{}", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir_all(&dir).unwrap();
        }
        let html = format!(
            "<!DOCTYPE html><html lang=it><head><meta charset=utf-8><title>Pagina {i}</title><link rel=stylesheet href=\"../../style.css\"></head>\n<body><h1 id=a>Pagina {i}</h1><p><a href=\"../{}/{next}.html#{anchor}\">successiva</a> <a href=\"../../\">Performance</a> <a href=\"#a\">su</a></p>\n{META}</body></html>\n",
            next / 1000
        );
        fs::write(dir.join(format!("{i}.html")), html).unwrap();
    }
    let started = Instant::now();
    let report = trasparenza::linkcheck::check_site(site);
    let elapsed = started.elapsed();
    eprintln!(
        "{N} pagine: {} in {:.1} s",
        report.summary(),
        elapsed.as_secs_f64()
    );
    assert_eq!(report.pages, N + 1);
    assert_eq!(report.links, 7 + 4 * N);
    let errors: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains(
            "ancora mancante: «../0/0.html#manca» non corrisponde a nessun id di p/0/0.html"
        ),
        "{}",
        errors[0]
    );
    // Generous bound (debug build, shared CI machine): a quadratic step would need hours.
    assert!(elapsed.as_secs() < 120, "{elapsed:?}");
}

/// Every icon the default theme's templates name, literally or as the status badge's
/// choice, is a symbol of its sprite: the link gate sees only the icons of the pages a
/// site happens to have, and a badge for a status no test site shows would go unseen.
#[test]
fn every_icon_of_the_theme_is_in_its_sprite() {
    let theme = root().join("themes/default");
    let sprite = fs::read_to_string(theme.join("static/svg/sprites.svg")).unwrap();
    let symbols: BTreeSet<&str> = sprite
        .split("<symbol")
        .skip(1)
        .filter_map(|s| s.split("id=\"").nth(1)?.split('"').next())
        .collect();
    let mut named = BTreeSet::new();
    for entry in walkdir::WalkDir::new(theme.join("templates")) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        // `sprites.svg#it-<name>`, or the name the badge sets (`#it-{{ icona }}` is skipped)
        let literal = text.split("sprites.svg#it-").skip(1);
        let badge = text.split("{% set icona = \"").skip(1);
        for rest in literal.chain(badge) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if !name.is_empty() {
                named.insert((name, path.clone()));
            }
        }
    }
    assert!(named.len() >= 15, "too few icons found: {named:?}");
    for (name, path) in &named {
        let id = format!("it-{name}");
        assert!(
            symbols.contains(id.as_str()),
            "{}: icon {id} is not in the sprite",
            path.display()
        );
    }
}
