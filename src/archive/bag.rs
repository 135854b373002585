//! BagIt packages (RFC 8493): writing one in memory, and reading one back with every
//! checksum checked. Layout of a version folder:
//!
//! ```text
//! bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
//! metadati.json            metadata for the site (tag file)
//! dati/piano.json          the evaluated plan, for the "cosa è cambiato" pages (tag file)
//! data/                    the site as published (payload)
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use super::Metadata;
use super::Problem;
use crate::site::SiteFiles;

/// The open-data document of the version (a tag file).
pub const DOCUMENT: &str = "dati/piano.json";
/// Tag files, besides the tag manifest itself.
pub const TAG_FILES: [&str; 5] = [
    "bag-info.txt",
    "bagit.txt",
    DOCUMENT,
    "manifest-sha256.txt",
    "metadati.json",
];
pub const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";
const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file of the package, path relative to the version folder: the site as payload,
/// `piano` (its open-data document, as published) and the metadata as tag files.
pub fn files(site: &SiteFiles, meta: &Metadata, piano: &[u8]) -> SiteFiles {
    let payload: Vec<(String, &[u8])> = site
        .iter()
        .map(|(p, b)| (format!("data/{p}"), b.as_slice()))
        .collect();
    let octets: usize = payload.iter().map(|(_, b)| b.len()).sum();
    let payload_manifest = manifest(payload.iter().map(|(p, b)| (p.as_str(), *b)));
    let mut metadata = serde_json::to_vec_pretty(meta).unwrap_or_default();
    metadata.push(b'\n');
    let info = bag_info(meta, octets, payload.len());
    let mut tags: Vec<(String, Vec<u8>)> = vec![
        ("bag-info.txt".into(), info.into_bytes()),
        ("bagit.txt".into(), BAGIT_TXT.as_bytes().to_vec()),
        (DOCUMENT.into(), piano.to_vec()),
        ("manifest-sha256.txt".into(), payload_manifest.into_bytes()),
        ("metadati.json".into(), metadata),
    ];
    let tag_manifest = manifest(tags.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    tags.push((TAG_MANIFEST.into(), tag_manifest.into_bytes()));
    payload
        .into_iter()
        .map(|(p, b)| (p, b.to_vec()))
        .chain(tags)
        .collect()
}

fn bag_info(m: &Metadata, octets: usize, count: usize) -> String {
    let fields = [
        ("Source-Organization", m.ente.as_str()),
        ("External-Identifier", &m.identificativo),
        (
            "External-Description",
            &format!(
                "Amministrazione trasparente > Performance: versione archiviata del periodo {} ({}), revisione {}",
                m.periodo, m.titolo_periodo, m.revisione
            ),
        ),
        ("Bagging-Date", &m.data_archiviazione),
        ("Payload-Oxum", &format!("{octets}.{count}")),
        ("Bag-Software-Agent", &m.strumento),
        ("Codice-IPA", &m.codice_ipa),
        ("Periodo", &m.periodo),
        ("Revisione", &m.revisione.to_string()),
        ("Data-Pubblicazione", &m.data_pubblicazione),
        ("Conservazione-Fino-Al", &m.conservazione_fino_al),
        ("Riferimento-Normativo", &m.riferimento_normativo),
        ("URL", &m.url),
    ];
    fields
        .iter()
        .map(|(k, v)| format!("{k}: {}\n", v.replace(['\r', '\n'], " ")))
        .collect()
}

/// `<sha256>  <path>` lines, in the given order (RFC 8493 §2.1.3, with `%`, CR, LF encoded).
fn manifest<'a>(entries: impl Iterator<Item = (&'a str, &'a [u8])>) -> String {
    entries
        .map(|(p, b)| format!("{}  {}\n", sha256_hex(b), encode(p)))
        .collect()
}

