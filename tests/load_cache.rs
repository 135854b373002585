//! The cached load of the preview (`load_dir_cached`) gives exactly what a fresh
//! `load_dir` gives, after every kind of change to the content folder, and parses
//! again only the files that changed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use trasparenza::load::{Cache, Loaded, load_dir, load_dir_cached, load_dir_edited};
use trasparenza::model::{Kind, Measured, Plan};

const REPORT: &str = "piani/2022-2024/monitoraggio/2022-S1/obiettivi-operativi/1.2.2.toml";
const OBJECTIVE: &str = "piani/2022-2024/obiettivi-operativi/1.2.2.toml";
const NEW_AREA: &str = "piani/2022-2024/aree/5.toml";

/// A copy of the shipped content in a temporary folder.
fn content() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let to = tmp.path().join("content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
    (tmp, to)
}

/// Loads with the cache and checks the result against a fresh load.
fn load_same(dir: &Path, cache: &mut Cache) -> Loaded {
    let cached = load_dir_cached(dir, cache);
    let fresh = load_dir(dir);
    assert_eq!(cached.diagnostics, fresh.diagnostics);
    assert_eq!(format!("{:?}", cached.plans), format!("{:?}", fresh.plans));
    cached
}

/// Loads with the cache, told that only `edited` changed, and checks the result against
/// a fresh load.
fn load_edited_same(dir: &Path, cache: &mut Cache, edited: &[&str]) -> Loaded {
    let root = dir.canonicalize().unwrap();
    let edited: Vec<PathBuf> = edited.iter().map(|f| root.join(f)).collect();
    let cached = load_dir_edited(dir, cache, &edited);
    let fresh = load_dir(dir);
    assert_eq!(cached.diagnostics, fresh.diagnostics);
    assert_eq!(format!("{:?}", cached.plans), format!("{:?}", fresh.plans));
    cached
}

/// Replaces `from` with `to` (once) in a content file.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The value measured in 2022-S1 for KPI "1" of operational objective 1.2.2.
fn measured(plan: &Plan) -> &Measured {
    let report = plan.periods[0]
        .report(Kind::Operational, "1.2.2")
        .expect("report of 1.2.2");
    &report.kpis.iter().find(|k| k.kpi == "1").unwrap().value
}

#[test]
fn every_change_gives_what_a_fresh_load_gives() {
    let (_tmp, dir) = content();
    let mut cache = Cache::default();

    let first = load_same(&dir, &mut cache);
    let plan = first.into_current().expect("the shipped content loads");
    assert_eq!(measured(&plan), &Measured::YesNo { value: true });
    assert_eq!(
        cache.len(),
        79,
        "sito.toml, piano.toml and the plan's 77 files"
    );

    // a measured value, edited without changing the file's length
    edit(&dir, REPORT, "valore = \"si\"", "valore = \"no\"");
    let plan = load_same(&dir, &mut cache).into_current().unwrap();
    assert_eq!(measured(&plan), &Measured::YesNo { value: false });
    assert_eq!(cache.parsed(), 1);

    // a new file
    fs::write(
        dir.join(NEW_AREA),
        "id = \"5\"\ntitolo = \"Area aggiunta\"\n",
    )
    .unwrap();
    let plan = load_same(&dir, &mut cache).into_current().unwrap();
    assert!(plan.areas.iter().any(|a| a.id == "5"));
    assert_eq!(cache.parsed(), 1);

    // a syntax error
    edit(&dir, OBJECTIVE, "id = \"1.2.2\"", "id = \"1.2.2");
    let broken = load_same(&dir, &mut cache);
    assert!(broken.plans.is_none());
    assert!(
        broken
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.file == Path::new(OBJECTIVE))
    );

    // a removed file
    fs::remove_file(dir.join(NEW_AREA)).unwrap();
    assert!(load_same(&dir, &mut cache).plans.is_none());
    assert_eq!(
        cache.len(),
        79,
        "sito.toml, piano.toml and the plan's 77 files"
    );

    // the error fixed: everything as before, with the edited value
    edit(&dir, OBJECTIVE, "id = \"1.2.2", "id = \"1.2.2\"");
    let plan = load_same(&dir, &mut cache).into_current().unwrap();
    assert!(!plan.areas.iter().any(|a| a.id == "5"));
    assert_eq!(measured(&plan), &Measured::YesNo { value: false });
    assert_eq!(cache.parsed(), 1);
}

#[test]
fn files_left_alone_for_a_while_are_not_read_again() {
    let (_tmp, dir) = content();
    let mut cache = Cache::default();
    load_same(&dir, &mut cache);
    // files written just before a read may change again with the same times: wait
    // until they are old enough to be trusted from their size and times alone
    std::thread::sleep(Duration::from_millis(3500));
    load_same(&dir, &mut cache);
    assert_eq!((cache.read(), cache.parsed()), (79, 0));
    load_same(&dir, &mut cache);
    assert_eq!((cache.read(), cache.parsed()), (0, 0));

    edit(&dir, REPORT, "valore = \"si\"", "valore = \"no\"");
    let plan = load_same(&dir, &mut cache).into_current().unwrap();
    assert_eq!(measured(&plan), &Measured::YesNo { value: false });
    assert_eq!((cache.read(), cache.parsed()), (1, 1));
}

