//! Faults while publishing: an output folder that cannot be written, a disk that fills
//! up mid-write (an injected writer error), a build killed half-way. In every case the
//! previously published site stays byte-identical and the next build succeeds.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use trasparenza::build::{Options, build};
use trasparenza::render::Site;
use trasparenza::render::theme::ThemeSource;
use trasparenza::write::{write_site, write_site_with};

mod common;
use common::copy_dir;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_trasparenza")
}

/// Every entry under `dir` (relative path -> bytes; folders end with `/`).
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
        if entry.file_type().is_dir() {
            out.insert(format!("{rel}/"), Vec::new());
        } else {
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// The files of a site as a tree, to compare with what is on disk.
fn site_tree(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for (path, bytes) in &site.files {
        let mut dir = String::new();
        for part in path.split('/').collect::<Vec<_>>().split_last().unwrap().1 {
            dir.push_str(part);
            dir.push('/');
            out.insert(dir.clone(), Vec::new());
        }
        out.insert(path.clone(), bytes.clone());
    }
    out
}

fn real_site() -> Site {
    build(&Options {
        content: manifest().join("content"),
        theme: ThemeSource::Folder(manifest().join("themes/default")),
        ..Options::default()
    })
    .unwrap_or_else(|d| panic!("the real content must build: {d:?}"))
    .site
}

/// A previous publication that is not what the current content produces.
fn previous_output(out: &Path) {
    fs::create_dir_all(out.join("piano-della-performance")).unwrap();
    fs::write(
        out.join("index.html"),
        "<!doctype html><title>Pubblicato il 29 luglio 2022</title>\n",
    )
    .unwrap();
    fs::write(
        out.join("piano-della-performance/index.html"),
        "<!doctype html><title>Piano</title>\n",
    )
    .unwrap();
}

/// True when permission bits do not stop this process (e.g. root).
fn permissions_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("sonda");
    fs::create_dir_all(&probe).unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o555)).unwrap();
    let ignored = fs::write(probe.join("x"), b"x").is_ok();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o755)).unwrap();
    fs::remove_dir_all(&probe).unwrap();
    ignored
}

#[test]
fn output_folder_not_writable() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let content = manifest().join("content");
    let theme = manifest().join("themes/default");
    if !permissions_ignored(tmp.path()) {
        // The parent of the output is read-only: no staging folder can be created beside it.
        let parent = tmp.path().join("sola-lettura");
        let out = parent.join("public");
        previous_output(&out);
        let before = tree(&parent);
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
        let run = Command::new(bin())
            .args(["build", "--content"])
            .arg(&content)
            .arg("--theme")
            .arg(&theme)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            stderr.contains("errore:") && stderr.contains("come correggere"),
            "{stderr}"
        );
        assert_eq!(tree(&parent), before, "the previous output changed");
        // the next build, with the permission back, succeeds
        let again = Command::new(bin())
            .args(["build", "--content"])
            .arg(&content)
            .arg("--theme")
            .arg(&theme)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            again.status.success(),
            "{}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert!(
            out.join("sistema-di-misurazione-e-valutazione-della-performance/index.html")
                .exists()
        );
    } else {
        eprintln!(
            "permission bits are ignored here (root?): using an output whose parent is a regular file"
        );
    }
    // Works for root too: the output's parent is a regular file.
    let file = tmp.path().join("non-una-cartella");
    fs::write(&file, "un file, non una cartella\n").unwrap();
    let out = file.join("public");
    let before = tree(tmp.path());
    let run = Command::new(bin())
        .args(["build", "--content"])
        .arg(&content)
        .arg("--theme")
        .arg(&theme)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("errore:") && stderr.contains("come correggere"),
        "{stderr}"
    );
    assert_eq!(tree(tmp.path()), before, "something was written");
    // the next build to a valid folder succeeds
    let good = tmp.path().join("public");
    let again = Command::new(bin())
        .args(["build", "--content"])
        .arg(&content)
        .arg("--theme")
        .arg(&theme)
        .arg("--output")
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn writer_error_mid_write_keeps_the_previous_output() {
    let site = real_site();
    let n = site.files.len();
    assert!(n > 20, "too few files to interrupt: {n}");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    previous_output(&out);
    let before = tree(tmp.path());
    for fail_after in [0, 1, n / 2, n - 1] {
        let written = std::sync::atomic::AtomicUsize::new(0);
        let result = write_site_with(&site, &out, |_| {
            // files are written in parallel: the count is shared
            if written.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 > fail_after {
                // what a full disk looks like to the writer
                Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "spazio esaurito (simulato)",
                ))
            } else {
                Ok(())
            }
        });
        let e = result.expect_err("the injected error must stop the write");
        assert!(e.to_string().contains("scrittura non riuscita"), "{e}");
        assert_eq!(
            tree(tmp.path()),
            before,
            "failing after {fail_after} files changed the output or left files beside it"
        );
    }
    // the next write succeeds and publishes exactly the site
    write_site(&site, &out).unwrap();
    let names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["public"], "leftovers beside the output");
    assert_eq!(tree(&out), site_tree(&site));
}

