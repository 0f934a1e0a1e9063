//! `update`: the only place the review state changes. Pure: no I/O, no
//! terminal, no clock (the time comes in `State::now`); what must happen
//! outside is returned as effects.

use compact_str::CompactString;

use super::action::{Action, Direction, Edit, Effect, Step};
use super::history::Change;
use super::motion;
use super::state::{
    EditDraft, EditField, LoadedSidecar, Mode, SaveState, Selection, State, TextInput,
};
use crate::detect::Kind;
use crate::sidecar::build::{place, placed, text_span};
use crate::sidecar::merge::merge_candidates;
use crate::sidecar::{Anchor, Annotation, Origin, Original, Status};

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if !matches!(
        action,
        Action::Saved(_)
            | Action::SidecarLoaded(..)
            | Action::CandidatesArrived(..)
            | Action::Resize(..)
    ) {
        state.message = None;
    }
    match action {
        Action::Next => move_selection(state, Direction::Forward, false),
        Action::Previous => move_selection(state, Direction::Backward, false),
        Action::NextPending | Action::Skip => move_selection(state, Direction::Forward, true),
        Action::PreviousPending => move_selection(state, Direction::Backward, true),
        Action::First => select_end(state, Direction::Forward),
        Action::Last => select_end(state, Direction::Backward),
        Action::PageDown => state.scroll_rows(page(state, 1)),
        Action::PageUp => state.scroll_rows(-page(state, 1)),
        Action::HalfPageDown => state.scroll_rows(page(state, 2)),
        Action::HalfPageUp => state.scroll_rows(-page(state, 2)),
        Action::ScrollRows(rows) => state.scroll_rows(rows),
        Action::Confirm => return decide(state, Status::Confirmed),
        Action::Reject => return decide(state, Status::Rejected),
        Action::Undo => return undo(state, true),
        Action::Redo => return undo(state, false),
        Action::StartEdit => start_edit(state),
        Action::StartSelection => start_selection(state),
        Action::MoveBoundary(direction, step) => move_boundary(state, direction, step),
        Action::SwapSelectionEnd => {
            if let Mode::Select(selection) = &mut state.mode {
                std::mem::swap(&mut selection.anchor, &mut selection.head);
            }
        }
        Action::AddAnnotation(kind) => return add_annotation(state, kind),
        Action::NextField => cycle_field(state, 1),
        Action::PreviousField => cycle_field(state, EditField::ALL.len() - 1),
        Action::CycleChoice(direction) => cycle_choice(state, direction),
        Action::Insert(_)
        | Action::Paste(_)
        | Action::DeleteBack
        | Action::ClearInput
        | Action::CursorLeft
        | Action::CursorRight => text_input(state, action),
        Action::Commit => return commit(state),
        Action::Cancel => state.mode = Mode::Normal,
        Action::StartSearch => state.mode = Mode::Search(TextInput::new(&state.search.query)),
        Action::NextMatch => jump_to_match(state, Direction::Forward),
        Action::PreviousMatch => jump_to_match(state, Direction::Backward),
        Action::CycleKindFilter => {
            state.filter.kind = match state.filter.kind {
                None => Some(Kind::Quote),
                Some(Kind::Quote) => Some(Kind::Claim),
                Some(Kind::Claim) => None,
            };
            reselect_for_filter(state);
        }
        Action::CycleStatusFilter => {
            state.filter.status = state.filter.status.next();
            reselect_for_filter(state);
        }
        Action::NextArticle => return open_neighbour(state, 1),
        Action::PreviousArticle => return open_neighbour(state, -1),
        Action::ToggleHelp => {
            state.mode = if state.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            };
        }
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::RestoreRecovery => return restore_recovery(state),
        Action::DiscardRecovery => {
            state.file.recovery = None;
            state.mode = Mode::Normal;
            return vec![Effect::SetRecoveryAside];
        }
        Action::Click(column, row) => click(state, column, row),
        Action::Resize(..)
        | Action::SidecarLoaded(..)
        | Action::CandidatesArrived(..)
        | Action::Saved(_) => {
            from_runtime(state, action);
        }
    }
    Vec::new()
}