#[test]
fn a_missing_folder_is_reported_the_same_way() {
    let tmp = tempfile::tempdir().unwrap();
    let mut cache = Cache::default();
    let loaded = load_same(&tmp.path().join("assente"), &mut cache);
    assert!(loaded.plans.is_none());
    assert!(cache.is_empty());
}

/// Told which files the watcher saw change, the load looks only at those when the last
/// load had them all; a file created or removed, or a path outside the folder, makes it
/// look at the whole folder. Each time the result is what a fresh load gives.
#[test]
fn edited_files_alone_are_looked_at_when_they_are_all_known() {
    let (_tmp, dir) = content();
    let mut cache = Cache::default();
    load_same(&dir, &mut cache);

    // every file was copied moments ago, so a look at the whole folder would read all of them
    edit(&dir, REPORT, "valore = \"si\"", "valore = \"no\"");
    let plan = load_edited_same(&dir, &mut cache, &[REPORT])
        .into_current()
        .unwrap();
    assert_eq!(measured(&plan), &Measured::YesNo { value: false });
    assert_eq!((cache.read(), cache.parsed()), (1, 1));

    // a syntax error, then fixed
    edit(&dir, OBJECTIVE, "id = \"1.2.2\"", "id = \"1.2.2");
    let broken = load_edited_same(&dir, &mut cache, &[OBJECTIVE]);
    assert!(broken.plans.is_none());
    assert_eq!((cache.read(), cache.parsed()), (1, 1));
    edit(&dir, OBJECTIVE, "id = \"1.2.2", "id = \"1.2.2\"");
    assert!(
        load_edited_same(&dir, &mut cache, &[OBJECTIVE])
            .plans
            .is_some()
    );
    assert_eq!((cache.read(), cache.parsed()), (1, 1));

    // a new file: the folder is walked and every file looked at
    fs::write(
        dir.join(NEW_AREA),
        "id = \"5\"\ntitolo = \"Area aggiunta\"\n",
    )
    .unwrap();
    let plan = load_edited_same(&dir, &mut cache, &[NEW_AREA])
        .into_current()
        .unwrap();
    assert!(plan.areas.iter().any(|a| a.id == "5"));
    assert_eq!((cache.read(), cache.parsed()), (80, 1));

    // a removed file, named alone or with a known one
    fs::remove_file(dir.join(NEW_AREA)).unwrap();
    let plan = load_edited_same(&dir, &mut cache, &[REPORT, NEW_AREA])
        .into_current()
        .unwrap();
    assert!(!plan.areas.iter().any(|a| a.id == "5"));
    assert_eq!(cache.len(), 79);

    // a path that leads out of the content folder
    edit(&dir, REPORT, "valore = \"no\"", "valore = \"si\"");
    let plan = load_edited_same(&dir, &mut cache, &["../fuori.toml"])
        .into_current()
        .unwrap();
    assert_eq!(measured(&plan), &Measured::YesNo { value: true });

    // nothing named: nothing looked at
    load_edited_same(&dir, &mut cache, &[]);
    assert_eq!((cache.read(), cache.parsed()), (0, 0));
}

/// The report on operational objective 1.2.2 in 2022-S1, as the plan holds it.
fn report_arc(loaded: &Loaded) -> std::sync::Arc<trasparenza::model::Report> {
    let plan = &loaded.plans.as_ref().unwrap().all()[0];
    let reports = &plan.periods[0].reports;
    let found = reports
        .iter()
        .find(|r| r.kind == Kind::Operational && r.objective == "1.2.2");
    std::sync::Arc::clone(found.expect("report of 1.2.2"))
}

#[test]
fn a_report_is_built_again_only_when_its_file_or_its_objective_changes() {
    let (_tmp, dir) = content();
    let mut cache = Cache::default();
    let first = report_arc(&load_same(&dir, &mut cache));

    // another file edited: the report is the one built before
    let other = "piani/2022-2024/obiettivi-operativi/1.1.1.toml";
    edit(&dir, other, "titolo = \"", "titolo = \"Nuovo: ");
    let kept = report_arc(&load_edited_same(&dir, &mut cache, &[other]));
    assert!(std::sync::Arc::ptr_eq(&first, &kept));

    // its objective edited, even in a title: built again, equal
    edit(&dir, OBJECTIVE, "titolo = \"", "titolo = \"Nuovo: ");
    let again = report_arc(&load_edited_same(&dir, &mut cache, &[OBJECTIVE]));
    assert!(!std::sync::Arc::ptr_eq(&kept, &again));
    assert_eq!(*kept, *again);

    // a KPI of its objective renamed: the measurement of the old id is now an error
    edit(&dir, OBJECTIVE, "id = \"2\"", "id = \"2bis\"");
    let renamed = load_edited_same(&dir, &mut cache, &[OBJECTIVE]);
    assert!(
        renamed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("KPI \"2\" inesistente")),
        "{:?}",
        renamed.diagnostics
    );
    edit(&dir, OBJECTIVE, "id = \"2bis\"", "id = \"2\"");
    let back = load_edited_same(&dir, &mut cache, &[OBJECTIVE]);
    assert!(back.diagnostics.iter().all(|d| !d.is_error()));

    // its own file edited: built again
    edit(&dir, REPORT, "valore = \"si\"", "valore = \"no\"");
    let edited = report_arc(&load_edited_same(&dir, &mut cache, &[REPORT]));
    assert_ne!(*edited, *kept);
}
