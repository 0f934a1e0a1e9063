//! The storage promises of docs/RELIABILITY.md, each proved against the real
//! file system: crashes (SIGKILL of a saving process), failing steps of the
//! durable replace, a really full disk, two sessions, a file changed behind our
//! back, recovery files, symlinks, permissions.
//!
//! Some tests need a second process. They re-run this test binary with
//! `MARGIN_STORAGE_HELPER` set, which turns `helper_process` into that process.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use margin::article::{Article, ReadOptions};
use margin::detect::{Candidate, Kind, Style};
use margin::sidecar::durable::{Faults, Step};
use margin::sidecar::{
    Edit, ReadOnlyReason, SidecarError, Store, build, io, journal_path_for, merge_by_id,
};

const ARTICLE: &str = "The minister said \"we will build it\" on Monday. Prices rose 4% in May.\n";

/// An article in `dir` and a document with one quote and one claim on it.
fn article_and_document(dir: &Path) -> (PathBuf, margin::sidecar::Document) {
    let article_path = dir.join("story.txt");
    std::fs::write(&article_path, ARTICLE).unwrap();
    let article = Article::read(&article_path, ReadOptions::default()).unwrap();
    let sidecar = io::sidecar_path_for(&article_path);
    let mut document = build::new_document(&article, &sidecar);
    let quote = Candidate {
        kind: Kind::Quote,
        span: 18..36,
        style: Some(Style::Direct),
        speaker: Some("The minister".to_owned()),
        source: Some(0..12),
        cue: Some(13..17),
        score: 0.9,
        reasons: vec!["paired quotation marks".into()].into(),
    };
    let claim = Candidate {
        kind: Kind::Claim,
        span: 48..70,
        style: None,
        speaker: None,
        source: None,
        cue: None,
        score: 0.7,
        reasons: vec!["a number".into()].into(),
    };
    margin::sidecar::merge_candidates(&mut document, &article, &[quote, claim]);
    (sidecar, document)
}

/// A variant of `document` that differs by its size (a note of `n` characters).
fn with_note(document: &margin::sidecar::Document, n: usize) -> margin::sidecar::Document {
    let mut changed = document.clone();
    changed.annotations[0].review_mut().note = "x".repeat(n).into();
    changed
}

fn open_writable(sidecar: &Path) -> (Store, Option<margin::sidecar::Document>) {
    let opened = Store::open(sidecar, false).unwrap();
    assert_eq!(opened.store.read_only(), None);
    (opened.store, opened.document)
}

fn leftover_temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|ext| ext == "tmp"))
        .collect()
}

// ---------------------------------------------------------------------------
// Helper processes

const HELPER_ENV: &str = "MARGIN_STORAGE_HELPER";

