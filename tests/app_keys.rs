//! The review screen's `update`, driven by key strings through the real keymap.
#![allow(clippy::unwrap_used)]

mod common;

use margin::app::{
    Action, Edit, EditField, Effect, Mode, SaveState, State, StatusFilter, press, update,
};
use margin::detect::Kind;
use margin::sidecar::{Anchor, Origin, Status};

fn keys(state: &mut State, keys: &str) -> Vec<Effect> {
    press(state, keys).unwrap()
}

fn statuses(state: &State) -> Vec<Status> {
    state.file.annotations().iter().map(|a| a.status).collect()
}

fn selected_text(state: &State) -> &str {
    &state.file.selected_annotation().unwrap().text
}

#[test]
fn starts_on_the_first_pending_and_moves_with_j_k_g_g() {
    let mut state = common::story_state();
    assert_eq!(state.file.selected, Some(0));
    keys(&mut state, "j j");
    assert_eq!(state.file.selected, Some(2));
    keys(&mut state, "k");
    assert_eq!(state.file.selected, Some(1));
    keys(&mut state, "G");
    assert_eq!(state.file.selected, Some(4));
    keys(&mut state, "j");
    assert_eq!(state.file.selected, Some(4), "j stops at the last");
    keys(&mut state, "g Down Up");
    assert_eq!(state.file.selected, Some(0));
}

#[test]
fn confirm_and_reject_save_and_move_to_the_next_pending() {
    let mut state = common::story_state();
    let effects = keys(&mut state, "a");
    // The effect carries the changed annotation, for the background saver.
    let confirmed = state.file.annotations()[0].clone();
    assert_eq!(confirmed.status, Status::Confirmed);
    assert_eq!(
        effects,
        vec![Effect::Save(Edit::Upsert(Box::new(confirmed)))]
    );
    assert_eq!(state.file.save, SaveState::Saving);
    assert_eq!(state.file.selected, Some(1));
    keys(&mut state, "x Enter");
    assert_eq!(
        statuses(&state),
        [
            Status::Confirmed,
            Status::Rejected,
            Status::Confirmed,
            Status::Pending,
            Status::Pending
        ]
    );
    let confirmed = &state.file.annotations()[0];
    assert_eq!(confirmed.annotator(), Some("tester"));
    assert_eq!(confirmed.updated(), Some("2026-11-28T18:00:00Z"));
    assert_eq!(state.file.selected, Some(3));
}

#[test]
fn space_skips_and_tab_visits_pending_only_wrapping_around() {
    let mut state = common::story_state();
    keys(&mut state, "Space");
    assert_eq!(state.file.selected, Some(1));
    assert_eq!(statuses(&state)[0], Status::Pending);
    keys(&mut state, "g a a");
    assert_eq!(state.file.selected, Some(2));
    keys(&mut state, "S-Tab");
    assert_eq!(
        state.file.selected,
        Some(4),
        "previous pending wraps to the end"
    );
    keys(&mut state, "Tab");
    assert_eq!(
        state.file.selected,
        Some(2),
        "next pending wraps to the start"
    );
}

#[test]
fn undo_and_redo_every_change_back_to_the_opening() {
    let mut state = common::story_state();
    let opening = state.file.document.clone();
    keys(&mut state, "a x a");
    keys(&mut state, "u Backspace u");
    assert_eq!(state.file.document, opening);
    assert_eq!(
        keys(&mut state, "u"),
        Vec::<Effect>::new(),
        "nothing left to undo"
    );
    keys(&mut state, "C-r C-r");
    assert_eq!(statuses(&state)[..2], [Status::Confirmed, Status::Rejected]);
    keys(&mut state, "a");
    assert!(
        keys(&mut state, "C-r").is_empty(),
        "a new change clears redo"
    );
}

