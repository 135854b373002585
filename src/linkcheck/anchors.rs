//! Anchors missing in other files, reported once every page has been read.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::css;
use super::files::{Files, is_page};
use super::findings::{Pending, repeated_note};
use super::located::{Located, read_text};
use super::page;
use crate::diagnostic::{self, Diagnostic, Severity};

/// Diagnostics for anchors missing in other files: each referring file and each
/// target is read again, only here, to show the reference as written and suggest ids.
pub(super) fn missing_anchors(
    root: &Path,
    files: &Files,
    mut missing: Vec<Pending>,
) -> Vec<Diagnostic> {
    missing.sort_by_key(|p| (p.file, p.offset));
    let mut target_ids: HashMap<u32, HashSet<String>> = HashMap::new();
    let mut out = Vec::new();
    for group in missing.chunk_by(|a, b| a.file == b.file) {
        let rel = files.name(group[0].file);
        let path = root.join(rel);
        let Ok(text) = read_text(&path) else { continue };
        let written: HashMap<usize, String> = if is_page(rel) {
            let scan = page::scan(&text);
            scan.refs
                .into_iter()
                .map(|r| (r.offset, r.url.trim().to_owned()))
                .collect()
        } else {
            css::urls(&text)
                .into_iter()
                .map(|u| (u.offset, u.url))
                .collect()
        };
        let file = Located::new(path, text);
        for p in group {
            let target = files.name(p.target);
            let ids = target_ids.entry(p.target).or_insert_with(|| {
                let text = read_text(&root.join(target)).unwrap_or_default();
                if is_page(target) {
                    page::scan(&text).ids
                } else {
                    page::svg_ids(&text)
                }
            });
            let suggestion = diagnostic::did_you_mean(&p.fragment, ids.iter().map(String::as_str))
                .map(|s| format!("forse «#{s}»? "))
                .unwrap_or_default();
            let url = written
                .get(&p.offset)
                .cloned()
                .unwrap_or_else(|| format!("#{}", p.fragment));
            let mut message =
                format!("ancora mancante: «{url}» non corrisponde a nessun id di {target}");
            if p.count > 1 {
                message.push_str(&repeated_note(p.count));
            }
            out.push(file.at(
                Severity::Error,
                p.offset,
                message,
                format!("{suggestion}usare l'id di un elemento di {target} (id=\"...\") o correggere il link"),
            ));
        }
    }
    out
}
