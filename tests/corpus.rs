//! The corpus of bad inputs: every case under `tests/corpus/<NN-nome>/` is the real
//! content (`content/`) with a few files replaced, added, deleted or generated, and
//! the diagnostics that `trasparenza` must print for it (`expected.txt`).
//!
//! For every case this test checks that:
//! - `trasparenza check` (or `build`, for theme cases) exits with 1 and does not panic;
//! - the diagnostics printed match `expected.txt` (see `snapshot` for the format);
//! - every error printed has a "come correggere" hint and, when it concerns a position
//!   in a content file, a `file:riga:colonna`;
//! - `trasparenza build` exits with 1 and leaves a previous output byte-identical,
//!   writing nothing beside it (no staging folder left over).
//!
//! A case is a folder holding (all optional except `expected.txt`):
//! - `content/…`: files copied over the copy of the real content (same relative paths);
//! - `theme/…`: files copied over a copy of `themes/default` (the case is then checked with
//!   `build --theme`, whose output is the snapshot);
//! - `delete.txt`: content paths to remove, one per line;
//! - `generate.txt`: inputs made at run time, one per line:
//!   `large <path> <bytes>` (a file of that size, not committed),
//!   `symlink-outside <path>` (a symbolic link to a file outside the content folder);
//! - `exit.txt`: the expected exit code when it is not 1 (e.g. `0` for a warning only);
//! - `oggi.txt`: the date the commands take as today (`--oggi`), when not [`TODAY`];
//! - `expected.txt`: the snapshot. `UPDATE_CORPUS=1 cargo test --test corpus` rewrites it;
//! - `nota.txt`: free text for people (ignored by the test).
//!
//! Folders whose name starts with `.` are skipped: `.in-attesa/` holds cases waiting for a
//! fix in src/; `CORPUS_DIR=tests/corpus/.in-attesa cargo test --test corpus` runs them.
//!
//! Everything is described in tests/README.md.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::copy_dir;

const HINT_PREFIX: &str = "    = come correggere: ";

/// The date every case is checked on unless its `oggi.txt` says otherwise: the deadlines
/// of the calendar depend on it, so it is never the real date. On this day nothing of
/// the shipped content is overdue.
const TODAY: &str = "2022-07-29";

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_trasparenza")
}

