fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut text = String::new();
    for e in std::fs::read_dir(dir).unwrap() { text.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()); text.push_str("\n\n"); }
    while text.len() < 100_000_000 { let t = text.clone(); text.push_str(&t); }
    let start = std::time::Instant::now();
    let n = margin::detect::quotes::detect_quotes(&text).len();
    let secs = start.elapsed().as_secs_f64();
    println!("{} MB, {} candidates, {:.1} MB/s", text.len() / 1_000_000, n, text.len() as f64 / 1e6 / secs);
}
