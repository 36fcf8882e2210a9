//! The layers of `src/lib.rs`, checked on the source: the core never imports the browser or a
//! terminal crate, and no two modules import each other, directly or through others.
//!
//! A module is named by its first two path segments (`load::cache`, `tui::view`): the parts of
//! a module's folder belong to it, and a module and its parts may use each other; modules side by
//! side may not, in a circle. A reference is any `crate::…`, `super::…` or `self::…` path, or a
//! path that starts with one of the module's own parts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules of the core: they know nothing of terminals.
const CORE: &[&str] = &[
    "axis",
    "lanes",
    "model",
    "load",
    "query",
    "sources",
    "evidence",
    "capture",
    "export",
    "import",
    "text",
    "suggest",
    "knowledge",
    "edit",
];

/// Crates that draw on or read from a terminal.
const TERMINAL_CRATES: &[&str] = &["ratatui", "crossterm"];

#[test]
fn the_core_imports_neither_the_browser_nor_a_terminal_crate() {
    let mut wrong = Vec::new();
    for (module, file) in modules() {
        if !module.first().is_some_and(|m| CORE.contains(&m.as_str())) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for target in references(&module, &text, &module_paths()) {
            if target.first().map(String::as_str) == Some("tui") || target.first().map(String::as_str) == Some("cli") {
                wrong.push(format!("{} uses crate::{}", file.display(), target.join("::")));
            }
        }
        for name in TERMINAL_CRATES {
            if text.contains(&format!("{name}::")) {
                wrong.push(format!("{} uses {name}", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn no_modules_import_each_other() {
    let graph = graph();
    if let Some(cycle) = find_cycle(&graph) {
        panic!("modules import each other: {}", cycle.join(" -> "));
    }
}

/// Every module's file, by its path of names (`["tui", "view", "list"]`).
fn modules() -> Vec<(Vec<String>, PathBuf)> {
    let mut out = Vec::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walk(&src, &src, &mut out);
    out
}

fn module_paths() -> BTreeSet<Vec<String>> {
    modules().into_iter().map(|(m, _)| m).collect()
}

fn walk(src: &Path, dir: &Path, out: &mut Vec<(Vec<String>, PathBuf)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(src, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(src).unwrap().with_extension("");
            let mut names: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if matches!(names.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                names.pop();
            }
            out.push((names, path));
        }
    }
}

/// The module paths a file refers to, made absolute: `crate::`, `super::` and `self::` paths,
/// and paths that start with one of the module's own children. A file's own tests
/// (`#[cfg(test)] mod`, at its end) are left out: their `super` is the file itself.
fn references(module: &[String], text: &str, all: &BTreeSet<Vec<String>>) -> Vec<Vec<String>> {
    let text = text.find("#[cfg(test)]\nmod ").map_or(text, |at| &text[..at]);
    let mut out = Vec::new();
    let words: Vec<&str> =
        text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).filter(|w| w.contains("::")).collect();
    for word in words {
        let parts: Vec<&str> = word.split("::").filter(|p| !p.is_empty()).collect();
        let mut path: Vec<String> = match parts.first() {
            Some(&"crate") => Vec::new(),
            Some(&"self") => module.to_vec(),
            Some(&"super") => module[..module.len().saturating_sub(1)].to_vec(),
            Some(child) if all.contains(&[module, &[child.to_string()]].concat()) => {
                let mut path = module.to_vec();
                path.push(child.to_string());
                path
            }
            _ => continue,
        };
        for part in &parts[1..] {
            match *part {
                "super" => drop(path.pop()),
                other => path.push(other.to_string()),
            }
        }
        out.push(path);
    }
    out
}

/// A module's node: its first two names.
fn node(path: &[String]) -> String {
    path.iter().take(2).cloned().collect::<Vec<_>>().join("::")
}

/// Which nodes each node refers to, among the nodes that exist.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let all = module_paths();
    let nodes: BTreeSet<String> = modules.iter().map(|(m, _)| node(m)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &modules {
        let from = node(module);
        let text = std::fs::read_to_string(file).unwrap();
        for target in references(module, &text, &all) {
            // The longest prefix of the path that is a module.
            let to = (1..=target.len().min(2)).rev().map(|n| node(&target[..n])).find(|n| nodes.contains(n));
            // The crate's root only declares the modules; a module and the parts of its folder
            // belong together.
            let related = |a: &str, b: &str| a.is_empty() || a == b || b.starts_with(&format!("{a}::"));
            if let Some(to) = to
                && !related(&to, &from)
                && !related(&from, &to)
            {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}