#[test]
fn edit_changes_speaker_label_and_span_and_keeps_the_original() {
    let mut state = common::story_state();
    keys(&mut state, "G e");
    assert!(matches!(&state.mode, Mode::Edit(draft) if draft.field == EditField::Speaker));
    keys(&mut state, "C-u");
    for c in "Мария Иванова".chars() {
        update(&mut state, Action::Insert(c));
    }
    keys(&mut state, "Tab Right Tab Tab");
    // On the start field: to the end of the first word, then one character on.
    keys(&mut state, "w l");
    let effects = keys(&mut state, "Enter");
    let edited = state.file.selected_annotation().unwrap();
    assert_eq!(
        effects,
        vec![Effect::Save(Edit::Upsert(Box::new(edited.clone())))]
    );
    assert_eq!(edited.speaker.as_deref(), Some("Мария Иванова"));
    assert_eq!(edited.label(), Some("true"));
    assert_eq!(edited.text, "is a sad day,\"");
    assert!(edited.edited);
    let original = edited.original.as_ref().unwrap();
    assert_eq!(original.speaker.as_deref(), Some("Maria Ivanova"));
    assert_eq!(original.kind, Kind::Quote);
    assert_eq!(original.end, edited.end);
    assert_eq!(
        &common::STORY
            .chars()
            .skip(edited.start as usize)
            .take(edited.text.chars().count())
            .collect::<String>(),
        edited.text.as_str()
    );
    keys(&mut state, "u");
    assert_eq!(
        state.file.selected_annotation().unwrap().speaker.as_deref(),
        Some("Maria Ivanova")
    );
    assert!(!state.file.selected_annotation().unwrap().edited);
}

#[test]
fn escape_cancels_an_edit_and_a_note_alone_is_not_a_correction() {
    let mut state = common::story_state();
    keys(&mut state, "e C-u x y z Esc");
    assert_eq!(state.mode, Mode::Normal);
    assert_eq!(selected_text(&state), "Russia will not extend the treaty");
    assert_eq!(
        state.file.selected_annotation().unwrap().speaker.as_deref(),
        Some("Sergei Ryabkov")
    );
    keys(&mut state, "e Tab Tab n o t e Enter");
    let annotation = state.file.selected_annotation().unwrap();
    assert_eq!(annotation.note(), "note");
    assert!(!annotation.edited);
    assert!(annotation.original.is_none());
}

#[test]
fn paste_in_a_field_is_one_line() {
    let mut state = common::story_state();
    keys(&mut state, "e C-u");
    update(&mut state, Action::Paste("Sergei\nRyabkov\r\n".to_owned()));
    keys(&mut state, "Enter");
    assert_eq!(
        state.file.selected_annotation().unwrap().speaker.as_deref(),
        Some("Sergei Ryabkov")
    );
}

#[test]
fn a_missed_claim_is_added_from_the_keyboard_and_undone() {
    let mut state = common::story_state();
    keys(&mut state, "/ h i g h e s t Enter");
    assert_eq!(state.search.matches.len(), 1);
    keys(&mut state, "v w w w");
    let Mode::Select(selection) = state.mode else {
        panic!("selecting")
    };
    assert_eq!(&common::STORY[selection.span()], "highest level since 2015");
    let effects = keys(&mut state, "c");
    let added = state.file.selected_annotation().unwrap();
    assert_eq!(
        effects,
        vec![Effect::Save(Edit::Upsert(Box::new(added.clone())))]
    );
    assert_eq!(
        (added.kind, added.origin, added.score, added.status),
        (Kind::Claim, Origin::Manual, None, Status::Confirmed)
    );
    assert_eq!(added.text, "highest level since 2015");
    let id = added.id.clone();
    assert_eq!(state.file.annotations().len(), 6);
    // Undoing an addition removes it from the disk too.
    assert_eq!(keys(&mut state, "u"), vec![Effect::Save(Edit::Remove(id))]);
    assert_eq!(state.file.annotations().len(), 5);
}

