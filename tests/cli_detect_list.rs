//! `margin detect` and `margin list` through the real binary: output shape, the
//! JSON contract, and the exit code of every kind of bad input.
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Command, Output};

use margin::sidecar::io;

const MARGIN: &str = env!("CARGO_BIN_EXE_margin");

const SAMPLE: &str = "Officials said on Monday that the bridge would reopen in May.\n\
\"We are confident the repairs are complete,\" said Anna Berg, the city engineer.\n\
Unemployment rose to 7.2% in 2025, according to the statistics office.\n";

fn margin(args: &[&str], dir: &Path) -> Output {
    Command::new(MARGIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts the exit code, and that stderr is one plain line naming `names`.
fn assert_fails(output: &Output, code: i32, names: &str) -> String {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(code), "stderr: {message}");
    assert_eq!(message.lines().count(), 1, "not one line: {message:?}");
    assert!(message.contains(names), "{message:?} does not name {names}");
    assert!(
        !message.chars().any(|c| c.is_control() && c != '\n'),
        "{message:?}"
    );
    assert!(output.stdout.is_empty());
    message
}

fn sample_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), SAMPLE).unwrap();
    dir
}

#[test]
fn detect_prints_an_aligned_table_with_a_header() {
    let dir = sample_dir();
    let output = margin(&["detect", "story.txt"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let header = stdout.lines().next().unwrap();
    let columns: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(columns, ["KIND", "STYLE", "SPEAKER", "SCORE", "EXCERPT"]);
    for line in stdout.lines().skip(1) {
        let kind = line.split_whitespace().next().unwrap();
        assert!(kind == "quote" || kind == "claim", "{line}");
    }
    // Only looking creates nothing.
    assert!(!dir.path().join("story.txt.annotations.json").exists());
}

#[test]
fn detect_json_is_a_valid_sidecar_that_round_trips_and_writes_nothing() {
    let dir = sample_dir();
    let output = margin(&["detect", "--json", "story.txt"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let document = io::parse(Path::new("stdout"), &output.stdout).unwrap();
    assert_eq!(io::to_bytes(&document), output.stdout);
    assert_eq!(document.article.path, "story.txt");
    assert_eq!(document.article.codepoints, SAMPLE.chars().count() as u64);
    for annotation in &document.annotations {
        assert_eq!(annotation.status, margin::sidecar::Status::Pending);
        assert_eq!(annotation.origin, margin::sidecar::Origin::Detector);
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "detect --json wrote a file");
}

#[test]
fn detect_json_with_two_files_is_a_usage_error() {
    let dir = sample_dir();
    std::fs::write(dir.path().join("other.txt"), "Hello.").unwrap();
    let output = margin(&["detect", "--json", "story.txt", "other.txt"], dir.path());
    assert_fails(&output, 64, "--json");
}

#[test]
fn a_wrong_command_line_is_64_and_help_is_0() {
    let dir = sample_dir();
    let output = margin(&["detect", "--no-such-flag", "story.txt"], dir.path());
    assert_eq!(output.status.code(), Some(64));
    assert!(stderr(&output).contains("--no-such-flag"));
    let output = margin(&["list", "--status", "maybe", "story.txt"], dir.path());
    assert_eq!(output.status.code(), Some(64));
    assert_eq!(
        margin(&["detect", "--help"], dir.path()).status.code(),
        Some(0)
    );
}

#[test]
fn detect_exit_codes_for_bad_articles() {
    let dir = sample_dir();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("latin1.txt", b"caf\xe9 au lait\nna\xefve");
    write("utf16.txt", b"\xff\xfeH\x00i\x00");
    write("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00");
    write("big.txt", &[b'a'; 2000]);
    std::fs::create_dir(dir.path().join("folder")).unwrap();

    assert_fails(
        &margin(&["detect", "missing.txt"], dir.path()),
        66,
        "missing.txt",
    );
    assert_fails(&margin(&["detect", "folder"], dir.path()), 66, "folder");
    let invalid = assert_fails(
        &margin(&["detect", "latin1.txt"], dir.path()),
        65,
        "latin1.txt",
    );
    assert!(invalid.contains("byte 3 (line 1, column 4)"), "{invalid}");
    assert_fails(
        &margin(&["detect", "utf16.txt"], dir.path()),
        65,
        "UTF-16LE",
    );
    assert_fails(&margin(&["detect", "binary.txt"], dir.path()), 65, "binary");
    assert_fails(
        &margin(&["detect", "--max-size", "1000", "big.txt"], dir.path()),
        65,
        "over the limit",
    );
}

#[test]
fn an_unreadable_article_is_66_for_an_unprivileged_user() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, SAMPLE).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            MARGIN,
            "detect",
        ])
        .arg(&secret)
        .output();
    match output {
        Ok(output) if !stderr(&output).starts_with("setpriv:") => {
            let message = assert_fails(&output, 66, "secret.txt");
            assert!(message.contains("ermission denied"), "{message}");
        }
        _ => eprintln!("SKIPPED: cannot run as user 65534 here (needs root and setpriv)"),
    }
}

