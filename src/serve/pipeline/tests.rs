//! The preview pipeline: after each kind of change every file it serves equals the one a full
//! build writes, content errors are returned and then cleared, and only real changes count.

use super::*;
use crate::build::build as full;
use crate::render::Site;
use crate::render::theme::ThemeSource;

fn copy_dir(from: &Path, to: &Path) {
    for entry in WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn fixture() -> (tempfile::TempDir, Options) {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(root).join("content"),
        &dir.path().join("content"),
    );
    copy_dir(
        &Path::new(root).join("themes/default"),
        &dir.path().join("tema"),
    );
    let opts = Options {
        content: dir.path().join("content").canonicalize().unwrap(),
        theme: ThemeSource::Folder(dir.path().join("tema").canonicalize().unwrap()),
        preview: true,
        ..Options::default()
    };
    (dir, opts)
}

/// The fixture's theme folder.
fn tema(opts: &Options) -> &Path {
    opts.theme
        .folder()
        .expect("the fixture uses a theme folder")
}

/// Every file of the full build `b`, asked one by one from the preview site `a`
/// (rendered on request), then the whole of `a` rendered at once.
fn same(a: &LiveSite, b: &Site) {
    // no path beyond the build's (a path table kept from a version before)
    assert_eq!(a.counts().0, b.files.len());
    for (p, bytes) in &b.files {
        let got = a.get(p).unwrap_or_else(|| panic!("{p} missing")).unwrap();
        assert!(got == bytes, "{p} differs when rendered on request");
    }
    let a = a.render_all().unwrap();
    let pa: Vec<&str> = a.files.iter().map(|(p, _)| p.as_str()).collect();
    let pb: Vec<&str> = b.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(pa, pb);
    for ((p, x), (_, y)) in a.files.iter().zip(&b.files) {
        assert!(x == y, "{p} differs");
    }
}

const MEASURE: &str = "piani/2022-2024/monitoraggio/2022-S1/obiettivi-operativi/1.6.1.toml";

/// Each partial rebuild gives exactly what a full build gives.
#[test]
fn partial_rebuilds_match_full_build() {
    let (_dir, opts) = fixture();
    let mut p = Pipeline::new(opts.clone());
    let (first, _) = p.build(Dirty::ALL).unwrap();
    same(&first, &full(&opts).unwrap().site);

    // Content only: the cached theme is reused.
    let file = opts.content.join(MEASURE);
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("\"69,5%\"", "\"75%\"");
    fs::write(&file, text).unwrap();
    let (second, _) = p
        .build(Dirty {
            content: true,
            ..Dirty::default()
        })
        .unwrap();
    let full2 = full(&opts).unwrap().site;
    same(&second, &full2);
    assert!(first.render_all().unwrap().files != full2.files);

    // Static file only: pages are kept, static files replaced.
    let css = tema(&opts).join("static/css/trasparenza.css");
    let mut bytes = fs::read(&css).unwrap();
    bytes.extend_from_slice(b"\n/* prova */\n");
    fs::write(&css, bytes).unwrap();
    fs::write(tema(&opts).join("static/nuovo.txt"), "nuovo").unwrap();
    let (third, _) = p
        .build(Dirty {
            statics: true,
            ..Dirty::default()
        })
        .unwrap();
    same(&third, &full(&opts).unwrap().site);

    // Template: the cached plan is reused.
    let base = tema(&opts).join("templates/base.html");
    let text = fs::read_to_string(&base).unwrap().replace(
        "<main id=\"contenuto\">",
        "<main id=\"contenuto\" data-prova=\"1\">",
    );
    fs::write(&base, text).unwrap();
    let (fourth, _) = p
        .build(Dirty {
            templates: true,
            ..Dirty::default()
        })
        .unwrap();
    same(&fourth, &full(&opts).unwrap().site);
    let home = fourth.get("index.html").unwrap().unwrap();
    assert!(String::from_utf8_lossy(&home).contains("data-prova"));
}

