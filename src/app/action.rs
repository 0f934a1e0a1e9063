//! What can happen to the review screen (`Action`) and what the runtime must do
//! about it (`Effect`). Actions come from the keymap, the terminal and the
//! runtime; `update` turns them into state changes and effects.

use super::state::LoadedSidecar;
use crate::detect::{Candidate, Kind};

/// Which way to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// How far a span boundary moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Char,
    Word,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // Moving between annotations (respecting the filter).
    Next,
    Previous,
    NextPending,
    PreviousPending,
    First,
    Last,
    // Scrolling the article.
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    ScrollRows(isize),
    // Decisions.
    Confirm,
    Reject,
    Skip,
    Undo,
    Redo,
    // Edit form and manual selection.
    StartEdit,
    StartSelection,
    /// Moves a boundary of the span being edited or selected.
    MoveBoundary(Direction, Step),
    /// Selection: switch which end moves.
    SwapSelectionEnd,
    /// Selection: turn it into a new annotation of this kind.
    AddAnnotation(Kind),
    /// Edit form: next / previous field.
    NextField,
    PreviousField,
    /// Edit form: change a choice field (kind, label).
    CycleChoice(Direction),
    // Text input (edit form fields, search box).
    Insert(char),
    Paste(String),
    DeleteBack,
    ClearInput,
    CursorLeft,
    CursorRight,
    /// Enter in a popup: keep the copy.
    Commit,
    /// Esc in a popup: drop the copy.
    Cancel,
    // Search and filter.
    StartSearch,
    NextMatch,
    PreviousMatch,
    CycleKindFilter,
    CycleStatusFilter,
    // Files.
    NextArticle,
    PreviousArticle,
    // Screen.
    ToggleHelp,
    Quit,
    Suspend,
    /// Recovery prompt answers.
    RestoreRecovery,
    DiscardRecovery,
    /// A click in the terminal at (column, row).
    Click(u16, u16),
    /// The terminal's size.
    Resize(u16, u16),
    // From the runtime.
    /// The sidecar of the article of this generation has been read.
    SidecarLoaded(u64, Box<LoadedSidecar>),
    /// The detector's candidates for the article of this generation.
    CandidatesArrived(u64, Vec<Candidate>),
    /// What the last save did: `Err` holds the message to show.
    Saved(Result<(), String>),
}

/// Work for the runtime; `update` never does I/O itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// One annotation changed: write it. Carries only that annotation, so the
    /// runtime can hand it to the background saver without copying the document.
    Save(Edit),
    /// The whole document was replaced (a recovery file restored): write all of it.
    SaveAll,
    /// Open the article at this index of the queue.
    OpenArticle(usize),
    /// The recovery prompt was answered: move the recovery file aside (kept,
    /// never deleted) so the next start does not ask again.
    SetRecoveryAside,
    Suspend,
    Quit,
}

/// One annotation's change: what the runtime records and saves.
pub use crate::sidecar::Edit;
