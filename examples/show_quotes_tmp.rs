fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    for c in margin::detect::quotes::detect_quotes(&text) {
        println!("{:?} {:?} src={:?} cue={:?} {:.2} {:?}\n   {}", c.style, c.speaker, c.source.clone().map(|r| &text[r]), c.cue.clone().map(|r| &text[r]), c.score, c.reasons, &text[c.span.clone()]);
    }
}
