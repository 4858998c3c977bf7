//! Profiles: the conventions of one API family that OpenAPI itself does not state.
//!
//! Everything the generator reads from a spec is OpenAPI 3.0 — except what goes through a
//! [`Profile`]. Every Atlas-specific rule is in [`atlas`], and lowering and the passes only
//! reach them through the methods below, so a reader sees at one place what is OpenAPI and what
//! is Atlas, and a spec from elsewhere can be generated with [`Profile::OpenApi`], which applies
//! none of them.
//!
//! | question | OpenAPI (the rest of the generator) | Atlas profile ([`atlas`]) |
//! |---|---|---|
//! | an operation's name | `operationId`, else `{method} {path}` | `x-xgen-operation-id-override` first |
//! | deprecation | `deprecated: true` | also `x-sunset: YYYY-MM-DD` on the operation or on a media type it sends or reads (deprecated, with the earliest sunset date) |
//! | which media type of a `content` map | JSON, then text, then binary; then by name | within a kind: a dated vendor version `application/vnd.atlas.YYYY-MM-DD+json`, newest first; then undated; `…preview…` last |
//! | which media types are text | `text/*` | also the `+csv` suffix (`application/vnd.atlas.2023-01-01+csv`) |
//! | which list operations page | none | a GET with integer query parameters `pageNum` and `itemsPerPage`, answering an object with a `results` array (and `totalCount`); 100 items per page unless the parameter has a default |
//! | the name of an inline enum | its place (`{Component}{Property}`, see [`crate::passes::shared_enums`]) | cloud provider codes at a property or parameter named for a provider: `CloudProvider` (`AWS`, `AZURE`, `GCP`), else `CloudProvider` + the codes (`CloudProviderAws`); a few value sets Atlas repeats, named for their values (`PrivateEndpointStatus`, `ServerlessPrivateEndpointStatus`, `ClusterStateName`: [`atlas::value_set_enum`]) |
//!
//! [`Profile::Atlas`] is the default and is applied to every spec, Atlas's or not: that is the
//! generator's behaviour since its start (an `x-sunset` or a `pageNum` parameter in another
//! spec is read the Atlas way). Other `x-xgen-*` extensions of Atlas's specs (`x-xgen-version`,
//! `x-xgen-IPA-exception`, `x-xgen-docs-url`, `x-xgen-owner-team`, `x-xgen-preview`,
//! `x-xgen-method-verb-override`, …) are not read.
//!
//! Not part of any profile, because the generator has no rule for them: Atlas's `envelope` and
//! `pretty` query parameters are ordinary parameters of the spec (the runtime unwraps
//! `envelope=true` answers); the Atlas error body, authentication (Digest, service accounts)
//! and retries are the runtime's (`atlas-admin-runtime`), which the client emitter targets.

pub mod atlas;

use serde_json::Value;
use std::cmp::Reverse;

/// The conventions applied on top of OpenAPI 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// The MongoDB Atlas Admin API v2 conventions ([`atlas`]). The default.
    #[default]
    Atlas,
    /// OpenAPI 3.0 alone: no extension is read, media types of a kind are ranked by name,
    /// only `text/*` is text, and no operation pages.
    OpenApi,
}

/// An inline enum the profile names by its values (see [`Profile::enum_name`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownEnum {
    /// The type name (PascalCase).
    pub name: String,
    /// The values, in the profile's order.
    pub values: Vec<String>,
    /// What the values are, for the type's doc comment.
    pub doc: String,
}

/// How list operations page: parameter and field names on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The integer query parameter naming the page (1-based).
    pub page_param: &'static str,
    /// The integer query parameter giving the page size.
    pub size_param: &'static str,
    /// The array field of the answer holding one page of items.
    pub results_field: &'static str,
    /// The integer field of the answer giving the number of items over all pages.
    pub total_field: &'static str,
    /// The page size sent when the caller sets none and the parameter has no default.
    pub default_size: u64,
}

impl Profile {
    /// The name an operation is generated under instead of its `operationId`, if the profile
    /// has one for it.
    pub fn operation_name(self, op: &Value) -> Option<&str> {
        match self {
            Profile::Atlas => atlas::operation_name(op),
            Profile::OpenApi => None,
        }
    }

    /// The sunset date of an operation, or of a media type object it sends or reads (either
    /// makes the operation deprecated), if the profile reads one.
    pub fn sunset(self, node: &Value) -> Option<String> {
        match self {
            Profile::Atlas => atlas::sunset(node),
            Profile::OpenApi => None,
        }
    }

    /// Whether a media type essence (lower-case, no parameters) outside `text/*` is text.
    pub fn is_text(self, essence: &str) -> bool {
        match self {
            Profile::Atlas => atlas::is_text(essence),
            Profile::OpenApi => false,
        }
    }

    /// The rank of a media type essence among those of the same kind: smaller is preferred;
    /// equal ranks are ordered by name.
    pub fn media_rank(self, essence: &str) -> (u8, Reverse<String>) {
        match self {
            Profile::Atlas => atlas::media_rank(essence),
            Profile::OpenApi => (0, Reverse(String::new())),
        }
    }

