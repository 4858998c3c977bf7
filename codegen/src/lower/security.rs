//! `components/securitySchemes` → [`SecurityScheme`]s: what credential each scheme asks for,
//! so the emitter can say which client setting answers it (and build API keys).
//!
//! A scheme that cannot be read (not an object, an `apiKey` without `name` or with an `in`
//! other than `header`, `query` or `cookie`) is left out with a warning at its pointer; a
//! `$ref` to one is followed.

use std::collections::{BTreeMap, BTreeSet};

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

/// Warns about each scheme a `security` requirement (the document's or an operation's) names
/// that the client cannot send. The runtime authenticates with HTTP Basic, Digest or Bearer
/// (`basic_auth`, `digest_auth`, `bearer_token`, which also carries the access token of
/// `oauth2` or `openIdConnect`), API keys (`api_key`) or an OAuth service account; another HTTP
/// scheme (`hoba`, `negotiate`), mutual TLS or an unknown type is not sent, so a caller has to
/// add it to the `reqwest::Client` given to `http_client`. A scheme that could not be read
/// was warned about by [`schemes`].
pub fn warn_unsent(
    doc: &Document,
    schemes: &BTreeMap<String, SecurityScheme>,
    diags: &mut Diagnostics,
) {
    let requirements = requirements(doc);
    let named: std::collections::BTreeSet<&str> =
        requirements.iter().flatten().map(String::as_str).collect();
    for name in named {
        let Some(scheme) = schemes.get(name) else {
            continue;
        };
        let what = match &scheme.kind {
            SecuritySchemeKind::Http { scheme }
                if !SENT_HTTP_SCHEMES.contains(&scheme.as_str()) =>
            {
                format!("HTTP `{scheme}` authentication")
            }
            SecuritySchemeKind::Other(kind) => format!("a `{kind}` scheme"),
            _ => continue,
        };
        diags.warn(
            &scheme.pointer,
            format!(
                "security scheme `{name}` ({what}) is not sent by the client, which \
                 authenticates with HTTP Basic, Digest or Bearer, API keys or an OAuth access \
                 token: add it to the `reqwest::Client` given to `http_client`, built from \
                 `builder::http_client_builder()` (a default header, a client certificate)"
            ),
        );
    }
}

/// Every distinct requirement of the document's and its operations' `security` that names a
/// scheme: the schemes it needs at once (an empty requirement, `{}`, needs none).
pub fn requirements(doc: &Document) -> BTreeSet<BTreeSet<String>> {
    let lists = security_lists(doc);
    lists
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_object)
        .map(|requirement| requirement.keys().cloned().collect::<BTreeSet<String>>())
        .filter(|names| !names.is_empty())
        .collect()
}

/// Whether a `security` requirement (the root's, or an operation's) names a scheme. An empty
/// requirement (`{}`) or list allows anonymous calls.
pub fn asks_for_credentials(doc: &Document) -> bool {
    security_lists(doc).into_iter().any(|security| {
        security.and_then(Value::as_array).is_some_and(|list| {
            !list.is_empty()
                && list
                    .iter()
                    .all(|r| r.as_object().is_some_and(|r| !r.is_empty()))
        })
    })
}

/// The document's `security` and each operation's (`None` where there is none).
fn security_lists(doc: &Document) -> Vec<Option<&Value>> {
    let mut lists = vec![doc.root.get("security")];
    for item in doc
        .root
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
    {
        lists.extend(item.values().map(|op| op.get("security")));
    }
    lists
}

/// The `http` schemes the runtime sends (lowercased).
const SENT_HTTP_SCHEMES: [&str; 3] = ["basic", "bearer", "digest"];

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

#[cfg(test)]
mod tests {
    use crate::ir::{ApiKeyLocation, SecuritySchemeKind};
    use crate::{build_ir, Document, Selection};

