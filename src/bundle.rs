//! The bundle handed to the webmaster: the built site as one zip, with a `SHA256SUMS`
//! manifest inside (`sha256sum -c SHA256SUMS` after unzipping) and the zip's own
//! checksum beside it (`FILE.zip.sha256`). Deterministic: same site, same bytes.

use std::io;
use std::path::Path;

use crate::archive::bag::sha256_hex;
use crate::archive::package;
use crate::model::Date;
use crate::render::Site;
use crate::write::atomic_write;

/// Writes `path` and `path.sha256`; returns the zip's SHA-256.
pub fn write(site: &Site, path: &Path) -> io::Result<String> {
    let mut files = site.files.clone();
    let sums: String = files
        .iter()
        .map(|(p, b)| format!("{}  {p}\n", sha256_hex(b)))
        .collect();
    files.insert("SHA256SUMS".to_owned(), sums.into_bytes());
    let name = path
        .file_stem()
        .map_or_else(|| "sito".to_owned(), |s| s.to_string_lossy().into_owned());
    // a fixed timestamp keeps the zip byte-identical between builds
    let epoch = Date::new(2000, 1, 1).ok_or_else(|| io::Error::other("data non valida"))?;
    let bytes = package::zip(&name, &files, epoch).map_err(io::Error::other)?;
    let digest = sha256_hex(&bytes);
    let file_name = path
        .file_name()
        .map_or_else(|| "sito.zip".into(), |n| n.to_string_lossy().into_owned());
    atomic_write(path, &bytes)?;
    let mut sum_path = path.as_os_str().to_owned();
    sum_path.push(".sha256");
    atomic_write(
        Path::new(&sum_path),
        format!("{digest}  {file_name}\n").as_bytes(),
    )?;
    Ok(digest)
}