/// Every file under `dir`, relative path (with `/`) -> bytes; links as `-> target`.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if entry.path_is_symlink() {
            out.insert(
                rel,
                format!("-> {}", fs::read_link(entry.path()).unwrap().display()).into_bytes(),
            );
        } else if entry.file_type().is_dir() {
            out.insert(format!("{rel}/"), Vec::new());
        } else {
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Relative paths (with `/`) of every file under `dir`.
fn files_under(dir: &Path) -> Vec<String> {
    if !dir.exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn lines_of(path: &Path) -> Vec<String> {
    match fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// One case, prepared in its own temporary folder.
struct Prepared {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    content: PathBuf,
    theme: PathBuf,
    has_theme: bool,
    /// Content paths the case replaces, adds, deletes or generates.
    touched: BTreeSet<String>,
}

fn prepare(case: &Path) -> Prepared {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let content = root.join("content");
    copy_dir(&manifest().join("content"), &content);
    let mut touched = BTreeSet::new();

    for rel in lines_of(&case.join("delete.txt")) {
        let path = content.join(&rel);
        assert!(
            path.exists(),
            "{}: delete.txt names {rel}, which is not in content/",
            case.display()
        );
        if path.is_dir() {
            fs::remove_dir_all(&path).unwrap();
        } else {
            fs::remove_file(&path).unwrap();
        }
        touched.insert(rel);
    }
    let overlay = case.join("content");
    for rel in files_under(&overlay) {
        let dest = content.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(overlay.join(&rel), &dest).unwrap();
        touched.insert(rel);
    }
    for line in lines_of(&case.join("generate.txt")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["large", rel, bytes] => {
                let size: usize = bytes.parse().unwrap();
                let dest = content.join(rel);
                fs::create_dir_all(dest.parent().unwrap()).unwrap();
                // Valid TOML (comment lines) of exactly `size` bytes.
                let line = "# riga incollata per errore da un foglio di calcolo ..........................\n";
                let mut text = line.repeat(size / line.len() + 1).into_bytes();
                text.truncate(size);
                fs::write(&dest, text).unwrap();
                touched.insert((*rel).to_owned());
            }
            ["symlink-outside", rel] => {
                let outside = root.join("fuori");
                fs::create_dir_all(&outside).unwrap();
                let target = outside.join("segreto.toml");
                fs::write(
                    &target,
                    "id = \"9\"\ntitolo = \"file fuori dalla cartella dei contenuti\"\n",
                )
                .unwrap();
                let dest = content.join(rel);
                fs::create_dir_all(dest.parent().unwrap()).unwrap();
                #[cfg(unix)]
                std::os::unix::fs::symlink(&target, &dest).unwrap();
                #[cfg(not(unix))]
                panic!("symlink cases need unix");
                touched.insert((*rel).to_owned());
            }
            _ => panic!("{}: generate.txt: unknown line {line:?}", case.display()),
        }
    }

    let theme_overlay = case.join("theme");
    let has_theme = theme_overlay.exists();
    let theme = if has_theme {
        let theme = root.join("tema");
        copy_dir(&manifest().join("themes/default"), &theme);
        copy_dir(&theme_overlay, &theme);
        theme
    } else {
        manifest().join("themes/default")
    };
    Prepared {
        _tmp: tmp,
        root,
        content,
        theme,
        has_theme,
        touched,
    }
}

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("cannot run trasparenza")
}

/// Where a headline line starts: (file, severity), if the line is one.
fn headline(line: &str) -> Option<(&str, &str)> {
    for kind in ["errore", "avviso"] {
        if let Some(rest) = line.strip_prefix(&format!("{kind}: ")) {
            let _ = rest;
            return Some(("", kind));
        }
        if let Some(i) = line.find(&format!(": {kind}: ")) {
            let place = &line[..i];
            // strip `:line:column`
            let mut file = place;
            for _ in 0..2 {
                if let Some((head, tail)) = file.rsplit_once(':')
                    && !tail.is_empty()
                    && tail.chars().all(|c| c.is_ascii_digit())
                {
                    file = head;
                }
            }
            return Some((file, kind));
        }
    }
    None
}

/// The stable part of the output: every error headline with its hint, and warnings
/// with their hints only for the files the case touches (the real content always
/// produces some warnings; they would make every snapshot long and fragile).
/// Source snippets (`    | ...`) and the closing count are left out; temporary paths
/// are replaced with `<tmp>`.
fn snapshot(stderr: &str, prepared: &Prepared) -> String {
    let root = prepared.root.display().to_string();
    let mut out = String::new();
    let mut keep = false;
    for line in stderr.lines() {
        if let Some((file, kind)) = headline(line) {
            keep = kind == "errore" || prepared.touched.contains(file);
            if keep {
                out.push_str(&line.replace(&root, "<tmp>"));
                out.push('\n');
            }
        } else if line.starts_with(HINT_PREFIX) && keep {
            out.push_str(&line.replace(&root, "<tmp>"));
            out.push('\n');
        }
    }
    out
}

/// Rules every printed error must follow, whatever the case.
fn quality(stderr: &str, case: &str, failures: &mut Vec<String>) {
    let lines: Vec<&str> = stderr.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some((file, "errore")) = headline(line) else {
            continue;
        };
        let has_hint = lines[i + 1..]
            .iter()
            .take_while(|l| l.starts_with("    "))
            .any(|l| l.starts_with(HINT_PREFIX));
        if !has_hint {
            failures.push(format!(
                "{case}: error without a \"come correggere\" hint: {line}"
            ));
        }
        // A snippet is printed only for positioned diagnostics: then a line:column is required.
        let has_snippet = lines.get(i + 1).is_some_and(|l| l.starts_with("    | "));
        let positioned = line.len() > file.len()
            && line[file.len()..].starts_with(':')
            && line[file.len() + 1..].starts_with(|c: char| c.is_ascii_digit());
        if has_snippet && !positioned {
            failures.push(format!(
                "{case}: snippet printed without line:column: {line}"
            ));
        }
        let lower = line.to_lowercase();
        for english in [
            "expected",
            "invalid",
            "unknown",
            "missing",
            "found",
            "error:",
            "failed",
            "while parsing",
            "unexpected",
        ] {
            if lower.contains(english) {
                failures.push(format!(
                    "{case}: English in an error message ({english:?}): {line}"
                ));
            }
        }
    }
}