/// Typing in the focused text field (edit form or search box).
fn text_input(state: &mut State, action: Action) {
    match action {
        Action::Insert(c) => edit_input(state, |input| insert(input, &c.to_string())),
        Action::Paste(text) => edit_input(state, |input| insert(input, &one_line(&text))),
        Action::DeleteBack => edit_input(state, delete_back),
        Action::ClearInput => edit_input(state, |input| *input = TextInput::default()),
        Action::CursorLeft => edit_input(state, |input| {
            input.cursor = input.text[..input.cursor]
                .char_indices()
                .next_back()
                .map_or(0, |(at, _)| at);
        }),
        Action::CursorRight => edit_input(state, |input| {
            input.cursor = input.text[input.cursor..]
                .chars()
                .next()
                .map_or(input.cursor, |c| input.cursor + c.len_utf8());
        }),
        _ => {}
    }
}

/// What the runtime reports: the terminal's size, detector results, saves.
fn from_runtime(state: &mut State, action: Action) {
    match action {
        Action::Resize(width, height) => state.resize(width, height),
        // Results for an earlier opening (another article) are dropped.
        Action::SidecarLoaded(generation, loaded) if generation == state.file.generation => {
            let LoadedSidecar {
                document,
                read_only,
                notice,
                recovery,
            } = *loaded;
            let file = &mut state.file;
            file.document = document;
            file.read_only = read_only;
            file.selected = None;
            file.reindex();
            if recovery.is_some() {
                state.mode = Mode::Recovery;
            }
            state.file.recovery = recovery;
            state.message = notice;
            state.select_first_pending();
        }
        Action::CandidatesArrived(generation, candidates)
            if generation == state.file.generation =>
        {
            let file = &mut state.file;
            let article = file.article.clone();
            merge_candidates(&mut file.document, &article, candidates);
            file.detecting = false;
            file.reindex();
            if file.selected.is_none() {
                state.select_first_pending();
            }
        }
        Action::Saved(result) => {
            state.file.save = match result {
                Ok(()) => SaveState::Saved,
                Err(error) => {
                    state.message = Some(format!(
                        "Not saved: {error}. Kept in memory; saving is tried again with the next change."
                    ));
                    SaveState::Failed(error)
                }
            };
        }
        _ => {}
    }
}

/// Rows to scroll for a page (`divisor` 1, keeping two rows of overlap) or half a page.
fn page(state: &State, divisor: u16) -> isize {
    let rows = state.view.height / divisor;
    let rows = if divisor == 1 {
        rows.saturating_sub(2)
    } else {
        rows
    };
    isize::try_from(rows.max(1)).unwrap_or(1)
}

impl State {
    /// Selects annotation `index` and brings it on screen.
    pub fn select(&mut self, index: usize) {
        self.file.selected = Some(index);
        let start = self.file.span(index).start;
        self.file.cursor = start;
        self.follow(start);
    }

    /// The first pending annotation the filter admits, else the first admitted.
    pub fn select_first_pending(&mut self) {
        let annotations = self.file.annotations();
        let found = annotations
            .iter()
            .position(|a| a.status == Status::Pending && self.filter.admits(a))
            .or_else(|| annotations.iter().position(|a| self.filter.admits(a)));
        if let Some(index) = found {
            self.select(index);
        }
    }
}

/// The next (or previous) annotation the filter admits, and pending when asked;
/// pending searches wrap around the end of the article.
fn find_from(
    state: &State,
    from: Option<usize>,
    direction: Direction,
    pending: bool,
) -> Option<usize> {
    let annotations = state.file.annotations();
    let admits = |index: &usize| {
        let annotation = &annotations[*index];
        state.filter.admits(annotation) && (!pending || annotation.status == Status::Pending)
    };
    let count = annotations.len();
    match direction {
        Direction::Forward => {
            let start = from.map_or(0, |index| index + 1);
            let wrapped = if pending { 0..start.min(count) } else { 0..0 };
            (start..count).chain(wrapped).find(admits)
        }
        Direction::Backward => {
            let end = from.unwrap_or(count);
            let wrapped = if pending { end.min(count)..count } else { 0..0 };
            (0..end).rev().chain(wrapped.rev()).find(admits)
        }
    }
}

fn move_selection(state: &mut State, direction: Direction, pending: bool) {
    match find_from(state, state.file.selected, direction, pending) {
        Some(index) => state.select(index),
        None if pending => {
            let more = state.queue.current + 1 < state.queue.paths.len();
            let hint = if more {
                " ] opens the next article."
            } else {
                ""
            };
            state.message = Some(format!("No pending annotation left here.{hint}"));
        }
        None => {}
    }
}

/// The first admitted annotation searching from one end in `direction`.
fn select_end(state: &mut State, direction: Direction) {
    if let Some(index) = find_from(state, None, direction, false) {
        state.select(index);
    }
}

