//! Where each part of the screen goes, for a terminal size. Pure, so `update`
//! (scrolling, clicks) and drawing agree on the article pane's size.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the screen shows only "window too small".
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// From this width on, the detail panel sits beside the article, not below it.
const SIDE_BY_SIDE_WIDTH: u16 = 110;
const SIDE_PANEL_WIDTH: u16 = 42;
const BOTTOM_PANEL_HEIGHT: u16 = 8;

/// Columns left of the text for the status marker of annotations starting on a row.
pub const GUTTER: u16 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The article text (the gutter is left of it).
    pub gutter: Rect,
    pub text: Rect,
    pub detail: Rect,
    pub status: Rect,
    pub hints: Rect,
}

/// The screen's areas, or `None` when the terminal is too small to be usable.
pub fn areas(screen: Rect) -> Option<Areas> {
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        return None;
    }
    let [main, status, hints] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(screen);
    let (article, detail) = if screen.width >= SIDE_BY_SIDE_WIDTH {
        let [article, detail] =
            Layout::horizontal([Constraint::Min(1), Constraint::Length(SIDE_PANEL_WIDTH)])
                .areas(main);
        (article, detail)
    } else {
        let [article, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(BOTTOM_PANEL_HEIGHT)])
                .areas(main);
        (article, detail)
    };
    let [gutter, text] =
        Layout::horizontal([Constraint::Length(GUTTER), Constraint::Min(1)]).areas(article);
    Some(Areas {
        gutter,
        text,
        detail,
        status,
        hints,
    })
}