#[test]
fn search_is_smart_case_and_n_cycles() {
    let mut state = common::story_state();
    keys(&mut state, "/ r y a b k o v Enter");
    assert_eq!(state.search.matches.len(), 2);
    assert_eq!(state.search.current, Some(0));
    keys(&mut state, "n n");
    assert_eq!(state.search.current, Some(0));
    keys(&mut state, "N");
    assert_eq!(state.search.current, Some(1));
    keys(&mut state, "/ C-u R U S S I A Enter");
    assert!(
        state.search.matches.is_empty(),
        "capitals make it case-sensitive"
    );
}

#[test]
fn filters_limit_what_movement_visits() {
    let mut state = common::story_state();
    keys(&mut state, "f f");
    assert_eq!(state.filter.kind, Some(Kind::Claim));
    assert_eq!(state.file.selected_annotation().unwrap().kind, Kind::Claim);
    keys(&mut state, "f a");
    keys(&mut state, "F F");
    assert_eq!(state.filter.status, StatusFilter::Confirmed);
    assert_eq!(
        state.file.selected_annotation().unwrap().status,
        Status::Confirmed
    );
    keys(&mut state, "F F F");
    assert_eq!(state.filter.status, StatusFilter::All);
}

#[test]
fn attention_filter_finds_orphans() {
    let mut state = common::story_state();
    state.file.document.annotations[3].anchor = Anchor::Orphaned;
    state.file.reindex();
    keys(&mut state, "F F F F");
    assert_eq!(state.filter.status, StatusFilter::Attention);
    assert_eq!(state.file.selected, Some(3));
    assert_eq!(state.file.counts().attention, 1);
}

#[test]
fn read_only_refuses_changes_and_says_why() {
    let mut state = common::story_state();
    state.file.read_only = Some("locked by ana@host, pid 7, since 2026-11-28T17:00:00Z".to_owned());
    assert!(keys(&mut state, "a x e v u").is_empty());
    assert!(
        statuses(&state)
            .iter()
            .all(|&status| status == Status::Pending)
    );
    assert!(
        state
            .message
            .as_deref()
            .unwrap()
            .contains("locked by ana@host")
    );
    assert_eq!(state.mode, Mode::Normal);
}

#[test]
fn save_results_are_shown_and_decisions_kept() {
    let mut state = common::story_state();
    assert_eq!(state.file.save, SaveState::Untouched);
    keys(&mut state, "a");
    update(
        &mut state,
        Action::Saved(Err("changed on disk by someone else".to_owned())),
    );
    assert_eq!(
        state.file.save,
        SaveState::Failed("changed on disk by someone else".to_owned())
    );
    assert_eq!(statuses(&state)[0], Status::Confirmed);
    update(&mut state, Action::Saved(Ok(())));
    assert_eq!(state.file.save, SaveState::Saved);
}

#[test]
fn quit_suspend_articles_and_help() {
    let mut state = common::story_state();
    assert_eq!(keys(&mut state, "q"), vec![Effect::Quit]);
    assert_eq!(keys(&mut state, "C-z"), vec![Effect::Suspend]);
    assert!(keys(&mut state, "]").is_empty(), "one article only");
    state.queue.paths.push("second.txt".into());
    assert_eq!(keys(&mut state, "]"), vec![Effect::OpenArticle(1)]);
    keys(&mut state, "?");
    assert_eq!(state.mode, Mode::Help);
    assert!(
        keys(&mut state, "q").is_empty(),
        "q closes help, does not quit"
    );
    assert_eq!(state.mode, Mode::Normal);
}

