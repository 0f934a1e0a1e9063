use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut text = String::new();
    for e in std::fs::read_dir(dir).unwrap() { text.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()); text.push_str("\n\n"); }
    while text.len() < 50_000_000 { let t = text.clone(); text.push_str(&t); }
    let words = ["according to","said","says","say","saying","told","tells","noted","notes","stressed","added","adds","adding","warned","claimed","insisted","reiterated","accused","drew attention to","announced","wrote","writes","tweeted","argued","explained","emphasized","stated","declared","suggested","acknowledged","admitted","confirmed","denied","believes","hoped","called","asked","continued","reported"];
    for (name, ci, kind) in [("dfa ci", true, AhoCorasickKind::DFA), ("dfa cs", false, AhoCorasickKind::DFA), ("cnfa ci", true, AhoCorasickKind::ContiguousNFA)] {
        let ac = AhoCorasick::builder().ascii_case_insensitive(ci).match_kind(MatchKind::LeftmostLongest).kind(Some(kind)).build(words).unwrap();
        let t = std::time::Instant::now();
        let n = ac.find_iter(&text).count();
        println!("{name}: {n} {:.0} MB/s", text.len() as f64/1e6/t.elapsed().as_secs_f64());
    }
    let t = std::time::Instant::now();
    let n = memchr::memchr3_iter(b'.', b'!', b'?', text.as_bytes()).count();
    println!("memchr3 {n} {:.0} MB/s", text.len() as f64/1e6/t.elapsed().as_secs_f64());
    let t = std::time::Instant::now();
    let n = text.bytes().filter(|&b| matches!(b, b'"' | b'\'' | 0xC2 | 0xE2 | 0xE3)).count();
    println!("bytes {n} {:.0} MB/s", text.len() as f64/1e6/t.elapsed().as_secs_f64());
}
