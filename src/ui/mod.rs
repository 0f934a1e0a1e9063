//! Drawing the review screen from `&State`; nothing here changes the state.

mod article_pane;
mod detail;
mod help;
pub mod layout;
mod status;
pub mod theme;
pub mod wrap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::{Mode, State};

impl Widget for &State {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(areas) = layout::areas(area) else {
            too_small(area, buf);
            return;
        };
        let theme = theme::Theme::new(self.settings.color);
        article_pane::render(self, theme, areas.gutter, areas.text, buf);
        detail::render(self, theme, areas.detail, buf);
        status::render_status(self, theme, areas.status, buf);
        status::render_hints(self, theme, areas.hints, buf);
        match &self.mode {
            Mode::Help => help::render(theme, area, buf),
            Mode::Recovery => help::render_recovery_prompt(self, theme, area, buf),
            _ => {}
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let message = format!(
        "Window too small: {}x{}, margin needs {}x{}.",
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT
    );
    Paragraph::new(message)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
