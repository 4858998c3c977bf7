//! The whole Atlas Admin API: the three upstream specs in `spec/upstream/` generate completely.
//!
//! - every path × method of each spec (counted here from the parsed document, independently of
//!   the generator) becomes exactly one operation, and the reported count matches;
//! - every diagnostic names a JSON pointer that exists in the document;
//! - `--only` / `--tag` keep exactly the chosen operations and the types they reach;
//! - each construct that the full specs have and the fragment does not is handled, checked on
//!   the IR at representative upstream examples: recursive schemas, `additionalProperties` maps,
//!   arrays of oneOf, inline schemas, integer/number formats, dates, non-JSON responses, binary
//!   bodies, header parameters, name collisions and keywords, media-type choice, pagination;
//! - `--split-by-tag` gates each model on exactly the features whose operations reach it.
//!
//! That the generated crates compile is checked by `.ci/upstream-check.sh` (too slow for a test).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use atlas_codegen::ir::{
    Api, BodyKind, HttpMethod, ParamLocation, ResponseBody, ResponseStatus, TypeDef, TypeKind,
    TypeRef,
};
use atlas_codegen::{build_ir, Document, EmitOptions, Profile, Selection};
use serde_json::Value;

const RAW_2025: &str = "spec/upstream/atlas-admin-v2.raw.2025-06-30.yaml";
const RAW_2026: &str = "spec/upstream/atlas-admin-v2.raw.2026-05-05.yaml";
const TRANSFORMED: &str = "spec/upstream/atlas-admin-v2.transformed.2026-02-04.yaml";
const SPECS: [&str; 3] = [RAW_2025, RAW_2026, TRANSFORMED];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Each spec is loaded and turned into IR once per test binary.
fn doc(spec: &str) -> &'static Document {
    static DOCS: OnceLock<BTreeMap<&'static str, Document>> = OnceLock::new();
    let docs = DOCS.get_or_init(|| {
        SPECS
            .iter()
            .map(|s| {
                let loaded = Document::from_path(&atlas_tests::repo_root().join(s))
                    .unwrap_or_else(|e| panic!("{s}: {e}"));
                (*s, Document::from_value(loaded.root, s))
            })
            .collect()
    });
    &docs[spec]
}

fn ir(spec: &str) -> &'static Api {
    static IRS: OnceLock<BTreeMap<&'static str, Api>> = OnceLock::new();
    let irs = IRS.get_or_init(|| {
        SPECS
            .iter()
            .map(|s| {
                (
                    *s,
                    build_ir(doc(s), &Selection::default()).unwrap_or_else(|e| panic!("{s}: {e}")),
                )
            })
            .collect()
    });
    &irs[spec]
}

/// (path, method) of every operation in the document, counted straight from `paths`.
fn spec_operations(doc: &Document) -> BTreeSet<(String, String)> {
    let paths = doc.root["paths"].as_object().expect("paths is a mapping");
    let mut out = BTreeSet::new();
    for (path, item) in paths {
        for method in METHODS {
            if item.get(method).is_some() {
                out.insert((path.clone(), method.to_string()));
            }
        }
    }
    out
}

fn ty<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .get(name)
        .unwrap_or_else(|| panic!("type {name} is generated"))
}

fn field<'a>(api: &'a Api, type_name: &str, wire: &str) -> &'a atlas_codegen::ir::Field {
    match &ty(api, type_name).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .find(|f| f.wire_name == wire)
            .unwrap_or_else(|| panic!("{type_name} has a field `{wire}`")),
        other => panic!("{type_name} is a struct, not {other:?}"),
    }
}

fn op<'a>(api: &'a Api, rust_name: &str) -> &'a atlas_codegen::ir::Operation {
    api.operations
        .get(rust_name)
        .unwrap_or_else(|| panic!("operation {rust_name} is generated"))
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_string())
}

fn response_body(kind: BodyKind, ty: TypeRef) -> ResponseBody {
    ResponseBody { kind, ty }
}

#[test]
fn every_operation_of_every_spec_is_generated() {
    // The counts upstream's README gives; the spec itself is the authority below.
    let documented = BTreeMap::from([(RAW_2025, 454), (RAW_2026, 543), (TRANSFORMED, 473)]);
    for spec in SPECS {
        let expected = spec_operations(doc(spec));
        assert_eq!(
            expected.len(),
            documented[spec],
            "{spec}: operations in the document"
        );
        let api = ir(spec);
        let got: BTreeSet<(String, String)> = api
            .operations
            .values()
            .map(|op| (op.path.clone(), op.method.key().to_string()))
            .collect();
        assert_eq!(
            api.operations.len(),
            expected.len(),
            "{spec}: one operation per path × method"
        );
        let missing: Vec<_> = expected.difference(&got).collect();
        assert!(missing.is_empty(), "{spec}: silently dropped: {missing:?}");
        for op in api.operations.values() {
            let method = op.method.key();
            assert_eq!(
                op.pointer,
                format!(
                    "#/paths/{}/{method}",
                    op.path.replace('~', "~0").replace('/', "~1")
                )
            );
        }
    }
}

