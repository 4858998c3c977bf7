//! Step 2, lowering: the OpenAPI document → the [`crate::ir`], one operation and one schema at
//! a time.
//!
//! | file | lowers |
//! |---|---|
//! | `operations.rs` | paths and operations: selection, method and builder names, deprecation |
//! | `selection.rs` | `--only` / `--tag` |
//! | `parameters.rs` | parameters and the path template |
//! | `path_key.rs` | a `paths` key → the path and query sent (`#fragment`, `?query`, characters to encode) |
//! | `bodies.rs` | media types, request bodies |
//! | `responses.rs` | the answer a client decodes, and every documented response |
//! | `schema.rs` | schemas → type references; primitives, arrays, maps; the [`Lowerer`] state |
//! | `objects.rs` | objects → structs |
//! | `all_of.rs` | `allOf` merging |
//! | `enums.rs` | string enums |
//! | `unions.rs` | `oneOf` / `anyOf` / discriminators → tagged and untagged enums |
//! | `inheritance.rs` | discriminated inheritance: `allOf` children as variants, variants that `allOf` their union |
//! | `constraints.rs` | validation rules (`pattern`, lengths, bounds, item counts) |
//! | `naming.rs` | names of inline types (shared with the shared-enum pre-pass) |
//! | `registry.rs` | type names, the work queue, the types lowered so far |
//! | `refs.rs` | `$ref` resolution |
//! | `diagnostics.rs` | the warnings sink |

pub mod all_of;
pub mod bodies;
pub mod constraints;
pub mod diagnostics;
pub mod enums;
pub mod inheritance;
pub mod naming;
pub mod objects;
pub mod operations;
pub mod parameters;
pub mod path_key;
pub mod refs;
pub mod registry;
pub mod responses;
pub mod schema;
pub mod security;
pub mod selection;
pub mod unions;

use serde_json::{Map, Value};

use crate::error::Result;
use crate::ir::Api;
use crate::load::Document;
use crate::lower::diagnostics::Diagnostics;
use crate::naming::NamingRules;
use crate::profile::Profile;

pub use schema::Lowerer;
pub use selection::Selection;

/// How many levels inline schemas (and `allOf` chains) may nest before the generator stops
/// descending with an error: each property, item, map value or member schema is one level.
/// Lowering recurses once per level (a few kilobytes of stack each), so the bound keeps it far
/// from a thread's stack limit; the loaders already bound documents to 128 nested collections
/// (an inline object level takes two: the schema and its `properties`).
pub const MAX_DEPTH: usize = 64;

/// What lowering applies on top of OpenAPI 3.0.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The API family's conventions ([`Profile::Atlas`] for the generator's behaviour).
    pub profile: Profile,
    /// The reserved words of the emitter the IR is for (see [`crate::naming`]).
    pub naming: &'static NamingRules,
}

/// Lowers the selected operations of `paths` (see [`crate::load::version::check`]) and the
/// types they reach. The passes ([`crate::passes`]) have not run: no type is boxed, no
/// operation pages, and the request, checked and tag type sets are empty.
///
/// Every part a client uses (parameters, bodies, decoded answers) is lowered first, then every
/// other documented response: the names of the first do not depend on the second.
pub fn lower(
    doc: &Document,
    paths: &Map<String, Value>,
    selection: &Selection,
    options: &Options,
) -> Result<Api> {
    let mut lowerer = Lowerer::new(doc, options.profile, options.naming);
    let operations::Lowered {
        mut operations,
        sites,
    } = operations::lower_all(&mut lowerer, paths, selection)?;
    lowerer.finish()?;
    for (name, op) in sites {
        let operation = operations.get_mut(&name).expect("lowered above");
        operation.responses = lowerer.responses(op, &operation.pointer, &operation.builder_name)?;
    }
    lowerer.finish()?;
    let server = server_url(
        doc.root.get("servers"),
        "#/servers",
        NO_DEFAULT_BASE_URL,
        &mut lowerer.diags,
    );
    // An operation whose own server is the document's goes to the client's base URL, with
    // every other operation (and wherever `base_url` sends them).
    // The same server however it is spelt: `https://API.example.com:443/v1/` is
    // `https://api.example.com/v1`.
    let document_server = server.as_deref().map(same_server_key);
    for operation in operations.values_mut() {
        if operation.server.is_some()
            && operation.server.as_deref().map(same_server_key) == document_server
        {
            operation.server = None;
        }
    }
    let security_schemes = security::schemes(doc, &lowerer.refs, &mut lowerer.diags);
    security::warn_unsent(doc, &security_schemes, &mut lowerer.diags);
    let (types, diagnostics) = lowerer.into_parts();
    let info = doc.root.get("info");
    let text = |k: &str| {
        info.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(Api {
        title: text("title").unwrap_or_else(|| "API".to_string()),
        version: text("version").unwrap_or_default(),
        description: text("description"),
        server,
        authenticated: security::asks_for_credentials(doc),
        security_schemes,
        security_requirements: security::requirements(doc),
        operations,
        types,
        diagnostics,
        ..Api::default()
    })
}

/// What a document-level server that gives no URL leaves the client with.
const NO_DEFAULT_BASE_URL: &str = "the client has no default base URL (set one with `base_url`)";

/// What an operation- or path-level server that gives no URL leaves the operation with.
pub(crate) const OPERATION_ON_BASE_URL: &str = "the operation is sent to the client's base URL";

/// An absolute server URL as a comparison key: as `url` parses it (scheme and host in lower
/// case, the scheme's default port dropped: RFC 3986 §6.2.2, §6.2.3), without a trailing `/`.
fn same_server_key(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => {
            format!(
                "{}://{}{}",
                parsed.scheme(),
                parsed.host_str().unwrap_or_default(),
                parsed.port().map(|p| format!(":{p}")).unwrap_or_default()
            ) + parsed.path().trim_end_matches('/')
        }
        Err(_) => url.to_string(),
    }
}

