//! Colours that read on dark and light terminals alike, or none at all with `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, Default)]
pub struct Theme {
    pub color: bool,
    pub colors: Colors,
}

/// The colours of the roles that have one; the settings file can change each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colors {
    pub heading: Color,
    pub chip: Color,
    pub claim: Color,
    pub disputed: Color,
    pub error: Color,
    pub key: Color,
    pub matched: Color,
}

impl Default for Colors {
    fn default() -> Colors {
        Colors {
            heading: Color::Cyan,
            chip: Color::Yellow,
            claim: Color::Yellow,
            disputed: Color::Red,
            error: Color::Red,
            key: Color::Cyan,
            matched: Color::Magenta,
        }
    }
}

impl Colors {
    /// Each role's name, what it colours, and its colour.
    pub fn roles(&self) -> [(&'static str, &'static str, Color); 7] {
        [
            ("heading", "date headings and titles of panes", self.heading),
            ("chip", "the active filters in the header", self.chip),
            ("claim", "the C mark of claimed events", self.claim),
            ("disputed", "the D mark of disputed events", self.disputed),
            ("error", "errors, and the banner of a broken edit", self.error),
            ("key", "keys in the footer and help", self.key),
            ("matched", "words that match the query", self.matched),
        ]
    }

    /// The role's colour to change, by name.
    pub fn role_mut(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "heading" => &mut self.heading,
            "chip" => &mut self.chip,
            "claim" => &mut self.claim,
            "disputed" => &mut self.disputed,
            "error" => &mut self.error,
            "key" => &mut self.key,
            "matched" => &mut self.matched,
            _ => return None,
        })
    }
}

impl Theme {
    /// These colours, or none if `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn new(colors: Colors) -> Theme {
        let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Theme { color, colors }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }

    pub fn heading(&self) -> Style {
        self.fg(self.colors.heading).add_modifier(Modifier::BOLD)
    }
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn chip(&self) -> Style {
        self.fg(self.colors.chip).add_modifier(Modifier::BOLD)
    }
    pub fn claim(&self) -> Style {
        self.fg(self.colors.claim).add_modifier(Modifier::BOLD)
    }
    pub fn disputed(&self) -> Style {
        self.fg(self.colors.disputed).add_modifier(Modifier::BOLD)
    }
    pub fn error(&self) -> Style {
        self.fg(self.colors.error).add_modifier(Modifier::UNDERLINED)
    }
    pub fn key(&self) -> Style {
        self.fg(self.colors.key).add_modifier(Modifier::BOLD)
    }
    pub fn matched(&self) -> Style {
        self.fg(self.colors.matched).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
}