#[test]
fn generation_reports_the_same_counts_and_is_deterministic() {
    for spec in [TRANSFORMED, RAW_2026] {
        let options = EmitOptions {
            split_by_tag: true,
            ..atlas_tests::options(spec)
        };
        let generated =
            atlas_codegen::generate(doc(spec), &Selection::default(), &options).unwrap();
        assert_eq!(
            generated.operations,
            spec_operations(doc(spec)).len(),
            "{spec}"
        );
        assert_eq!(
            generated.types,
            atlas_codegen::emit::client::emitted_types(ir(spec)).len(),
            "{spec}"
        );
        assert!(
            generated.rust_lines() > 50_000,
            "{spec}: {} lines",
            generated.rust_lines()
        );
        // Doc blocks are spliced in after formatting: no placeholder may be left behind, and
        // the spec's text must be there.
        for (path, text) in &generated.files {
            assert!(
                !text.contains("__doc_"),
                "{spec}: placeholder left in {path}"
            );
        }
        assert!(
            generated.files["src/models.rs"]
                .contains("/// List of one or more Uniform Resource Locators (URLs)"),
            "{spec}: field docs present"
        );
        // One module per tag, every operation in the lib.rs table.
        let lib = &generated.files["src/lib.rs"];
        for op in ir(spec).operations.values() {
            assert!(
                lib.contains(&format!("(Client::{})", op.rust_name)),
                "{spec}: {} listed",
                op.rust_name
            );
        }
        if spec == TRANSFORMED {
            let again =
                atlas_codegen::generate(doc(spec), &Selection::default(), &options).unwrap();
            assert!(
                again.files == generated.files,
                "{spec}: two runs give the same bytes"
            );
        }
    }
}

#[test]
fn every_diagnostic_names_a_pointer_into_the_document() {
    for spec in SPECS {
        for d in &ir(spec).diagnostics {
            assert!(d.pointer.starts_with("#/"), "{spec}: {d}");
            assert!(
                doc(spec).get(&d.pointer).is_some(),
                "{spec}: {d}: the pointer names nothing"
            );
            assert!(!d.message.is_empty());
        }
    }
    // The raw 2026 spec offers several dated versions of some request bodies: the choice is
    // reported at the body's `content`.
    let d = &ir(RAW_2026).diagnostics;
    assert!(d.iter().any(
        |d| d.pointer.ends_with("~1clusters/post/requestBody/content")
            && d.message
                .contains("sent as `application/vnd.atlas.2024-10-23+json`")
    ));
}

#[test]
fn only_keeps_the_chosen_operations_and_the_types_they_reach() {
    let full = ir(RAW_2026);
    let only = Selection {
        only: Some(BTreeSet::from([
            "createCluster".to_string(),
            "listAlerts".to_string(),
        ])),
        tags: None,
    };
    let api = build_ir(doc(RAW_2026), &only).unwrap();
    assert_eq!(
        api.operations.keys().collect::<Vec<_>>(),
        ["create_cluster", "list_alerts"]
    );
    // The types are exactly the closure of what the two operations mention.
    let mut expected = BTreeSet::new();
    let mut stack: Vec<String> = api
        .operations
        .values()
        .flat_map(|op| {
            op.params
                .iter()
                .map(|p| &p.ty)
                .chain(op.body.as_ref().map(|b| &b.ty))
                .chain(
                    op.responses
                        .iter()
                        .filter_map(|r| r.content.as_ref()?.ty.as_ref()),
                )
                .filter_map(|t| t.named().map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect();
    while let Some(name) = stack.pop() {
        if expected.insert(name.clone()) {
            stack.extend(
                api.types[&name]
                    .kind
                    .references()
                    .into_iter()
                    .map(str::to_string),
            );
        }
    }
    let got: BTreeSet<String> = api.types.keys().cloned().collect();
    assert_eq!(
        got, expected,
        "no type that the chosen operations do not reach"
    );
    assert!(got.contains("ClusterDescription20240805") && got.contains("PaginatedAlertView"));
    assert!(
        !got.contains("BillingInvoice"),
        "an invoice type is not reached from clusters or alerts"
    );
    assert!(
        got.len() < full.types.len() / 4,
        "{} of {}",
        got.len(),
        full.types.len()
    );
    // Types keep the names they have in the full generation.
    for name in &got {
        assert_eq!(api.types[name].pointer, full.types[name].pointer, "{name}");
    }
    // Upstream `operationId`s select too.
    let long = Selection {
        only: Some(BTreeSet::from(["createGroupCluster".to_string()])),
        tags: None,
    };
    assert_eq!(
        build_ir(doc(RAW_2026), &long)
            .unwrap()
            .operations
            .keys()
            .collect::<Vec<_>>(),
        ["create_cluster"]
    );
}

#[test]
fn tag_keeps_every_operation_with_that_tag() {
    let spec = doc(RAW_2026);
    let mut tagged = BTreeSet::new();
    for (path, item) in spec.root["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let tags: Vec<&str> = op["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if tags.contains(&"Invoices") || tags.contains(&"Teams") {
                tagged.insert((path.clone(), method.to_uppercase()));
            }
        }
    }
    let selection = Selection {
        only: None,
        tags: Some(BTreeSet::from([
            "Invoices".to_string(),
            "Teams".to_string(),
        ])),
    };
    let api = build_ir(spec, &selection).unwrap();
    let got: BTreeSet<(String, String)> = api
        .operations
        .values()
        .map(|o| (o.path.clone(), o.method.as_str().to_string()))
        .collect();
    assert_eq!(got, tagged);
    let modules: BTreeSet<&str> = api.operations.values().map(|o| o.module.as_str()).collect();
    assert_eq!(modules, BTreeSet::from(["invoices", "teams"]));
    assert!(
        api.types.contains_key("BillingInvoice")
            && !api.types.contains_key("ClusterDescription20240805")
    );
}

#[test]
fn an_unknown_selection_is_an_error_with_a_pointer() {
    let selection = Selection {
        only: Some(BTreeSet::from(["noSuchOperation".to_string()])),
        tags: None,
    };
    let error = build_ir(doc(TRANSFORMED), &selection).unwrap_err();
    assert_eq!(error.pointer(), Some("#/paths"));
    assert!(error.to_string().contains("noSuchOperation"), "{error}");
    let selection = Selection {
        only: None,
        tags: Some(BTreeSet::from(["No Such Tag".to_string()])),
    };
    let error = build_ir(doc(TRANSFORMED), &selection).unwrap_err();
    assert!(error.to_string().contains("No Such Tag"), "{error}");
}

/// Every type has a finite size: each cycle of directly contained types goes through a `Box`
/// (or a `Vec` / map, which already puts its items on the heap).
#[test]
fn recursive_schemas_are_boxed_where_they_must_be() {
    for spec in SPECS {
        let api = ir(spec);
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, def) in &api.types {
            fn direct(t: &TypeRef) -> Option<&str> {
                match t {
                    TypeRef::Named(n) => Some(n.as_str()),
                    _ => None,
                }
            }
            let targets: Vec<&str> = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter(|f| !f.boxed)
                    .filter_map(|f| direct(&f.ty))
                    .collect(),
                TypeKind::Tagged(t) => t
                    .variants
                    .iter()
                    .filter(|v| !v.boxed)
                    .filter_map(|v| direct(&v.ty))
                    .collect(),
                TypeKind::Untagged(vs) => vs
                    .iter()
                    .filter(|v| !v.boxed)
                    .filter_map(|v| direct(&v.ty))
                    .collect(),
                TypeKind::Alias(t) => direct(t).into_iter().collect(),
                _ => Vec::new(),
            };
            edges.insert(name, targets);
        }
        // Depth-first search for a back edge.
        let mut state: BTreeMap<&str, u8> = BTreeMap::new(); // 1 = on stack, 2 = done
        for start in edges.keys() {
            let mut stack = vec![(*start, 0usize)];
            while let Some((node, i)) = stack.pop() {
                if i == 0 {
                    if state.contains_key(node) {
                        continue;
                    }
                    state.insert(node, 1);
                }
                match edges.get(node).and_then(|t| t.get(i)) {
                    Some(next) => {
                        stack.push((node, i + 1));
                        match state.get(next) {
                            Some(1) => panic!("{spec}: {node} contains {next} unboxed on a cycle"),
                            Some(_) => {}
                            None => stack.push((next, 0)),
                        }
                    }
                    None => {
                        state.insert(node, 2);
                    }
                }
            }
        }
    }
    // Upstream examples. BillingInvoice and BillingInvoiceMetadata contain lists of themselves:
    // the list breaks the cycle, so no box.
    let api = ir(RAW_2026);
    let linked = field(api, "BillingInvoice", "linkedInvoices");
    assert_eq!(linked.ty, TypeRef::Vec(Box::new(named("BillingInvoice"))));
    assert!(!linked.boxed);
    let back = field(api, "BillingInvoiceMetadata", "linkedInvoices");
    assert_eq!(
        back.ty,
        TypeRef::Vec(Box::new(named("BillingInvoiceMetadata")))
    );
}

