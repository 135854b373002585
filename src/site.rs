//! The files of a site (or of an archive package): paths relative to its root with
//! their bytes, always sorted by path and without repeats, so that whoever writes,
//! zips or lists them gets the same order.

use std::ops::Deref;

/// Files sorted by path, each path once. Reads like a slice of `(path, bytes)`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SiteFiles(Vec<(String, Vec<u8>)>);

impl SiteFiles {
    /// No files.
    pub fn new() -> Self {
        SiteFiles(Vec::new())
    }

    /// Adds a file, replacing one at the same path.
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) {
        match self.position(&path) {
            Ok(i) => self.0[i].1 = bytes,
            Err(i) => self.0.insert(i, (path, bytes)),
        }
    }

    /// The content of one file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.position(path).ok().map(|i| self.0[i].1.as_slice())
    }

    /// Keeps only the files for which `keep(path)` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.0.retain(|(p, _)| keep(p));
    }

    fn position(&self, path: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(p, _)| p.as_str().cmp(path))
    }
}

impl Deref for SiteFiles {
    type Target = [(String, Vec<u8>)];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl Extend<(String, Vec<u8>)> for SiteFiles {
    /// Adds many files at once (one sort); a later file replaces an earlier one at the same path.
    fn extend<I: IntoIterator<Item = (String, Vec<u8>)>>(&mut self, files: I) {
        self.0.extend(files);
        // stable: of the files at one path, the last added is last
        self.0.sort_by(|a, b| a.0.cmp(&b.0));
        // in place: of two neighbours at one path the later moves into the earlier's slot
        self.0.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
    }
}

impl FromIterator<(String, Vec<u8>)> for SiteFiles {
    fn from_iter<I: IntoIterator<Item = (String, Vec<u8>)>>(files: I) -> Self {
        let mut out = SiteFiles::new();
        out.extend(files);
        out
    }
}

impl From<Vec<(String, Vec<u8>)>> for SiteFiles {
    fn from(files: Vec<(String, Vec<u8>)>) -> Self {
        files.into_iter().collect()
    }
}

impl IntoIterator for SiteFiles {
    type Item = (String, Vec<u8>);
    type IntoIter = std::vec::IntoIter<(String, Vec<u8>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a SiteFiles {
    type Item = &'a (String, Vec<u8>);
    type IntoIter = std::slice::Iter<'a, (String, Vec<u8>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str, b: &str) -> (String, Vec<u8>) {
        (p.to_owned(), b.as_bytes().to_vec())
    }

    #[test]
    fn kept_sorted_with_the_last_file_of_a_path() {
        let mut files: SiteFiles = vec![file("b", "1"), file("a", "1"), file("b", "2")].into();
        assert_eq!(&*files, &[file("a", "1"), file("b", "2")]);
        files.insert("0".into(), b"x".to_vec());
        files.insert("a".into(), b"3".to_vec());
        files.extend([file("c", "1"), file("0", "y")]);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["0", "a", "b", "c"]);
        assert_eq!(files.get("a"), Some(&b"3"[..]));
        assert_eq!(files.get("0"), Some(&b"y"[..]));
        assert_eq!(files.get("z"), None);
        files.retain(|p| p != "b");
        assert_eq!(files.len(), 3);
    }
}