/// Runs this test binary as a helper: `role` and `path` tell it what to do.
fn spawn_helper(role: &str, path: &Path, wrapper: &[&str]) -> Child {
    let exe = std::env::current_exe().unwrap();
    let (program, mut args): (String, Vec<String>) = match wrapper.split_first() {
        Some((first, rest)) => (
            (*first).to_owned(),
            rest.iter()
                .map(|&s| s.to_owned())
                .chain([exe.display().to_string()])
                .collect(),
        ),
        None => (exe.display().to_string(), Vec::new()),
    };
    args.extend(
        [
            "helper_process",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ]
        .map(str::to_owned),
    );
    Command::new(program)
        .args(args)
        .env(HELPER_ENV, format!("{role}:{}", path.display()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// Reads the helper's stdout until a line holding `marker`; returns it from the
/// marker on (libtest prints `test helper_process ... ` before it).
fn wait_for_line(child: &mut Child, marker: &str) -> String {
    let stdout = child.stdout.as_mut().unwrap();
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "helper ended before printing {marker}"
        );
        if let Some(at) = line.find(marker) {
            return line[at..].trim_end().to_owned();
        }
    }
}

/// Not a test of its own: the body of the helper processes above. Without
/// `MARGIN_STORAGE_HELPER` it does nothing.
#[test]
fn helper_process() {
    let Ok(task) = std::env::var(HELPER_ENV) else {
        return;
    };
    let (role, path) = task.split_once(':').unwrap();
    let path = Path::new(path);
    match role {
        // Take the lock, say so, and hold it until killed.
        "hold-lock" => {
            let opened = Store::open(path, false).unwrap();
            println!("LOCKED {:?}", opened.store.read_only());
            std::io::stdout().flush().unwrap();
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            drop(opened);
        }
        // Save two documents in turn, forever, until killed.
        "save-loop" => {
            let (mut store, document) = open_writable(path);
            let loaded = document.unwrap();
            // Flip between the two versions, starting with the one not on disk.
            let a = with_note(&loaded, 0);
            let b = with_note(&loaded, 5000);
            let (first, second) = if loaded == a { (b, a) } else { (a, b) };
            for round in 0_u64.. {
                store
                    .save(if round % 2 == 0 { &first } else { &second })
                    .unwrap();
                if round == 0 {
                    println!("SAVED");
                    std::io::stdout().flush().unwrap();
                }
            }
        }
        // Report how the store opens for this (unprivileged) user.
        "open" => {
            let opened = Store::open(path, false).unwrap();
            println!("OPENED {:?}", opened.store.read_only());
        }
        other => panic!("unknown helper role {other}"),
    }
    std::process::exit(0);
}

// ---------------------------------------------------------------------------
// Promise 1: a crash at any instant of a save leaves the old or the new file.

/// A small deterministic pseudo-random sequence (no dependency, same every run).
fn next_random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn sigkill_during_saves_leaves_the_old_or_the_new_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, a) = article_and_document(dir.path());
    io::save(&sidecar, &a).unwrap();
    let b = with_note(&a, 5000);
    let (a_bytes, b_bytes) = (io::to_bytes(&a), io::to_bytes(&b));
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let (mut saw_a, mut saw_b) = (false, false);
    for _round in 0..100 {
        let mut child = spawn_helper("save-loop", &sidecar, &[]);
        wait_for_line(&mut child, "SAVED");
        // Kill after a varying number of further saves (each one flips the file).
        std::thread::sleep(std::time::Duration::from_micros(
            next_random(&mut seed) % 5000,
        ));
        child.kill().unwrap();
        child.wait().unwrap();
        let bytes = std::fs::read(&sidecar).unwrap();
        assert!(
            bytes == a_bytes || bytes == b_bytes,
            "a torn sidecar after SIGKILL"
        );
        io::parse(&sidecar, &bytes).unwrap();
        saw_a |= bytes == a_bytes;
        saw_b |= bytes == b_bytes;
    }
    assert!(
        saw_a && saw_b,
        "the kills never landed between saves: the test proved nothing"
    );
    // The next session cleans up the temp file a killed save left behind.
    drop(open_writable(&sidecar));
    assert_eq!(leftover_temp_files(dir.path()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// Promise 3: an I/O error at any step keeps the old file, leaves no temp file,
// returns the error, and saving works again afterwards.

#[test]
fn a_failure_at_any_step_keeps_the_old_sidecar_and_the_next_save_works() {
    for step in [Step::Create, Step::Write, Step::Fsync, Step::Rename] {
        let dir = tempfile::tempdir().unwrap();
        let (sidecar, a) = article_and_document(dir.path());
        let (mut store, _) = open_writable(&sidecar);
        store.save(&a).unwrap();
        let before = std::fs::read(&sidecar).unwrap();
        let b = with_note(&a, 100);
        store.inject_faults(Faults::fail(step, std::io::ErrorKind::StorageFull, 1));
        let error = store.save(&b).unwrap_err();
        assert!(
            matches!(error, SidecarError::Write { .. }),
            "{step:?}: {error}"
        );
        assert_eq!(
            std::fs::read(&sidecar).unwrap(),
            before,
            "{step:?} changed the sidecar"
        );
        assert_eq!(
            leftover_temp_files(dir.path()),
            Vec::<String>::new(),
            "{step:?}"
        );
        // The retry uses a fresh temp file (a failed fsync is never retried).
        store.save(&b).unwrap();
        assert_eq!(
            std::fs::read(&sidecar).unwrap(),
            io::to_bytes(&b),
            "{step:?}"
        );
    }
}

#[test]
fn a_failed_directory_fsync_is_reported_and_the_next_save_is_no_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, a) = article_and_document(dir.path());
    let (mut store, _) = open_writable(&sidecar);
    store.save(&a).unwrap();
    let b = with_note(&a, 100);
    store.inject_faults(Faults::fail(Step::DirFsync, std::io::ErrorKind::Other, 1));
    assert!(matches!(store.save(&b), Err(SidecarError::Write { .. })));
    // The rename happened: the file is whole (ours), only its durability is unknown.
    assert_eq!(std::fs::read(&sidecar).unwrap(), io::to_bytes(&b));
    assert_eq!(leftover_temp_files(dir.path()), Vec::<String>::new());
    let c = with_note(&a, 200);
    store.save(&c).unwrap();
    assert_eq!(std::fs::read(&sidecar).unwrap(), io::to_bytes(&c));
}

