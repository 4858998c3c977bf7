//! Multi-file specs: relative file `$ref`s (`./schemas/pet.yaml#/Pet`, `../common.json`) are
//! resolved when loading, by bundling everything into one document, so lowering only ever sees
//! local `#/…` references.
//!
//! - A schema from another file becomes a component schema, `#/components/schemas/<Name>`,
//!   and every reference to it is rewritten to point there. `<Name>` is the last token of the
//!   reference's fragment (`Pet` for `pet.yaml#/Pet`), or the file's stem for a whole-file
//!   reference (`pet` for `./pet.yaml`), numbered (`Pet_2`) when that name is taken. A root
//!   component schema that is only a `$ref` to another file (`Pet: {$ref: ./pet.yaml}`) is
//!   replaced by the target itself and keeps its name. Each target is pulled in once, so
//!   cycles across files are ordinary references between component schemas.
//! - Anything else from another file (a path item, a parameter, a response, an example, …) is
//!   copied in place of its reference.
//! - References inside a pulled-in part are relative to the file it came from (a `#/X` there
//!   means that file's `X`); a reference back into the root document becomes local again.
//! - A remote reference (`http://…`) is refused: generation never uses the network.
//!
//! The [`SourceMap`] records where each pulled-in part was written, so errors and diagnostics
//! name the file and the pointer inside it (`schemas/pet.yaml#/Pet/properties/tag`). Files are
//! named relative to the root document's directory.

use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use super::pointer::{child, escape_pointer, percent_decode, unescape_token};
use super::source_map::SourceMap;
use super::structure::{children_mut, map_entries, Kind};
use crate::error::{Error, Result};

/// Whether the document needs [`bundle`], in one walk: some `$ref` names another file (or a
/// URL), or some mapping may be a `$ref` in place of the whole mapping (`properties: {$ref:
/// '#/x'}`; see `Bundler::expand_map_refs`): a `properties`, `patternProperties`, `$defs` or
/// `definitions` object whose `$ref` entry is a string. A false positive (a property named
/// `properties`) only makes loading bundle a document that needs no bundling, which leaves it
/// as it was.
pub fn needs_bundling(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| {
            let here = match k.as_str() {
                "$ref" => v.as_str().is_some_and(|r| !r.starts_with('#')),
                "properties" | "patternProperties" | "$defs" | "definitions" => {
                    v.get("$ref").is_some_and(Value::is_string)
                }
                _ => false,
            };
            here || needs_bundling(v)
        }),
        Value::Array(items) => items.iter().any(needs_bundling),
        _ => false,
    }
}

/// Bundles the document `root`, read from `path`, with every file its references reach (see
/// the module docs), and the files read (sorted). Errors name the `$ref` that failed, in its
/// own file.
pub fn bundle(mut root: Value, path: &Path) -> Result<(Value, SourceMap, Vec<PathBuf>)> {
    let root_file = lexical(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let root_dir = root_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let taken: BTreeSet<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    let mut bundler = Bundler {
        root_file: root_file.clone(),
        root_dir,
        files: HashMap::new(),
        placed: HashMap::new(),
        taken,
        queue: Vec::new(),
        inlining: Vec::new(),
        sources: SourceMap::default(),
    };
    bundler.reserve(&root)?;
    let at = Place {
        file: root_file,
        loaded: "#".to_string(),
        original: "#".to_string(),
    };
    bundler.visit(&mut root, Kind::Document, &at)?;
    let mut pulled = Vec::new();
    let mut next = 0;
    while next < bundler.queue.len() {
        let (file, fragment, name) = bundler.queue[next].clone();
        next += 1;
        let mut schema = bundler.node(&file, &fragment)?.clone();
        let loaded = child("#/components/schemas", &name);
        let original = format!("{}#{fragment}", bundler.display(&file));
        bundler.sources.insert(loaded.clone(), original.clone());
        let at = Place {
            file,
            loaded,
            original,
        };
        bundler.visit(&mut schema, Kind::Schema, &at)?;
        pulled.push((name, schema));
    }
    if !pulled.is_empty() {
        let schemas = components_schemas(&mut root)?;
        for (name, schema) in pulled {
            schemas.insert(name, schema);
        }
    }
    let mut files: Vec<PathBuf> = bundler.files.into_keys().collect();
    files.sort();
    Ok((root, bundler.sources, files))
}

/// `#/components/schemas` of the root, created when missing.
fn components_schemas(root: &mut Value) -> Result<&mut Map<String, Value>> {
    let not_mapping =
        |p: &str| Error::spec(p, "must be a mapping to hold the schemas of other files");
    let components = root
        .as_object_mut()
        .ok_or_else(|| not_mapping("#"))?
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| not_mapping("#/components"))?;
    components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| not_mapping("#/components/schemas"))
}

