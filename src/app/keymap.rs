//! The one table of key bindings. It maps keys to actions, and the footer hints
//! and the `?` help overlay are drawn from it, so they can never disagree.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::action::{Action, Direction, Step};
use super::state::{EditField, Mode, State};
use crate::detect::Kind;

/// What has the keys, which decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Normal,
    Help,
    Search,
    /// Edit form, on the speaker or note field.
    EditText,
    /// Edit form, on the kind or label field.
    EditChoice,
    /// Edit form, on the start or end of the span.
    EditSpan,
    Select,
    Recovery,
}

impl Context {
    pub fn of(state: &State) -> Self {
        match &state.mode {
            Mode::Normal => Self::Normal,
            Mode::Help => Self::Help,
            Mode::Search(_) => Self::Search,
            Mode::Edit(draft) => match draft.field {
                EditField::Speaker | EditField::Note => Self::EditText,
                EditField::Kind | EditField::Label => Self::EditChoice,
                EditField::Start | EditField::End => Self::EditSpan,
            },
            Mode::Select(_) => Self::Select,
            Mode::Recovery => Self::Recovery,
        }
    }

    /// Heading in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Self::Normal => "Reviewing",
            Self::Help => "Help",
            Self::Search => "Search box",
            Self::EditText => "Edit form: speaker, note",
            Self::EditChoice => "Edit form: kind, label",
            Self::EditSpan => "Edit form: span start, end",
            Self::Select => "New annotation: choosing its span",
            Self::Recovery => "Recovery prompt",
        }
    }

    /// Text fields take every other printable key as input.
    fn takes_text(self) -> bool {
        matches!(self, Self::Search | Self::EditText)
    }
}

/// A key with its modifiers (Shift is part of the character for letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

const fn ctrl_code(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::CONTROL,
    }
}

pub struct Binding {
    pub contexts: &'static [Context],
    pub keys: &'static [Key],
    pub action: Action,
    /// What it does, for the help overlay.
    pub help: &'static str,
    /// Short label for the footer; `None` keeps it out of the footer.
    pub hint: Option<&'static str>,
}

use Context::{EditChoice, EditSpan, EditText, Help, Normal, Recovery, Search, Select};

const EDIT: &[Context] = &[EditText, EditChoice, EditSpan];
const POPUPS: &[Context] = &[Search, EditText, EditChoice, EditSpan, Select];
/// A selection is finished with q or c (its kind), not Enter.
const COMMITTING: &[Context] = &[Search, EditText, EditChoice, EditSpan];
const TEXT: &[Context] = &[Search, EditText];
const BOUNDARY: &[Context] = &[EditSpan, Select];

const fn bind(
    contexts: &'static [Context],
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        contexts,
        keys,
        action,
        help,
        hint,
    }
}

