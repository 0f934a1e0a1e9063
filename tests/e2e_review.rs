//! The real binary in a pseudo-terminal at 80x24: review a sample, quit, then
//! check the sidecar on disk and that the terminal was given back.
#![allow(clippy::unwrap_used)]

mod common;

use common::pty::Pty;
use margin::sidecar::Status;

#[test]
fn confirm_reject_edit_undo_quit() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sidecar) = common::write_story(dir.path());
    let before = std::fs::read(&sidecar).unwrap();
    let mut pty = Pty::spawn(&["story.txt", "--annotator", "e2e"], dir.path(), &[]);
    pty.wait_for(&common::reviewed(0));
    assert_eq!(
        std::fs::read(&sidecar).unwrap(),
        before,
        "nothing written before the first change"
    );
    assert!(!pty.cooked(), "raw mode while the screen is up");
    assert!(!pty.restored_terminal());

    pty.key("a", &common::reviewed(1));
    pty.key("x", &common::reviewed(2));
    // To the quote "final" (speaker "he"), found by search: edit its speaker.
    pty.send("/final");
    pty.key("\r", "speaker: he");
    pty.key("e", "edit (Enter keeps");
    pty.send("\u{15}"); // Ctrl-U clears the field
    pty.key("Sergei Ryabkov", "speaker: Sergei Ryabkov");
    pty.key("\r", "edited");
    pty.key("u", "speaker: he");
    pty.key("e", "edit (Enter keeps");
    pty.send("\u{15}");
    pty.key("Ryabkov", "speaker: Ryabkov");
    pty.key("\r", "edited");
    pty.wait_for("saved");
    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "{status:?}");

    let document = common::load(&sidecar);
    let annotations = &document.annotations;
    assert_eq!(annotations[0].status, Status::Confirmed);
    assert_eq!(annotations[0].annotator(), Some("e2e"));
    assert_eq!(annotations[1].status, Status::Rejected);
    let edited = annotations
        .iter()
        .position(|a| a.text == "\"final\"")
        .unwrap();
    assert_eq!(annotations[edited].speaker.as_deref(), Some("Ryabkov"));
    assert!(annotations[edited].edited);
    assert_eq!(
        annotations[edited]
            .original
            .as_ref()
            .unwrap()
            .speaker
            .as_deref(),
        Some("he")
    );
    let untouched = (2..annotations.len()).filter(|&index| index != edited);
    assert!(
        untouched
            .map(|index| &annotations[index])
            .all(|a| a.status == Status::Pending && !a.edited)
    );

    assert!(pty.restored_terminal(), "restore sequences missing");
    assert!(pty.cooked(), "raw mode left on");
}

#[test]
fn read_only_writes_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sidecar) = common::write_story(dir.path());
    let before = std::fs::read(&sidecar).unwrap();
    let mut pty = Pty::spawn(&["story.txt", "--read-only"], dir.path(), &[]);
    pty.wait_for("READ-ONLY: --read-only");
    pty.key("a", "nothing is changed");
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_eq!(std::fs::read(&sidecar).unwrap(), before);
}

#[test]
fn a_sidecar_that_does_not_parse_makes_the_screen_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sidecar) = common::write_story(dir.path());
    std::fs::write(&sidecar, b"{ not json").unwrap();
    let mut pty = Pty::spawn(&["story.txt"], dir.path(), &[]);
    pty.wait_for("READ-ONLY: sidecar invalid");
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"{ not json");
}

#[test]
fn a_directory_is_a_queue_walked_with_brackets() {
    let dir = tempfile::tempdir().unwrap();
    common::write_story(dir.path());
    std::fs::write(
        dir.path().join("zz-second.txt"),
        "Another story, with no quotes.\n",
    )
    .unwrap();
    let mut pty = Pty::spawn(&["."], dir.path(), &[]);
    pty.wait_for("file 1/2");
    pty.key("]", "file 2/2");
    pty.wait_for("Another story");
    pty.key("[", "file 1/2");
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// The queue counts an article done when all of its annotations are reviewed:
/// never one whose candidates are still being detected (0 of 0).
#[test]
fn the_queue_counts_only_articles_whose_annotations_are_all_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), common::STORY).unwrap();
    std::fs::write(dir.path().join("z.txt"), "Nothing to see here.\n").unwrap();
    let mut pty = Pty::spawn(&["."], dir.path(), &[]);
    pty.wait_for("file 1/2");
    pty.wait_gone("detecting");
    assert!(pty.screen().contains("(0 done)"), "{}", pty.screen());
    // z.txt has no candidates: reviewed, 0 of 0. a.txt has 0 of several.
    pty.key("]", "file 2/2");
    pty.wait_gone("detecting");
    pty.wait_for("0/0 reviewed");
    assert!(pty.screen().contains("(1 done)"), "{}", pty.screen());
    pty.key("[", "file 1/2");
    pty.wait_gone("detecting");
    assert!(pty.screen().contains("(1 done)"), "{}", pty.screen());
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// Whether any SGR sequence (`ESC [ ... m`) in `raw` sets a colour.
fn sets_a_colour(raw: &[u8]) -> bool {
    let text = String::from_utf8_lossy(raw);
    text.split("\x1b[").skip(1).any(|sequence| {
        let Some(end) = sequence.find(|c: char| c.is_ascii_alphabetic()) else {
            return false;
        };
        sequence[end..].starts_with('m')
            && sequence[..end].split(';').any(|param| {
                matches!(
                    param.parse::<u16>(),
                    Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
                )
            })
    })
}

fn review_once(env: &[(&str, &str)]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    common::write_story(dir.path());
    let mut pty = Pty::spawn(&["story.txt"], dir.path(), env);
    pty.wait_for(&common::reviewed(0));
    pty.key("a", &common::reviewed(1));
    pty.send("q");
    assert!(pty.wait_exit().success());
    pty.raw()
}

#[test]
fn no_color_sends_no_colour_sequences() {
    assert!(sets_a_colour(&review_once(&[])), "colours by default");
    assert!(
        !sets_a_colour(&review_once(&[("NO_COLOR", "1")])),
        "none under NO_COLOR"
    );
}

/// With the detector on, the user's own article opens with its candidates
/// merged in; a confirmed quote reaches the sidecar with its resolved speaker.
#[test]
fn the_detector_proposes_and_a_confirmation_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("seed.txt");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample_articles/ryabkov-seed.txt"
        ),
        &article,
    )
    .unwrap();
    let mut pty = Pty::spawn(&["seed.txt", "--annotator", "e2e"], dir.path(), &[]);
    pty.wait_for("0/");
    pty.wait_for("speaker: Ryabkov");
    pty.key("a", "1/");
    pty.wait_for("saved");
    pty.send("q");
    assert!(pty.wait_exit().success());

    let document = common::load(&margin::sidecar::sidecar_path_for(&article));
    let confirmed: Vec<_> = document
        .annotations
        .iter()
        .filter(|a| a.status == Status::Confirmed)
        .collect();
    assert_eq!(confirmed.len(), 1);
    assert!(
        document.annotations.len() > 10,
        "detector candidates merged"
    );
    assert!(
        document
            .annotations
            .iter()
            .filter(|a| a.kind == margin::detect::Kind::Quote)
            .all(|a| a.speaker.as_deref() == Some("Ryabkov")),
        "every quote in the seed article is Ryabkov's"
    );
}
