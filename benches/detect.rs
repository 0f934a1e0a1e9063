//! Detector throughput on news-like text of 1, 10 and 100 MB.
//!
//! `cargo bench --bench detect` (figures and commands in docs/benchmarks-detect.md).
//! `detect` is the whole pipeline; `claims_furniture` is the part owned by the
//! claim detector (claims, which include sentence splitting, plus furniture).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use margin::detect::{claims::detect_claims, detect, furniture::furniture_ranges};

#[path = "support/news_text.rs"]
mod news_text;

const MB: usize = 1 << 20;

fn throughput(c: &mut Criterion) {
    for (mb, samples) in [(1, 20), (10, 10), (100, 10)] {
        let text = news_text::news_text(mb * MB);
        let mut group = c.benchmark_group(format!("{mb}MB"));
        group
            // MB/s (10^6 bytes), the unit of the target.
            .throughput(Throughput::BytesDecimal(text.len() as u64))
            .sample_size(samples)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(if mb == 100 { 20 } else { 5 }));
        group.bench_function(BenchmarkId::new("detect", mb), |b| {
            b.iter(|| detect(black_box(&text)));
        });
        group.bench_function(BenchmarkId::new("claims_furniture", mb), |b| {
            b.iter(|| {
                (
                    detect_claims(black_box(&text)),
                    furniture_ranges(black_box(&text)),
                )
            });
        });
        group.finish();
    }
}

criterion_group!(benches, throughput);
criterion_main!(benches);