/// A real full disk: a 64 KiB tmpfs. Needs root (CI runs as root); elsewhere it
/// says why it did not run.
#[test]
fn a_really_full_disk_keeps_the_old_sidecar_and_saving_resumes_with_room() {
    let dir = tempfile::tempdir().unwrap();
    let mount_point = dir.path().join("small");
    std::fs::create_dir(&mount_point).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mount_point)
        .stderr(Stdio::null())
        .status();
    if !mounted.is_ok_and(|status| status.success()) {
        eprintln!("SKIPPED a_really_full_disk...: cannot mount a tmpfs here (needs root)");
        return;
    }
    let result = std::panic::catch_unwind(|| full_disk_scenario(&mount_point));
    let unmounted = Command::new("umount").arg(&mount_point).status().unwrap();
    assert!(unmounted.success());
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

fn full_disk_scenario(dir: &Path) {
    let (sidecar, a) = article_and_document(dir);
    let (mut store, _) = open_writable(&sidecar);
    store.save(&a).unwrap();
    let before = std::fs::read(&sidecar).unwrap();
    // Fill the disk.
    let filler_path = dir.join("filler");
    let mut filler = std::fs::File::create(&filler_path).unwrap();
    let block = vec![b'.'; 4096];
    while filler.write_all(&block).is_ok() {}
    drop(filler);
    let b = with_note(&a, 20_000);
    let error = store.save(&b).unwrap_err();
    let SidecarError::Write { source, .. } = &error else {
        panic!("expected a write error, got {error}");
    };
    assert_eq!(source.kind(), std::io::ErrorKind::StorageFull, "{source}");
    assert_eq!(std::fs::read(&sidecar).unwrap(), before);
    assert_eq!(leftover_temp_files(dir), Vec::<String>::new());
    std::fs::remove_file(&filler_path).unwrap();
    store.save(&b).unwrap();
    assert_eq!(std::fs::read(&sidecar).unwrap(), io::to_bytes(&b));
}

// ---------------------------------------------------------------------------
// Promise 6: one writer per sidecar.

#[test]
fn only_looking_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, _) = article_and_document(dir.path());
    let (store, document) = open_writable(&sidecar);
    assert!(document.is_none());
    assert!(margin::sidecar::lock::lock_path_for(&sidecar).exists());
    drop(store);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, ["story.txt"]);
}

#[test]
fn a_sidecar_created_by_someone_else_after_open_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, a) = article_and_document(dir.path());
    let (mut store, _) = open_writable(&sidecar);
    io::save(&sidecar, &a).unwrap();
    let ours = with_note(&a, 2);
    assert!(matches!(
        store.save(&ours),
        Err(SidecarError::Conflict { .. })
    ));
    assert_eq!(io::load(&sidecar).unwrap(), Some(a));
}

