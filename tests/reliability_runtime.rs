//! The runtime half of the data-safety promises (docs/RELIABILITY-runtime.md):
//! every exit path keeps every decision shown on screen, a crash leaves a
//! recovery file that the next start offers, failed saves are shown and kept
//! in memory, and hostile text never reaches the terminal raw.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::hangup::HangUpPty;
use common::pty::{Pty, contains};
use common::review_fixture;
use margin::sidecar::{Document, Status};

/// Starts on the story, confirms the first quote and rejects the second, and
/// waits until the screen says both are saved.
fn two_decisions(dir: &Path, env: &[(&str, &str)]) -> (Pty, PathBuf) {
    let (_, sidecar) = common::write_story(dir);
    let mut pty = Pty::spawn(&["story.txt", "--annotator", "rt"], dir, env);
    pty.wait_for(&common::reviewed(0));
    pty.key("a", &common::reviewed(1));
    pty.key("x", &common::reviewed(2));
    pty.wait_for("saved");
    (pty, sidecar)
}

fn has_two_decisions(document: &Document) -> bool {
    let statuses: Vec<Status> = document.annotations.iter().map(|a| a.status).collect();
    statuses[..2] == [Status::Confirmed, Status::Rejected]
}

/// Where the store puts the recovery file (asked of a read-only store, which
/// takes no lock).
fn recovery_path(sidecar: &Path) -> PathBuf {
    margin::sidecar::Store::open(sidecar, true)
        .unwrap()
        .store
        .recovery_path()
}

#[test]
fn quit_keeps_every_decision() {
    let dir = tempfile::tempdir().unwrap();
    let (mut pty, sidecar) = two_decisions(dir.path(), &[]);
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert!(has_two_decisions(&common::load(&sidecar)));
    assert!(pty.restored_terminal());
}

/// What the kernel sends when the SSH connection (the pty) goes away. (The
/// pty itself cannot be closed here while the reader thread holds its
/// descriptor, so the signal is sent directly.)
#[test]
fn sighup_saves_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let (mut pty, sidecar) = two_decisions(dir.path(), &[]);
    pty.signal("HUP");
    pty.wait_exit();
    assert!(has_two_decisions(&common::load(&sidecar)));
}

#[test]
fn sigterm_saves_restores_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let (mut pty, sidecar) = two_decisions(dir.path(), &[]);
    pty.signal("TERM");
    pty.wait_exit();
    assert!(has_two_decisions(&common::load(&sidecar)));
    assert!(pty.restored_terminal());
    assert!(pty.cooked());
}

#[test]
fn sigkill_loses_nothing_that_was_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (mut pty, sidecar) = two_decisions(dir.path(), &[]);
    pty.signal("KILL");
    pty.wait_exit();
    assert!(has_two_decisions(&common::load(&sidecar)));
}

/// Keys typed faster than a write are coalesced by the saver; once the screen
/// says "saved", the file holds every one of them, even after SIGKILL.
#[test]
fn a_burst_of_decisions_is_on_disk_once_saved_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sidecar) = common::write_story(dir.path());
    let mut pty = Pty::spawn(&["story.txt", "--annotator", "rt"], dir.path(), &[]);
    pty.wait_for(&common::reviewed(0));
    pty.send("axaxa");
    pty.wait_for(&format!("saved │ {}", common::reviewed(5)));
    pty.signal("KILL");
    pty.wait_exit();
    let statuses: Vec<Status> = common::load(&sidecar)
        .annotations
        .iter()
        .map(|a| a.status)
        .collect();
    let (confirmed, rejected) = (Status::Confirmed, Status::Rejected);
    assert_eq!(
        statuses[..5],
        [confirmed, rejected, confirmed, rejected, confirmed]
    );
    assert!(
        statuses[5..]
            .iter()
            .all(|&status| status == Status::Pending)
    );
}

#[test]
fn a_panic_restores_the_terminal_and_writes_a_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut pty, sidecar) = two_decisions(dir.path(), &[("MARGIN_TEST_PANIC_AFTER_KEYS", "3")]);
    pty.send("a");
    let status = pty.wait_exit();
    assert!(!status.success());
    assert!(pty.restored_terminal());
    assert!(pty.cooked());
    let recovered = common::load(&recovery_path(&sidecar));
    assert!(has_two_decisions(&recovered));
    assert_eq!(recovered.annotations[2].status, Status::Confirmed);
    // The sidecar itself is never written by the crash path, only by saves.
    assert!(has_two_decisions(&common::load(&sidecar)));
}

