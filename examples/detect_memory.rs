//! Peak memory and one-shot throughput of the detector on news-like text.
//!
//! `cargo run --release --example detect_memory -- 100` (size in MB). Prints the
//! peak resident set (`VmHWM`) before and after `detect`, so the detector's own
//! peak is their difference over the input size; then the throughput of `detect`
//! and of claims + furniture alone, by wall clock and by this process's CPU time
//! (the CPU figure is the one-core speed even when the machine is busy).
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use margin::detect::{claims::detect_claims, detect, furniture::furniture_ranges};

#[path = "../benches/support/news_text.rs"]
mod news_text;

/// Linux reports CPU time in clock ticks of 1/100 s (`USER_HZ`).
const TICKS_PER_SECOND: f64 = 100.0;

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User + system CPU time of this process, in seconds.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / TICKS_PER_SECOND)
}

/// Runs `work` once; prints wall and CPU throughput over `bytes`.
fn measure<T>(name: &str, bytes: usize, work: impl FnOnce() -> T) -> T {
    let (wall, cpu) = (Instant::now(), cpu_seconds().unwrap_or(0.0));
    let out = work();
    let wall = wall.elapsed().as_secs_f64();
    let cpu = cpu_seconds().unwrap_or(0.0) - cpu;
    // Both units: the inputs are sized in MiB, the target is in MB (10^6 bytes).
    let (mib, mb) = (bytes as f64 / f64::from(1 << 20), bytes as f64 / 1e6);
    println!(
        "{name}: {:.1} MiB/s = {:.1} MB/s wall, {:.1} MB/s CPU",
        mib / wall,
        mb / wall,
        mb / cpu
    );
    out
}

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(100);
    let text = news_text::news_text(mb << 20);
    let before = status_kib("VmHWM:").unwrap_or(0);
    let candidates = measure("detect", text.len(), || detect(&text));
    let after = status_kib("VmHWM:").unwrap_or(0);
    let input_kib = text.len() as u64 / 1024;
    println!(
        "{} bytes, {} candidates; peak RSS {before} KiB before detect, {after} KiB after: \
         detect added {:.2}x the input (whole process {:.2}x)",
        text.len(),
        candidates.len(),
        (after - before) as f64 / input_kib as f64,
        after as f64 / input_kib as f64,
    );
    drop(candidates);
    measure("claims + furniture", text.len(), || {
        (detect_claims(&text).len(), furniture_ranges(&text).len())
    });
}
