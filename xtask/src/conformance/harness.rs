//! The harness crate written for each spec: a binary that decodes instances into the generated
//! types and prints what they encode back to.
//!
//! Protocol (one line per case, tab-separated): stdin `CASE\tTARGET\tJSON`, stdout
//! `CASE\tok\tJSON` (the re-encoded value), `CASE\terr\t"message"` (decode or encode error) or
//! `CASE\tpanic\t"message"`. Each answer is flushed before the next case starts, so when the
//! process dies (a stack overflow aborts it) the driver knows which case did it.

use super::ir::Target;

/// `Cargo.toml` of the harness for the client crate `client` (a sibling directory).
pub fn manifest(package: &str, client: &str) -> String {
    format!(
        r#"# Written by `cargo xtask conformance`; not part of the repository.
[package]
name = "{package}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
client = {{ package = "{client}", path = "../client" }}
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
serde = "1"
serde_json = "1"
"#
    )
}

/// `src/main.rs`: one `roundtrip::<T>` arm per target, indexed by the target's position.
pub fn main_rs(targets: &[Target]) -> String {
    let mut arms = String::new();
    for (i, t) in targets.iter().enumerate() {
        arms.push_str(&format!(
            "        {i} => roundtrip::<{}>(text), // {}\n",
            t.rust_type, t.pointer
        ));
    }
    format!(
        r#"//! Written by `cargo xtask conformance`: decode each instance into its generated type and
//! print the JSON it encodes back to.
#![allow(unused_imports)]

use client::models;
use std::io::{{BufRead, Write}};

fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<String, String> {{
    let value: T = serde_json::from_str(text).map_err(|e| format!("decode: {{e}}"))?;
    serde_json::to_string(&value).map_err(|e| format!("encode: {{e}}"))
}}

fn dispatch(target: usize, text: &str) -> Result<String, String> {{
    match target {{
{arms}        _ => Err(format!("no target {{target}}")),
    }}
}}

fn run() {{
    std::panic::set_hook(Box::new(|_| {{}}));
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {{
        let line = line.expect("stdin is UTF-8 text");
        let mut parts = line.splitn(3, '\t');
        let (Some(case), Some(target), Some(text)) = (parts.next(), parts.next(), parts.next()) else {{
            panic!("malformed case line: {{line}}");
        }};
        let target: usize = target.parse().expect("a target index");
        let answer = std::panic::catch_unwind(|| dispatch(target, text));
        let written = match answer {{
            Ok(Ok(json)) => writeln!(out, "{{case}}\tok\t{{json}}"),
            Ok(Err(message)) => writeln!(out, "{{case}}\terr\t{{}}", serde_json::Value::from(message)),
            Err(payload) => {{
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                writeln!(out, "{{case}}\tpanic\t{{}}", serde_json::Value::from(message))
            }}
        }};
        written.and_then(|_| out.flush()).expect("stdout");
    }}
}}

fn main() {{
    // Deep but finite nesting must not be mistaken for unbounded recursion in a debug build.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .expect("a worker thread")
        .join()
        .expect("the worker finished");
}}
"#
    )
}
