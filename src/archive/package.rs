//! The single downloadable zip of a version (`archivio/<versione>.zip`): the whole
//! BagIt package under a `<versione>/` folder. Deterministic: entries sorted, fixed
//! timestamp (the archive date), fixed permissions.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter};

use super::Problem;
use super::bag::{self, TAG_MANIFEST};
use crate::model::Date;
use crate::site::SiteFiles;

/// Zips `files` (paths relative to the version folder) under `name/`, in path order.
pub fn zip(name: &str, files: &SiteFiles, date: Date) -> Result<Vec<u8>, String> {
    let (y, m, d) = parts(date);
    let stamp = DateTime::from_date_and_time(y, m, d, 0, 0, 0).unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644)
        .system(System::Unix);
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (path, bytes) in files {
        w.start_file(format!("{name}/{path}"), options)
            .map_err(|e| e.to_string())?;
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

fn parts(date: Date) -> (u16, u8, u8) {
    let iso = date.iso();
    let n = |r: std::ops::Range<usize>| iso.get(r).and_then(|s| s.parse().ok());
    match (n(0..4), n(5..7), n(8..10)) {
        (Some(y), Some(m), Some(d)) => (
            y,
            u8::try_from(m).unwrap_or(1),
            u8::try_from(d).unwrap_or(1),
        ),
        _ => (1980, 1, 1),
    }
}

/// Checks the zip at `path`: a complete package of version `name`, intact against its own
/// manifests, and the same version as the folder (`tag_manifest`: the folder's, if any).
pub fn check(path: &Path, name: &str, tag_manifest: Option<&[u8]>) -> Vec<Problem> {
    match std::fs::read(path) {
        Ok(bytes) => check_bytes(path, &bytes, name, tag_manifest),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            vec![Problem::new(path, "mancante".into())]
        }
        Err(e) => vec![Problem::new(path, format!("non leggibile: {e}"))],
    }
}

/// Like [`check`], on the zip's bytes (`path` is for messages).
pub fn check_bytes(
    path: &Path,
    bytes: &[u8],
    name: &str,
    tag_manifest: Option<&[u8]>,
) -> Vec<Problem> {
    let mut archive = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            return vec![Problem::new(
                path,
                format!("alterato: non è uno zip leggibile ({e})"),
            )];
        }
    };
    let mut problems = Vec::new();
    let mut present = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                problems.push(Problem::new(
                    path,
                    format!("alterato: voce {} illeggibile ({e})", i + 1),
                ));
                continue;
            }
        };
        let entry_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.is_dir() {
            continue;
        }
        let Some(rel) = entry_name
            .strip_prefix(&format!("{name}/"))
            .map(str::to_owned)
        else {
            problems.push(Problem::new(
                path,
                format!("estraneo: {entry_name}, fuori dalla cartella {name}/"),
            ));
            continue;
        };
        let mut content = Vec::new();
        match entry.read_to_end(&mut content) {
            Ok(_) => {
                present.insert(rel, content);
            }
            Err(e) => problems.push(Problem::new(
                path,
                format!("alterato: {entry_name} illeggibile ({e})"),
            )),
        }
    }
    let zipped = present.get(TAG_MANIFEST).cloned();
    let (_, findings) = bag::check(present);
    problems.extend(
        findings
            .into_iter()
            .map(|(rel, what)| Problem::new(path, format!("{what}: {name}/{rel}"))),
    );
    if problems.is_empty()
        && let Some(folder) = tag_manifest
        && zipped.as_deref() != Some(folder)
    {
        problems.push(Problem::new(
            path,
            format!("non corrisponde alla versione nella cartella {name}/"),
        ));
    }
    problems
}