#[test]
fn a_second_session_opens_read_only_and_names_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, a) = article_and_document(dir.path());
    io::save(&sidecar, &a).unwrap();
    let (first, _) = open_writable(&sidecar);
    let second = Store::open(&sidecar, false).unwrap();
    let Some(ReadOnlyReason::Locked { holder }) = second.store.read_only() else {
        panic!("second session: {:?}", second.store.read_only());
    };
    assert!(
        holder.contains(&format!("pid {}", std::process::id())),
        "{holder}"
    );
    assert!(holder.contains(", since 20"), "{holder}");
    // The read-only session writes nothing, not even a recovery file.
    assert!(second.store.write_recovery(&a).is_err());
    drop(second);
    drop(first);
    // Released on drop: a third session may write.
    drop(open_writable(&sidecar));
}

#[test]
fn the_lock_of_a_killed_session_is_free_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, a) = article_and_document(dir.path());
    io::save(&sidecar, &a).unwrap();
    let mut child = spawn_helper("hold-lock", &sidecar, &[]);
    assert_eq!(wait_for_line(&mut child, "LOCKED"), "LOCKED None");
    let blocked = Store::open(&sidecar, false).unwrap();
    let Some(ReadOnlyReason::Locked { holder }) = blocked.store.read_only() else {
        panic!("while the child holds it: {:?}", blocked.store.read_only());
    };
    assert!(holder.contains(&format!("pid {}", child.id())), "{holder}");
    child.kill().unwrap();
    child.wait().unwrap();
    // The stale lock file is still there, but the kernel released the lock.
    assert!(margin::sidecar::lock::lock_path_for(&sidecar).exists());
    drop(open_writable(&sidecar));
}

// ---------------------------------------------------------------------------
// Promise 7: a sidecar changed by someone else is never overwritten.

#[test]
fn a_change_on_disk_with_the_same_size_and_mtime_is_a_conflict_and_both_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, mut a) = article_and_document(dir.path());
    a.annotations[1].review_mut().note = "aaaa".into();
    a.annotations[1].review_mut().updated = Some("2000-01-01T00:00:00Z".into());
    io::save(&sidecar, &a).unwrap();
    let (mut store, loaded) = open_writable(&sidecar);
    let ours = with_note(&loaded.unwrap(), 3);
    // Someone else edits a note: same length, and the old mtime put back.
    let original = std::fs::read(&sidecar).unwrap();
    let mtime = std::fs::metadata(&sidecar).unwrap().modified().unwrap();
    let mut theirs = a.clone();
    theirs.annotations[1].review_mut().note = "bbbb".into();
    theirs.annotations[1].review_mut().updated = Some("2099-01-01T00:00:00Z".into());
    let their_bytes = io::to_bytes(&theirs);
    assert_eq!(their_bytes.len(), original.len());
    std::fs::write(&sidecar, &their_bytes).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&sidecar)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&sidecar).unwrap().modified().unwrap(),
        mtime
    );

    let error = store.save(&ours).unwrap_err();
    let SidecarError::Conflict { conflict_path, .. } = &error else {
        panic!("expected a conflict, got {error}");
    };
    assert_eq!(
        std::fs::read(&sidecar).unwrap(),
        their_bytes,
        "theirs was overwritten"
    );
    assert_eq!(
        std::fs::read(conflict_path).unwrap(),
        io::to_bytes(&ours),
        "ours was lost"
    );

    // Resolving: reload theirs, merge by id (both changes kept), save.
    let theirs_now = store.reload().unwrap().unwrap();
    let (merged, report) = merge_by_id(&ours, &theirs_now);
    assert_eq!(report.theirs_won, vec![a.annotations[1].id.clone()]);
    assert_eq!(report.ours_won, vec![a.annotations[0].id.clone()]);
    store.save(&merged).unwrap();
    let saved = io::load(&sidecar).unwrap().unwrap();
    assert_eq!(saved.annotations[0].note(), "xxx");
    assert_eq!(saved.annotations[1].note(), "bbbb");
}

