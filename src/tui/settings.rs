//! The user's settings: a RON file of key bindings (actions by name) and colours, read at start.
//! A mistake in it gets the same `FILE:LINE:COL` diagnostics as a mistake in a timeline.

use super::keymap::{self, Key, Keymap};
use super::theme::Colors;
use crate::load::{Diagnostic, SourceFile, did_you_mean};
use ratatui::style::Color;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Names the settings file to use instead of the usual one.
pub const ENV: &str = "TIMELINE_CONFIG";

#[derive(Deserialize, Default)]
#[serde(rename = "Config", deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    keys: Entries<Vec<String>>,
    #[serde(default)]
    colors: Entries<String>,
    /// The citation style the export dialog starts with, by name; empty for the default.
    #[serde(default)]
    citation_style: String,
}

/// A map's entries in the order written: a map type would keep one of two entries with the same
/// name and drop the other without a word, and the user should hear of it.
struct Entries<T>(Vec<(String, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entries<T>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// What the settings change.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub keymap: Keymap,
    pub colors: Colors,
    /// The export dialog's first citation style: its place in `export::cite::STYLES`.
    pub citation_style: usize,
}

/// `$TIMELINE_CONFIG`, else `$XDG_CONFIG_HOME/timeline/config.ron` (or the system's equivalent).
pub fn path() -> Option<PathBuf> {
    match std::env::var_os(ENV) {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => Some(dirs::config_dir()?.join("timeline").join("config.ron")),
    }
}

/// The settings in `path`; the defaults when there is no such file; the rendered diagnostics when
/// it has mistakes.
pub fn load(path: &Path) -> Result<Settings, String> {
    // Read like a timeline: a FIFO or a device in its place must not hang the start.
    let text = match crate::load::regular::read(path, 16 << 20)
        .and_then(|bytes| String::from_utf8(bytes).map_err(|_| std::io::Error::other("it is not UTF-8 text")))
    {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => {
            return Err(format!("error: cannot read the settings `{}`: {e}\n", crate::text::clean_path(path)));
        }
    };
    let name = path.display().to_string();
    let file = SourceFile::new(&name, &text);
    let problems = match parse(&text) {
        Ok(settings) => return Ok(settings),
        Err(problems) => problems,
    };
    let mut out = String::new();
    for d in &problems {
        out.push_str(&file.render(d));
        out.push('\n');
    }
    out.push_str(&format!(
        "{name}: {} in the settings; `timeline config --default` prints a complete, valid file\n",
        plural(problems.len())
    ));
    Err(out)
}

fn plural(n: usize) -> String {
    format!("{n} error{}", if n == 1 { "" } else { "s" })
}

/// The settings a text holds, or its problems, each with its place.
pub fn parse(text: &str) -> Result<Settings, Vec<Diagnostic>> {
    let raw: Raw = ron::Options::default().from_str(text).map_err(|e| {
        let file = SourceFile::new("", text);
        let at = file.offset(e.span.start.line, e.span.start.col);
        let message = e.code.to_string();
        let message = message.get(..1).map_or(message.clone(), |first| first.to_lowercase() + &message[1..]);
        vec![Diagnostic::error(message).at(Some((at, at + 1))).help("see `timeline config --default`")]
    })?;
    let mut settings = Settings::default();
    let mut problems = duplicates(text, 0, "action", raw.keys.0.iter().map(|(name, _)| name.as_str()), "");
    problems.extend(duplicates(text, 0, "colour role", raw.colors.0.iter().map(|(role, _)| role.as_str()), ""));
    let actions = keymap::bindable();
    for (name, keys) in &raw.keys.0 {
        let from = span(text, name).map_or(0, |(_, end)| end);
        problems.extend(duplicates(text, from, "key", keys.iter().map(String::as_str), &format!(" for `{name}`")));
        let Some(&(_, action)) = actions.iter().find(|(n, _)| *n == name) else {
            let help = did_you_mean(name, actions.iter().map(|(n, _)| *n))
                .unwrap_or_else(|| "`timeline config --default` lists every action".into());
            problems.push(Diagnostic::error(format!("unknown action `{name}`")).at(span(text, name)).help(help));
            continue;
        };
        let mut parsed = Vec::new();
        for key in keys {
            match Key::parse(key) {
                Some(k) => parsed.push(k),
                None => problems.push(Diagnostic::error(format!("`{key}` is not a key")).at(span(text, key)).help(
                    "write a character (`j`, `G`), a named key (`Down`, `PageUp`, `Enter`, `Space`, `Esc`) or `Ctrl-x`",
                )),
            }
        }
        settings.keymap.rebind(action, &parsed);
    }
    if raw.keys.0.iter().any(|(name, keys)| name == "Quit" && keys.is_empty()) {
        problems.push(
            Diagnostic::error("`Quit` needs a key: without one the browser could not be left")
                .at(span(text, "Quit"))
                .help("give it one, e.g. \"Quit\": [\"q\"], or remove the line to keep q and Ctrl-c"),
        );
    }
    if let Some((key, mode, a, b)) = settings.keymap.conflict() {
        let at = span(text, &key.setting());
        problems.push(
            Diagnostic::error(format!(
                "`{}` would do two things in {}: {} and {}",
                key.setting(),
                mode.title(),
                a.name(),
                b.name()
            ))
            .at(at)
            .help("give one of the two actions other keys"),
        );
    }
    for (role, value) in &raw.colors.0 {
        let roles = settings.colors.roles().map(|(name, ..)| name);
        let Some(slot) = settings.colors.role_mut(role) else {
            let help = did_you_mean(role, roles.iter().copied())
                .unwrap_or_else(|| format!("the roles are {}", roles.join(", ")));
            problems.push(Diagnostic::error(format!("unknown colour role `{role}`")).at(span(text, role)).help(help));
            continue;
        };
        match value.parse::<Color>() {
            Ok(color) => *slot = color,
            Err(_) => problems.push(
                Diagnostic::error(format!("`{value}` is not a colour"))
                    .at(span(text, value))
                    .help("write a name (red, light-blue, dark-gray, …), a number from 0 to 255, or `#rrggbb`"),
            ),
        }
    }
    if let Some(name) = Some(&raw.citation_style).filter(|n| !n.is_empty()) {
        let styles = crate::export::cite::STYLES;
        match styles.iter().position(|(n, _)| n == name) {
            Some(place) => settings.citation_style = place,
            None => problems.push(
                Diagnostic::error(format!("unknown citation style `{name}`"))
                    .at(span(text, name))
                    .help(format!("the styles are {}", crate::export::cite::names())),
            ),
        }
    }
    if problems.is_empty() { Ok(settings) } else { Err(problems) }
}

/// Where the string `"value"` is written in the text, for a diagnostic's caret.
fn span(text: &str, value: &str) -> Option<(usize, usize)> {
    span_nth(text, 0, value, 0)
}

/// Where the `n`-th (from 0) `"value"` after byte `from` is written in the text.
fn span_nth(text: &str, from: usize, value: &str, n: usize) -> Option<(usize, usize)> {
    let quoted = format!("\"{value}\"");
    let at = text.get(from..)?.match_indices(&quoted).nth(n)?.0 + from;
    Some((at, at + quoted.len()))
}

/// One error for each name written more than once, at its second place: a thousand copies of
/// one key are one mistake, not a thousand.
fn duplicates<'a>(
    text: &str,
    from: usize,
    what: &str,
    names: impl Iterator<Item = &'a str>,
    whose: &str,
) -> Vec<Diagnostic> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut order = Vec::new();
    for name in names {
        let count = counts.entry(name).or_default();
        *count += 1;
        if *count == 2 {
            order.push(name);
        }
    }
    order
        .into_iter()
        .map(|name| {
            let times = counts[name];
            let times = if times == 2 { "twice".to_string() } else { format!("{times} times") };
            Diagnostic::error(format!("{what} `{name}` is given {times}{whose}"))
                .at(span_nth(text, from, name, 1))
                .help("keep one: only one of them could count")
        })
        .collect()
}

