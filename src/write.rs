//! Stage 4: site files -> output folder, atomically. The new site is written to a
//! sibling temporary folder and swapped in with renames, so a failed or killed build
//! never leaves a half-written site: the previous output stays as it was.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::render::Site;

/// Why the site could not be written.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: scrittura non riuscita: {}",
            self.path.display(),
            self.error
        )
    }
}

fn err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError {
        path: path.to_path_buf(),
        error,
    }
}

/// Replaces the file at `path` with `bytes` all at once: they are written to a temporary
/// file in the same folder, flushed to disk, then renamed over `path`, so a reader sees
/// the old file or the new one, never a part. On failure the temporary file is removed
/// and `path` is left as it was. Its name (`.NAME.XXXXXX.tmp`) is one the preview's
/// watcher and the content reader both ignore.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // the file gets the usual permissions (0666 less the umask), not the private ones of a
    // temporary file: it is a measurement file or a package meant to be shared
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Rejects paths that would leave the output folder.
pub fn safe_relative(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `site` to `out`, replacing its previous content only once everything is written.
pub fn write_site(site: &Site, out: &Path) -> Result<(), WriteError> {
    write_site_with(site, out, |_| Ok(()))
}

/// Like [`write_site`], with a hook called after each file (used to simulate faults in tests).
pub fn write_site_with(
    site: &Site,
    out: &Path,
    after_file: impl Fn(&Path) -> io::Result<()> + Sync,
) -> Result<(), WriteError> {
    let staging = Staging::new(out)?;
    site.files.par_iter().try_for_each(|(rel, bytes)| {
        let path = staging.put(rel, bytes)?;
        after_file(&path).map_err(err(&path))
    })?;
    staging.commit()
}

/// A new site being written beside the output folder. Files are added one by one,
/// from any thread; [`Staging::commit`] swaps it in place of the output. Dropped
/// without a commit, it is removed and the previous output stays as it was.
///
/// Its files are written plainly, not with [`atomic_write`]: the folder as a whole is
/// what is swapped in, and an fsync per file would slow large sites for nothing.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    /// Folders already created inside `dir`, relative to it.
    created: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Prepares an empty staging folder for `out` (cleaning up after killed builds).
    pub fn new(out: &Path) -> Result<Staging, WriteError> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(err(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.nuovo-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(err(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(err(&dir))?;
        Ok(Staging {
            out: out.to_path_buf(),
            parent,
            name,
            dir,
            created: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Writes one file (path relative to the site root); returns its path on disk.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<PathBuf, WriteError> {
        self.put_with(rel, &|w| w.write_all(bytes))
    }

    /// Writes one file through `write` (for files too large to hold in memory).
    pub fn put_with(
        &self,
        rel: &str,
        write: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    ) -> Result<PathBuf, WriteError> {
        if !safe_relative(rel) {
            return Err(WriteError {
                path: PathBuf::from(rel),
                error: io::Error::new(io::ErrorKind::InvalidInput, "percorso fuori dal sito"),
            });
        }
        if let Some(folder) = Path::new(rel).parent() {
            self.create_folder(folder)?;
        }
        let path = self.dir.join(rel);
        // the staging folder is new and each path is written once: a file that already
        // exists is a second output at the same address, an error rather than an overwrite
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(err(&path))?;
        write(&mut f).map_err(err(&path))?;
        Ok(path)
    }

    /// Creates `folder` (relative to the staging folder) and whichever of its parents
    /// are missing, outermost first: one `mkdir` per folder of the site and no `stat`,
    /// since the staging folder starts empty and only this creates folders in it.
    fn create_folder(&self, folder: &Path) -> Result<(), WriteError> {
        // the lock is held while folders are created: another thread writing into the
        // same folder waits until it exists
        let mut created = self.created.lock().unwrap_or_else(|e| e.into_inner());
        let missing: Vec<&Path> = folder
            .ancestors()
            .take_while(|f| !f.as_os_str().is_empty() && !created.contains(*f))
            .collect();
        for f in missing.into_iter().rev() {
            let dir = self.dir.join(f);
            fs::create_dir(&dir).map_err(err(&dir))?;
            created.insert(f.to_path_buf());
        }
        Ok(())
    }

    /// Replaces the output folder with the staged site.
    pub fn commit(mut self) -> Result<(), WriteError> {
        self.committed = true;
        let (out, staging) = (&self.out, &self.dir);
        let old = self
            .parent
            .join(format!(".{}.precedente-{}", self.name, std::process::id()));
        if out.exists() {
            if old.exists() {
                fs::remove_dir_all(&old).map_err(err(&old))?;
            }
            fs::rename(out, &old).map_err(|e| {
                let _ = fs::remove_dir_all(staging);
                WriteError {
                    path: out.to_path_buf(),
                    error: e,
                }
            })?;
        }
        if let Err(e) = fs::rename(staging, out) {
            if old.exists() {
                let _ = fs::rename(&old, out);
            }
            let _ = fs::remove_dir_all(staging);
            return Err(WriteError {
                path: out.to_path_buf(),
                error: e,
            });
        }
        if old.exists() {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Cleans up after builds killed half-way: unfinished staging folders are removed, and a
/// previous output left aside (killed between the two renames) is put back in place.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let out = parent.join(name);
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if !entry.path().is_dir() {
            continue;
        }
        if file.starts_with(&format!(".{name}.precedente-")) && !out.exists() {
            let _ = fs::rename(entry.path(), &out);
        } else if file.starts_with(&format!(".{name}.nuovo-"))
            || file.starts_with(&format!(".{name}.precedente-"))
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn staging_creates_nested_folders_in_any_order_and_commits() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        // a deep folder first, then its parent, a sibling and the root
        staging.put("a/b/c/pagina.html", b"c").unwrap();
        staging.put("a/indice.html", b"a").unwrap();
        staging.put("a/b/d/tabella.csv", b"d").unwrap();
        staging.put("robots.txt", b"r").unwrap();
        staging.commit().unwrap();
        assert_eq!(fs::read(out.join("a/b/c/pagina.html")).unwrap(), b"c");
        assert_eq!(fs::read(out.join("a/indice.html")).unwrap(), b"a");
        assert_eq!(fs::read(out.join("a/b/d/tabella.csv")).unwrap(), b"d");
        assert_eq!(names(&out), ["a", "robots.txt"]);
        assert_eq!(names(&out.join("a/b")), ["c", "d"]);
        assert_eq!(names(dir.path()), ["public"]);
    }

    #[test]
    fn staging_refuses_a_second_file_at_the_same_path_and_paths_outside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.put("a/pagina.html", b"uno").unwrap();
        let twice = staging.put("a/pagina.html", b"due").unwrap_err();
        assert_eq!(twice.error.kind(), io::ErrorKind::AlreadyExists);
        assert!(staging.put("../fuori.html", b"x").is_err());
        drop(staging);
        // dropped without a commit: nothing is left behind
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn atomic_write_creates_and_replaces_leaving_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("misure.toml");
        atomic_write(&path, b"uno").unwrap();
        atomic_write(&path, b"due").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"due");
        assert_eq!(names(dir.path()), ["misure.toml"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            // readable by others as any new file, not private as a temporary file
            assert_eq!(mode & 0o044, 0o044, "{mode:o}");
        }
    }

    #[test]
    fn atomic_write_failure_keeps_the_old_file_and_removes_the_temporary() {
        let dir = tempfile::tempdir().unwrap();
        // a folder where the file should go: the rename fails
        let path = dir.path().join("occupato");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("dentro"), "x").unwrap();
        assert!(atomic_write(&path, b"nuovo").is_err());
        assert!(path.is_dir());
        assert_eq!(names(dir.path()), ["occupato"]);
        // a folder that does not exist: nothing is created
        let missing = dir.path().join("manca/file.csv");
        assert!(atomic_write(&missing, b"x").is_err());
        assert_eq!(names(dir.path()), ["occupato"]);
    }
}