/// Where a node is: its file, its pointer in the loaded document, and where it was written
/// (`#/…` in the root document, `file#/…` elsewhere).
struct Place {
    file: PathBuf,
    loaded: String,
    original: String,
}

impl Place {
    fn child(&self, suffix: &str) -> Place {
        Place {
            file: self.file.clone(),
            loaded: format!("{}{suffix}", self.loaded),
            original: format!("{}{suffix}", self.original),
        }
    }
}

/// A reference, resolved: the file it names and the fragment in it (the JSON pointer, still
/// percent-encoded as written; empty for the whole file).
type Target = (PathBuf, String);

struct Bundler {
    root_file: PathBuf,
    root_dir: PathBuf,
    /// Parsed files (the root document is never read again: references to it become local).
    files: HashMap<PathBuf, Value>,
    /// Schemas of other files → the component schema they became.
    placed: HashMap<Target, String>,
    /// Names under `#/components/schemas`.
    taken: BTreeSet<String>,
    /// Schemas to pull in: (file, fragment, component name), in the order they were met.
    queue: Vec<(PathBuf, String, String)>,
    /// Non-schema references being copied in, outermost first (a cycle among them is an
    /// error: only schemas can refer to themselves).
    inlining: Vec<Target>,
    sources: SourceMap,
}