fn reselect_for_filter(state: &mut State) {
    let admitted = state
        .file
        .selected_annotation()
        .is_some_and(|annotation| state.filter.admits(annotation));
    if !admitted {
        match find_from(state, state.file.selected, Direction::Forward, false)
            .or_else(|| find_from(state, None, Direction::Forward, false))
        {
            Some(index) => state.select(index),
            None => state.message = Some("Nothing matches the filter.".to_owned()),
        }
    }
}

/// Refuses changes on a read-only screen, saying why.
fn writable(state: &mut State) -> bool {
    if let Some(reason) = &state.file.read_only {
        state.message = Some(format!("Read-only ({reason}): nothing is changed."));
        return false;
    }
    true
}

/// Who changed an annotation and when.
fn stamp(annotation: &mut Annotation, state: &State) {
    let stamp = annotation.review_mut();
    stamp.annotator = Some(state.settings.annotator.as_str().into());
    if stamp.created.is_none() {
        stamp.created = Some(state.now.as_str().into());
    }
    stamp.updated = Some(state.now.as_str().into());
}

/// Replaces (or adds) an annotation, records the change and asks for a save.
fn apply_change(state: &mut State, before: Option<Annotation>, after: Annotation) -> Vec<Effect> {
    state.file.replace(before.as_ref(), Some(after.clone()));
    let edit = Edit::Upsert(Box::new(after.clone()));
    state.file.history.record(Change { before, after });
    saving(state, Effect::Save(edit))
}

/// A change is made: it is not on disk until the runtime says so.
fn saving(state: &mut State, effect: Effect) -> Vec<Effect> {
    state.file.save = SaveState::Saving;
    vec![effect]
}

fn decide(state: &mut State, status: Status) -> Vec<Effect> {
    if !writable(state) {
        return Vec::new();
    }
    let Some(before) = state.file.selected_annotation().cloned() else {
        return Vec::new();
    };
    let mut after = before.clone();
    after.status = status;
    stamp(&mut after, state);
    let effects = apply_change(state, Some(before), after);
    move_selection(state, Direction::Forward, true);
    effects
}

fn undo(state: &mut State, undo: bool) -> Vec<Effect> {
    if !writable(state) {
        return Vec::new();
    }
    let history = &mut state.file.history;
    let change = if undo { history.undo() } else { history.redo() };
    let Some(change) = change.cloned() else {
        state.message = Some(
            if undo {
                "Nothing to undo."
            } else {
                "Nothing to redo."
            }
            .to_owned(),
        );
        return Vec::new();
    };
    let (stored, restored) = if undo {
        (Some(&change.after), change.before)
    } else {
        (change.before.as_ref(), Some(change.after.clone()))
    };
    let edit = match &restored {
        Some(annotation) => Edit::Upsert(Box::new(annotation.clone())),
        None => Edit::Remove(change.after.id.clone()),
    };
    if let Some(index) = state.file.replace(stored, restored) {
        state.select(index);
    }
    saving(state, Effect::Save(edit))
}

fn start_edit(state: &mut State) {
    if !writable(state) {
        return;
    }
    let Some(index) = state.file.selected else {
        state.message = Some("Select an annotation to edit (j/k).".to_owned());
        return;
    };
    let annotation = &state.file.document.annotations[index];
    if annotation.anchor == Anchor::Orphaned {
        state.message =
            Some("An orphan has no place in this text; reject it or keep it.".to_owned());
        return;
    }
    state.mode = Mode::Edit(EditDraft {
        id: annotation.id.clone(),
        // Quotes are mostly corrected for their speaker, claims given a verdict.
        field: match annotation.kind {
            Kind::Quote => EditField::Speaker,
            Kind::Claim => EditField::Label,
        },
        kind: annotation.kind,
        speaker: TextInput::new(annotation.speaker.as_deref().unwrap_or("")),
        label: annotation.label().map(Into::into),
        note: TextInput::new(annotation.note()),
        span: state.file.span(index),
    });
}

fn start_selection(state: &mut State) {
    if !writable(state) {
        return;
    }
    let text = state.file.text();
    let anchor = state.file.cursor.min(text.len());
    let head = motion::next_word_end(text, anchor);
    state.mode = Mode::Select(Selection { anchor, head });
}