#[test]
fn the_next_start_offers_the_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sidecar) = common::write_story(dir.path());
    let mut crashed = common::load(&sidecar);
    crashed.annotations[4].status = Status::Rejected;
    margin::sidecar::save(&recovery_path(&sidecar), &crashed).unwrap();

    let mut pty = Pty::spawn(&["story.txt"], dir.path(), &[]);
    pty.wait_for("A session that crashed left a recovery file.");
    pty.key("y", "Restored");
    pty.wait_for("saved");
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_eq!(
        common::load(&sidecar).annotations[4].status,
        Status::Rejected
    );
    assert!(!recovery_path(&sidecar).exists(), "set aside once used");

    // Declining keeps the sidecar and sets the file aside, never deletes it.
    margin::sidecar::save(&recovery_path(&sidecar), &crashed).unwrap();
    let mut pty = Pty::spawn(&["story.txt"], dir.path(), &[]);
    pty.wait_for("A session that crashed left a recovery file.");
    pty.key("n", &common::reviewed(1));
    pty.send("q");
    assert!(pty.wait_exit().success());
    let mut aside = recovery_path(&sidecar).into_os_string();
    aside.push(".old");
    assert!(Path::new(&aside).exists());
}

/// The story with its sidecar at `sidecars/story.json` (given with --sidecar).
fn sidecar_in_subdirectory(dir: &Path) -> PathBuf {
    let (_, default_sidecar) = common::write_story(dir);
    let sub = dir.join("sidecars");
    std::fs::create_dir(&sub).unwrap();
    let sidecar = sub.join("story.json");
    std::fs::rename(default_sidecar, &sidecar).unwrap();
    sidecar
}

#[test]
fn a_failed_save_is_shown_kept_in_memory_and_retried() {
    let dir = tempfile::tempdir().unwrap();
    let sidecar = sidecar_in_subdirectory(dir.path());
    let sub = sidecar.parent().unwrap().to_path_buf();
    let mut pty = Pty::spawn(
        &["story.txt", "--sidecar", "sidecars/story.json"],
        dir.path(),
        &[],
    );
    pty.wait_for(&common::reviewed(0));
    // The sidecar's directory vanishes: saving must fail (even as root).
    std::fs::remove_dir_all(&sub).unwrap();
    pty.key("a", "NOT SAVED");
    pty.wait_for(&common::reviewed(1));
    std::fs::create_dir(&sub).unwrap();
    pty.key("x", &format!("saved │ {}", common::reviewed(2)));
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert!(has_two_decisions(&common::load(&sidecar)));
}

#[test]
fn a_failed_save_is_retried_at_quit() {
    let dir = tempfile::tempdir().unwrap();
    let sidecar = sidecar_in_subdirectory(dir.path());
    let sub = sidecar.parent().unwrap().to_path_buf();
    let mut pty = Pty::spawn(
        &["story.txt", "--sidecar", "sidecars/story.json"],
        dir.path(),
        &[],
    );
    pty.wait_for(&common::reviewed(0));
    std::fs::remove_dir_all(&sub).unwrap();
    pty.key("a", "NOT SAVED");
    std::fs::create_dir(&sub).unwrap();
    pty.send("q");
    assert!(pty.wait_exit().success());
    // Quitting retried the failed save, which now succeeds.
    let document = common::load(&sidecar);
    assert_eq!(document.annotations[0].status, Status::Confirmed);
}