/// A broken file is reported; a broken theme stays reported until fixed,
/// even if only the content changes in the meantime.
#[test]
fn errors_are_returned_and_cleared() {
    let (_dir, opts) = fixture();
    let mut p = Pipeline::new(opts.clone());
    p.build(Dirty::ALL).unwrap();
    let file = opts.content.join(MEASURE);
    let good = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        good.replace("valore = \"69,5%\"", "valore = \"69,5%"),
    )
    .unwrap();
    let err = p
        .build(Dirty {
            content: true,
            ..Dirty::default()
        })
        .unwrap_err();
    assert!(err.iter().any(|d| d.is_error() && d.line > 0), "{err:?}");
    fs::write(&file, &good).unwrap();
    p.build(Dirty {
        content: true,
        ..Dirty::default()
    })
    .unwrap();

    let base = tema(&opts).join("templates/base.html");
    let tpl = fs::read_to_string(&base).unwrap();
    fs::write(
        &base,
        tpl.replace(
            "{% block content %}{% endblock content %}",
            "{% block content %}",
        ),
    )
    .unwrap();
    assert!(
        p.build(Dirty {
            templates: true,
            ..Dirty::default()
        })
        .is_err()
    );
    assert!(
        p.build(Dirty {
            content: true,
            ..Dirty::default()
        })
        .is_err()
    );
    fs::write(&base, tpl).unwrap();
    assert!(
        p.build(Dirty {
            templates: true,
            ..Dirty::default()
        })
        .is_ok()
    );
}

#[test]
fn tracker_reports_real_changes_only() {
    let (_dir, opts) = fixture();
    let mut t = Tracker::new(opts.content.clone(), Some(tema(&opts).to_path_buf()));
    let file = opts.content.join(MEASURE);
    let text = fs::read_to_string(&file).unwrap();

    // Same bytes written again: nothing.
    fs::write(&file, &text).unwrap();
    assert!(t.update(std::slice::from_ref(&file)).dirty.is_clean());
    // Editor leftovers and non-TOML files: nothing.
    let swap = opts
        .content
        .join("piani/2022-2024/monitoraggio/2022-S1/obiettivi-operativi/.1.6.1.toml.swp");
    fs::write(&swap, "x").unwrap();
    let notes = opts.content.join("appunti.txt");
    fs::write(&notes, "x").unwrap();
    assert!(t.update(&[swap, notes]).dirty.is_clean());

    // A real edit: content only.
    fs::write(&file, text.replace("69,5%", "75%")).unwrap();
    let c = t.update(std::slice::from_ref(&file));
    assert_eq!(
        c.dirty,
        Dirty {
            content: true,
            ..Dirty::default()
        }
    );
    assert_eq!(c.files, vec![MEASURE.to_string()]);
    assert_eq!(c.paths, vec![file.clone()]);
    assert!(!c.has_empty_file());

    // Caught between truncation and write: flagged, and a second look merges in.
    fs::write(&file, "").unwrap();
    let mut c = t.update(std::slice::from_ref(&file));
    assert!(c.has_empty_file());
    fs::write(&file, &text).unwrap();
    c.merge(t.update(std::slice::from_ref(&file)));
    assert!(!c.has_empty_file());
    assert_eq!(c.files, vec![MEASURE.to_string()]);
    assert!(c.dirty.content);

    // Theme: templates vs static files.
    let css = tema(&opts).join("static/css/trasparenza.css");
    fs::write(&css, "body{}").unwrap();
    assert_eq!(
        t.update(std::slice::from_ref(&css)).dirty,
        Dirty {
            statics: true,
            ..Dirty::default()
        }
    );
    let tpl = tema(&opts).join("templates/base.html");
    fs::write(&tpl, "x").unwrap();
    assert_eq!(
        t.update(std::slice::from_ref(&tpl)).dirty,
        Dirty {
            templates: true,
            ..Dirty::default()
        }
    );

    // An editor's temporary file, gone after its rename, and a missing name that is the
    // beginning of a folder's name: nothing.
    let gone = opts.content.join("piani/2022-2024/monitoraggio/sedX1a2b3");
    let prefix = opts.content.join("piani/2022-2024/monitor");
    assert!(t.update(&[gone, prefix]).dirty.is_clean());

    // A removed folder: every file under it counts as changed.
    let folder = opts.content.join("piani/2022-2024/monitoraggio");
    fs::remove_dir_all(&folder).unwrap();
    let c = t.update(&[folder]);
    assert!(c.dirty.content);
    assert!(c.files.len() > 1);
    // And a full rescan afterwards finds nothing new.
    assert!(t.rescan().dirty.is_clean());
}