    /// The type an inline string enum gets wherever it is, when the profile knows its values:
    /// a function of the values and of the property or parameter name (`property`) alone, so
    /// every such place in every document shares the one type.
    pub fn enum_name(self, property: Option<&str>, values: &[String]) -> Option<KnownEnum> {
        match self {
            Profile::Atlas => {
                let property = property?;
                atlas::provider_enum(property, values)
                    .or_else(|| atlas::value_set_enum(property, values))
            }
            Profile::OpenApi => None,
        }
    }

    /// How list operations page, if the profile has a convention.
    pub fn paging(self) -> Option<&'static Paging> {
        match self {
            Profile::Atlas => Some(&atlas::PAGING),
            Profile::OpenApi => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{build_ir_with, Document, Options, Selection, CLIENT_OPTIONS};

    const SPEC: &str = r#"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      x-xgen-operation-id-override: listAll
      x-sunset: "2026-01-01"
      parameters:
        - {name: pageNum, in: query, schema: {type: integer}}
        - {name: itemsPerPage, in: query, schema: {type: integer}}
      responses:
        "200":
          description: OK
          content:
            application/vnd.atlas.2023-01-01+json:
              schema: {$ref: '#/components/schemas/Page'}
            application/vnd.atlas.2024-01-01+json:
              schema: {$ref: '#/components/schemas/Page'}
components:
  schemas:
    Page:
      type: object
      properties:
        results: {type: array, items: {type: string}}
        totalCount: {type: integer}
"#;

    #[test]
    fn the_atlas_conventions_apply_only_with_the_atlas_profile() {
        let doc = Document::from_text(SPEC, "profile.yaml").unwrap();
        let atlas = build_ir_with(&doc, &Selection::default(), &CLIENT_OPTIONS).unwrap();
        let op = &atlas.operations["list_all"];
        assert_eq!(op.operation_id, "listThings");
        assert_eq!(
            op.deprecated.as_ref().and_then(|d| d.sunset.as_deref()),
            Some("2026-01-01")
        );
        assert_eq!(op.success.accept, "application/vnd.atlas.2024-01-01+json");
        let paging = op.pagination.as_ref().expect("pages");
        assert_eq!(paging.default_items_per_page, 100);
        assert_eq!(paging.results.rust_name, "results");

        let options = Options {
            profile: Profile::OpenApi,
            ..CLIENT_OPTIONS
        };
        let plain = build_ir_with(&doc, &Selection::default(), &options).unwrap();
        let op = &plain.operations["list_things"];
        assert_eq!(op.deprecated, None);
        assert_eq!(op.success.accept, "application/vnd.atlas.2023-01-01+json");
        assert_eq!(op.pagination, None);
    }

    #[test]
    fn a_sunset_on_a_media_type_the_client_uses_deprecates_the_operation() {
        let spec = r#"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: createA
      requestBody:
        content:
          application/vnd.atlas.2023-01-01+json:
            schema: {type: object}
            x-sunset: "2026-05-01"
      responses:
        "201":
          description: Created
          content:
            application/vnd.atlas.2023-01-01+json:
              schema: {type: object}
              x-sunset: "2026-01-22"
  /b:
    get:
      operationId: getB
      x-sunset: "2027-01-01"
      responses:
        "200":
          description: OK
          content:
            application/vnd.atlas.2023-01-01+json:
              schema: {type: object}
              x-sunset: "2025-01-01"
            application/vnd.atlas.2024-01-01+json:
              schema: {type: object}
"#;
        let doc = Document::from_text(spec, "sunset.yaml").unwrap();
        let api = build_ir_with(&doc, &Selection::default(), &CLIENT_OPTIONS).unwrap();
        let sunset = |name: &str| {
            api.operations[name]
                .deprecated
                .as_ref()
                .map(|d| d.sunset.clone())
        };
        // The earliest of the request's and the answer's media types.
        assert_eq!(sunset("create_a"), Some(Some("2026-01-22".to_string())));
        // An older version the client does not use does not count.
        assert_eq!(sunset("get_b"), Some(Some("2027-01-01".to_string())));

        let options = Options {
            profile: Profile::OpenApi,
            ..CLIENT_OPTIONS
        };
        let plain = build_ir_with(&doc, &Selection::default(), &options).unwrap();
        assert_eq!(plain.operations["create_a"].deprecated, None);
    }

    /// Issue 10: upstream writes `x-sunset` on the media type of
    /// `createServerlessPrivateEndpoint`'s answer, not on the operation.
    #[test]
    fn the_fragment_serverless_private_endpoint_has_its_sunset_date() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/atlas-admin-fragment.yaml"
        );
        let doc = Document::from_path(std::path::Path::new(path)).unwrap();
        let api = build_ir_with(&doc, &Selection::default(), &CLIENT_OPTIONS).unwrap();
        let op = &api.operations["create_serverless_private_endpoint"];
        assert_eq!(
            op.deprecated.as_ref().and_then(|d| d.sunset.as_deref()),
            Some("2026-01-22")
        );
    }
}