fn encode(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn decode(path: &str) -> String {
    path.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
}

/// Parses a manifest: path -> checksum; malformed lines and paths outside `data/` (payload)
/// or inside it (tags) become problems.
fn parse_manifest(
    text: &str,
    file: &str,
    payload: bool,
    problems: &mut Vec<Finding>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parsed = line
            .split_once(char::is_whitespace)
            .map(|(sum, path)| (sum, decode(path.trim_start())));
        match parsed {
            Some((sum, path))
                if sum.len() == 64
                    && sum.bytes().all(|b| b.is_ascii_hexdigit())
                    && crate::write::safe_relative(&path)
                    && path.starts_with("data/") == payload =>
            {
                out.insert(path, sum.to_ascii_lowercase());
            }
            _ => problems.push((file.to_owned(), format!("riga {} non valida", i + 1))),
        }
    }
    out
}

/// A problem with one file of a package: path relative to the package, what is wrong.
pub type Finding = (String, String);

/// A package read back: its payload (paths relative to `data/`) and tag files.
#[derive(Debug, Default)]
pub struct Read {
    pub payload: Vec<(String, Vec<u8>)>,
    pub tags: BTreeMap<String, Vec<u8>>,
}

/// Checks the files of a package (path relative to the package -> bytes) against its
/// manifests: each altered, missing or extra file is a finding.
pub fn check(present: BTreeMap<String, Vec<u8>>) -> (Read, Vec<Finding>) {
    let mut problems = Vec::new();
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    let (mut payload_listed, mut tags_listed) = (true, true);
    for (name, payload) in [("manifest-sha256.txt", true), (TAG_MANIFEST, false)] {
        match present.get(name) {
            Some(bytes) => listed.extend(parse_manifest(
                &String::from_utf8_lossy(bytes),
                name,
                payload,
                &mut problems,
            )),
            None => {
                if payload {
                    payload_listed = false;
                } else {
                    tags_listed = false;
                }
                problems.push((name.to_owned(), "mancante".into()));
            }
        }
    }
    for required in ["bagit.txt", "metadati.json"] {
        if !present.contains_key(required) && !listed.contains_key(required) {
            problems.push((required.to_owned(), "mancante".into()));
        }
    }
    for (path, sum) in &listed {
        match present.get(path) {
            None => problems.push((path.clone(), "mancante".into())),
            Some(bytes) if sha256_hex(bytes) != *sum => {
                problems.push((path.clone(), "alterato".into()))
            }
            Some(_) => {}
        }
    }
    let mut read = Read::default();
    for (path, bytes) in present {
        let is_payload = path.starts_with("data/");
        let checked = if is_payload {
            payload_listed
        } else {
            tags_listed
        };
        if !listed.contains_key(&path) && path != TAG_MANIFEST && checked {
            problems.push((path, "estraneo: non elencato nel manifest".into()));
        } else if let Some(rel) = path.strip_prefix("data/") {
            read.payload.push((rel.to_owned(), bytes));
        } else {
            read.tags.insert(path, bytes);
        }
    }
    problems.sort();
    problems.dedup();
    (read, problems)
}

/// Reads a version folder and checks it (see [`check`]).
pub fn read(dir: &Path) -> (Read, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut present: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for entry in WalkDir::new(dir).sort_by_file_name().min_depth(1) {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) if !e.file_type().is_file() => problems.push(Problem::new(
                e.path(),
                "estraneo: non è un file regolare".into(),
            )),
            Ok(e) => match fs::read(e.path()) {
                Ok(bytes) => {
                    let rel = e
                        .path()
                        .strip_prefix(dir)
                        .unwrap_or(e.path())
                        .to_string_lossy()
                        .replace('\\', "/");
                    present.insert(rel, bytes);
                }
                Err(err) => problems.push(Problem::new(e.path(), format!("non leggibile: {err}"))),
            },
            Err(err) => problems.push(Problem::new(
                err.path().unwrap_or(dir),
                format!("non leggibile: {err}"),
            )),
        }
    }
    let (read, findings) = check(present);
    problems.extend(
        findings
            .into_iter()
            .map(|(rel, what)| Problem::new(&dir.join(rel), what)),
    );
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    (read, problems)
}