pub static BINDINGS: &[Binding] = &[
    // Reviewing.
    bind(
        &[Normal],
        &[ch('a'), plain(KeyCode::Enter)],
        Action::Confirm,
        "confirm, next pending",
        Some("confirm"),
    ),
    bind(
        &[Normal],
        &[ch('x')],
        Action::Reject,
        "reject, next pending",
        Some("reject"),
    ),
    bind(
        &[Normal],
        &[ch(' ')],
        Action::Skip,
        "skip (stays pending)",
        Some("skip"),
    ),
    bind(
        &[Normal],
        &[ch('e')],
        Action::StartEdit,
        "edit kind/speaker/label/…",
        Some("edit"),
    ),
    bind(
        &[Normal],
        &[ch('v')],
        Action::StartSelection,
        "add a missed annotation",
        Some("add"),
    ),
    bind(
        &[Normal],
        &[ch('u'), plain(KeyCode::Backspace)],
        Action::Undo,
        "undo",
        Some("undo"),
    ),
    bind(&[Normal], &[ctrl('r')], Action::Redo, "redo", None),
    bind(
        &[Normal],
        &[ch('j'), plain(KeyCode::Down)],
        Action::Next,
        "next annotation",
        None,
    ),
    bind(
        &[Normal],
        &[ch('k'), plain(KeyCode::Up)],
        Action::Previous,
        "previous annotation",
        None,
    ),
    bind(
        &[Normal],
        &[plain(KeyCode::Tab)],
        Action::NextPending,
        "next pending",
        None,
    ),
    bind(
        &[Normal],
        &[plain(KeyCode::BackTab)],
        Action::PreviousPending,
        "previous pending",
        None,
    ),
    bind(
        &[Normal],
        &[ch('g'), plain(KeyCode::Home)],
        Action::First,
        "first annotation",
        None,
    ),
    bind(
        &[Normal],
        &[ch('G'), plain(KeyCode::End)],
        Action::Last,
        "last annotation",
        None,
    ),
    bind(
        &[Normal],
        &[plain(KeyCode::PageDown)],
        Action::PageDown,
        "scroll a page down",
        None,
    ),
    bind(
        &[Normal],
        &[plain(KeyCode::PageUp)],
        Action::PageUp,
        "scroll a page up",
        None,
    ),
    bind(
        &[Normal],
        &[ctrl('d')],
        Action::HalfPageDown,
        "half a page down",
        None,
    ),
    bind(
        &[Normal],
        &[ctrl('u')],
        Action::HalfPageUp,
        "half a page up",
        None,
    ),
    bind(
        &[Normal],
        &[ch('/')],
        Action::StartSearch,
        "search the text",
        Some("search"),
    ),
    bind(&[Normal], &[ch('n')], Action::NextMatch, "next match", None),
    bind(
        &[Normal],
        &[ch('N')],
        Action::PreviousMatch,
        "previous match",
        None,
    ),
    bind(
        &[Normal],
        &[ch('f')],
        Action::CycleKindFilter,
        "filter: quotes/claims",
        None,
    ),
    bind(
        &[Normal],
        &[ch('F')],
        Action::CycleStatusFilter,
        "filter: status/attention",
        None,
    ),
    bind(
        &[Normal],
        &[ch(']')],
        Action::NextArticle,
        "next article",
        None,
    ),
    bind(
        &[Normal],
        &[ch('[')],
        Action::PreviousArticle,
        "previous article",
        None,
    ),
    bind(
        &[Normal],
        &[ctrl('z')],
        Action::Suspend,
        "suspend (fg resumes)",
        None,
    ),
    bind(
        &[Normal, Help],
        &[ch('?')],
        Action::ToggleHelp,
        "help",
        Some("help"),
    ),
    bind(
        &[Normal],
        &[ch('q'), ctrl('c')],
        Action::Quit,
        "quit (all is saved)",
        Some("quit"),
    ),
    bind(
        &[Help],
        &[plain(KeyCode::Esc), ch('q')],
        Action::ToggleHelp,
        "close help",
        Some("close"),
    ),
    // Popups: Enter keeps the copy, Esc drops it.
    bind(
        COMMITTING,
        &[plain(KeyCode::Enter)],
        Action::Commit,
        "keep",
        Some("keep"),
    ),
    bind(
        POPUPS,
        &[plain(KeyCode::Esc)],
        Action::Cancel,
        "cancel",
        Some("cancel"),
    ),
    bind(
        EDIT,
        &[plain(KeyCode::Tab), plain(KeyCode::Down)],
        Action::NextField,
        "next field",
        Some("field"),
    ),
    bind(
        EDIT,
        &[plain(KeyCode::BackTab), plain(KeyCode::Up)],
        Action::PreviousField,
        "previous field",
        None,
    ),
    bind(
        &[EditChoice],
        &[plain(KeyCode::Right), ch('l'), ch(' ')],
        Action::CycleChoice(Direction::Forward),
        "next choice",
        Some("change"),
    ),
    bind(
        &[EditChoice],
        &[plain(KeyCode::Left), ch('h')],
        Action::CycleChoice(Direction::Backward),
        "previous choice",
        None,
    ),
    bind(
        BOUNDARY,
        &[plain(KeyCode::Right), ch('l')],
        Action::MoveBoundary(Direction::Forward, Step::Char),
        "boundary one character right",
        Some("char"),
    ),
    bind(
        BOUNDARY,
        &[plain(KeyCode::Left), ch('h')],
        Action::MoveBoundary(Direction::Backward, Step::Char),
        "boundary one character left",
        None,
    ),
    bind(
        BOUNDARY,
        &[ch('w'), ctrl_code(KeyCode::Right)],
        Action::MoveBoundary(Direction::Forward, Step::Word),
        "boundary to the next word end",
        Some("word"),
    ),
    bind(
        BOUNDARY,
        &[ch('b'), ctrl_code(KeyCode::Left)],
        Action::MoveBoundary(Direction::Backward, Step::Word),
        "boundary to the previous word start",
        None,
    ),
    bind(
        &[Select],
        &[ch('o')],
        Action::SwapSelectionEnd,
        "move the other end",
        Some("other end"),
    ),
    bind(
        &[Select],
        &[ch('q')],
        Action::AddAnnotation(Kind::Quote),
        "make it a quote",
        Some("quote"),
    ),
    bind(
        &[Select],
        &[ch('c')],
        Action::AddAnnotation(Kind::Claim),
        "make it a claim",
        Some("claim"),
    ),
    bind(
        TEXT,
        &[plain(KeyCode::Backspace)],
        Action::DeleteBack,
        "delete a character",
        None,
    ),
    bind(
        TEXT,
        &[plain(KeyCode::Left)],
        Action::CursorLeft,
        "cursor left",
        None,
    ),
    bind(
        TEXT,
        &[plain(KeyCode::Right)],
        Action::CursorRight,
        "cursor right",
        None,
    ),
    bind(
        TEXT,
        &[ctrl('u')],
        Action::ClearInput,
        "clear the field",
        None,
    ),
    bind(
        &[Recovery],
        &[ch('y'), plain(KeyCode::Enter)],
        Action::RestoreRecovery,
        "restore the crashed session's decisions",
        Some("restore"),
    ),
    bind(
        &[Recovery],
        &[ch('n')],
        Action::DiscardRecovery,
        "keep the sidecar as it is (the recovery file is set aside)",
        Some("set aside"),
    ),
];

