//! The review screen's state, the actions on it, the one keymap table and the
//! pure `update` (the Elm architecture: key -> action -> update -> effects).

pub mod action;
pub mod history;
pub mod index;
pub mod keymap;
mod motion;
pub mod state;
mod update;
mod view;

pub use action::{Action, Direction, Edit, Effect, Step};
pub use state::{
    Counts, EditDraft, EditField, FileState, Filter, Mode, Queue, SaveState, Selection, Settings,
    State, StatusFilter, TextInput,
};
pub use update::update;

use ratatui::crossterm::event::Event;

/// Handles one terminal event: maps it through the keymap and updates the state.
pub fn handle_event(state: &mut State, event: Event) -> Vec<Effect> {
    match keymap::action_for_event(state, event) {
        Some(action) => update(state, action),
        None => Vec::new(),
    }
}

/// Presses each key of a space-separated key string (see `keymap::parse_key`);
/// for tests, benchmarks and docs. Unknown tokens are an error.
pub fn press(state: &mut State, keys: &str) -> Result<Vec<Effect>, String> {
    let mut effects = Vec::new();
    for token in keys.split_whitespace() {
        let key = keymap::parse_key(token).ok_or_else(|| format!("unknown key {token:?}"))?;
        effects.extend(handle_event(state, Event::Key(key)));
    }
    Ok(effects)
}