// ---------------------------------------------------------------------------
// Promise 5 (storage part): the recovery file.

#[test]
fn a_recovery_file_is_found_at_the_next_open_and_can_be_restored_or_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, a) = article_and_document(dir.path());
    io::save(&sidecar, &a).unwrap();
    let sidecar_bytes = std::fs::read(&sidecar).unwrap();
    let unsaved = with_note(&a, 7);
    let (store, _) = open_writable(&sidecar);
    let recovery = store.write_recovery(&unsaved).unwrap();
    assert_eq!(
        std::fs::read(&sidecar).unwrap(),
        sidecar_bytes,
        "recovery went over the sidecar"
    );
    drop(store);

    let (mut store, _) = open_writable(&sidecar);
    assert_eq!(store.find_recovery(), Some(recovery.clone()));
    assert_eq!(store.load_recovery().unwrap(), Some(unsaved.clone()));
    assert_eq!(store.restore_recovery().unwrap(), Some(unsaved.clone()));
    assert_eq!(io::load(&sidecar).unwrap(), Some(unsaved.clone()));
    assert_eq!(store.find_recovery(), None);

    store.write_recovery(&a).unwrap();
    store.discard_recovery().unwrap();
    assert_eq!(store.find_recovery(), None);
}

// ---------------------------------------------------------------------------
// Promise 12: symlinks, permissions, unwritable places found at open.

#[test]
fn a_symlinked_sidecar_stays_a_symlink_and_its_target_is_updated() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, a) = article_and_document(dir.path());
    let real_dir = dir.path().join("elsewhere");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("real.json");
    io::save(&real, &a).unwrap();
    std::os::unix::fs::symlink("elsewhere/real.json", &sidecar).unwrap();
    let (mut store, _) = open_writable(&sidecar);
    let b = with_note(&a, 9);
    store.save(&b).unwrap();
    assert!(
        std::fs::symlink_metadata(&sidecar)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&real).unwrap(), io::to_bytes(&b));
}

#[test]
fn permissions_are_kept_across_saves() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, a) = article_and_document(dir.path());
    io::save(&sidecar, &a).unwrap();
    std::fs::set_permissions(&sidecar, std::fs::Permissions::from_mode(0o640)).unwrap();
    let (mut store, _) = open_writable(&sidecar);
    store.save(&with_note(&a, 1)).unwrap();
    let mode = std::fs::metadata(&sidecar).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);
}

/// Runs `Store::open` as the unprivileged user 65534 (CI runs as root, for whom
/// every file is writable); `None` when this machine cannot switch users.
fn open_as_nobody(sidecar: &Path) -> Option<String> {
    let probe = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status();
    if !probe.is_ok_and(|status| status.success()) {
        eprintln!("SKIPPED: cannot run as user 65534 here (needs root and setpriv)");
        return None;
    }
    let mut child = spawn_helper(
        "open",
        sidecar,
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ],
    );
    let line = wait_for_line(&mut child, "OPENED");
    assert!(child.wait().unwrap().success());
    Some(line)
}

/// A temp dir that user 65534 can enter.
fn shared_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[test]
fn a_read_only_directory_is_found_at_open() {
    let dir = shared_tempdir();
    let (sidecar, a) = article_and_document(dir.path());
    io::save(&sidecar, &a).unwrap();
    // The directory belongs to root, mode 755: user 65534 cannot write in it.
    if let Some(line) = open_as_nobody(&sidecar) {
        assert!(line.starts_with("OPENED Some(NotWritable"), "{line}");
    }
}

