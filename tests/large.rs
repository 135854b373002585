//! A large plan (more than `LARGE_PLAN` operational objectives): list pages do not
//! grow with the plan. The plan page links to the strategic objectives, each listing
//! its operational ones; a monitoring period has one page per area; every operational
//! objective is still listed exactly once per period, every link resolves, and the
//! period's open-data table keeps every objective.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};
use trasparenza::render::pages::LARGE_PLAN;

mod common;
use common::copy_dir;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped content with every operational objective (and its 2022-S1 measures)
/// copied `copies` times under new ids.
fn large_content(dir: &Path, copies: usize) {
    copy_dir(&manifest().join("content"), dir);
    for folder in [
        "piani/2022-2024/obiettivi-operativi",
        "piani/2022-2024/monitoraggio/2022-S1/obiettivi-operativi",
    ] {
        let folder = dir.join(folder);
        let originals: Vec<PathBuf> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        for path in originals {
            let text = fs::read_to_string(&path).unwrap();
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            for k in 1..=copies {
                let new_id = format!("{id}.{k}");
                let copy = text
                    .replacen(&format!("id = \"{id}\""), &format!("id = \"{new_id}\""), 1)
                    .replacen(
                        &format!("obiettivo = \"{id}\""),
                        &format!("obiettivo = \"{new_id}\""),
                        1,
                    );
                fs::write(folder.join(format!("{new_id}.toml")), copy).unwrap();
            }
        }
    }
}

fn page(site: &Path, rel: &str) -> Html {
    Html::parse_document(&fs::read_to_string(site.join(rel)).unwrap())
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Codes of the objectives in the rows of the results table of a page.
fn row_codes(html: &Html) -> Vec<String> {
    html.select(&sel("#tabella-esiti tbody th .obiettivo-codice"))
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[test]
fn list_pages_of_a_large_plan_are_split_and_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    large_content(&content, 16);
    let plan = trasparenza::load::load_dir(&content)
        .into_current()
        .expect("valid content");
    assert!(
        plan.operational.len() > LARGE_PLAN,
        "{}",
        plan.operational.len()
    );
    let out = tmp.path().join("public");
    let o = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(["build", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // the plan page: no operational rows, a link to each strategic objective's page
    let piano = page(&out, "piano-della-performance/index.html");
    assert_eq!(piano.select(&sel("table.table-obiettivi")).count(), 0);
    for s in &plan.strategic {
        let href = format!(
            "../piano-della-performance/2022-2024/obiettivi-strategici/{}/",
            s.id
        );
        let n = plan
            .operational
            .iter()
            .filter(|o| o.parent.as_deref() == Some(s.id.as_str()))
            .count();
        if n > 0 {
            let link = piano
                .select(&sel(&format!("a[href=\"{href}\"]")))
                .find(|a| a.text().collect::<String>().contains("elenco e stati"))
                .unwrap_or_else(|| panic!("no link to the list of {}", s.id));
            let para: String = link
                .parent()
                .and_then(scraper::ElementRef::wrap)
                .unwrap()
                .text()
                .collect();
            assert!(
                para.starts_with(&format!("{n} obiettivi operativi")),
                "{para}"
            );
        }
    }

    // the period: strategic, individual and common objectives on its page, the
    // operational ones on the area pages, each exactly once
    let period = page(&out, "monitoraggio/2022-S1/index.html");
    let main: Vec<String> = row_codes(&period);
    let expected_main = plan.strategic.len() + plan.individual.len() + plan.common.len();
    assert_eq!(main.len(), expected_main);
    let mut seen = BTreeSet::new();
    for a in &plan.areas {
        let rel = format!("monitoraggio/2022-S1/aree/{}/index.html", a.id);
        let link = format!("../../monitoraggio/2022-S1/aree/{}/", a.id);
        assert_eq!(
            period.select(&sel(&format!("a[href=\"{link}\"]"))).count(),
            1,
            "no link to {rel}"
        );
        for code in row_codes(&page(&out, &rel)) {
            assert!(seen.insert(code.clone()), "{code} listed twice");
        }
    }
    let all: BTreeSet<String> = plan.operational.iter().map(|o| o.id.clone()).collect();
    assert_eq!(seen, all);
    // the monitored count is the whole period
    let dl: String = period
        .select(&sel("dl.scheda"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        dl.contains(&format!("Obiettivi monitorati{}", main.len() + all.len())),
        "{dl}"
    );
    // the open-data table of the period keeps every objective
    let csv = fs::read_to_string(out.join("opendata/tabelle/monitoraggio-2022-S1.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + main.len() + all.len());

    // every link of the split pages resolves
    let check = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(["check", "--content"])
        .arg(&content)
        .arg("--links")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

/// The preview of a large plan (pages per area in each period, objectives listed by their
/// strategic objective) after an edit that changes no id: the path table is kept and,
/// after the page asked for before is warmed, every file is the full build's. (That
/// warming renders that page and not the others is asserted in `serve::pipeline`'s unit
/// tests, where the render state can be seen.)
#[test]
fn the_preview_of_a_large_plan_after_an_edit_is_the_full_build() {
    use trasparenza::build::{Options, build};
    use trasparenza::serve::pipeline::{Dirty, Pipeline, Tracker};

    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    large_content(&content, 16);
    let opts = Options {
        content: content.canonicalize().unwrap(),
        preview: true,
        ..Options::default()
    };
    let mut tracker = Tracker::new(opts.content.clone(), None);
    let mut pipeline = Pipeline::new(opts.clone());
    let (first, _) = pipeline.build(Dirty::ALL).unwrap();
    let page = "piano-della-performance/2022-2024/obiettivi-operativi/1.6.1.3/index.html";
    assert!(first.get(page).unwrap().is_ok());

    let file = opts
        .content
        .join("piani/2022-2024/obiettivi-operativi/1.6.1.3.toml");
    let text = fs::read_to_string(&file).unwrap();
    let edited = text.replacen("titolo = \"", "titolo = \"Titolo cambiato: ", 1);
    assert_ne!(text, edited);
    fs::write(&file, edited).unwrap();
    let (site, _) = pipeline
        .rebuild(&tracker.update(std::slice::from_ref(&file)))
        .unwrap();
    assert!(site.shares_paths_with(&first));
    site.warm(&first);

    let full = build(&opts).unwrap().site;
    assert!(full.files.len() > 3 * LARGE_PLAN);
    assert_eq!(site.counts().0, full.files.len());
    for (path, bytes) in &full.files {
        let served = site.get(path).unwrap_or_else(|| panic!("{path} missing"));
        assert!(served.unwrap() == bytes[..], "{path} differs");
    }
    let html = String::from_utf8(site.get(page).unwrap().unwrap().to_vec()).unwrap();
    assert!(html.contains("Titolo cambiato: "));
}