#[test]
fn unsafe_paths_are_refused_before_anything_is_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    previous_output(&out);
    let before = tree(tmp.path());
    for bad in ["../fuori.html", "/assoluto.html", "a/../../b.html", ""] {
        let site = Site {
            files: vec![
                ("index.html".into(), b"nuovo".to_vec()),
                (bad.into(), b"x".to_vec()),
            ]
            .into(),
        };
        assert!(write_site(&site, &out).is_err(), "{bad:?} was accepted");
        assert_eq!(tree(tmp.path()), before, "{bad:?} changed something");
    }
}

/// A content folder with many operational objectives: the real ones, each copied
/// `copies` times with new ids.
fn large_content(dir: &Path, copies: usize) {
    copy_dir(&manifest().join("content"), dir);
    let folder = dir.join("piani/2022-2024/obiettivi-operativi");
    let originals: Vec<PathBuf> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for path in originals {
        let table: toml::Table = fs::read_to_string(&path).unwrap().parse().unwrap();
        let id = table["id"].as_str().unwrap().to_owned();
        for k in 1..=copies {
            let mut copy = table.clone();
            let new_id = format!("{id}.{k}");
            copy.insert("id".into(), toml::Value::String(new_id.clone()));
            fs::write(
                folder.join(format!("{new_id}.toml")),
                toml::to_string(&copy).unwrap(),
            )
            .unwrap();
        }
    }
}

#[test]
fn build_killed_half_way_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    large_content(&content, 10);
    let theme = manifest().join("themes/default");
    let site_dir = tmp.path().join("sito");
    let out = site_dir.join("public");
    previous_output(&out);
    let previous = tree(&out);

    let build_cmd = || {
        let mut c = Command::new(bin());
        c.args(["build", "--content"])
            .arg(&content)
            .arg("--theme")
            .arg(&theme)
            .arg("--output")
            .arg(&out);
        // nobody reads the warnings while the child runs: a full pipe would block it
        c.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c
    };
    // How long a whole build takes here.
    let started = Instant::now();
    let probe_dir = tmp.path().join("prova");
    let probe = Command::new(bin())
        .args(["build", "--content"])
        .arg(&content)
        .arg("--theme")
        .arg(&theme)
        .arg("--output")
        .arg(probe_dir.join("public"))
        .output()
        .unwrap();
    assert!(
        probe.status.success(),
        "the large content must build: {}",
        String::from_utf8_lossy(&probe.stderr)
    );
    let full = started.elapsed();
    let expected_new = tree(&probe_dir.join("public"));
    assert!(
        expected_new.len() > 500,
        "the large content is not large: {} files",
        expected_new.len()
    );

    // Kill at several points of the build; the output is always either the previous
    // site, untouched, or (when the kill came too late) the complete new one.
    let mut killed_before_end = 0;
    for fraction in [0.1, 0.5, 0.9] {
        let mut child = build_cmd().spawn().unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        let now = tree(&out);
        if now == previous {
            if !finished {
                killed_before_end += 1;
            }
        } else {
            assert!(
                now == expected_new,
                "after a kill at {fraction} of the build the output is neither the previous site nor the new one"
            );
            // publish the previous one again for the next round
            fs::remove_dir_all(&out).unwrap();
            previous_output(&out);
        }
    }
    assert!(
        killed_before_end > 0,
        "no kill landed before the end of the build (build takes {full:?})"
    );

    // Kill exactly while the new site is being written: as soon as the staging folder
    // beside the output holds some files.
    let mut killed_while_writing = 0;
    for wanted in [1usize, 100, 400] {
        let mut child = build_cmd().spawn().unwrap();
        let deadline = Instant::now() + full * 10;
        let mut staged = 0;
        while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
            staged = fs::read_dir(&site_dir)
                .unwrap()
                .filter_map(Result::ok)
                .filter(|e| e.file_name() != "public")
                .map(|e| walkdir::WalkDir::new(e.path()).into_iter().count())
                .sum::<usize>();
            if staged >= wanted {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        let now = tree(&out);
        if finished {
            assert!(now == previous || now == expected_new);
            if now != previous {
                fs::remove_dir_all(&out).unwrap();
                previous_output(&out);
            }
            continue;
        }
        assert!(
            now == previous,
            "killed with {staged} entries staged: the previous output changed"
        );
        eprintln!(
            "killed with {staged} staged, beside: {:?}",
            fs::read_dir(&site_dir)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect::<Vec<_>>()
        );
        killed_while_writing += 1;
    }
    assert!(
        killed_while_writing > 0,
        "no kill landed while the site was being written"
    );

    // A killed build leaves its staging folder beside the output; it is never the output.
    let leftovers: Vec<String> = fs::read_dir(&site_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public")
        .collect();
    if !leftovers.is_empty() {
        eprintln!(
            "note: killed builds left {leftovers:?} beside the output (not the published site)"
        );
    }

    // The next build succeeds and publishes the new site.
    let next = build_cmd()
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert!(
        next.status.success(),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    assert_eq!(tree(&out), expected_new);
}