/// Moves the focused boundary of the span being edited, or the selection's head;
/// a span never becomes empty.
fn move_boundary(state: &mut State, direction: Direction, step: Step) {
    let text = state.file.article.text();
    let moved = match &mut state.mode {
        Mode::Select(selection) => {
            selection.head = motion::step(text, selection.head, direction, step);
            selection.head
        }
        Mode::Edit(draft) => {
            let span = &mut draft.span;
            match draft.field {
                EditField::Start => {
                    let start = motion::step(text, span.start, direction, step);
                    span.start = if start < span.end { start } else { span.start };
                    span.start
                }
                EditField::End => {
                    let end = motion::step(text, span.end, direction, step);
                    span.end = if end > span.start { end } else { span.end };
                    span.end
                }
                _ => return,
            }
        }
        _ => return,
    };
    state.follow(moved);
}

fn cycle_field(state: &mut State, by: usize) {
    if let Mode::Edit(draft) = &mut state.mode {
        let at = EditField::ALL
            .iter()
            .position(|&field| field == draft.field)
            .unwrap_or(0);
        draft.field = EditField::ALL[(at + by) % EditField::ALL.len()];
    }
}

fn cycle_choice(state: &mut State, direction: Direction) {
    let labels = &state.settings.labels;
    let Mode::Edit(draft) = &mut state.mode else {
        return;
    };
    match draft.field {
        EditField::Kind => {
            draft.kind = match draft.kind {
                Kind::Quote => Kind::Claim,
                Kind::Claim => Kind::Quote,
            };
        }
        EditField::Label => {
            // The choices are "no label" then each label of the set.
            let choices = labels.len() + 1;
            let at = draft
                .label
                .as_ref()
                .and_then(|label| labels.iter().position(|known| known == label))
                .map_or(0, |position| position + 1);
            let next = match direction {
                Direction::Forward => (at + 1) % choices,
                Direction::Backward => (at + choices - 1) % choices,
            };
            draft.label = next
                .checked_sub(1)
                .map(|position| labels[position].as_str().into());
        }
        _ => {}
    }
}

/// Applies a text edit to the focused text field of the edit form or the search box.
fn edit_input(state: &mut State, edit: impl FnOnce(&mut TextInput)) {
    match &mut state.mode {
        Mode::Search(input) => edit(input),
        Mode::Edit(draft) => match draft.field {
            EditField::Speaker => edit(&mut draft.speaker),
            EditField::Note => edit(&mut draft.note),
            _ => {}
        },
        _ => {}
    }
}

fn insert(input: &mut TextInput, text: &str) {
    input.text.insert_str(input.cursor, text);
    input.cursor += text.len();
}

fn delete_back(input: &mut TextInput) {
    if let Some((at, _)) = input.text[..input.cursor].char_indices().next_back() {
        input.text.replace_range(at..input.cursor, "");
        input.cursor = at;
    }
}

/// A paste is one line: newlines and tabs become spaces (a pasted newline must
/// not submit anything).
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn commit(state: &mut State) -> Vec<Effect> {
    match std::mem::replace(&mut state.mode, Mode::Normal) {
        Mode::Edit(draft) => commit_edit(state, &draft),
        Mode::Search(input) => {
            run_search(state, &input.text);
            Vec::new()
        }
        Mode::Recovery => restore_recovery(state),
        other => {
            state.mode = other;
            Vec::new()
        }
    }
}

fn commit_edit(state: &mut State, draft: &EditDraft) -> Vec<Effect> {
    let Some(index) = state.file.position_of(&draft.id) else {
        return Vec::new();
    };
    let before = state.file.document.annotations[index].clone();
    let mut after = before.clone();
    let span_changed = draft.span != state.file.span(index);
    if span_changed {
        place(&mut after, &state.file.article, &draft.span);
        after.anchor = Anchor::Exact;
    }
    after.kind = draft.kind;
    after.speaker =
        Some(CompactString::from(draft.speaker.text.trim())).filter(|speaker| !speaker.is_empty());
    let review = after.review_mut();
    review.label.clone_from(&draft.label);
    review.note = draft.note.text.as_str().into();
    let corrected = span_changed
        || after.kind != before.kind
        || after.speaker != before.speaker
        || after.label() != before.label();
    if !corrected && after.note() == before.note() {
        return Vec::new();
    }
    if corrected {
        after.edited = true;
        if after.original.is_none() && before.origin != Origin::Manual {
            after.original = Some(Box::new(Original {
                start: before.start,
                end: before.end,
                kind: before.kind,
                speaker: before.speaker.clone(),
                extra: serde_json::Map::new(),
            }));
        }
    }
    stamp(&mut after, state);
    apply_change(state, Some(before), after)
}