#[test]
fn hostile_article_and_file_name_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}]0;pwned\u{7}\u{202e}txt.txt";
    let article = "Title \u{1b}]0;owned\u{7} and \u{1b}[2J clear, C1 \u{9b}31m red, \u{202e}reversed\u{202c}, zero\u{200b}width.\n\"A quote,\" he said.\n";
    std::fs::write(dir.path().join(name), article).unwrap();
    let mut pty = Pty::spawn(&[name], dir.path(), &[]);
    pty.wait_for("⟨U+202E⟩reversed");
    pty.send("q");
    assert!(pty.wait_exit().success());
    let raw = pty.raw();
    assert!(
        !contains(&raw, b"\x1b]"),
        "an OSC sequence reached the terminal"
    );
    assert!(
        !contains(&raw, b"\x1b[2J clear"),
        "a CSI from the article reached the terminal"
    );
    assert!(
        !contains(&raw, "\u{9b}".as_bytes()),
        "a C1 control reached the terminal"
    );
    assert!(
        !contains(&raw, "\u{202e}".as_bytes()),
        "a bidi override reached the terminal"
    );
    assert!(
        !contains(&raw, "\u{200b}".as_bytes()),
        "a zero-width space reached the terminal"
    );
    assert!(!raw.contains(&0x07), "a BEL reached the terminal");
    assert!(contains(&raw, "␛]0;owned␇".as_bytes()));
    assert!(contains(&raw, "evil␛]0;pwned␇⟨U+202E⟩txt.txt".as_bytes()));
}

/// The terminal goes away with no SIGHUP (margin does not have it as its
/// controlling terminal, like a session whose SIGHUP went elsewhere): the
/// loop sees the hang-up in its own `poll`, saves and exits by itself (not
/// through the watchdog's exit code 129), and burns no CPU on the dead
/// terminal. crossterm's reader would spin on it for as long as it ran.
#[test]
fn a_hang_up_without_sighup_saves_and_exits_without_spinning() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sidecar) = common::write_story(dir.path());
    let mut pty = HangUpPty::spawn(&["story.txt", "--annotator", "rt"], dir.path());
    pty.wait_for(&common::reviewed(0));
    pty.send("a");
    pty.wait_for(&format!("saved │ {}", common::reviewed(1)));
    let (before, _) = pty.cpu_ticks();
    pty.hang_up();
    let (after, took, status) = pty.wait_exit();
    let used = after - before;
    eprintln!("after the hang-up: {used} ticks of CPU (1/100 s), exit after {took:?}, {status}");
    assert_ne!(
        status.code(),
        Some(129),
        "the watchdog had to end it: the loop missed the hang-up"
    );
    // The final save of this small sidecar takes milliseconds; a spin on the
    // dead terminal uses a whole core until something ends it.
    assert!(used <= 20, "{used} ticks of CPU after the hang-up");
    assert_eq!(
        common::load(&sidecar).annotations[0].status,
        Status::Confirmed
    );
}

/// A decision shown on screen is on disk within one second, even with the
/// largest sidecar margin reads (16 MiB of article, 90,000 annotations, 62 MB
/// of JSON, whose full rewrite alone takes most of a second) and a second
/// decision made while the first is being written: then SIGKILL. Before the
/// journal, the second decision waited for the first one's full rewrite, then
/// for its own, and this failed.
#[test]
fn decisions_on_a_huge_sidecar_are_on_disk_within_a_second_even_after_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, review_fixture::article_text(16 * 1024 * 1024)).unwrap();
    let article =
        margin::article::Article::read(&path, margin::article::ReadOptions::default()).unwrap();
    let sidecar = margin::sidecar::sidecar_path_for(&path);
    let document = review_fixture::document_for(&article, &sidecar);
    margin::sidecar::save(&sidecar, &document).unwrap();
    let total = document.annotations.len();
    drop((article, document));
    assert!(std::fs::metadata(&sidecar).unwrap().len() > 60_000_000);

    let mut pty = Pty::spawn(&["big.txt", "--no-detect"], dir.path(), &[]);
    pty.wait_for(&format!("0/{total} reviewed"));
    pty.key("a", &format!("1/{total} reviewed"));
    pty.key("x", &format!("2/{total} reviewed"));
    // The promise's own bound, not a speed measurement: the saver has had
    // one second since the second decision was drawn.
    std::thread::sleep(std::time::Duration::from_secs(1));
    pty.signal("KILL");
    pty.wait_exit();
    let statuses: Vec<Status> = common::load(&sidecar)
        .annotations
        .iter()
        .take(3)
        .map(|a| a.status)
        .collect();
    assert_eq!(
        statuses,
        [Status::Confirmed, Status::Rejected, Status::Pending]
    );
}
