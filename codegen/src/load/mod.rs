//! Step 1, loading: YAML (1.2 semantics) or JSON text → a JSON value tree ([`Document`]), the
//! JSON-pointer helpers every later step names places with ([`mod@pointer`]), the files a
//! multi-file spec refers to bundled into that tree ([`bundle`]), OpenAPI 3.1 rewritten into the
//! 3.0 forms ([`normalize31`]), where each moved part was written ([`source_map`]), and the
//! checks that the document is an OpenAPI 3.0 or 3.1 one we can generate from ([`version`]).
//! [`structure`] knows which OpenAPI object sits under which key.
//!
//! Everything downstream works on [`serde_json::Value`] so that every node has a JSON pointer
//! and any unsupported construct can be reported precisely. Object keys are kept in a sorted
//! map, so the order of keys in the input never influences the output.

pub mod bundle;
pub mod normalize31;
pub mod pointer;
pub mod source_map;
pub mod structure;
pub mod version;
mod yaml;
mod yaml_split;

use serde_json::Value;
use std::path::Path;

use crate::error::{Error, Result};
use crate::ir::Diagnostic;

pub use pointer::{child, escape_pointer};
pub use source_map::SourceMap;

/// A loaded OpenAPI document: one JSON tree, whatever files it was written in, in the
/// OpenAPI 3.0 forms lowering reads.
///
/// Loading does two rewrites, both recorded in [`Document::sources`] so that every error and
/// diagnostic names the place as written ([`Document::locate`]):
/// - [`Document::from_path`] bundles the files that relative `$ref`s name into the one tree
///   ([`bundle`]);
/// - an OpenAPI 3.1 document is rewritten into the 3.0 forms ([`normalize31`]).
///
/// A 3.0 document without references to other files (or `$ref`s in place of a whole mapping,
/// `properties: {$ref: '#/x'}`) is kept exactly as written.
#[derive(Debug, Clone)]
pub struct Document {
    /// The whole document as a JSON value (bundled and normalised).
    pub root: Value,
    /// Where it came from (a file path or a label), for messages and generated headers.
    pub origin: String,
    /// Where moved parts of [`Document::root`] were written (empty when nothing moved).
    pub sources: SourceMap,
    /// Warnings of loading (3.1 constructs not generated, e.g. `webhooks`), at the pointers
    /// of the document as written.
    pub diagnostics: Vec<Diagnostic>,
    /// The other files its `$ref`s named, as read (absolute, lexically normalised paths,
    /// sorted; empty for a single-file spec). A build script reruns when one changes.
    pub files: Vec<std::path::PathBuf>,
}

/// How deeply a JSON document's arrays and objects may nest: room for
/// [`crate::lower::MAX_DEPTH`] levels of inline objects (two each) under the deepest place a
/// schema sits in a document, and small enough that parsing, which recurses once per level,
/// stays far from a thread's stack limit.
pub const MAX_JSON_DEPTH: usize = 256;

/// The deepest nesting of arrays and objects in JSON text (brackets inside strings do not
/// count). Unbalanced text gives some number; the parser reports the syntax error.
fn json_depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

impl Document {
    /// Reads a `.json`, `.yaml` or `.yml` file and the files its relative `$ref`s name (see
    /// [`bundle`]). `origin` is the file's path as shown.
    pub fn from_path(path: &Path) -> Result<Self> {
        Self::load(path, &path.display().to_string())
    }