#[test]
fn corpus() {
    let update = std::env::var_os("UPDATE_CORPUS").is_some_and(|v| v == "1");
    // CORPUS_DIR runs another folder of cases, e.g. tests/corpus/.in-attesa (see tests/README.md).
    let custom = std::env::var_os("CORPUS_DIR").map(PathBuf::from);
    let dir = custom
        .clone()
        .map_or_else(|| manifest().join("tests/corpus"), |d| manifest().join(d));
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        // `.nome` folders are set aside (e.g. cases waiting for a fix in src/, see tests/README.md).
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    cases.sort();
    assert!(
        custom.is_some() || cases.len() >= 50,
        "the corpus must hold at least 50 cases, found {}",
        cases.len()
    );

    let results: Vec<Vec<String>> = std::thread::scope(|scope| {
        let chunks: Vec<&[PathBuf]> = cases.chunks(cases.len().div_ceil(8)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .flat_map(|c| check_case(c, update))
                        .collect::<Vec<String>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let failures: Vec<String> = results.into_iter().flatten().collect();
    assert!(
        failures.is_empty(),
        "{} problem(s) in the corpus of {} cases:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

fn check_case(case: &Path, update: bool) -> Vec<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let mut failures = Vec::new();
    let prepared = prepare(case);
    let expected_exit: i32 =
        fs::read_to_string(case.join("exit.txt")).map_or(1, |t| t.trim().parse().unwrap());
    let content = prepared.content.to_str().unwrap().to_owned();
    let theme = prepared.theme.to_str().unwrap().to_owned();
    let today = lines_of(&case.join("oggi.txt"))
        .into_iter()
        .next()
        .unwrap_or_else(|| TODAY.to_owned());

    // check (content cases): exit code, no panic, quality of the messages.
    let check = run(
        &["check", "--content", &content, "--oggi", &today],
        &prepared.root,
    );
    let check_err = String::from_utf8_lossy(&check.stderr).into_owned();
    if check_err.contains("panicked") {
        failures.push(format!("{name}: check panicked:\n{check_err}"));
    }
    let check_expected = if prepared.has_theme { 0 } else { expected_exit };
    if check.status.code() != Some(check_expected) {
        failures.push(format!(
            "{name}: check exited with {:?} instead of {check_expected}\n{check_err}",
            check.status.code()
        ));
    }
    quality(&check_err, &name, &mut failures);

    // build over a previous output: must leave it byte-identical on failure.
    let site = prepared.root.join("sito");
    let out = site.join("public");
    fs::create_dir_all(out.join("static/css")).unwrap();
    fs::write(
        out.join("index.html"),
        "<!doctype html><title>Versione pubblicata in precedenza</title>\n",
    )
    .unwrap();
    fs::write(out.join("static/css/sito.css"), "body { color: #000 }\n").unwrap();
    let before = tree(&site);
    let build = run(
        &[
            "build",
            "--content",
            &content,
            "--theme",
            &theme,
            "--output",
            out.to_str().unwrap(),
            "--oggi",
            &today,
        ],
        &prepared.root,
    );
    let build_err = String::from_utf8_lossy(&build.stderr).into_owned();
    if build_err.contains("panicked") {
        failures.push(format!("{name}: build panicked:\n{build_err}"));
    }
    if build.status.code() != Some(expected_exit) {
        failures.push(format!(
            "{name}: build exited with {:?} instead of {expected_exit}\n{build_err}",
            build.status.code()
        ));
    }
    quality(&build_err, &name, &mut failures);
    let after = tree(&site);
    if expected_exit != 0 {
        if before != after {
            let changed: Vec<&String> = before
                .keys()
                .chain(after.keys())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter(|k| before.get(*k) != after.get(*k))
                .collect();
            failures.push(format!(
                "{name}: a failed build changed the output folder or its parent: {changed:?}"
            ));
        }
    } else {
        let names: BTreeSet<&str> = after.keys().map(|k| k.split('/').next().unwrap()).collect();
        if names != BTreeSet::from(["public"])
            || !after.contains_key("public/index.html")
            || after.get("public/index.html") == before.get("public/index.html")
        {
            failures.push(format!(
                "{name}: a successful build did not replace the output cleanly: {names:?}"
            ));
        }
    }

    // The snapshot: check's diagnostics, or build's for theme cases. For content cases
    // build must report exactly what check reports.
    let (snapshot_of, shown) = if prepared.has_theme {
        (&build_err, "build")
    } else {
        (&check_err, "check")
    };
    let actual = snapshot(snapshot_of, &prepared);
    if !prepared.has_theme {
        let from_build = snapshot(&build_err, &prepared);
        if from_build != actual {
            failures.push(format!("{name}: build and check report different diagnostics\n--- check\n{actual}--- build\n{from_build}"));
        }
    }
    if expected_exit != 0 && !actual.contains(": errore: ") && !actual.starts_with("errore: ") {
        failures.push(format!(
            "{name}: exit {expected_exit} but no error in the output of {shown}:\n{snapshot_of}"
        ));
    }
    let expected_path = case.join("expected.txt");
    let expected = fs::read_to_string(&expected_path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    if update {
        if expected != actual {
            fs::write(&expected_path, &actual).unwrap();
        }
    } else if expected != actual {
        failures.push(format!(
            "{name}: diagnostics of {shown} differ from expected.txt (rerun with UPDATE_CORPUS=1 to accept)\n--- expected\n{expected}--- actual\n{actual}"
        ));
    }
    failures
}
