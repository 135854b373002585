//! The shape of the code, checked on its text: no module imports another that imports it
//! back (so `archive` stays a leaf and each stage depends only on earlier ones), and no
//! source file grows past the size at which it should be split (ARCHITECTURE.md).
//!
//! The module graph has one node per source file and an edge for every `crate::…` or
//! `super::…` path outside the unit tests, resolved to the longest module prefix that is a
//! file (`crate::render::pages::Head` → `render/pages/mod.rs`), including grouped imports
//! (`use crate::model::{Plan, target::Unit}`) and paths through an imported module name
//! (`use crate::archive;` … `archive::bag::x`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Lines a source file may have before it must be split, and the files allowed past it, with why.
const MAX_LINES: usize = 600;
const LONG_FILES: &[(&str, &str)] = &[];

/// Module path of every source file under `src/` (`["render", "pages"]` for
/// `src/render/pages/mod.rs`), with its text; `lib.rs` and `main.rs` are the roots, not nodes.
fn modules() -> BTreeMap<Vec<String>, (String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("src/ leggibile");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        if parts == ["lib"] || parts == ["main"] {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        let shown = path.strip_prefix(src.parent().unwrap()).unwrap();
        out.insert(parts, (shown.display().to_string(), text));
    }
    out
}

/// The text that counts for imports: before the first `#[cfg(test)]` (unit tests may reach
/// anywhere), without `//` comments (doc links are no imports) and string contents.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut prev = ' ';
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if !in_string && c == '/' && chars.peek() == Some(&'/') {
                break;
            }
            if c == '"' && prev != '\\' {
                in_string = !in_string;
            }
            if !in_string {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path that starts at `start` in `code`: `a::b::c`, and for a group `a::{b, c::d}` each
/// member (nested groups flattened).
fn paths_at(code: &str, start: usize) -> Vec<Vec<String>> {
    let bytes: Vec<char> = code[start..].chars().collect();
    fn parse(
        chars: &[char],
        mut i: usize,
        prefix: Vec<String>,
        out: &mut Vec<Vec<String>>,
    ) -> usize {
        let mut path = prefix;
        loop {
            if chars.get(i) == Some(&'{') {
                i += 1;
                loop {
                    while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                        i += 1;
                    }
                    if i >= chars.len() || chars[i] == '}' {
                        return i + 1;
                    }
                    let before = i;
                    i = parse(chars, i, path.clone(), out);
                    // `x as y`: skip the alias
                    while i < chars.len() && !matches!(chars[i], ',' | '}') {
                        i += 1;
                    }
                    if i == before {
                        i += 1;
                    }
                }
            }
            let begin = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            if i > begin {
                path.push(chars[begin..i].iter().collect());
            }
            if i > begin && chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
                i += 2;
                continue;
            }
            path.retain(|p| p != "self");
            if !path.is_empty() {
                out.push(path);
            }
            return i;
        }
    }
    let mut out = Vec::new();
    parse(&bytes, 0, Vec::new(), &mut out);
    out
}

