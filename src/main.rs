fn main() {
    let dir = std::env::args().nth(1).unwrap_or("content".into());
    let loaded = trasparenza::load::load_dir(std::path::Path::new(&dir));
    for d in &loaded.diagnostics {
        eprintln!("{d}");
    }
}