fn add_annotation(state: &mut State, kind: Kind) -> Vec<Effect> {
    let Mode::Select(selection) = state.mode else {
        return Vec::new();
    };
    state.mode = Mode::Normal;
    let range = selection.span();
    if range.is_empty() {
        state.message = Some("An empty span cannot be an annotation.".to_owned());
        return Vec::new();
    }
    let span = text_span(&state.file.article, &range);
    let existing = state.file.annotations().iter().position(|annotation| {
        (annotation.kind, annotation.start, annotation.end) == (kind, span.start, span.end)
    });
    if let Some(index) = existing {
        state.select(index);
        state.message = Some("That annotation is already there: selected it.".to_owned());
        return Vec::new();
    }
    let mut annotation = Annotation {
        status: Status::Confirmed,
        ..placed(&state.file.article, kind, &range, Origin::Manual)
    };
    stamp(&mut annotation, state);
    let id = annotation.id.clone();
    let effects = apply_change(state, None, annotation);
    if let Some(index) = state.file.position_of(&id) {
        state.select(index);
    }
    effects
}

/// Every match of `query` in the text: case-insensitive when the query has no
/// capitals ("smart case"); matches are byte ranges of the original text.
fn run_search(state: &mut State, query: &str) {
    query.clone_into(&mut state.search.query);
    state.search.matches.clear();
    state.search.current = None;
    if query.is_empty() {
        return;
    }
    let insensitive = !query.chars().any(char::is_uppercase);
    let pattern = regex::RegexBuilder::new(&regex::escape(query))
        .case_insensitive(insensitive)
        .build();
    let Ok(pattern) = pattern else {
        state.message = Some("Search too long.".to_owned());
        return;
    };
    state.search.matches = pattern
        .find_iter(state.file.text())
        .map(|found| found.range())
        .collect();
    jump_to_match(state, Direction::Forward);
}

/// Moves to the next match after (or before) the cursor, wrapping around.
fn jump_to_match(state: &mut State, direction: Direction) {
    let matches = &state.search.matches;
    if matches.is_empty() {
        if !state.search.query.is_empty() {
            state.message = Some(format!(
                "Not found: {}",
                crate::text::escape(&state.search.query)
            ));
        }
        return;
    }
    let cursor = state.file.cursor;
    let index = match (direction, state.search.current) {
        (Direction::Forward, Some(current)) => (current + 1) % matches.len(),
        (Direction::Backward, Some(current)) => (current + matches.len() - 1) % matches.len(),
        (Direction::Forward, None) => matches
            .partition_point(|found| found.start < cursor)
            .min(matches.len() - 1),
        (Direction::Backward, None) => matches
            .partition_point(|found| found.start < cursor)
            .checked_sub(1)
            .unwrap_or(matches.len() - 1),
    };
    state.search.current = Some(index);
    let start = matches[index].start;
    state.file.cursor = start;
    state.follow(start);
    if let Some(annotation) = state.file.index.innermost_at(start) {
        state.file.selected = Some(annotation);
    }
}

fn open_neighbour(state: &mut State, by: isize) -> Vec<Effect> {
    let count = state.queue.paths.len();
    if count < 2 {
        state.message = Some("Only one article is open.".to_owned());
        return Vec::new();
    }
    let next = state
        .queue
        .current
        .checked_add_signed(by)
        .filter(|&next| next < count);
    if let Some(next) = next {
        return vec![Effect::OpenArticle(next)];
    }
    let end = if by > 0 { "last" } else { "first" };
    state.message = Some(format!("This is the {end} article."));
    Vec::new()
}

fn restore_recovery(state: &mut State) -> Vec<Effect> {
    state.mode = Mode::Normal;
    let Some(recovered) = state.file.recovery.take() else {
        return Vec::new();
    };
    state.file.document = recovered;
    state.file.selected = None;
    state.file.reindex();
    state.select_first_pending();
    state.message = Some("Restored the crashed session's decisions.".to_owned());
    let mut effects = saving(state, Effect::SaveAll);
    effects.push(Effect::SetRecoveryAside);
    effects
}

fn click(state: &mut State, column: u16, row: u16) {
    if state.mode != Mode::Normal {
        return;
    }
    if let Some(offset) = state.offset_at(column, row) {
        state.file.cursor = offset;
        if let Some(index) = state.file.index.innermost_at(offset) {
            state.file.selected = Some(index);
        }
    }
}
