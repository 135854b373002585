//! The files of the built site, indexed once, and what a path names among them
//! (a file, a folder with or without its `index.html`, nothing).

use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The files of the site, relative to its root with `/` separators, each with an index.
pub(super) struct Files {
    pub(super) names: Vec<String>,
    pub(super) index: HashMap<String, u32>,
    dirs: HashSet<String>,
}

pub(super) enum Lookup {
    /// The file served (its index).
    File(u32),
    /// A folder named without the final `/`: served only through a redirect.
    NoSlash(u32),
    Missing,
    /// A folder without `index.html`.
    NoIndex,
}

impl Files {
    /// Walks `root`, in file-name order so that the report is stable.
    pub(super) fn walk(root: &Path) -> Self {
        let mut files = Files {
            names: Vec::new(),
            index: HashMap::new(),
            dirs: HashSet::new(),
        };
        for entry in walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                files.dirs.insert(format!("{rel}/"));
            } else {
                files.index.insert(
                    rel.clone(),
                    u32::try_from(files.names.len()).unwrap_or(u32::MAX),
                );
                files.names.push(rel);
            }
        }
        files
    }

    pub(super) fn lookup(&self, path: &str) -> Lookup {
        if path.is_empty() || path.ends_with('/') {
            if let Some(&i) = self.index.get(&format!("{path}index.html")) {
                Lookup::File(i)
            } else if self.dirs.contains(path) {
                Lookup::NoIndex
            } else {
                Lookup::Missing
            }
        } else if let Some(&i) = self.index.get(path) {
            Lookup::File(i)
        } else if let Some(&i) = self.index.get(&format!("{path}/index.html")) {
            Lookup::NoSlash(i)
        } else if self.dirs.contains(&format!("{path}/")) {
            Lookup::NoIndex
        } else {
            Lookup::Missing
        }
    }

    pub(super) fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }
}

pub(super) fn folder_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..=i])
}

pub(super) fn extension(path: &str) -> String {
    let name = &path[path.rfind('/').map_or(0, |i| i + 1)..];
    name.rfind('.')
        .map(|i| name[i + 1..].to_ascii_lowercase())
        .unwrap_or_default()
}

pub(super) fn is_page(rel: &str) -> bool {
    matches!(extension(rel).as_str(), "html" | "htm")
}

/// What a style-sheet URL loads, from its extension.
pub(super) fn css_kind(path: &str) -> &'static str {
    match extension(path).as_str() {
        "woff2" | "woff" | "ttf" | "otf" | "eot" => "font",
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" | "ico" | "bmp" => "immagine",
        "css" => "foglio di stile",
        _ => "risorsa",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_kinds() {
        assert_eq!(css_kind("static/fonts/a.woff2"), "font");
        assert_eq!(css_kind("img/A.PNG"), "immagine");
        assert_eq!(extension("a.b/c"), "");
    }
}