#[test]
fn a_hostile_file_name_is_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let output = margin(
        &["detect", "evil\u{1b}]0;pwned\u{7}\u{1b}[2J.txt"],
        dir.path(),
    );
    let message = assert_fails(&output, 66, "evil␛]0;pwned␇␛[2J.txt");
    assert!(!message.contains('\u{1b}'));
}

// ---------------------------------------------------------------------------
// list

/// The byte range of `needle` in the sample.
fn span_of(needle: &str) -> std::ops::Range<usize> {
    let start = SAMPLE.find(needle).unwrap();
    start..start + needle.len()
}

/// A sidecar for `story.txt` with one pending quote and one confirmed claim.
fn annotated_dir() -> tempfile::TempDir {
    let dir = sample_dir();
    let article = margin::article::Article::read(
        &dir.path().join("story.txt"),
        margin::article::ReadOptions::default(),
    )
    .unwrap();
    let sidecar = io::sidecar_path_for(article.path());
    let mut document = margin::sidecar::build::new_document(&article, &sidecar);
    let quote = margin::detect::Candidate {
        kind: margin::detect::Kind::Quote,
        span: span_of("\"We are confident the repairs are complete,\""),
        style: Some(margin::detect::Style::Direct),
        speaker: Some("Anna Berg".to_owned()),
        source: None,
        cue: None,
        score: 0.9,
        reasons: margin::detect::Reasons::default(),
    };
    let claim = margin::detect::Candidate {
        kind: margin::detect::Kind::Claim,
        span: span_of("Unemployment rose to 7.2% in 2025"),
        style: None,
        speaker: None,
        source: None,
        cue: None,
        score: 0.6,
        reasons: margin::detect::Reasons::default(),
    };
    margin::sidecar::merge_candidates(&mut document, &article, &[quote, claim]);
    document.annotations[1].status = margin::sidecar::Status::Confirmed;
    io::save(&sidecar, &document).unwrap();
    dir
}

#[test]
fn list_prints_a_table_and_filters() {
    let dir = annotated_dir();
    let output = margin(&["list", "story.txt"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(stdout.lines().next().unwrap().starts_with("ID"));
    assert!(stdout.contains("Anna Berg"));

    let output = margin(&["list", "story.txt", "--status", "confirmed"], dir.path());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.contains("claim") && !stdout.contains("Anna Berg"));

    let output = margin(
        &["list", "story.txt", "--kind", "quote", "--json"],
        dir.path(),
    );
    let listed: Vec<margin::sidecar::Annotation> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].speaker.as_deref(), Some("Anna Berg"));
}

#[test]
fn list_escapes_hostile_text_from_the_sidecar() {
    let dir = annotated_dir();
    let path = dir.path().join("story.txt.annotations.json");
    let mut document = io::load(&path).unwrap().unwrap();
    document.annotations[0].speaker = Some("Eve\u{1b}]52;c;cHduZWQ=\u{7}\u{202e}".into());
    io::save(&path, &document).unwrap();
    let output = margin(&["list", "story.txt"], dir.path());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Eve␛]52;c;cHduZWQ=␇⟨U+2"), "{stdout}");
    assert!(
        !stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{stdout:?}"
    );
}

#[test]
fn list_reads_another_sidecar_with_sidecar_path() {
    let dir = annotated_dir();
    std::fs::rename(
        dir.path().join("story.txt.annotations.json"),
        dir.path().join("mine.json"),
    )
    .unwrap();
    let output = margin(
        &["list", "story.txt", "--sidecar", "mine.json", "--json"],
        dir.path(),
    );
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(listed.len(), 2);
}

#[test]
fn list_without_a_sidecar_is_empty_and_without_the_file_is_66() {
    let dir = sample_dir();
    let output = margin(&["list", "story.txt", "--json"], dir.path());
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "[]\n");
    assert_fails(&margin(&["list", "gone.txt"], dir.path()), 66, "gone.txt");
}

#[test]
fn list_of_a_bad_sidecar_is_65_with_line_and_column() {
    let dir = sample_dir();
    std::fs::write(
        dir.path().join("story.txt.annotations.json"),
        "{\n  \"format\": \"margin-annotations\",\n  \"version\": 1,\n  oops\n}\n",
    )
    .unwrap();
    let message = assert_fails(
        &margin(&["list", "story.txt"], dir.path()),
        65,
        "story.txt.annotations.json:4:3:",
    );
    assert!(message.contains("key must be a string"), "{message}");
}

#[test]
fn list_of_a_sidecar_from_a_newer_margin_says_so() {
    let dir = sample_dir();
    std::fs::write(
        dir.path().join("story.txt.annotations.json"),
        "{\"format\": \"margin-annotations\", \"version\": 2, \"whatever\": []}",
    )
    .unwrap();
    assert_fails(
        &margin(&["list", "story.txt"], dir.path()),
        65,
        "written by a newer margin",
    );
}
