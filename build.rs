//! Embeds the repository's `question_bank/` and `rubrics/` into the binary, so `grill` needs no
//! files beside it.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut code = String::from(
        "/// Every embedded bank file: (path relative to the bank, contents).\npub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    for folder in ["question_bank", "rubrics"] {
        let dir = Path::new(&root).join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut names: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
            .map(|entry| entry.expect("readable directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        names.sort();
        for path in names {
            let name = path.file_name().expect("file name").to_string_lossy();
            writeln!(
                code,
                "    ({:?}, include_str!({:?})),",
                format!("{folder}/{name}"),
                path.display().to_string()
            )
            .expect("write to string");
        }
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_bank.rs");
    fs::write(out, code).expect("write embedded_bank.rs");
}
