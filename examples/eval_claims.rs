//! Measures the shipped claim detector.
//!
//! `cargo run --release --example eval_claims -- /work/shared/data/claimbuster/train.json [ARTICLE...]`
//!
//! Each `ClaimBuster` sentence goes through the real `detect_claims` (splitting
//! included); it counts as predicted check-worthy when a candidate comes out.
//! These sentences also trained the weights, so this in-sample figure flatters:
//! the cross-validated one, printed after it, is the figure that counts.
//! Any further arguments are articles whose claims and furniture are listed,
//! to eyeball the detector on real news.
//!
//! Unlike `eval_quotes`, this does not go through `import` and `compare`:
//! `ClaimBuster` labels whole sentences, not spans in articles, so there is no
//! gold document to import and a sentence is scored by whether any claim comes
//! out of it, which span matching would not add to.
#![allow(clippy::unwrap_used)]

mod claims_data;

use std::error::Error;

use claims_data::Counts;
use margin::detect::claims::{detect_claims, weights};
use margin::detect::furniture::furniture_ranges;

fn main() -> Result<(), Box<dyn Error>> {
    let examples = claims_data::load(&claims_data::path_from_args()?)?;
    let mut counts = Counts::default();
    for example in &examples {
        counts.add(!detect_claims(&example.text).is_empty(), example.is_claim());
    }
    println!(
        "ClaimBuster, shipped model (in-sample): P {:.3} R {:.3} F1 {:.3} at threshold {:.4} over {} sentences",
        counts.precision(),
        counts.recall(),
        counts.f1(),
        weights::THRESHOLD,
        examples.len()
    );
    println!(
        "ClaimBuster, {}-fold cross-validated (from train_claims): P {:.3} R {:.3} F1 {:.3}",
        weights::FOLDS,
        weights::CV_PRECISION,
        weights::CV_RECALL,
        weights::CV_F1
    );
    for path in std::env::args().skip(2) {
        show_article(&path)?;
    }
    Ok(())
}

fn show_article(path: &str) -> Result<(), Box<dyn Error>> {
    let text = std::fs::read_to_string(path)?;
    println!("\n== {path}");
    for range in furniture_ranges(&text) {
        println!("  furniture: {:?}", &text[range]);
    }
    for claim in detect_claims(&text) {
        println!(
            "  {:.2} {:?}\n       {}",
            claim.score,
            &text[claim.span],
            claim.reasons.iter().collect::<Vec<_>>().join(", ")
        );
    }
    Ok(())
}