/// No variant of a union is the union itself (directly or through aliases): decoding such a
/// variant decodes the union again, without end (a stack overflow on `StreamsConnection` with
/// `"type": "Sample"` in the raw specs, whose mapping target is only `allOf: [{$ref: Parent}]`).
#[test]
fn no_union_variant_is_its_own_union() {
    for spec in SPECS {
        let api = ir(spec);
        let resolve = |mut t: &TypeRef| -> Option<String> {
            for _ in 0..64 {
                let TypeRef::Named(n) = t else { return None };
                match api.types.get(n).map(|d| &d.kind) {
                    Some(TypeKind::Alias(next)) | Some(TypeKind::Newtype(next)) => t = next,
                    _ => return Some(n.clone()),
                }
            }
            None
        };
        let mut unions = 0;
        for (name, def) in &api.types {
            let variants = match &def.kind {
                TypeKind::Tagged(t) => &t.variants,
                TypeKind::Untagged(vs) => vs,
                _ => continue,
            };
            unions += 1;
            for v in variants {
                assert_ne!(
                    resolve(&v.ty).as_deref(),
                    Some(name.as_str()),
                    "{spec}: variant {} of {name} is {name} itself",
                    v.rust_name
                );
            }
        }
        assert!(unions > 0 || spec == TRANSFORMED, "{spec} has unions");
    }
    // The upstream cases: each variant is a struct of the parent's own properties.
    for (spec, union, tag, variant, property) in [
        (
            RAW_2026,
            "StreamsConnection",
            "Sample",
            "StreamsSampleConnection",
            "name",
        ),
        (
            RAW_2026,
            "OnlineArchiveSchedule",
            "DEFAULT",
            "DefaultScheduleView",
            "type",
        ),
        (
            RAW_2025,
            "CloudProviderAccessRoleRequestUpdate",
            "GCP",
            "CloudProviderAccessGcpServiceAccountRequestUpdate",
            "providerName",
        ),
    ] {
        let api = ir(spec);
        let TypeKind::Tagged(t) = &ty(api, union).kind else {
            panic!("{spec}: {union} is a tagged enum")
        };
        let v = t
            .variants
            .iter()
            .find(|v| v.tag.as_deref() == Some(tag))
            .unwrap();
        assert_eq!(v.ty, named(variant), "{spec}: {union}.{tag}");
        assert!(
            !v.boxed,
            "{spec}: {union}.{tag} needs no box: it does not contain {union}"
        );
        field(api, variant, property);
    }
}