impl Bundler {
    /// Root component schemas that are only a reference to another file keep their name for
    /// the target.
    fn reserve(&mut self, root: &Value) -> Result<()> {
        let Some(schemas) = root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return Ok(());
        };
        for (name, schema) in schemas {
            let Some(Value::String(reference)) = schema.get("$ref") else {
                continue;
            };
            if schema.as_object().is_some_and(|o| o.len() > 1) || reference.starts_with('#') {
                continue;
            }
            let pointer = child("#/components/schemas", name);
            let target =
                self.resolve(&self.root_file.clone(), reference, &child(&pointer, "$ref"))?;
            if target.0 != self.root_file && !self.placed.contains_key(&target) {
                self.node(&target.0, &target.1)
                    .map_err(|e| at_reference(e, &child(&pointer, "$ref"), reference))?;
                self.placed.insert(target.clone(), pointer);
                self.queue.push((target.0, target.1, name.clone()));
            }
        }
        Ok(())
    }

    /// Resolves the references under `node` (an object of `kind` at `at`), recursively.
    fn visit(&mut self, node: &mut Value, kind: Kind, at: &Place) -> Result<()> {
        if let Some(Value::String(reference)) = node.get("$ref") {
            let reference = reference.clone();
            let local = reference.starts_with('#');
            if !(local && at.file == self.root_file) {
                let ref_at = child(&at.original, "$ref");
                let target = self.resolve(&at.file, &reference, &ref_at)?;
                if target.0 == self.root_file {
                    node["$ref"] = Value::String(format!("#{}", target.1));
                } else if kind == Kind::Schema {
                    let loaded = self.place_schema(&target, &ref_at, &reference)?;
                    if loaded != at.loaded {
                        node["$ref"] = Value::String(loaded);
                    }
                } else {
                    return self.inline(node, kind, at, target, &ref_at, &reference);
                }
            }
        }
        if kind == Kind::Schema {
            self.visit_mapping(node, at)?;
        }
        let expanded = self.expand_map_refs(node, kind, at)?;
        for (suffix, value, kind) in children_mut(node, kind) {
            let key = suffix[1..].split('/').next().unwrap_or_default();
            if expanded.iter().any(|k| escape_pointer(k) == key) {
                continue;
            }
            self.visit(value, kind, &at.child(&suffix))?;
        }
        Ok(())
    }

    /// A `$ref` in place of a whole mapping (`properties: {$ref: 'attributes.yml#/ids'}`, as
    /// DigitalOcean's spec writes): the mapping it names is copied in, as JSON Reference
    /// resolvers do, and its entries are visited in the file they came from. Returns the keys
    /// so expanded (their entries are visited already). A `$ref` entry whose value is a
    /// string cannot be a schema or any other entry, so it is never taken for one.
    fn expand_map_refs(&mut self, node: &mut Value, kind: Kind, at: &Place) -> Result<Vec<String>> {
        let Value::Object(obj) = node else {
            return Ok(Vec::new());
        };
        let mut expanded = Vec::new();
        for (key, value) in obj.iter_mut() {
            let Some(entries) = map_entries(kind, key) else {
                continue;
            };
            let Some(Value::String(reference)) = value.get("$ref") else {
                continue;
            };
            let reference = reference.clone();
            let map_at = at.child(&format!("/{}", escape_pointer(key)));
            let ref_at = child(&map_at.original, "$ref");
            if value.as_object().is_some_and(|o| o.len() > 1) {
                return Err(Error::spec(
                    ref_at,
                    format!("a `$ref` in place of `{key}` must be its only entry"),
                ));
            }
            let target = self.resolve(&at.file, &reference, &ref_at)?;
            let content = self
                .node(&target.0, &target.1)
                .map_err(|e| at_reference(e, &ref_at, &reference))?
                .clone();
            if !content.is_object() {
                return Err(Error::spec(
                    ref_at,
                    format!("$ref `{reference}` in place of `{key}` must name a mapping"),
                ));
            }
            *value = content;
            let original = format!("{}#{}", self.display(&target.0), target.1);
            self.sources.insert(map_at.loaded.clone(), original.clone());
            let inner = Place {
                file: target.0,
                loaded: map_at.loaded,
                original,
            };
            if let Value::Object(map) = value {
                for (name, entry) in map.iter_mut() {
                    if kind != Kind::Schema && name.starts_with("x-") {
                        continue;
                    }
                    self.visit(
                        entry,
                        entries,
                        &inner.child(&format!("/{}", escape_pointer(name))),
                    )?;
                }
            }
            expanded.push(key.clone());
        }
        Ok(expanded)
    }

    /// Copies a non-schema target (a path item, parameter, response, …) in place of its
    /// reference; a `summary` or `description` beside the reference overrides the target's
    /// (OpenAPI 3.1 Reference Object).
    fn inline(
        &mut self,
        node: &mut Value,
        kind: Kind,
        at: &Place,
        target: Target,
        ref_at: &str,
        reference: &str,
    ) -> Result<()> {
        if self.inlining.contains(&target) {
            return Err(Error::spec(
                ref_at,
                format!("cyclic $ref: `{reference}` refers back to itself"),
            ));
        }
        let mut content = self
            .node(&target.0, &target.1)
            .map_err(|e| at_reference(e, ref_at, reference))?
            .clone();
        if let (Value::Object(siblings), Value::Object(out)) = (&*node, &mut content) {
            for (key, value) in siblings {
                if key != "$ref" {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        *node = content;
        let original = format!("{}#{}", self.display(&target.0), target.1);
        self.sources.insert(at.loaded.clone(), original.clone());
        let inner = Place {
            file: target.0.clone(),
            loaded: at.loaded.clone(),
            original,
        };
        self.inlining.push(target);
        let out = self.visit(node, kind, &inner);
        self.inlining.pop();
        out
    }

    /// The component schema a schema of another file becomes (pulled in on first use).
    fn place_schema(&mut self, target: &Target, ref_at: &str, reference: &str) -> Result<String> {
        if let Some(loaded) = self.placed.get(target) {
            return Ok(loaded.clone());
        }
        self.node(&target.0, &target.1)
            .map_err(|e| at_reference(e, ref_at, reference))?;
        let base = match target.1.rsplit('/').next().filter(|t| !t.is_empty()) {
            Some(token) => unescape_token(&percent_decode(token)),
            None => target
                .0
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Schema".to_string()),
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        let loaded = child("#/components/schemas", &name);
        self.placed.insert(target.clone(), loaded.clone());
        self.queue.push((target.0.clone(), target.1.clone(), name));
        Ok(loaded)
    }

    /// `discriminator.mapping` values that are references to other files (or, in another
    /// file, to a place in it) point at the component schemas those became.
    fn visit_mapping(&mut self, node: &mut Value, at: &Place) -> Result<()> {
        let Some(Value::Object(mapping)) = node.pointer_mut("/discriminator/mapping") else {
            return Ok(());
        };
        for (tag, value) in mapping.iter_mut() {
            let Some(reference) = value.as_str().map(str::to_string) else {
                continue;
            };
            let is_file = reference.contains('#')
                || reference.contains('/')
                || [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|e| reference.ends_with(e));
            let local = reference.starts_with('#') && at.file == self.root_file;
            if !is_file || local {
                continue; // a schema name, or a local reference of the root document
            }
            let entry_at = child(
                &child(&child(&at.original, "discriminator"), "mapping"),
                tag,
            );
            let target = self.resolve(&at.file, &reference, &entry_at)?;
            *value = Value::String(if target.0 == self.root_file {
                format!("#{}", target.1)
            } else {
                self.place_schema(&target, &entry_at, &reference)?
            });
        }
        Ok(())
    }

    /// The file and fragment a reference written in `from` names. Errors (at `ref_at`) for a
    /// remote reference.
    fn resolve(&self, from: &Path, reference: &str, ref_at: &str) -> Result<Target> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if is_remote(path) {
            return Err(Error::spec(
                ref_at,
                format!(
                    "remote reference `{reference}` is not supported: the generator reads only \
                     local files and never uses the network; download it and refer to the copy \
                     by a relative path"
                ),
            ));
        }
        let file = if path.is_empty() {
            from.to_path_buf()
        } else {
            let dir = from.parent().unwrap_or(Path::new(""));
            lexical(&dir.join(percent_decode(path)))
        };
        Ok((file, fragment.to_string()))
    }

    /// The node a fragment names in a file (read and parsed on first use). Errors have no
    /// pointer yet: the caller names the reference (see [`at_reference`]).
    fn node(&mut self, file: &Path, fragment: &str) -> Result<&Value> {
        if !self.files.contains_key(file) {
            let shown = self.display(file);
            let text = std::fs::read_to_string(file)
                .map_err(|e| Error::spec("", format!("cannot read `{shown}`: {e}")))?;
            let value = super::parse(&text, &shown).map_err(|e| match e {
                Error::Spec { pointer, reason } => {
                    Error::spec("", format!("{shown}{pointer}: {reason}"))
                }
                other => Error::spec("", other.to_string()),
            })?;
            self.files.insert(file.to_path_buf(), value);
        }
        let value = &self.files[file];
        let decoded = percent_decode(fragment);
        let found = if decoded.is_empty() {
            Some(value)
        } else if decoded.starts_with('/') {
            value.pointer(&decoded)
        } else {
            None
        };
        found.ok_or_else(|| {
            Error::spec(
                "",
                format!(
                    "names nothing: `{}` has no `#{fragment}`",
                    self.display(file)
                ),
            )
        })
    }

    /// A file as messages name it: relative to the root document's directory.
    fn display(&self, file: &Path) -> String {
        relative(file, &self.root_dir)
    }
}

/// An error about a reference's target, placed at the reference.
fn at_reference(error: Error, ref_at: &str, reference: &str) -> Error {
    match error {
        Error::Spec { reason, .. } => Error::spec(ref_at, format!("$ref `{reference}`: {reason}")),
        other => other,
    }
}

/// Whether the path part of a reference is a URL (`http://…`, `//host/…`, `urn:…`) rather than
/// a relative file path.
fn is_remote(path: &str) -> bool {
    if path.starts_with("//") {
        return true;
    }
    match path.split_once(':') {
        // A scheme is a letter then letters, digits, `+`, `-`, `.` (RFC 3986); a one-letter
        // "scheme" is a Windows drive.
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system (symlinks are followed by the OS
/// when the file is read).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `file` relative to `dir` (both absolute and lexically normal), `/`-separated.
fn relative(file: &Path, dir: &Path) -> String {
    let file_parts: Vec<_> = file.components().collect();
    let dir_parts: Vec<_> = dir.components().collect();
    let common = file_parts
        .iter()
        .zip(&dir_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); dir_parts.len() - common];
    parts.extend(
        file_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_references_are_told_from_paths() {
        assert!(is_remote("https://example.com/a.yaml"));
        assert!(is_remote("http://example.com/a.yaml"));
        assert!(is_remote("//example.com/a.yaml"));
        assert!(is_remote("urn:example:a"));
        assert!(!is_remote("./schemas/a.yaml"));
        assert!(!is_remote("schemas/a:b.yaml"));
        assert!(!is_remote("C:/specs/a.yaml"));
    }

    #[test]
    fn paths_are_normalised_and_shown_relative_to_the_root() {
        assert_eq!(
            lexical(Path::new("/r/specs/./schemas/../common/x.yaml")),
            PathBuf::from("/r/specs/common/x.yaml")
        );
        assert_eq!(
            relative(Path::new("/r/specs/common/x.yaml"), Path::new("/r/specs")),
            "common/x.yaml"
        );
        assert_eq!(
            relative(Path::new("/r/shared/x.yaml"), Path::new("/r/specs")),
            "../shared/x.yaml"
        );
    }
}