/// Edges of the module graph: file → files it names.
fn graph(
    mods: &BTreeMap<Vec<String>, (String, String)>,
) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let resolve = |path: &[String]| -> Option<Vec<String>> {
        (1..=path.len())
            .rev()
            .map(|i| path[..i].to_vec())
            .find(|p| mods.contains_key(p))
    };
    let mut edges = BTreeMap::new();
    for (module, (_, text)) in mods {
        let code = code_of(text);
        // `super` of a file `a/b.rs` is `a`; of `a/b/mod.rs` it is `a` too
        let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
        let mut named: Vec<Vec<String>> = Vec::new();
        let mut aliases: Vec<(String, Vec<String>)> = Vec::new();
        for (keyword, base) in [("crate::", Vec::new()), ("super::", parent.clone())] {
            let mut from = 0;
            while let Some(found) = code[from..].find(keyword) {
                let at = from + found;
                from = at + keyword.len();
                if code[..at].chars().next_back().is_some_and(is_ident) {
                    continue;
                }
                // in a `use`, each imported name is an alias: later `name::x` paths go through it
                let stmt_start = code[..at].rfind(['\n', ';', '}']).map_or(0, |i| i + 1);
                let stmt = code[stmt_start..at].trim_start();
                let is_use = stmt.starts_with("use ") || stmt.contains(" use ");
                for rest in paths_at(&code, from) {
                    let mut full = base.clone();
                    full.extend(rest);
                    if is_use && let Some(last) = full.last() {
                        aliases.push((last.clone(), full.clone()));
                    }
                    named.push(full);
                }
            }
        }
        for (alias, full) in &aliases {
            let pattern = format!("{alias}::");
            let mut from = 0;
            while let Some(found) = code[from..].find(&pattern) {
                let at = from + found;
                from = at + pattern.len();
                if code[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| is_ident(c) || c == ':')
                {
                    continue;
                }
                for rest in paths_at(&code, from) {
                    let mut path = full.clone();
                    path.extend(rest);
                    named.push(path);
                }
            }
        }
        let targets: BTreeSet<Vec<String>> = named
            .iter()
            .filter_map(|p| resolve(p))
            .filter(|t| t != module)
            .collect();
        edges.insert(module.clone(), targets);
    }
    edges
}

/// Strongly connected components with more than one file (Tarjan).
fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        for w in &s.edges[v] {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.stack.contains(&w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                component.push(w.join("/"));
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let mods = modules();
    let found = cycles(&graph(&mods));
    assert!(
        found.is_empty(),
        "moduli che si importano a vicenda: {found:?}"
    );
}

#[test]
fn archive_is_a_leaf() {
    let mods = modules();
    let edges = graph(&mods);
    for (module, targets) in &edges {
        if module.first().is_some_and(|m| m == "archive") {
            for t in targets {
                let top = t.first().map(String::as_str).unwrap_or("");
                assert!(
                    !matches!(
                        top,
                        "build" | "render" | "serve" | "cmd" | "load" | "evaluate"
                    ),
                    "{} importa {}: l'archivio riceve un sito finito e documenti tipizzati",
                    module.join("/"),
                    t.join("/")
                );
            }
        }
    }
}

#[test]
fn source_files_stay_small() {
    let long: Vec<String> = modules()
        .values()
        .filter(|(file, text)| {
            text.lines().count() > MAX_LINES && !LONG_FILES.iter().any(|(f, _)| f == file)
        })
        .map(|(file, text)| format!("{file} ({} righe)", text.lines().count()))
        .collect();
    assert!(long.is_empty(), "file da dividere: {long:?}");
}

#[test]
fn the_checker_sees_a_cycle_when_there_is_one() {
    // the same scanner on two files that name each other, in every import form it reads
    let mut mods = BTreeMap::new();
    let m = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    mods.insert(
        m(&["a"]),
        ("src/a.rs".into(), "use crate::b::{self, x::Y};\n".into()),
    );
    mods.insert(
        m(&["b"]),
        (
            "src/b/mod.rs".into(),
            "use crate::a;\nfn f() { a::g() }\n".into(),
        ),
    );
    mods.insert(
        m(&["b", "x"]),
        ("src/b/x.rs".into(), "pub struct Y;".into()),
    );
    mods.insert(
        m(&["c"]),
        (
            "src/c.rs".into(),
            "// crate::a::z\nfn f() -> &str { \"crate::b\" }\n#[cfg(test)]\nuse crate::a;".into(),
        ),
    );
    let edges = graph(&mods);
    assert_eq!(
        edges[&m(&["a"])],
        BTreeSet::from([m(&["b"]), m(&["b", "x"])])
    );
    assert_eq!(edges[&m(&["b"])], BTreeSet::from([m(&["a"])]));
    assert!(
        edges[&m(&["c"])].is_empty(),
        "comments, strings and unit tests are no imports"
    );
    assert_eq!(cycles(&edges), vec![vec!["a".to_string(), "b".to_string()]]);
}