#[test]
fn additional_properties_become_maps() {
    let api = ir(RAW_2026);
    // Typed values, nested arrays and named value types.
    assert_eq!(
        field(api, "ClusterConnectionStrings", "awsPrivateLink").ty,
        TypeRef::Map(Box::new(TypeRef::String))
    );
    assert_eq!(
        field(api, "InboundControlPlaneCloudProviderIpAddresses", "aws").ty,
        TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::String))))
    );
    assert_eq!(
        field(api, "LegacyReplicationSpec", "regionsConfig").ty,
        TypeRef::Map(Box::new(named("RegionSpec")))
    );
    assert_eq!(
        field(api, "IndexOptions", "columnstoreProjection").ty,
        TypeRef::Map(Box::new(TypeRef::I32))
    );
    // `additionalProperties: {}` / free-form values: any JSON.
    assert_eq!(
        field(api, "IndexOptions", "partialFilterExpression").ty,
        TypeRef::Map(Box::new(TypeRef::Json))
    );
    // A top-level schema that is only a map is an alias of one.
    let top: Vec<&String> = api
        .types
        .iter()
        .filter(|(_, d)| d.pointer.starts_with("#/components/schemas/"))
        .filter(|(_, d)| matches!(&d.kind, TypeKind::Alias(TypeRef::Map(_))))
        .map(|(n, _)| n)
        .collect();
    assert!(!top.is_empty(), "some component schemas are plain maps");
}

#[test]
fn arrays_of_one_of_get_a_named_item_enum() {
    let api = ir(RAW_2026);
    // An inline oneOf as array items gets a name derived from the parent and property.
    let f = field(api, "ApiAtlasFtsAnalyzersViewManual", "charFilters");
    let TypeRef::Vec(item) = &f.ty else {
        panic!("{:?}", f.ty)
    };
    let name = item.named().expect("a named item type");
    assert!(
        name.starts_with("ApiAtlasFtsAnalyzersViewManualCharFilters"),
        "{name}"
    );
    assert!(
        matches!(
            ty(api, name).kind,
            TypeKind::Untagged(_) | TypeKind::Tagged(_)
        ),
        "{name}: {:?}",
        ty(api, name).kind
    );
    assert!(ty(api, name)
        .pointer
        .ends_with("/properties/charFilters/items"));
    // A referenced polymorphic type in an array stays that type.
    let notifications = field(api, "AppServiceAlertConfigViewForNdsGroup", "notifications");
    assert_eq!(
        notifications.ty,
        TypeRef::Vec(Box::new(named("AlertsNotificationRootForGroup")))
    );
    assert!(matches!(
        ty(api, "AlertsNotificationRootForGroup").kind,
        TypeKind::Tagged(_) | TypeKind::Untagged(_)
    ));
}

#[test]
fn inline_schemas_get_stable_names_from_where_they_are() {
    let api = ir(RAW_2026);
    // An inline enum on a path parameter is named after the operation and the parameter.
    let logs = op(api, "download_cluster_log");
    let log_name = logs
        .params
        .iter()
        .find(|p| p.wire_name == "logName")
        .unwrap();
    assert_eq!(log_name.ty, named("DownloadClusterLogLogName"));
    assert!(matches!(
        ty(api, "DownloadClusterLogLogName").kind,
        TypeKind::Enum(_)
    ));
    assert_eq!(
        ty(api, "DownloadClusterLogLogName").pointer,
        format!("{}/parameters/3/schema", logs.pointer)
    );
    // Every non-component type's pointer is inside the spec.
    for def in api.types.values() {
        assert!(doc(RAW_2026).get(&def.pointer).is_some(), "{}", def.pointer);
    }
    // Inline types: those whose pointer is not a component schema itself.
    let inline = api
        .types
        .values()
        .filter(|d| {
            d.pointer
                .strip_prefix("#/components/schemas/")
                .is_none_or(|rest| rest.contains('/'))
        })
        .count();
    assert!(inline > 50, "{inline} inline types");
}

#[test]
fn integer_number_and_date_formats() {
    let api = ir(RAW_2026);
    assert_eq!(
        field(api, "InvoiceLineItem", "percentDiscount").ty,
        TypeRef::F32,
        "number/float"
    );
    assert_eq!(
        field(api, "InvoiceLineItem", "unitPriceDollars").ty,
        TypeRef::F64,
        "number/double"
    );
    assert_eq!(
        field(api, "InvoiceLineItem", "totalPriceCents").ty,
        TypeRef::I64,
        "integer/int64"
    );
    assert_eq!(
        field(api, "InvoiceLineItem", "created").ty,
        TypeRef::DateTime,
        "string/date-time"
    );
    assert_eq!(
        field(api, "CostExplorerFilterRequestBody", "startDate").ty,
        TypeRef::Date,
        "string/date"
    );
    assert_eq!(
        field(api, "PaginatedAlertView", "totalCount").ty,
        TypeRef::I32,
        "integer/int32"
    );
    // An integer without a format is an i64 (never truncated).
    let paged = op(api, "list_alerts");
    let items = paged
        .params
        .iter()
        .find(|p| p.wire_name == "itemsPerPage")
        .unwrap();
    assert_eq!(items.ty, TypeRef::I64, "integer without format");
    // Formats the generator does not model (email, uuid, password, uri) stay strings.
    assert_eq!(field(api, "CloudAppUser", "username").ty, TypeRef::String);
}