    fn lowered(schemes: &str) -> (Vec<(String, SecuritySchemeKind)>, Vec<String>) {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '204': {{description: none}}\ncomponents:\n  securitySchemes:\n{schemes}"
        );
        let doc = Document::from_text(&text, "security.yaml").unwrap();
        let api = build_ir(&doc, &Selection::default()).unwrap();
        let schemes = api
            .security_schemes
            .into_iter()
            .map(|(name, s)| (name, s.kind))
            .collect();
        let warnings = api.diagnostics.iter().map(ToString::to_string).collect();
        (schemes, warnings)
    }

    #[test]
    fn each_kind_is_read_and_a_ref_is_followed() {
        let (schemes, warnings) = lowered(
            "    k: {type: apiKey, in: cookie, name: sid}\n    \
                 alias: {$ref: '#/components/securitySchemes/k'}\n    \
                 b: {type: http, scheme: BEARER}\n    \
                 o: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t.example/token', scopes: {}}}}\n    \
                 i: {type: openIdConnect, openIdConnectUrl: 'https://i.example/.well-known'}\n    \
                 m: {type: mutualTLS}\n",
        );
        assert_eq!(warnings, Vec::<String>::new());
        let cookie = SecuritySchemeKind::ApiKey {
            location: ApiKeyLocation::Cookie,
            name: "sid".into(),
        };
        assert_eq!(
            schemes,
            [
                ("alias".to_string(), cookie.clone()),
                (
                    "b".to_string(),
                    SecuritySchemeKind::Http {
                        scheme: "bearer".into()
                    }
                ),
                (
                    "i".to_string(),
                    SecuritySchemeKind::OpenIdConnect {
                        url: "https://i.example/.well-known".into()
                    }
                ),
                ("k".to_string(), cookie),
                (
                    "m".to_string(),
                    SecuritySchemeKind::Other("mutualTLS".into())
                ),
                (
                    "o".to_string(),
                    SecuritySchemeKind::OAuth2 {
                        client_credentials: Some("https://t.example/token".into())
                    }
                ),
            ]
        );
    }

    #[test]
    fn an_unreadable_scheme_is_left_out_with_a_warning_at_its_pointer() {
        let (schemes, warnings) = lowered(
            "    ok: {type: http, scheme: basic}\n    \
                 text: just a string\n    \
                 dangling: {$ref: '#/components/securitySchemes/missing'}\n    \
                 noIn: {type: apiKey, name: key}\n    \
                 emptyName: {type: apiKey, in: header, name: ''}\n",
        );
        assert_eq!(
            schemes.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["ok"]
        );
        assert_eq!(warnings.len(), 4, "{warnings:#?}");
        for (pointer, why) in [
            (
                "#/components/securitySchemes/text/type",
                "`type` is missing",
            ),
            (
                "#/components/securitySchemes/dangling",
                "security scheme left out",
            ),
            ("#/components/securitySchemes/noIn/in", "not missing"),
            (
                "#/components/securitySchemes/emptyName/name",
                "non-empty `name`",
            ),
        ] {
            assert!(
                warnings
                    .iter()
                    .any(|w| w.starts_with(pointer) && w.contains(why)),
                "{pointer}: {why} in {warnings:#?}"
            );
        }
    }

    #[test]
    fn requirements_are_the_distinct_scheme_sets_of_every_security_list() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nsecurity: [{a: [], b: []}, {}, {c: []}]\npaths:\n  /x:\n    get:\n      operationId: getX\n      security: [{b: [], a: [read]}, {d: []}]\n      responses:\n        '204': {description: none}\n    post:\n      operationId: postX\n      security: []\n      responses:\n        '204': {description: none}\n";
        let doc = Document::from_text(text, "security.yaml").unwrap();
        let api = build_ir(&doc, &Selection::default()).unwrap();
        let got: Vec<Vec<&str>> = api
            .security_requirements
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(got, [vec!["a", "b"], vec!["c"], vec!["d"]]);
    }
}