/// A complete settings file with every action's default keys and every colour, commented.
pub fn default_text() -> String {
    let mut out = String::from(
        "// timeline's settings: save as ~/.config/timeline/config.ron (or point TIMELINE_CONFIG at it).\n\
         // Every entry is optional: delete what you do not want to change.\n\
         Config(\n    // Each action with the keys that do it. Keys given here replace the action's defaults:\n\
         \x20   // a character (\"j\", \"G\"), a named key (\"Down\", \"PageUp\", \"Enter\", \"Space\", \"Esc\",\n\
         \x20   // \"Tab\", \"Shift-Tab\", \"Backspace\", \"Home\", \"End\") or \"Ctrl-x\". [] unbinds an action.\n\
         \x20   keys: {\n",
    );
    for (name, action) in keymap::bindable() {
        let keys: Vec<String> = keymap::default_keys(action).iter().map(|k| format!("{:?}", k.setting())).collect();
        out.push_str(&format!("        // {}\n        \"{name}\": [{}],\n", action.help(), keys.join(", ")));
    }
    out.push_str(
        "    },\n    // Colours: a name (black, red, green, yellow, blue, magenta, cyan, gray, dark-gray,\n\
         \x20   // light-red, light-green, light-yellow, light-blue, light-magenta, light-cyan, white, reset),\n\
         \x20   // a number from 0 to 255, or \"#rrggbb\". NO_COLOR turns colour off whatever this says.\n\
         \x20   colors: {\n",
    );
    for (role, what, color) in Colors::default().roles() {
        out.push_str(&format!("        // {what}\n        \"{role}\": \"{}\",\n", color_name(color)));
    }
    out.push_str(&format!(
        "    }},\n    // The citation style the export dialog starts with: {}.\n    citation_style: \"{}\",\n)\n",
        crate::export::cite::names(),
        crate::export::cite::STYLES[0].0
    ));
    out
}

fn color_name(color: Color) -> String {
    let debug = format!("{color:?}");
    // `LightBlue` -> `light-blue`, as `Color::from_str` reads it.
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}