#[test]
fn non_json_responses_and_binary_bodies() {
    let api = ir(RAW_2026);
    // gzip archives are bytes; the newest dated version of two is asked for.
    let logs = op(api, "download_cluster_log");
    assert_eq!(
        logs.success.body,
        Some(response_body(BodyKind::Binary, TypeRef::Bytes))
    );
    assert_eq!(logs.success.accept, "application/vnd.atlas.2023-02-01+gzip");
    // CSV is text.
    let csv = op(api, "get_invoice_csv");
    assert_eq!(
        csv.success.body,
        Some(response_body(BodyKind::Text, TypeRef::String))
    );
    assert_eq!(csv.success.accept, "application/vnd.atlas.2023-01-01+csv");
    // JSON wins when an operation offers JSON and CSV.
    let invoice = op(api, "get_invoice");
    assert_eq!(
        invoice.success.body,
        Some(response_body(BodyKind::Json, named("BillingInvoice")))
    );
    // A preview-only gzip answer is still asked for by its only media type.
    let report = op(api, "generate_invoice_report");
    assert_eq!(report.success.accept, "application/vnd.atlas.preview+gzip");
    // No upstream operation sends a binary request body; a binary body in a spec is sent as
    // bytes with its own media type.
    let mut root = doc(TRANSFORMED).root.clone();
    let body = &mut root["paths"]["/api/atlas/v2/groups/{groupId}/clusters"]["post"]["requestBody"];
    body["content"] = serde_json::json!({ "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } });
    let api = build_ir(
        &Document::from_value(root, "mutated"),
        &Selection::default(),
    )
    .unwrap();
    let body = op(&api, "create_cluster").body.as_ref().unwrap();
    assert_eq!(
        (body.kind, &body.ty, body.content_type.as_str()),
        (
            BodyKind::Binary,
            &TypeRef::Bytes,
            "application/octet-stream"
        )
    );
}

#[test]
fn header_parameters_are_sent_as_headers() {
    let api = ir(RAW_2026);
    for name in ["get_cluster", "update_cluster", "create_cluster"] {
        let header = op(api, name)
            .params
            .iter()
            .find(|p| p.wire_name == "Use-Effective-Instance-Fields")
            .unwrap_or_else(|| panic!("{name} has the header"));
        assert_eq!(header.location, ParamLocation::Header);
        assert_eq!(header.ty, TypeRef::Bool);
        assert_eq!(header.rust_name, "use_effective_instance_fields");
        assert!(!header.required);
    }
}

#[test]
fn names_never_collide() {
    for spec in SPECS {
        let api = ir(spec);
        // Operation methods and builders are unique; builders may share a model's name (they
        // live in different modules, and models are always written `models::X`).
        let builders: BTreeSet<&str> = api
            .operations
            .values()
            .map(|o| o.builder_name.as_str())
            .collect();
        assert_eq!(builders.len(), api.operations.len(), "{spec}");
        for (name, def) in &api.types {
            let idents: Vec<&str> = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| f.rust_name.as_str()).collect(),
                TypeKind::Enum(vs) => vs.iter().map(|v| v.rust_name.as_str()).collect(),
                TypeKind::Tagged(t) => t.variants.iter().map(|v| v.rust_name.as_str()).collect(),
                TypeKind::Untagged(vs) => vs.iter().map(|v| v.rust_name.as_str()).collect(),
                _ => Vec::new(),
            };
            let unique: BTreeSet<&&str> = idents.iter().collect();
            assert_eq!(
                unique.len(),
                idents.len(),
                "{spec}: {name} has two members with one Rust name"
            );
        }
        for o in api.operations.values() {
            let names: BTreeSet<&str> = o.params.iter().map(|p| p.rust_name.as_str()).collect();
            assert_eq!(names.len(), o.params.len(), "{spec}: {}", o.rust_name);
            assert!(
                !names.contains("send")
                    && !names.contains("body")
                    && !names.contains("into_stream")
            );
        }
    }
    let api = ir(RAW_2026);
    // A schema and an operation share a name: `AcknowledgeAlert` is both a model and a builder.
    assert!(api.types.contains_key("AcknowledgeAlert"));
    assert_eq!(
        op(api, "acknowledge_alert").builder_name,
        "AcknowledgeAlert"
    );
    // Rust keywords as property names keep their wire name (`type`, `match` → r#type, r#match).
    let keyword_fields: BTreeSet<(String, String)> = api
        .types
        .values()
        .filter_map(|d| match &d.kind {
            TypeKind::Struct(s) => Some(s.fields.iter()),
            _ => None,
        })
        .flatten()
        .filter(|f| atlas_codegen::emit::client::naming::needs_raw(&f.rust_name))
        .map(|f| (f.rust_name.clone(), f.wire_name.clone()))
        .collect();
    assert!(keyword_fields.contains(&("type".to_string(), "type".to_string())));
    assert!(keyword_fields.contains(&("match".to_string(), "match".to_string())));
    // Identical inline enums share one enum (the other places are aliases of it): two enum
    // types with the same values are both component schemas of their own (upstream defines
    // them twice), or one is a provider enum the profile names (`CloudProviderFlex`, while
    // `instanceSizeName: [FLEX]` is no provider), never inline copies.
    let mut by_values: BTreeMap<Vec<String>, &str> = BTreeMap::new();
    let is_component_root = |pointer: &str| {
        pointer
            .strip_prefix("#/components/schemas/")
            .is_some_and(|rest| !rest.contains('/'))
    };
    let profile_named = |name: &str, values: &[String]| {
        Profile::Atlas
            .enum_name(Some("provider"), values)
            .is_some_and(|k| k.name == name)
    };
    for (name, def) in &api.types {
        if let TypeKind::Enum(values) = &def.kind {
            let key: Vec<String> = values.iter().map(|v| v.wire.clone()).collect();
            if let Some(other) = by_values.insert(key.clone(), name) {
                assert!(
                    (is_component_root(&def.pointer)
                        && is_component_root(&api.types[other].pointer))
                        || profile_named(name, &key)
                        || profile_named(other, &key),
                    "{name} and {other} repeat the same enum"
                );
            }
        }
    }
}

