//! The reference crate of `cargo xtask bench --compile`: the same models as the generated
//! crate, written the plainest way serde allows, and no operations.
//!
//! Every model of the IR becomes a `#[derive(serde::Serialize, serde::Deserialize)]` struct or
//! enum with the same fields, wire names, `Option`s, boxes and per-tag `#[cfg(feature)]`
//! gates as the generated crate, and nothing else: no `Clone`/`Debug`/`PartialEq`/`Default`,
//! no validation, no `Display`/`FromStr`/`From` impls, no operations. String enums keep unknown
//! values with `#[serde(other)]`, discriminated unions are internally tagged enums
//! (`#[serde(tag = "…")]`), undiscriminated ones `#[serde(untagged)]` with a `serde_json::Value`
//! fallback. Compiling it is what the models cost at the least, so the generated crate's
//! compile time divided by this one's is a figure that survives a loaded machine.
//!
//! This is the only module of xtask that reads the IR's type definitions (`atlas_codegen::ir`):
//! when the IR changes, only this file follows.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use atlas_codegen::emit::client::naming::needs_raw;
use atlas_codegen::ir::{Api, Field, TypeDef, TypeKind, TypeRef, Variant};

/// The files of the reference crate (`Cargo.toml`, `src/lib.rs`), keyed by path.
///
/// `runtime_path` is only used to give the reference the same dependency set (and therefore
/// the same built dependencies in a shared target directory) as the generated crate.
pub fn files(api: &Api, crate_name: &str, runtime_path: &str) -> BTreeMap<String, String> {
    let gates = Gates::new(api);
    let mut manifest = format!(
        "# Reference crate of `cargo xtask bench --compile` (plain serde models, no operations).\n\
         [package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n\
         [dependencies]\n\
         atlas-admin-runtime = {{ path = \"{runtime_path}\" }}\n\
         chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\n[features]\n"
    );
    let tags: Vec<&String> = api.tag_types.keys().collect();
    let _ = writeln!(
        manifest,
        "default = [{}]",
        tags.iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for tag in &tags {
        let _ = writeln!(manifest, "{tag} = []");
    }

    let mut lib = String::from(
        "//! Reference models: plain serde derives, no operations.\n\
         #![allow(warnings, clippy::all)]\n\n",
    );
    for (name, def) in &api.types {
        lib.push_str(&gates.cfg(name));
        type_def(&mut lib, name, def);
        lib.push('\n');
    }
    BTreeMap::from([
        ("Cargo.toml".to_string(), manifest),
        ("src/lib.rs".to_string(), lib),
    ])
}

/// Which per-tag features each model is compiled under (the generated crate's rule: the
/// features of the tags whose operations reach it; none means never).
struct Gates(BTreeMap<String, BTreeSet<String>>);

impl Gates {
    fn new(api: &Api) -> Self {
        let mut by_type: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (tag, types) in &api.tag_types {
            for t in types {
                by_type.entry(t.clone()).or_default().insert(tag.clone());
            }
        }
        Gates(by_type)
    }

    fn cfg(&self, name: &str) -> String {
        let features: Vec<String> = self
            .0
            .get(name)
            .map(|s| s.iter().map(|f| format!("feature = \"{f}\"")).collect())
            .unwrap_or_default();
        format!("#[cfg(any({}))]\n", features.join(", "))
    }
}

const DERIVE: &str = "#[derive(serde::Serialize, serde::Deserialize)]\n";

fn type_def(out: &mut String, name: &str, def: &TypeDef) {
    match &def.kind {
        TypeKind::Struct(s) => {
            let _ = writeln!(out, "{DERIVE}pub struct {name} {{");
            for field in &s.fields {
                struct_field(out, field);
            }
            if let Some(additional) = &s.additional {
                let taken = s
                    .fields
                    .iter()
                    .any(|f| f.rust_name == "additional_properties");
                let _ = writeln!(
                    out,
                    "    #[serde(flatten)]\n    pub {}: std::collections::BTreeMap<String, {}>,",
                    if taken {
                        "additional_properties_map"
                    } else {
                        "additional_properties"
                    },
                    rust_type(additional)
                );
            }
            out.push_str("}\n");
        }
        TypeKind::Enum(values) => {
            let _ = writeln!(out, "{DERIVE}pub enum {name} {{");
            for value in values {
                let _ = writeln!(
                    out,
                    "    #[serde(rename = {:?})]\n    {},",
                    value.wire,
                    ident(&value.rust_name)
                );
            }
            let names = values.iter().map(|v| v.rust_name.as_str());
            let _ = writeln!(out, "    #[serde(other)]\n    {},", fallback(names));
            out.push_str("}\n");
        }
        TypeKind::Tagged(tagged) => {
            let _ = writeln!(
                out,
                "{DERIVE}#[serde(tag = {:?})]\npub enum {name} {{",
                tagged.property
            );
            for variant in &tagged.variants {
                let wire = variant.tag.as_deref().unwrap_or(&variant.rust_name);
                let _ = writeln!(out, "    #[serde(rename = {wire:?})]");
                enum_variant(out, variant);
            }
            let names = tagged.variants.iter().map(|v| v.rust_name.as_str());
            let _ = writeln!(out, "    #[serde(other)]\n    {},", fallback(names));
            out.push_str("}\n");
        }
        TypeKind::Untagged(variants) => {
            let _ = writeln!(out, "{DERIVE}#[serde(untagged)]\npub enum {name} {{");
            for variant in variants {
                enum_variant(out, variant);
            }
            let names = variants.iter().map(|v| v.rust_name.as_str());
            let _ = writeln!(out, "    {}(serde_json::Value),", fallback(names));
            out.push_str("}\n");
        }
        TypeKind::AnyOf(members) => {
            // One flattened optional field per member, as a hand-written model would.
            let _ = writeln!(out, "{DERIVE}pub struct {name} {{");
            for member in members {
                let ty = rust_type(&member.ty);
                let ty = if member.boxed {
                    format!("Box<{ty}>")
                } else {
                    ty
                };
                let _ = writeln!(
                    out,
                    "    #[serde(flatten)]\n    pub {}: Option<{ty}>,",
                    ident(&member.rust_name)
                );
            }
            out.push_str("}\n");
        }
        TypeKind::Alias(target) => {
            let _ = writeln!(out, "pub type {name} = {};", rust_type(target));
        }
        TypeKind::Newtype(target) => {
            let _ = writeln!(
                out,
                "{DERIVE}#[serde(transparent)]\npub struct {name}(pub {});",
                rust_type(target)
            );
        }
    }
}

fn struct_field(out: &mut String, field: &Field) {
    let mut ty = rust_type(field.ty.non_null());
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    let optional = !field.required || field.ty.is_nullable();
    let mut attrs = Vec::new();
    if field.rust_name.trim_start_matches("r#") != field.wire_name {
        attrs.push(format!("rename = {:?}", field.wire_name));
    }
    if optional {
        ty = format!("Option<{ty}>");
        attrs.push("default, skip_serializing_if = \"Option::is_none\"".to_string());
    }
    if !attrs.is_empty() {
        let _ = writeln!(out, "    #[serde({})]", attrs.join(", "));
    }
    let _ = writeln!(out, "    pub {}: {ty},", ident(&field.rust_name));
}

fn enum_variant(out: &mut String, variant: &Variant) {
    let ty = rust_type(&variant.ty);
    let ty = if variant.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    };
    let _ = writeln!(out, "    {}({ty}),", ident(&variant.rust_name));
}

/// The name of the catch-all variant: `Unknown`, or with underscores until it is free.
fn fallback<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: BTreeSet<&str> = names.collect();
    let mut name = "Unknown".to_string();
    while names.contains(name.as_str()) {
        name.push('_');
    }
    name
}

fn ident(name: &str) -> String {
    if needs_raw(name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

fn rust_type(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::I8 => "i8".to_string(),
        TypeRef::I16 => "i16".to_string(),
        TypeRef::I32 => "i32".to_string(),
        TypeRef::I64 => "i64".to_string(),
        TypeRef::U8 => "u8".to_string(),
        TypeRef::U16 => "u16".to_string(),
        TypeRef::U32 => "u32".to_string(),
        TypeRef::U64 => "u64".to_string(),
        // Like the generated crate: `format: float` as `f64`.
        TypeRef::F32 => "f64".to_string(),
        TypeRef::F64 => "f64".to_string(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_string(),
        TypeRef::Date => "chrono::NaiveDate".to_string(),
        TypeRef::Json => "serde_json::Value".to_string(),
        TypeRef::Bytes => "Vec<u8>".to_string(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => format!("std::collections::BTreeMap<String, {}>", rust_type(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(inner)),
    }
}