#[test]
fn a_read_only_sidecar_is_found_at_open() {
    let dir = shared_tempdir();
    let own = dir.path().join("own");
    std::fs::create_dir(&own).unwrap();
    let (sidecar, a) = article_and_document(&own);
    io::save(&sidecar, &a).unwrap();
    std::fs::set_permissions(&sidecar, std::fs::Permissions::from_mode(0o444)).unwrap();
    for path in [&own, &sidecar] {
        std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
    }
    if let Some(line) = open_as_nobody(&sidecar) {
        assert!(line.starts_with("OPENED Some(NotWritable"), "{line}");
        assert!(line.contains("annotations.json"), "{line}");
    }
    // The same file made writable opens writable: the check is not always "no".
    std::fs::set_permissions(&sidecar, std::fs::Permissions::from_mode(0o644)).unwrap();
    if let Some(line) = open_as_nobody(&sidecar) {
        assert_eq!(line, "OPENED None");
    }
}

#[test]
fn a_sidecar_whose_text_disagrees_with_its_unchanged_article_turns_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, mut a) = article_and_document(dir.path());
    a.annotations[0].text = a.annotations[0].text.to_uppercase().into();
    io::save(&sidecar, &a).unwrap();
    let (mut store, document) = open_writable(&sidecar);
    let mut document = document.unwrap();
    let article = Article::read(&dir.path().join("story.txt"), ReadOptions::default()).unwrap();
    store.fit_to_article(&mut document, &article);
    let Some(ReadOnlyReason::Invalid { message }) = store.read_only() else {
        panic!("{:?}", store.read_only());
    };
    assert!(
        message.contains("text does not match the article"),
        "{message}"
    );
    // The lock is released for a session that can fix the file.
    drop(open_writable(&sidecar));
}

#[test]
fn a_sidecar_over_the_size_limit_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, _) = article_and_document(dir.path());
    std::fs::File::create(&sidecar)
        .unwrap()
        .set_len(io::MAX_SIDECAR_BYTES + 1)
        .unwrap();
    let opened = Store::open(&sidecar, false).unwrap();
    let Some(ReadOnlyReason::Invalid { message }) = opened.store.read_only() else {
        panic!("{:?}", opened.store.read_only());
    };
    assert!(message.contains("over the limit"), "{message}");
}

#[test]
fn an_invalid_sidecar_opens_read_only_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, a) = article_and_document(dir.path());
    std::fs::write(
        &sidecar,
        b"{\"format\": \"margin-annotations\", \"version\": 1,,}",
    )
    .unwrap();
    let opened = Store::open(&sidecar, false).unwrap();
    let Some(ReadOnlyReason::Invalid { message }) = opened.store.read_only() else {
        panic!("{:?}", opened.store.read_only());
    };
    assert!(message.contains("annotations.json:1:"), "{message}");
    let mut store = opened.store;
    store.save(&a).unwrap();
    assert_eq!(
        std::fs::read(&sidecar).unwrap(),
        b"{\"format\": \"margin-annotations\", \"version\": 1,,}"
    );
}

/// The journal: a recorded change is on disk at once, without rewriting the
/// sidecar; any load replays it; the next full save folds it in and removes it.
#[test]
fn a_recorded_change_is_replayed_by_a_load_and_folded_in_by_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, document) = article_and_document(dir.path());
    margin::sidecar::save(&sidecar, &document).unwrap();
    let before = std::fs::read(&sidecar).unwrap();
    let (mut store, _) = open_writable(&sidecar);
    let mut changed = document.clone();
    changed.annotations[0].status = margin::sidecar::Status::Confirmed;
    let removed = changed.annotations.pop().unwrap();
    store
        .record(&[
            Edit::Upsert(Box::new(changed.annotations[0].clone())),
            Edit::Remove(removed.id),
        ])
        .unwrap();
    assert_eq!(
        std::fs::read(&sidecar).unwrap(),
        before,
        "sidecar untouched"
    );
    assert_eq!(
        margin::sidecar::load(&sidecar).unwrap(),
        Some(changed.clone())
    );
    drop(store);
    // A new session (the last one was killed) sees the change and saves it.
    let (mut store, reopened) = open_writable(&sidecar);
    assert_eq!(reopened, Some(changed.clone()));
    assert!(store.has_journal());
    store.save(&changed).unwrap();
    assert!(!journal_path_for(&sidecar).exists());
    assert_eq!(std::fs::read(&sidecar).unwrap(), io::to_bytes(&changed));
}