/// What a program sees of a type: an enum's values, a struct's fields (name, type, required),
/// a union's variants (name, type, tag); an alias is what it stands for (an alias and an enum
/// with the same values are the same thing to a program).
fn surface(api: &Api, name: &str) -> String {
    let start = named(name);
    let resolved = api.resolve_alias(&start);
    let TypeRef::Named(name) = resolved else {
        return format!("{resolved:?}");
    };
    match &api.types[name].kind {
        TypeKind::Enum(values) => {
            let values: Vec<String> = values
                .iter()
                .map(|v| format!("{}={}", v.rust_name, v.wire))
                .collect();
            format!("enum {}", values.join(" "))
        }
        TypeKind::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| format!("{}: {:?} {}", f.rust_name, f.ty, f.required))
                .collect();
            format!("struct {}", fields.join(", "))
        }
        TypeKind::Tagged(t) => {
            let variants: Vec<String> = t
                .variants
                .iter()
                .map(|v| format!("{}({:?}) {:?}", v.rust_name, v.ty, v.tag))
                .collect();
            format!("tagged by {}: {}", t.property, variants.join(", "))
        }
        TypeKind::Untagged(vs) => {
            let variants: Vec<String> = vs
                .iter()
                .map(|v| format!("{}({:?})", v.rust_name, v.ty))
                .collect();
            format!("untagged {}", variants.join(", "))
        }
        other => format!("{other:?}"),
    }
}

#[test]
fn fragment_type_names_are_the_whole_specs_names() {
    // The client of the fragment and the client of a whole upstream spec agree on every type
    // the fragment's operations reach: same name, same fields, variants and values. (The
    // program in tests/portability/ checks the same by compiling, .ci/portability-check.sh.)
    let fragment =
        Document::from_path(&atlas_tests::repo_root().join("spec/atlas-admin-fragment.yaml"))
            .unwrap();
    let cases = [
        (
            RAW_2026,
            &[
                "createServerlessPrivateEndpoint",
                "createBackupPrivateEndpoint",
                "createPrivateEndpoint",
            ][..],
        ),
        (
            RAW_2025,
            &[
                "createServerlessInstance",
                "createServerlessPrivateEndpoint",
                "createPrivateEndpoint",
            ][..],
        ),
    ];
    for (spec, ops) in cases {
        let selection = Selection {
            only: Some(ops.iter().map(|o| o.to_string()).collect()),
            ..Selection::default()
        };
        let small = build_ir(&fragment, &selection).unwrap();
        let whole = ir(spec);
        let reached = atlas_codegen::emit::client::emitted_types(&small);
        assert!(reached.len() > 20, "{spec}: {} types", reached.len());
        // Where the fragment's schema is the spec's (raw 2025 has older copies of some), the
        // type is the same too.
        let mut same_schema = 0;
        for (name, def) in reached {
            assert!(
                whole.types.contains_key(name),
                "{spec} has no type `{name}` (the fragment's)"
            );
            if fragment.get(&def.pointer) == doc(spec).get(&def.pointer) {
                same_schema += 1;
                assert_eq!(
                    surface(&small, name),
                    surface(whole, name),
                    "{spec}: `{name}` differs"
                );
            }
        }
        assert!(same_schema > 15, "{spec}: {same_schema} types compared");
        // The operations take the same parameter types.
        for o in small.operations.values() {
            let other = op(whole, &o.rust_name);
            // (`pretty` on createServerlessPrivateEndpoint is the fragment's addition.)
            for p in &o.params {
                if let Some(q) = other.params.iter().find(|q| q.wire_name == p.wire_name) {
                    assert_eq!(
                        (&p.rust_name, &p.ty, p.required),
                        (&q.rust_name, &q.ty, q.required),
                        "{spec}: {}",
                        o.rust_name
                    );
                }
            }
            assert_eq!(
                o.success.body, other.success.body,
                "{spec}: {}",
                o.rust_name
            );
        }
    }
}