/// Letters arrive with SHIFT when uppercase and Shift-Tab as `BackTab` with SHIFT:
/// the character (or `BackTab`) already says it.
fn normalise(key: KeyEvent) -> Key {
    let mut modifiers = key.modifiers;
    if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
        modifiers.remove(KeyModifiers::SHIFT);
    }
    Key {
        code: key.code,
        modifiers,
    }
}

/// What a key means now; `None` when it means nothing.
pub fn action_for(state: &State, key: KeyEvent) -> Option<Action> {
    let context = Context::of(state);
    let key = normalise(key);
    let bound = BINDINGS
        .iter()
        .find(|binding| binding.contexts.contains(&context) && binding.keys.contains(&key));
    if let Some(binding) = bound {
        return Some(binding.action.clone());
    }
    match key.code {
        KeyCode::Char(c)
            if context.takes_text()
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Insert(c))
        }
        _ => None,
    }
}

/// What a terminal event means now. Only key presses act (some terminals also
/// report releases and repeats).
pub fn action_for_event(state: &State, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => action_for(state, key),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(mouse.column, mouse.row)),
            MouseEventKind::ScrollDown => Some(Action::ScrollRows(3)),
            MouseEventKind::ScrollUp => Some(Action::ScrollRows(-3)),
            _ => None,
        },
        _ => None,
    }
}

/// The bindings of a context that have a footer hint.
pub fn hints(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |binding| binding.hint.is_some() && binding.contexts.contains(&context))
}

/// How a key is written on screen and in docs/keys.md.
pub fn key_name(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".to_owned(),
        KeyCode::Esc => "Esc".to_owned(),
        KeyCode::Tab => "Tab".to_owned(),
        KeyCode::BackTab => "Shift-Tab".to_owned(),
        KeyCode::Backspace => "Backspace".to_owned(),
        KeyCode::Up => "↑".to_owned(),
        KeyCode::Down => "↓".to_owned(),
        KeyCode::Left => "←".to_owned(),
        KeyCode::Right => "→".to_owned(),
        KeyCode::Home => "Home".to_owned(),
        KeyCode::End => "End".to_owned(),
        KeyCode::PageUp => "PgUp".to_owned(),
        KeyCode::PageDown => "PgDn".to_owned(),
        other => format!("{other:?}"),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

/// A key written as in tests and docs: `j`, `G`, `Enter`, `Esc`, `Tab`,
/// `S-Tab`, `Space`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`, `Home`,
/// `End`, `Backspace`, `C-r` (Ctrl), `C-Left`.
pub fn parse_key(token: &str) -> Option<KeyEvent> {
    let (modifiers, name) = match token.strip_prefix("C-") {
        Some(rest) if !rest.is_empty() => (KeyModifiers::CONTROL, rest),
        _ => (KeyModifiers::NONE, token),
    };
    let code = match name {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "S-Tab" => KeyCode::BackTab,
        "Space" => KeyCode::Char(' '),
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Backspace" => KeyCode::Backspace,
        single => {
            let mut chars = single.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            KeyCode::Char(c)
        }
    };
    let modifiers = match code {
        KeyCode::Char(c) if c.is_uppercase() => modifiers | KeyModifiers::SHIFT,
        KeyCode::BackTab => modifiers | KeyModifiers::SHIFT,
        _ => modifiers,
    };
    Some(KeyEvent::new(code, modifiers))
}

/// Every binding as markdown, one table per context: docs/keys.md is this text
/// (a test keeps them equal).
pub fn keys_markdown() -> String {
    use std::fmt::Write as _;
    const CONTEXTS: [Context; 8] = [
        Context::Normal,
        Context::Help,
        Context::Search,
        Context::EditText,
        Context::EditChoice,
        Context::EditSpan,
        Context::Select,
        Context::Recovery,
    ];
    let mut out = String::from(
        "# Keys of the review screen\n\n\
         Generated from the keymap table (`src/app/keymap.rs`), which also draws the\n\
         footer hints and the `?` overlay. Only key presses act. In a popup (search\n\
         box, edit form, new-annotation selection) every key goes to the popup:\n\
         Enter keeps (a new annotation is kept with `q` or `c`, its kind), Esc\n\
         cancels. The mouse is optional: a click selects the annotation under it,\n\
         the wheel scrolls.\n",
    );
    for context in CONTEXTS {
        let _ = write!(
            out,
            "\n## {}\n\n| keys | action |\n| --- | --- |\n",
            context.title()
        );
        for binding in BINDINGS
            .iter()
            .filter(|binding| binding.contexts.contains(&context))
        {
            let keys: Vec<String> = binding
                .keys
                .iter()
                .map(|key| format!("`{}`", key_name(key)))
                .collect();
            let _ = writeln!(out, "| {} | {} |", keys.join(" "), binding.help);
        }
        if context.takes_text() {
            out.push_str("| any other character | typed into the field (a paste is one line) |\n");
        }
    }
    out
}