/// A crash can cut the journal's last line short: that line (never reported
/// saved) is ignored, and the next record cuts it off instead of writing
/// after it.
#[test]
fn a_torn_last_journal_line_is_ignored_and_cut_off_by_the_next_record() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, document) = article_and_document(dir.path());
    margin::sidecar::save(&sidecar, &document).unwrap();
    let (mut store, _) = open_writable(&sidecar);
    let mut first = document.clone();
    first.annotations[0].status = margin::sidecar::Status::Confirmed;
    store
        .record(&[Edit::Upsert(Box::new(first.annotations[0].clone()))])
        .unwrap();
    drop(store);
    let journal = journal_path_for(&sidecar);
    let mut torn = std::fs::OpenOptions::new()
        .append(true)
        .open(&journal)
        .unwrap();
    torn.write_all(b"{\"upsert\":{\"id\":\"q").unwrap();
    drop(torn);
    assert_eq!(
        margin::sidecar::load(&sidecar).unwrap(),
        Some(first.clone())
    );

    let (mut store, reopened) = open_writable(&sidecar);
    assert_eq!(reopened, Some(first.clone()));
    assert_eq!(store.read_only(), None);
    let mut second = first.clone();
    second.annotations[1].status = margin::sidecar::Status::Rejected;
    store
        .record(&[Edit::Upsert(Box::new(second.annotations[1].clone()))])
        .unwrap();
    assert_eq!(margin::sidecar::load(&sidecar).unwrap(), Some(second));
    let text = std::fs::read_to_string(&journal).unwrap();
    assert!(text.ends_with('\n') && !text.contains("{\"upsert\":{\"id\":\"q{"));
}

/// A journal line that is whole but bad, or a journal recorded against a
/// sidecar that was replaced since, is never applied nor dropped silently:
/// the sidecar opens read-only with the reason, and nothing is written.
#[test]
fn a_bad_or_foreign_journal_opens_read_only_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (sidecar, document) = article_and_document(dir.path());
    margin::sidecar::save(&sidecar, &document).unwrap();
    let (mut store, _) = open_writable(&sidecar);
    let mut changed = document.clone();
    changed.annotations[0].review_mut().note = "ours".into();
    store
        .record(&[Edit::Upsert(Box::new(changed.annotations[0].clone()))])
        .unwrap();
    drop(store);
    let journal = journal_path_for(&sidecar);
    let recorded = std::fs::read(&journal).unwrap();

    // Someone else replaced the sidecar since.
    margin::sidecar::save(&sidecar, &with_note(&document, 7)).unwrap();
    let store = Store::open(&sidecar, false).unwrap().store;
    assert!(
        matches!(store.read_only(), Some(ReadOnlyReason::Invalid { message }) if message.contains("another version of the sidecar")),
        "{:?}",
        store.read_only()
    );
    assert!(margin::sidecar::load(&sidecar).unwrap_err().is_bad_data());
    drop(store);
    assert_eq!(std::fs::read(&journal).unwrap(), recorded);

    // A whole line that is not a change.
    margin::sidecar::save(&sidecar, &document).unwrap();
    let header = recorded.split(|&byte| byte == b'\n').next().unwrap();
    let mut bad = header.to_vec();
    bad.extend_from_slice(b"\n{\"upsert\":42}\n");
    std::fs::write(&journal, &bad).unwrap();
    let store = Store::open(&sidecar, false).unwrap().store;
    assert!(
        matches!(store.read_only(), Some(ReadOnlyReason::Invalid { message }) if message.contains(":2:1: not a margin sidecar: bad journal line")),
        "{:?}",
        store.read_only()
    );
    drop(store);
    assert_eq!(std::fs::read(&journal).unwrap(), bad);
}