#[test]
fn enums_are_named_for_their_values_or_their_place() {
    let api = ir(RAW_2026);
    let param = |op_name: &str, wire: &str| {
        op(api, op_name)
            .params
            .iter()
            .find(|p| p.wire_name == wire)
            .unwrap()
            .ty
            .clone()
    };
    // Provider codes at a provider field or parameter: named by the profile, wherever they are.
    assert_eq!(
        param("create_private_endpoint", "cloudProvider"),
        named("CloudProvider")
    );
    assert_eq!(
        param("list_group_peers", "providerName"),
        named("CloudProvider")
    );
    assert_eq!(
        param("create_backup_private_endpoint", "cloudProvider"),
        named("CloudProviderAws")
    );
    assert_eq!(
        field(api, "ObjectStoragePrivateEndpointRequest", "cloudProvider").ty,
        named("CloudProviderAws")
    );
    assert_eq!(
        field(api, "ServerlessProviderSettings", "backingProviderName").ty,
        named("CloudProvider")
    );
    let tenant = ty(api, "CloudProviderAwsAzureGcpTenant");
    assert_eq!(
        tenant.pointer,
        "#/components/schemas/CloudRegionConfig/properties/providerName"
    );
    assert!(matches!(&tenant.kind, TypeKind::Enum(v) if v.len() == 4));
    // The value sets the profile names for their values: every place with exactly those values.
    for (component, property, name) in [
        (
            "GcpConsumerForwardingRule",
            "status",
            "PrivateEndpointStatus",
        ),
        ("AzurePrivateEndpoint", "status", "PrivateEndpointStatus"),
        (
            "ServerlessAzureTenantEndpoint",
            "status",
            "ServerlessPrivateEndpointStatus",
        ),
        (
            "ServerlessAwsTenantEndpoint",
            "status",
            "ServerlessPrivateEndpointStatus",
        ),
        (
            "ServerlessInstanceDescription",
            "stateName",
            "ClusterStateName",
        ),
        (
            "ClusterDescription20240805",
            "stateName",
            "ClusterStateName",
        ),
        (
            "FlexClusterDescription20241113",
            "stateName",
            "ClusterStateName",
        ),
    ] {
        assert_eq!(
            field(api, component, property).ty,
            named(name),
            "{component}.{property}"
        );
    }
    assert!(matches!(
        &ty(api, "PrivateEndpointStatus").kind,
        TypeKind::Enum(v) if v.len() == 4
    ));
    // Any other inline enum: its own place's name; the places with the same values share one
    // enum through aliases.
    // (`EARPrivateEndpoint` is a union: its own `status` property is named after it.)
    assert!(matches!(
        &ty(api, "EarPrivateEndpointStatus").kind,
        TypeKind::Enum(v) if v.len() == 6
    ));
    assert_eq!(
        field(api, "ObjectStoragePrivateEndpointResponse", "status").ty,
        named("ObjectStoragePrivateEndpointResponseStatus")
    );
    assert_eq!(
        api.resolve_alias(&named("EarPrivateEndpointStatus")),
        api.resolve_alias(&named("ObjectStoragePrivateEndpointResponseStatus"))
    );
    assert_eq!(
        field(api, "AwsHardwareSpec20240805", "instanceSize").ty,
        named("AwsHardwareSpec20240805InstanceSize")
    );
    assert!(matches!(
        ty(api, "AwsHardwareSpec20240805InstanceSize").kind,
        TypeKind::Alias(_)
    ));
}

