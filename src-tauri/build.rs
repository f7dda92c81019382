//! Builds the Tauri context. The UI is embedded from `dist/` (gitignored), which
//! `scripts/build-app.sh` fills with the built Leptos UI. When it is missing (a plain
//! `cargo build` or `cargo clippy` without the wasm build), a one-page placeholder that says
//! the UI is not built is written there, so that the crate always compiles.

use std::path::Path;

const PLACEHOLDER: &str = r#"<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><title>Звонок</title></head>
<body>
<h1>Звонок</h1>
<p id="ui-not-built">Интерфейс не собран. Соберите приложение командой
<code>bash scripts/build-app.sh</code>.</p>
</body>
</html>
"#;

fn main() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(&dist).expect("src-tauri/dist could not be created");
        std::fs::write(dist.join("index.html"), PLACEHOLDER)
            .expect("src-tauri/dist/index.html could not be written");
    }
    println!("cargo:rerun-if-changed=dist");
    tauri_build::build();
}
