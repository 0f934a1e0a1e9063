//! Any bytes through the sidecar loader: it may refuse them, never panic; and
//! what it accepts must save back to bytes it accepts again, unchanged.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use margin::sidecar::io;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(document) = io::parse(Path::new("fuzz.json"), bytes) {
        let saved = io::to_bytes(&document);
        let again = io::parse(Path::new("fuzz.json"), &saved).expect("a saved sidecar loads");
        assert_eq!(io::to_bytes(&again), saved);
    }
});