/// The URL of the first entry of `servers` (the `servers` list at `pointer`: `#/servers`, a
/// path item's or an operation's), with its `{variables}` at their defaults, when it is an
/// absolute `http` or `https` URL ([`Api::server`], [`crate::ir::Operation::server`]). A
/// relative one, or one whose variable has no default, is said at `{pointer}/0/url`, followed
/// by `fallback` (what is used instead), and gives none. No list, an empty one, or an entry
/// without a string `url` give none without a word.
pub(crate) fn server_url(
    servers: Option<&Value>,
    pointer: &str,
    fallback: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let servers = servers?;
    let Some(list) = servers.as_array() else {
        diags.warn(
            pointer,
            format!(
                "`servers` is not a list (of Server Objects), so it names no server: {fallback}"
            ),
        );
        return None;
    };
    let server = list.first()?;
    let url_pointer = format!("{pointer}/0/url");
    let Some(url) = server.get("url").and_then(Value::as_str) else {
        diags.warn(
            &url_pointer,
            format!("a server's `url` must be a string: {fallback}"),
        );
        return None;
    };
    let mut url = url.to_string();
    let variables = server.get("variables");
    // Left to right, after each substituted value (a default holding `{` is not read again).
    let mut from = 0;
    while let Some(start) = url[from..].find('{').map(|i| from + i) {
        let end = start + url[start..].find('}')?;
        let name = &url[start + 1..end];
        let variable = variables.and_then(|v| v.get(name));
        let Some(value) = variable
            .and_then(|v| v.get("default"))
            .and_then(Value::as_str)
        else {
            diags.warn(
                &url_pointer,
                format!("server variable `{name}` has no default: {fallback}"),
            );
            return None;
        };
        if let Some(values) = variable
            .and_then(|v| v.get("enum"))
            .and_then(Value::as_array)
        {
            if !values.iter().any(|v| v.as_str() == Some(value)) {
                diags.warn(
                    &format!(
                        "{pointer}/0/variables/{}/default",
                        crate::load::escape_pointer(name)
                    ),
                    format!(
                        "the default `{value}` of server variable `{name}` is not among its \
                         `enum` values; it is used all the same"
                    ),
                );
            }
        }
        url.replace_range(start..=end, value);
        from = start + value.len();
    }
    // Parsed as the client parses its base URL.
    let parsed = url::Url::parse(&url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
    let Some(parsed) = parsed else {
        diags.warn(
            &url_pointer,
            format!("server URL `{url}` is not an absolute http(s) URL: {fallback}"),
        );
        return None;
    };
    // What a base URL cannot hold, and the client refuses at every call.
    let problem = if !parsed.username().is_empty() || parsed.password().is_some() {
        // Not repeated: it may hold a password.
        Some(
            "server URL has credentials (user information before `@`), which a base URL \
              cannot have"
                .to_string(),
        )
    } else if parsed.query().is_some() {
        Some(format!(
            "server URL `{url}` has a query, which a base URL cannot have"
        ))
    } else if parsed.fragment().is_some() {
        Some(format!(
            "server URL `{url}` has a fragment, which a base URL cannot have"
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        diags.warn(&url_pointer, format!("{problem}: {fallback}"));
        return None;
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use crate::{build_ir, Document, Selection};

    fn server_of(servers: &str) -> (Option<String>, Vec<String>) {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{servers}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '204': {{description: none}}\n"
        );
        let doc = Document::from_text(&text, "servers.yaml").unwrap();
        let api = build_ir(&doc, &Selection::default()).unwrap();
        let warnings = api.diagnostics.iter().map(ToString::to_string).collect();
        (api.server, warnings)
    }

    fn authenticated(root: &str, operation: &str) -> bool {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{root}paths:\n  /a:\n    get:\n      operationId: getA\n{operation}      responses:\n        '204': {{description: none}}\n"
        );
        let doc = Document::from_text(&text, "security.yaml").unwrap();
        build_ir(&doc, &Selection::default()).unwrap().authenticated
    }

    #[test]
    fn credentials_are_asked_for_when_a_requirement_names_a_scheme() {
        assert!(!authenticated("", ""));
        assert!(authenticated("security:\n  - Digest: []\n", ""));
        assert!(authenticated(
            "",
            "      security:\n        - Token: [read]\n"
        ));
        // An empty requirement allows anonymous calls; so does an empty list.
        assert!(!authenticated("security:\n  - Digest: []\n  - {}\n", ""));
        assert!(!authenticated("security: []\n", "      security: []\n"));
    }

    #[test]
    fn an_operation_whose_own_security_names_no_scheme_is_anonymous() {
        let text = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
security:
  - Token: []
paths:
  /oauth2/token:
    post:
      operationId: token
      security: []
      responses: {'204': {description: none}}
  /oauth2/token#refresh:
    post:
      operationId: refresh
      security: [{}]
      responses: {'204': {description: none}}
  /optional:
    get:
      operationId: optional
      security: [{}, {Token: []}]
      responses: {'204': {description: none}}
  /named:
    get:
      operationId: named
      security: [{Token: [read]}]
      responses: {'204': {description: none}}
  /inherited:
    get:
      operationId: inherited
      responses: {'204': {description: none}}
"#;
        let doc = Document::from_text(text, "anonymous.yaml").unwrap();
        let api = build_ir(&doc, &Selection::default()).unwrap();
        let anonymous: Vec<(&str, bool)> = api
            .operations
            .values()
            .map(|op| (op.operation_id.as_str(), op.anonymous))
            .collect();
        assert_eq!(
            anonymous,
            [
                ("inherited", false),
                ("named", false),
                ("optional", false),
                ("refresh", true),
                ("token", true),
            ]
        );
        // The document still asks for credentials (the CLI requires them).
        assert!(api.authenticated);
        // The fragment is not sent, and said at the path's pointer.
        let refresh = &api.operations["refresh"];
        assert_eq!(refresh.path, "/oauth2/token");
        assert_eq!(
            refresh.path_parts,
            [crate::ir::PathPart::Literal("/oauth2/token".into())]
        );
        assert_eq!(refresh.pointer, "#/paths/~1oauth2~1token#refresh/post");
        let warnings: Vec<String> = api.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "#/paths/~1oauth2~1token#refresh: path `/oauth2/token#refresh` has a fragment \
              (`#refresh`): its operations are sent to the path before the `#` (a fragment only \
              keeps operations on one path apart)"
            ]
        );
    }

    #[test]
    fn a_path_key_that_no_call_could_reach_is_an_error_at_its_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a/../b:\n    get:\n      operationId: getA\n      responses:\n        '204': {description: none}\n";
        let doc = Document::from_text(text, "dots.yaml").unwrap();
        let err = build_ir(&doc, &Selection::default()).unwrap_err();
        assert_eq!(err.pointer(), Some("#/paths/~1a~1..~1b"), "{err}");
    }

    #[test]
    fn operations_and_path_items_name_their_own_servers() {
        // Box-like: the document's server, a path item's (uploads), an operation's (token,
        // with a variable at its default) that overrides its path item's, and unusable ones.
        let text = r#"
openapi: 3.0.3
info: {title: Box, version: '1'}
servers:
  - url: https://api.box.com/2.0
paths:
  /files/content:
    servers:
      - url: https://upload.box.com/api/2.0
      - url: https://second.example
    post:
      operationId: uploadFile
      responses: {'204': {description: none}}
    options:
      operationId: preflightFileUpload
      servers:
        - url: 'https://{box-upload-server}/api/2.0'
          variables:
            box-upload-server: {default: upload.box.example}
      responses: {'204': {description: none}}
    get:
      operationId: emptyListKeepsPathServer
      servers: []
      responses: {'204': {description: none}}
  /oauth2/token:
    post:
      operationId: requestAccessToken
      servers:
        - url: https://api.box.com
      responses: {'204': {description: none}}
  /users:
    get:
      operationId: getUsers
      responses: {'204': {description: none}}
    put:
      operationId: sameAsDocument
      servers:
        - url: https://api.box.com/2.0
      responses: {'204': {description: none}}
    patch:
      operationId: sameAsDocumentSpeltOtherwise
      servers:
        - url: HTTPS://API.Box.com:443/2.0/
      responses: {'204': {description: none}}
    delete:
      operationId: otherPort
      servers:
        - url: https://api.box.com:8443/2.0
      responses: {'204': {description: none}}
  /relative:
    servers:
      - url: /upload
    get:
      operationId: relative
      responses: {'204': {description: none}}
    post:
      operationId: undefaultable
      servers:
        - url: 'https://{region}.box.com'
      responses: {'204': {description: none}}
"#;
        let doc = Document::from_text(text, "box.yaml").unwrap();
        let api = build_ir(&doc, &Selection::default()).unwrap();
        let servers: Vec<(&str, Option<&str>)> = api
            .operations
            .values()
            .map(|op| (op.operation_id.as_str(), op.server.as_deref()))
            .collect();
        assert_eq!(
            servers,
            [
                (
                    "emptyListKeepsPathServer",
                    Some("https://upload.box.com/api/2.0")
                ),
                ("getUsers", None),
                ("otherPort", Some("https://api.box.com:8443/2.0")),
                (
                    "preflightFileUpload",
                    Some("https://upload.box.example/api/2.0")
                ),
                ("relative", None),
                ("requestAccessToken", Some("https://api.box.com")),
                ("sameAsDocument", None),
                ("sameAsDocumentSpeltOtherwise", None),
                ("undefaultable", None),
                ("uploadFile", Some("https://upload.box.com/api/2.0")),
            ]
        );
        assert_eq!(api.server.as_deref(), Some("https://api.box.com/2.0"));
        let warnings: Vec<String> = api.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "#/paths/~1relative/post/servers/0/url: server variable `region` has no default: the operation is sent to the client's base URL",
                "#/paths/~1relative/servers/0/url: server URL `/upload` is not an absolute http(s) URL: the operation is sent to the client's base URL",
            ]
        );
    }

    #[test]
    fn the_first_absolute_server_is_the_default_base_url() {
        assert_eq!(
            server_of(
                "servers:\n  - url: https://api.example.com/v1\n  - url: https://b.example.com\n"
            ),
            (Some("https://api.example.com/v1".to_string()), vec![])
        );
        // Variables take their defaults; a default is not read again for variables.
        assert_eq!(
            server_of(
                "servers:\n  - url: 'HTTPS://{host}:{port}/{base}'\n    variables:\n      host: {default: box.example}\n      port: {default: '8443', enum: ['8443', '443']}\n      base: {default: '{x}'}\n"
            ),
            (Some("HTTPS://box.example:8443/{x}".to_string()), vec![])
        );
        // No servers: no default, nothing to say (OpenAPI's default server is `/`).
        assert_eq!(server_of(""), (None, vec![]));
        let (server, warnings) = server_of("servers:\n  - url: /api/v3\n");
        assert_eq!(server, None);
        assert_eq!(
            warnings,
            ["#/servers/0/url: server URL `/api/v3` is not an absolute http(s) URL: the client has no default base URL (set one with `base_url`)"]
        );
        let (server, warnings) = server_of("servers:\n  - url: 'https://{region}.example.com'\n");
        assert_eq!(server, None);
        assert_eq!(
            warnings,
            ["#/servers/0/url: server variable `region` has no default: the client has no default base URL (set one with `base_url`)"]
        );
    }

    /// What a base URL cannot be is said at generation, where it is, instead of every call
    /// failing at run time; a password in the URL is not repeated.
    #[test]
    fn unusable_servers_are_said_where_they_are() {
        let cases: [(&str, &str); 6] = [
            (
                "servers:\n  - url: 'https://q.example.com/v1?x=1'\n",
                "#/servers/0/url: server URL `https://q.example.com/v1?x=1` has a query, which a base URL cannot have: the client has no default base URL (set one with `base_url`)",
            ),
            (
                "servers:\n  - url: 'https://f.example.com/v1#top'\n",
                "#/servers/0/url: server URL `https://f.example.com/v1#top` has a fragment, which a base URL cannot have: the client has no default base URL (set one with `base_url`)",
            ),
            (
                "servers:\n  - url: 'https://ann:hunter2@c.example.com/v1'\n",
                "#/servers/0/url: server URL has credentials (user information before `@`), which a base URL cannot have: the client has no default base URL (set one with `base_url`)",
            ),
            (
                "servers:\n  url: https://o.example.com\n",
                "#/servers: `servers` is not a list (of Server Objects), so it names no server: the client has no default base URL (set one with `base_url`)",
            ),
            (
                "servers:\n  - url: 42\n",
                "#/servers/0/url: a server's `url` must be a string: the client has no default base URL (set one with `base_url`)",
            ),
            (
                "servers:\n  - url: 'https://{env}.example.com'\n    variables:\n      env: {default: dev, enum: [prod, staging]}\n",
                "#/servers/0/variables/env/default: the default `dev` of server variable `env` is not among its `enum` values; it is used all the same",
            ),
        ];
        for (servers, warning) in cases {
            let (_, warnings) = server_of(servers);
            assert_eq!(warnings, [warning], "{servers}");
        }
        assert_eq!(
            server_of("servers:\n  - url: 'https://{env}.example.com'\n    variables:\n      env: {default: dev, enum: [prod]}\n").0.as_deref(),
            Some("https://dev.example.com")
        );
    }

    /// PagerDuty's REST spec maps a discriminator value to a pointer written through the
    /// operation that reaches the union (`…/items/properties/data/oneOf/0`, where `items` is a
    /// `$ref`): the pointer is followed through the reference, as JSON Reference resolvers do,
    /// to the member it names. It used to be refused as a dangling `$ref`.
    #[test]
    fn a_mapping_pointer_through_a_reference_names_the_member_behind_it() {
        let text = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /fields:
    get:
      operationId: listFields
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  fields: {type: array, items: {$ref: '#/components/schemas/Field'}}
components:
  schemas:
    Field:
      type: object
      properties:
        data:
          oneOf:
            - type: object
              required: [data_type]
              properties:
                data_type: {type: string, enum: [string]}
                value: {type: string}
          discriminator:
            propertyName: data_type
            mapping:
              string: '#/paths/~1fields/get/responses/200/content/application~1json/schema/properties/fields/items/properties/data/oneOf/0'
"#;
        let doc = Document::from_text(text, "through.yaml").unwrap();
        let refs = super::refs::Refs::new(&doc);
        let mapped = "#/paths/~1fields/get/responses/200/content/application~1json/schema/properties/fields/items/properties/data/oneOf/0";
        assert_eq!(
            refs.target_at(&serde_json::Value::String(mapped.into()), "#/x")
                .unwrap(),
            "#/components/schemas/Field/properties/data/oneOf/0"
        );
        // A pointer that names nothing, even through references, is still refused.
        let dangling = "#/paths/~1fields/get/responses/200/content/application~1json/schema/properties/fields/items/properties/nope";
        assert!(refs
            .target_at(&serde_json::Value::String(dangling.into()), "#/x")
            .unwrap_err()
            .to_string()
            .contains("dangling $ref"));

        let api = build_ir(&doc, &Selection::default()).unwrap();
        let warnings: Vec<String> = api.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(warnings, Vec::<String>::new());
        let union = api
            .types
            .values()
            .find(|t| t.pointer == "#/components/schemas/Field/properties/data")
            .expect("the union");
        let crate::ir::TypeKind::Tagged(tagged) = &union.kind else {
            panic!("a tagged union: {:?}", union.kind);
        };
        assert_eq!(tagged.property, "data_type");
        let tags: Vec<Option<&str>> = tagged.variants.iter().map(|v| v.tag.as_deref()).collect();
        assert_eq!(tags, [Some("string")]);
        let crate::ir::TypeRef::Named(member) = &tagged.variants[0].ty else {
            panic!("a named member: {:?}", tagged.variants[0].ty);
        };
        let crate::ir::TypeKind::Struct(member) = &api.types[member].kind else {
            panic!("the member is an object");
        };
        let fields: Vec<&str> = member.fields.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(fields, ["data_type", "value"]);
    }

    /// DigitalOcean and PagerDuty mark a property read-only in an `allOf` member beside its
    /// `$ref` (`connection: {allOf: [{readOnly: true}, {$ref: Connection}]}`); the mark used to
    /// be missed, so the request struct kept (and sent) the field.
    #[test]
    fn read_only_in_an_all_of_member_marks_the_property() {
        let text = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /replicas:
    post:
      operationId: createReplica
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Replica'}
      responses:
        '204': {description: none}
components:
  schemas:
    Connection:
      type: object
      properties:
        uri: {type: string}
    Hidden:
      type: string
      writeOnly: true
    Replica:
      type: object
      required: [connection, name]
      properties:
        name: {type: string}
        connection:
          allOf:
            - readOnly: true
            - $ref: '#/components/schemas/Connection'
        secret:
          allOf:
            - $ref: '#/components/schemas/Hidden'
            - description: only sent
        plain:
          allOf:
            - $ref: '#/components/schemas/Connection'
"#;
        let doc = Document::from_text(text, "read_only.yaml").unwrap();
        let api = build_ir(&doc, &Selection::default()).unwrap();
        let replica = api
            .types
            .values()
            .find(|t| t.pointer == "#/components/schemas/Replica")
            .expect("Replica");
        let crate::ir::TypeKind::Struct(replica) = &replica.kind else {
            panic!("a struct: {:?}", replica.kind);
        };
        let marks: Vec<(&str, bool, bool, bool)> = replica
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f.read_only, f.write_only, f.required))
            .collect();
        // A request-only type keeps no read-only field (see passes::directions).
        assert_eq!(
            marks,
            [
                ("name", false, false, true),
                ("plain", false, false, false),
                ("secret", false, true, false),
            ]
        );
    }

    /// A scheme a requirement names that the client cannot send (another HTTP scheme, mutual
    /// TLS, an unknown type) says so; API keys (Plaid's two headers, a cookie through a `$ref`),
    /// HTTP Basic (Twilio's, Adyen's), Digest, Bearer and OAuth are sent and not warned about.
    #[test]
    fn schemes_the_client_cannot_send_are_warned_about() {
        let text = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
security:
  - clientId: []
    secret: []
  - Bearer: []
paths:
  /a:
    get:
      operationId: getA
      security: [{Basic: []}, {OAuth: [read]}, {Digest: []}, {Cookie: []}, {Hoba: []}, {Mtls: []}, {Custom: []}]
      responses: {'204': {description: none}}
components:
  securitySchemes:
    clientId: {type: apiKey, in: header, name: PLAID-CLIENT-ID}
    secret: {type: apiKey, in: header, name: PLAID-SECRET}
    Bearer: {type: http, scheme: Bearer}
    Basic: {type: http, scheme: basic}
    Digest: {type: http, scheme: digest}
    OAuth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t.example.com', scopes: {read: r}}}}
    Cookie: {$ref: '#/components/securitySchemes/Session'}
    Session: {type: apiKey, in: cookie, name: sid}
    Unused: {type: http, scheme: negotiate}
    Hoba: {type: http, scheme: HOBA}
    Mtls: {type: mutualTLS}
    Custom: {type: x-signature}
"#;
        let doc = Document::from_text(text, "schemes.yaml").unwrap();
        let api = build_ir(&doc, &Selection::default()).unwrap();
        let warnings: Vec<String> = api.diagnostics.iter().map(ToString::to_string).collect();
        let tail = "is not sent by the client, which authenticates with HTTP Basic, Digest or Bearer, API keys or an OAuth access token: add it to the `reqwest::Client` given to `http_client`, built from `builder::http_client_builder()` (a default header, a client certificate)";
        assert_eq!(
            warnings,
            [
                format!("#/components/securitySchemes/Custom: security scheme `Custom` (a `x-signature` scheme) {tail}"),
                format!("#/components/securitySchemes/Hoba: security scheme `Hoba` (HTTP `hoba` authentication) {tail}"),
                format!("#/components/securitySchemes/Mtls: security scheme `Mtls` (a `mutualTLS` scheme) {tail}"),
            ]
        );
    }
}
