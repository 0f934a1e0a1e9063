//! Styles. Every distinction is carried by a modifier or a symbol as well as a
//! colour, so the screen reads the same in 16 colours and under `NO_COLOR`.
//! Only the 16 ANSI colours are used.

use ratatui::style::{Color, Modifier, Style};

use crate::detect::Kind;
use crate::sidecar::Status;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        Self { color }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Quotes and claims differ in colour here and by letter in the gutter.
    pub fn kind(self, kind: Kind) -> Style {
        match kind {
            Kind::Quote => self.fg(Color::Cyan),
            Kind::Claim => self.fg(Color::Yellow),
        }
    }

    /// Pending underlined, confirmed bold, rejected struck through and dim.
    pub fn status(status: Status) -> Modifier {
        match status {
            Status::Pending => Modifier::UNDERLINED,
            Status::Confirmed => Modifier::BOLD,
            Status::Rejected => Modifier::CROSSED_OUT | Modifier::DIM,
        }
    }

    /// An annotation's span in the text.
    pub fn span(self, kind: Kind, status: Status, selected: bool) -> Style {
        let style = self.kind(kind).add_modifier(Self::status(status));
        if selected {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style
        }
    }

    /// The span being edited or chosen for a new annotation.
    pub fn draft(self) -> Style {
        self.fg(Color::Green)
            .add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
    }

    pub fn search_match(self) -> Style {
        if self.color {
            Style::new().bg(Color::Magenta).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED)
        }
    }

    pub fn label(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn bar(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn focused(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
}

/// The gutter's symbol for a status, readable without colour.
pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Pending => "?",
        Status::Confirmed => "✓",
        Status::Rejected => "✗",
    }
}

pub fn kind_letter(kind: Kind) -> &'static str {
    match kind {
        Kind::Quote => "Q",
        Kind::Claim => "C",
    }
}