/// Rebuilt from what the tracker saw change (an edit, a new file, a removed one), the site
/// is what a full build gives.
#[test]
fn rebuilds_from_tracked_changes_match_full_build() {
    let (_dir, opts) = fixture();
    let mut t = Tracker::new(opts.content.clone(), Some(tema(&opts).to_path_buf()));
    let mut p = Pipeline::new(opts.clone());
    let (first, _) = p.build(Dirty::ALL).unwrap();

    let file = opts.content.join(MEASURE);
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("\"69,5%\"", "\"75%\"")).unwrap();
    let changes = t.update(std::slice::from_ref(&file));
    assert_eq!(changes.content, vec![file.clone()]);
    let page = "piano-della-performance/2022-2024/obiettivi-operativi/1.6.1/index.html";
    assert!(first.get(page).unwrap().is_ok());
    let (site, _) = p.rebuild(&changes).unwrap();
    // a measurement changed, no id: the same paths, the table kept
    assert!(site.shares_paths_with(&first));
    // the page asked for before the edit is rendered again at once
    assert!(!site.is_rendered(page));
    site.warm(&first);
    assert!(site.is_rendered(page));
    assert!(!site.is_rendered("index.html"));
    same(&site, &full(&opts).unwrap().site);

    let area = opts.content.join("piani/2022-2024/aree/5.toml");
    fs::write(&area, "id = \"5\"\ntitolo = \"Area aggiunta\"\n").unwrap();
    let (site, _) = p.rebuild(&t.update(std::slice::from_ref(&area))).unwrap();
    let built = full(&opts).unwrap().site;
    assert!(built.files.iter().any(|(p, _)| p.contains("aree/5")));
    same(&site, &built);

    fs::remove_file(&area).unwrap();
    let (site, _) = p.rebuild(&t.update(std::slice::from_ref(&area))).unwrap();
    same(&site, &full(&opts).unwrap().site);

    // An objective's id changed, with its measurement: as many pages as before, at
    // another address; the path table of the previous version cannot be kept.
    let objective = opts
        .content
        .join("piani/2022-2024/obiettivi-operativi/1.6.1.toml");
    let renamed = |f: &Path, from: &str, to: &str| {
        let text = fs::read_to_string(f).unwrap();
        assert!(text.contains(from));
        fs::write(f, text.replace(from, to)).unwrap();
    };
    renamed(&objective, "id = \"1.6.1\"", "id = \"1.6.9\"");
    renamed(&file, "obiettivo = \"1.6.1\"", "obiettivo = \"1.6.9\"");
    let before = site;
    let (site, _) = p
        .rebuild(&t.update(&[objective.clone(), file.clone()]))
        .unwrap();
    let built = full(&opts).unwrap().site;
    assert!(
        built
            .get("piano-della-performance/2022-2024/obiettivi-operativi/1.6.9/index.html")
            .is_some()
    );
    assert_eq!(before.counts(), site.counts());
    assert!(!site.shares_paths_with(&before));
    same(&site, &built);
}