#[test]
fn media_type_choice_prefers_the_newest_dated_version() {
    let api = ir(RAW_2026);
    let mut checked = 0;
    for o in api.operations.values() {
        let pointer = o.pointer.strip_prefix('#').unwrap();
        let offered: Vec<String> = doc(RAW_2026).root.pointer(pointer).unwrap()["responses"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(code, _)| code.starts_with('2'))
            .filter_map(|(_, r)| r.get("content").and_then(Value::as_object))
            .flat_map(|c| c.keys().cloned())
            .filter(|m| m.ends_with("+json"))
            .collect();
        let dated: Vec<&String> = offered.iter().filter(|m| !m.contains("preview")).collect();
        if offered.iter().any(|m| m.contains("preview")) && !dated.is_empty() {
            let newest = dated.iter().max().unwrap();
            if o.success
                .body
                .as_ref()
                .is_some_and(|b| b.kind == BodyKind::Json)
            {
                assert_eq!(&o.success.accept, *newest, "{}", o.rust_name);
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 5,
        "{checked} operations offer preview and dated versions"
    );
    assert_eq!(
        op(api, "create_cluster")
            .body
            .as_ref()
            .unwrap()
            .content_type,
        "application/vnd.atlas.2024-10-23+json"
    );
}

#[test]
fn paginated_list_operations_are_recognised() {
    for spec in SPECS {
        let api = ir(spec);
        let paged: Vec<&str> = api
            .operations
            .values()
            .filter(|o| o.pagination.is_some())
            .map(|o| o.rust_name.as_str())
            .collect();
        assert!(paged.len() > 60, "{spec}: {} list operations", paged.len());
        for o in api.operations.values().filter(|o| o.pagination.is_some()) {
            assert_eq!(o.method, HttpMethod::Get);
            let Some(ResponseBody {
                kind: BodyKind::Json,
                ty: TypeRef::Named(body),
            }) = &o.success.body
            else {
                panic!("{}", o.rust_name)
            };
            assert!(
                matches!(ty(api, body).kind, TypeKind::Struct(_) | TypeKind::Alias(_)),
                "{body}"
            );
        }
    }
    let api = ir(RAW_2026);
    let alerts = op(api, "list_alerts")
        .pagination
        .as_ref()
        .expect("listAlerts pages");
    assert_eq!(alerts.item, named("AlertViewForNdsGroup"));
    assert_eq!(alerts.default_items_per_page, 100);
    assert!(
        alerts.results.optional,
        "results is read-only upstream, so optional"
    );
    assert_eq!(
        alerts.total_count.as_ref().map(|f| f.rust_name.as_str()),
        Some("total_count")
    );
    assert!(op(api, "get_alert").pagination.is_none());
}

#[test]
fn split_by_tag_gates_each_model_on_the_tags_that_reach_it() {
    let spec = TRANSFORMED;
    let api = ir(spec);
    let options = EmitOptions {
        split_by_tag: true,
        ..atlas_tests::options(spec)
    };
    let generated = atlas_codegen::generate(doc(spec), &Selection::default(), &options).unwrap();
    let cargo = &generated.files["Cargo.toml"];
    let modules: BTreeSet<&str> = api.operations.values().map(|o| o.module.as_str()).collect();
    for m in &modules {
        assert!(cargo.contains(&format!("\n{m} = []\n")), "feature {m}");
        let gate = format!("#[cfg(feature = \"{m}\")]\npub mod {m};");
        assert!(
            generated.files["src/operations/mod.rs"].contains(&gate),
            "{gate}"
        );
    }
    // A type only invoices reach is compiled only with the invoices feature; one every list
    // reaches (`Link`) with any of them.
    assert!(api.tag_types["invoices"].contains("BillingInvoice"));
    let users: Vec<&String> = api
        .tag_types
        .iter()
        .filter(|(_, t)| t.contains("BillingInvoice"))
        .map(|(m, _)| m)
        .collect();
    assert_eq!(users, ["invoices"]);
    let models = &generated.files["src/models.rs"];
    // The attribute lines right before an item.
    let gate = |item: &str| -> String {
        let at = models
            .find(item)
            .unwrap_or_else(|| panic!("{item} is emitted"));
        let cfg = models[..at].rfind("#[cfg(").expect("a cfg before it");
        let end = cfg + models[cfg..].find(")]").expect("the cfg closes") + 2;
        models[cfg..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("( ", "(")
            .replace(" )", ")")
    };
    assert_eq!(
        gate("pub struct BillingInvoice {"),
        "#[cfg(feature = \"invoices\")]"
    );
    let link_users: Vec<String> = api
        .tag_types
        .iter()
        .filter(|(_, t)| t.contains("Link"))
        .map(|(m, _)| format!("feature = \"{m}\""))
        .collect();
    assert!(link_users.len() > 10);
    assert_eq!(
        gate("pub struct Link {"),
        format!("#[cfg(any({}))]", link_users.join(", "))
    );
}

/// `impl From<X> for Y` pairs in generated models, written out or from a
/// `union_from!(Y; Variant(X), …)` line, with `X` resolved through `pub type` aliases.
fn from_impls(models: &str) -> Vec<(String, String)> {
    let mut aliases = BTreeMap::new();
    for line in models.lines() {
        if let Some(rest) = line.strip_prefix("pub type ") {
            if let Some((name, target)) = rest.trim_end_matches(';').split_once(" = ") {
                aliases.insert(name.to_string(), target.to_string());
            }
        }
    }
    let resolve = |mut t: String| {
        for _ in 0..64 {
            match aliases.get(&t) {
                Some(target) => t = target.clone(),
                None => break,
            }
        }
        t
    };
    let mut out = Vec::new();
    let mut rest = models;
    while let Some(at) = rest.find("impl From<") {
        rest = &rest[at + "impl From<".len()..];
        // The payload type, up to its matching `>`.
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '<' => depth += 1,
                    '>' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map(|(i, _)| i)
            .expect("a closed From<…>");
        let payload: String = rest[..end].split_whitespace().collect();
        let target = rest[end + 1..]
            .trim_start()
            .strip_prefix("for ")
            .expect("impl From<X> for Y");
        let target: String = target
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        out.push((resolve(payload), target));
    }
    let mut rest = models;
    while let Some(at) = rest.find("union_from!(") {
        rest = &rest[at + "union_from!(".len()..];
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map(|(i, _)| i)
            .expect("a closed union_from!(…)");
        let args: String = rest[..end].split_whitespace().collect();
        let (target, variants) = args.split_once(';').expect("union_from!(Union; …)");
        for variant in variants.split("),").filter(|v| !v.is_empty()) {
            let (_, payload) = variant.split_once('(').expect("Variant(Payload)");
            out.push((
                resolve(payload.trim_end_matches(')').to_string()),
                target.to_string(),
            ));
        }
    }
    out
}

/// The unions' `From` impls cannot conflict with each other or with `impl<T> From<T> for T`:
/// upstream has variants that are aliases of their own union (a variant schema that only
/// `allOf`s its parent), which a per-name check misses.
#[test]
fn union_from_impls_never_conflict() {
    for spec in [RAW_2025, RAW_2026] {
        let generated = atlas_codegen::generate(
            doc(spec),
            &Selection::default(),
            &atlas_tests::options(spec),
        )
        .unwrap();
        let impls = from_impls(&generated.files["src/models.rs"]);
        assert!(impls.len() > 100, "{spec}: {} From impls", impls.len());
        let mut seen = BTreeSet::new();
        for (payload, target) in impls {
            assert_ne!(payload, target, "{spec}: From<{payload}> for itself");
            assert!(
                seen.insert((payload.clone(), target.clone())),
                "{spec}: two From<{payload}> for {target}"
            );
        }
    }
}

#[test]
fn every_documented_response_is_kept_in_the_ir() {
    for spec in SPECS {
        let api = ir(spec);
        for o in api.operations.values() {
            let pointer = o.pointer.strip_prefix('#').unwrap();
            let keys = doc(spec).root.pointer(pointer).unwrap()["responses"]
                .as_object()
                .unwrap()
                .len();
            assert_eq!(o.responses.len(), keys, "{spec}: {}", o.rust_name);
        }
    }
    let api = ir(RAW_2026);
    let get_cluster = op(api, "get_cluster");
    let status = |s| {
        get_cluster
            .responses
            .iter()
            .find(|r| r.status == s)
            .and_then(|r| r.content.as_ref())
            .unwrap_or_else(|| panic!("{s:?} with content"))
    };
    // An error answer: its type, media type and example.
    let not_found = status(ResponseStatus::Code(404));
    assert_eq!(not_found.ty, Some(named("ApiError")));
    assert_eq!(not_found.media_type, "application/json");
    let example = not_found.examples[0].value.as_ref().unwrap();
    assert_eq!(example["errorCode"], "RESOURCE_NOT_FOUND");
    // The decoded answer is the 200 one, with the same type.
    let ok = status(ResponseStatus::Code(200));
    assert_eq!(
        ok.ty.as_ref(),
        get_cluster.success.body.as_ref().map(|b| &b.ty)
    );
    assert_eq!(ok.media_type, get_cluster.success.accept);
    // Types only error answers reach are in the IR, but the client does not define them.
    assert!(api.types.contains_key("ApiError"));
    assert!(!atlas_codegen::emit::client::emitted_types(api)
        .iter()
        .any(|(name, _)| *name == "ApiError"));
}
