//! Reading the spec file, with messages that name the file and say what is wrong with it.

use std::path::Path;

use atlas_codegen::{Document, Error};
use serde_json::Value;

use crate::Failure;

/// Reads and parses the spec, with the files its relative `$ref`s name (a multi-file spec is
/// bundled into one document; a problem in another file is named by that file and the pointer
/// inside it). Besides the loader's own errors: an empty file says it is empty, a Swagger
/// 2.0 document says so and how to convert it, and a document that is not OpenAPI 3.0 or 3.1
/// (no `openapi` version, another version, no `paths`) is refused at its pointer.
pub(crate) fn load(path: &Path) -> Result<Document, Failure> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Spec(format!("cannot read the spec {shown}: {e}")))?;
    if text.trim().is_empty() {
        return Err(Failure::Spec(format!(
            "{shown} is empty: expected an OpenAPI 3.0 or 3.1 document (YAML or JSON)"
        )));
    }
    let document =
        Document::from_text_at(&text, path, &shown.to_string()).map_err(|e| match e {
            // Syntax errors already start with the file name.
            Error::Syntax { .. } => Failure::Spec(e.to_string()),
            _ => Failure::Spec(format!("{shown}: {e}")),
        })?;
    if let Some(version) = document.root.get("swagger") {
        let version = match version {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        return Err(Failure::Spec(format!(
            "{shown} is a Swagger {version} document (#/swagger), and atlas-codegen reads \
             OpenAPI 3.0.x and 3.1.x: convert it first, for example with \
             `npx swagger2openapi {shown} --yaml --outfile openapi.yaml` \
             (or https://converter.swagger.io), then generate from the converted file"
        )));
    }
    // Before anything reads the document's parts (the crate name comes from `info.title`), so
    // a file that is not an OpenAPI document is told so, not that its title is empty.
    atlas_codegen::load::version::check(&document)
        .map_err(|e| Failure::Spec(format!("{shown}: {}", document.locate_error(e))))?;
    Ok(document)
}
