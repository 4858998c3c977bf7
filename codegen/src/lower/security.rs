//! `components/securitySchemes` → [`SecurityScheme`]s: what credential each scheme asks for,
//! so the emitter can say which client setting answers it (and build API keys).
//!
//! A scheme that cannot be read (not an object, an `apiKey` without `name` or with an `in`
//! other than `header`, `query` or `cookie`) is left out with a warning at its pointer; a
//! `$ref` to one is followed.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::ir::{ApiKeyLocation, SecurityScheme, SecuritySchemeKind};
use crate::load::{child, Document};
use crate::lower::diagnostics::Diagnostics;
use crate::lower::refs::Refs;

/// The document's security schemes by name (empty when it declares none).
pub fn schemes<'d>(
    doc: &'d Document,
    refs: &Refs<'d>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, SecurityScheme> {
    let mut out = BTreeMap::new();
    let Some(declared) = doc
        .root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_object)
    else {
        return out;
    };
    for (name, node) in declared {
        let pointer = child("#/components/securitySchemes", name);
        let (node, at) = match refs.deref(node, &pointer) {
            Ok(found) => found,
            Err(e) => {
                diags.warn(&pointer, format!("security scheme left out: {e}"));
                continue;
            }
        };
        match scheme(node, &at) {
            Ok(kind) => {
                let description = node
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                out.insert(
                    name.clone(),
                    SecurityScheme {
                        pointer,
                        kind,
                        description,
                    },
                );
            }
            Err((at, why)) => diags.warn(&at, format!("security scheme left out: {why}")),
        }
    }
    out
}

/// One scheme's kind, or the pointer and reason it cannot be read.
fn scheme(node: &Value, pointer: &str) -> Result<SecuritySchemeKind, (String, String)> {
    let text = |key: &str| node.get(key).and_then(Value::as_str);
    let Some(kind) = text("type") else {
        return Err((
            child(pointer, "type"),
            "`type` is missing or not a string".to_string(),
        ));
    };
    Ok(match kind {
        "apiKey" => {
            let name = match text("name") {
                Some(n) if !n.is_empty() => n.to_string(),
                _ => {
                    return Err((
                        child(pointer, "name"),
                        "an `apiKey` scheme needs a non-empty `name`".to_string(),
                    ))
                }
            };
            let location = match text("in") {
                Some("header") => ApiKeyLocation::Header,
                Some("query") => ApiKeyLocation::Query,
                Some("cookie") => ApiKeyLocation::Cookie,
                other => {
                    return Err((
                        child(pointer, "in"),
                        format!(
                            "an `apiKey` scheme's `in` is `header`, `query` or `cookie`, not {}",
                            other.map_or("missing".to_string(), |o| format!("`{o}`"))
                        ),
                    ))
                }
            };
            SecuritySchemeKind::ApiKey { location, name }
        }
        "http" => SecuritySchemeKind::Http {
            scheme: text("scheme").unwrap_or_default().to_ascii_lowercase(),
        },
        "oauth2" => SecuritySchemeKind::OAuth2 {
            client_credentials: node
                .get("flows")
                .and_then(|f| f.get("clientCredentials"))
                .and_then(|f| f.get("tokenUrl"))
                .and_then(Value::as_str)
                .map(str::to_string),
        },
        "openIdConnect" => SecuritySchemeKind::OpenIdConnect {
            url: text("openIdConnectUrl").unwrap_or_default().to_string(),
        },
        other => SecuritySchemeKind::Other(other.to_string()),
    })
}