#[test]
fn detector_results_merge_without_bringing_back_rejections() {
    let mut state = common::story_state();
    keys(&mut state, "x");
    let text = common::STORY;
    let again = common::candidate(text, Kind::Quote, "Russia will not extend the treaty", None);
    let new = common::candidate(text, Kind::Claim, "the highest level since 2015", None);
    update(
        &mut state,
        Action::CandidatesArrived(0, vec![again, new.clone()]),
    );
    assert_eq!(state.file.annotations().len(), 6);
    assert_eq!(statuses(&state)[0], Status::Rejected);
    update(&mut state, Action::CandidatesArrived(99, vec![new]));
    assert_eq!(
        state.file.annotations().len(),
        6,
        "results for another opening are dropped"
    );
}

#[test]
fn spans_never_split_a_grapheme_cluster() {
    let text = "Он сказал: «👍🏽 да».";
    let mut state = common::state_with(text, &[(Kind::Quote, "«👍🏽 да»", None)]);
    keys(&mut state, "e Tab Tab Tab l");
    let Mode::Edit(draft) = &state.mode else {
        panic!("editing")
    };
    assert_eq!(&text[draft.span.clone()], "👍🏽 да»");
}

#[test]
fn key_releases_do_nothing() {
    use margin::app::handle_event;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
    let mut state = common::story_state();
    let mut release = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert!(handle_event(&mut state, Event::Key(release)).is_empty());
    assert_eq!(statuses(&state)[0], Status::Pending);
}

#[test]
fn docs_keys_md_is_the_keymap_table() {
    let written =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md")).unwrap();
    assert_eq!(
        written,
        margin::app::keymap::keys_markdown(),
        "regenerate docs/keys.md from keys_markdown()"
    );
}

#[test]
fn a_claim_opens_the_form_on_its_label_and_labels_cycle_both_ways() {
    let mut state = common::story_state();
    keys(&mut state, "f f e");
    assert!(matches!(&state.mode, Mode::Edit(draft) if draft.field == EditField::Label));
    keys(&mut state, "Left");
    assert!(
        matches!(&state.mode, Mode::Edit(draft) if draft.label.as_deref() == Some("unverifiable"))
    );
    keys(&mut state, "Right Right Right");
    assert!(matches!(&state.mode, Mode::Edit(draft) if draft.label.as_deref() == Some("false")));
    keys(&mut state, "S-Tab S-Tab Space Enter");
    let annotation = state.file.selected_annotation().unwrap();
    assert_eq!(
        (annotation.kind, annotation.label()),
        (Kind::Quote, Some("false"))
    );
    assert_eq!(annotation.original.as_ref().unwrap().kind, Kind::Claim);
}

#[test]
fn a_sidecar_read_in_the_background_replaces_the_empty_document() {
    use margin::app::state::LoadedSidecar;
    let mut state = common::state_with(common::STORY, &[]);
    state.file.read_only = Some(margin::runtime::open::LOADING.to_owned());
    assert!(
        keys(&mut state, "a").is_empty(),
        "nothing to decide while loading"
    );
    let full = common::story_state().file.document;
    let mut recovery = full.clone();
    recovery.annotations[0].status = Status::Confirmed;
    let loaded = |document: &margin::sidecar::Document, recovery| {
        Box::new(LoadedSidecar {
            document: document.clone(),
            read_only: None,
            notice: Some("The article changed".to_owned()),
            recovery,
        })
    };
    update(&mut state, Action::SidecarLoaded(7, loaded(&full, None)));
    assert!(
        state.file.annotations().is_empty(),
        "another opening's sidecar is dropped"
    );
    update(
        &mut state,
        Action::SidecarLoaded(0, loaded(&full, Some(recovery))),
    );
    assert_eq!(state.file.annotations().len(), 5);
    assert_eq!(state.read_only(), None);
    assert_eq!(state.mode, Mode::Recovery);
    assert_eq!(state.message.as_deref(), Some("The article changed"));
    assert_eq!(
        keys(&mut state, "y"),
        vec![Effect::SaveAll, Effect::SetRecoveryAside]
    );
    assert_eq!(statuses(&state)[0], Status::Confirmed);
}