    /// [`Document::from_path`], naming the document `origin` in messages (e.g. a path
    /// relative to the repository instead of the absolute one).
    pub fn load(path: &Path, origin: &str) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_text_at(&text, path, origin)
    }

    /// The text of the file at `path` (already read), with the files its relative `$ref`s
    /// name read from `path`'s directory (see [`bundle`]). A Swagger 2.0 document (`swagger`
    /// at the top) is only parsed: the version check refuses it before anything else.
    pub fn from_text_at(text: &str, path: &Path, origin: &str) -> Result<Self> {
        let root = parse(text, origin)?;
        if root.get("swagger").is_some() {
            return Ok(Document {
                root,
                origin: origin.to_string(),
                sources: SourceMap::default(),
                diagnostics: Vec::new(),
                files: Vec::new(),
            });
        }
        let (root, sources, files) = if bundle::needs_bundling(&root) {
            bundle::bundle(root, path)?
        } else {
            (root, SourceMap::default(), Vec::new())
        };
        let mut doc = Self::new(root, origin, sources);
        doc.files = files;
        Ok(doc)
    }

    /// Parses JSON or YAML text. JSON is valid YAML 1.2, but parsing it as JSON is faster and
    /// gives better messages, so text that starts with `{` is read as JSON. Text has no
    /// directory: a `$ref` to another file is reported when lowering reaches it (use
    /// [`Document::from_path`]).
    pub fn from_text(text: &str, origin: &str) -> Result<Self> {
        Ok(Self::new(
            parse(text, origin)?,
            origin,
            SourceMap::default(),
        ))
    }

    /// Wraps an already parsed value (used by tests that mutate specs); a 3.1 document is
    /// normalised like a loaded one.
    pub fn from_value(root: Value, origin: &str) -> Self {
        Self::new(root, origin, SourceMap::default())
    }

    /// The same document, named `origin` in messages.
    pub fn with_origin(mut self, origin: &str) -> Self {
        self.origin = origin.to_string();
        self
    }

    fn new(mut root: Value, origin: &str, mut sources: SourceMap) -> Self {
        let mut diagnostics = Vec::new();
        if normalize31::is_31(&root) {
            normalize31::normalize(&mut root, &mut sources, &mut diagnostics);
        }
        Document {
            root,
            origin: origin.to_string(),
            sources,
            diagnostics,
            files: Vec::new(),
        }
    }

    /// The node at a `#/a/b` pointer.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        let path = pointer.strip_prefix('#').unwrap_or(pointer);
        if path.is_empty() {
            return Some(&self.root);
        }
        self.root.pointer(path)
    }

    /// Where the node at `pointer` (into [`Document::root`]) was written: `#/…` in the root
    /// document, `file#/…` in another file (see [`SourceMap::locate`]).
    pub fn locate(&self, pointer: &str) -> String {
        self.sources.locate(pointer)
    }

    /// `error` with its pointer translated by [`Document::locate`].
    pub fn locate_error(&self, error: Error) -> Error {
        match error {
            Error::Spec { pointer, reason } if !self.sources.is_empty() => Error::Spec {
                pointer: self.locate(&pointer),
                reason,
            },
            other => other,
        }
    }
}

/// JSON or YAML text → a JSON tree that is a mapping at the top level.
pub(crate) fn parse(text: &str, origin: &str) -> Result<Value> {
    let root = if text.trim_start().starts_with('{') {
        let syntax = |message: String| Error::Syntax {
            origin: origin.to_string(),
            format: "JSON",
            message,
        };
        // serde_json refuses more than 128 nested arrays and objects by default, which is
        // 63 levels of inline objects (each takes two: the schema and its `properties`).
        // The nesting is bounded here instead, before a recursive parse.
        let depth = json_depth(text);
        if depth > MAX_JSON_DEPTH {
            return Err(syntax(format!(
                "arrays and objects nest {depth} deep; at most {MAX_JSON_DEPTH} are read"
            )));
        }
        let mut parser = serde_json::Deserializer::from_str(text);
        parser.disable_recursion_limit();
        serde::Deserialize::deserialize(&mut parser)
            .and_then(|root| parser.end().map(|()| root))
            .map_err(|e| syntax(e.to_string()))?
    } else {
        // Large documents are parsed in pieces on every core when they can be cut safely; a
        // document that cannot, or that has a problem, is parsed (and reported) whole.
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        match yaml_split::parse(text, workers) {
            Some(root) => root,
            None => yaml::parse(text, origin)?,
        }
    };
    if !root.is_object() {
        return Err(Error::spec(
            "#",
            "an OpenAPI document must be a mapping at the top level",
        ));
    }
    Ok(root)
}
