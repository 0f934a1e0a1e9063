//! Writes the review screen's large fixture (the one `benches/ui.rs` measures)
//! as files, for measuring the real binary's memory with `/usr/bin/time -v`:
//!
//! `cargo run --release --example review_fixture -- DIR [MIB]` writes
//! `DIR/big.txt` (MIB MiB, default 10) and `DIR/big.txt.annotations.json`
//! (one pending quote per quoted paragraph: 56,668 annotations, 39 MB at 10 MiB).

use std::path::PathBuf;

use margin::article::{Article, ReadOptions};
use margin::sidecar::sidecar_path_for;

#[path = "../benches/support/review_fixture.rs"]
mod review_fixture;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: review_fixture DIR [MIB]")?);
    let mib: usize = args.next().map_or(Ok(10), |mib| mib.parse())?;
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("big.txt");
    std::fs::write(&path, review_fixture::article_text(mib * 1024 * 1024))?;
    let article = Article::read(&path, ReadOptions::default())?;
    let sidecar = sidecar_path_for(&path);
    let document = review_fixture::document_for(&article, &sidecar);
    margin::sidecar::save(&sidecar, &document)?;
    println!(
        "{}: {} annotations, {} bytes",
        sidecar.display(),
        document.annotations.len(),
        std::fs::metadata(&sidecar)?.len()
    );
    Ok(())
}
