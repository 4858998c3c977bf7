//! Multi-file specs (`tests/fixtures/multi_file/`, root file `openapi.yaml`, committed under
//! `tests/goldens/multi_file/`, checked for drift and compiled by `goldens.rs`): relative file
//! `$ref`s in YAML and JSON, nested directories and fragments are bundled into one document
//! when loading; a cycle across files is an ordinary cycle of component schemas; errors name
//! the file and the pointer inside it (more cases in the malformed corpus: `remote_ref`,
//! `dangling_fragment`, `error_in_referenced_file`, `missing_file_nested`,
//! `broken_referenced_file`).

use std::path::Path;

use atlas_codegen::{Document, Error, Selection};
use golden_multi_file::models::{Kind, Owner, Pet, Tag};
use serde_json::json;

const ROOT: &str = "tests/fixtures/multi_file/openapi.yaml";

fn load() -> Document {
    Document::load(&atlas_tests::repo_root().join(ROOT), ROOT).unwrap()
}

#[test]
fn files_are_bundled_into_component_schemas_and_inlined_parts() {
    let doc = load();
    let schemas = doc.root["components"]["schemas"].as_object().unwrap();
    let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
    // `Pet: {$ref: ./schemas/pet.yaml}` keeps its name; the others are named after the
    // fragment's last token or the file stem; the root's own `Error` keeps its name.
    assert_eq!(names, ["Error", "Error_2", "Kind", "Owner", "Pet", "tag"]);
    assert_eq!(
        doc.root["components"]["schemas"]["Pet"]["properties"]["owner"]["$ref"],
        json!("#/components/schemas/Owner")
    );
    // The cycle across files: owner.yaml's pets are pet.yaml's Pet again.
    assert_eq!(
        doc.root["components"]["schemas"]["Owner"]["properties"]["pets"]["items"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    // A path item in a JSON file two levels away is copied in place; its `$ref`s are
    // relative to that file.
    assert_eq!(
        doc.root["paths"]["/pets/{petId}"]["get"]["responses"]["404"]["content"]
            ["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Error_2"})
    );
    // A reference back into the root document becomes local again.
    assert_eq!(
        doc.root["paths"]["/pets"]["get"]["parameters"][0]["$ref"],
        json!("#/components/parameters/Limit")
    );
    assert_eq!(
        doc.root["components"]["parameters"]["Limit"]["name"],
        json!("limit")
    );
    // Every file read is listed (a build script reruns when one changes).
    let files: Vec<String> = doc
        .files
        .iter()
        .map(|f| {
            f.strip_prefix(atlas_tests::repo_root().join("tests/fixtures/multi_file"))
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        files,
        [
            "parameters.yaml",
            "paths/pet.json",
            "paths/pets.yaml",
            "schemas/common/error.json",
            "schemas/common/tag.json",
            "schemas/owner.yaml",
            "schemas/pet.yaml",
        ]
    );
}

#[test]
fn places_are_named_in_the_file_they_were_written_in() {
    let doc = load();
    assert_eq!(
        doc.locate("#/components/schemas/Pet/properties/name/maxLength"),
        "schemas/pet.yaml#/properties/name/maxLength"
    );
    assert_eq!(
        doc.locate("#/components/schemas/Kind/enum"),
        "schemas/pet.yaml#/definitions/Kind/enum"
    );
    assert_eq!(
        doc.locate("#/paths/~1pets~1{petId}/get/responses/200"),
        "paths/pet.json#/get/responses/200"
    );
    assert_eq!(
        doc.locate("#/components/schemas/Error/properties"),
        "#/components/schemas/Error/properties",
        "the root's own parts are where they were"
    );
}

#[test]
fn the_generated_types_cross_files_and_the_cycle_round_trips() {
    let value = json!({
        "id": "p1",
        "name": "Rex",
        "kind": "dog",
        "tags": [{"label": "good"}],
        "owner": {"name": "Ada", "pets": [{"id": "p2", "name": "Tom", "kind": "cat"}]},
    });
    let pet: Pet = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        pet,
        Pet {
            id: "p1".into(),
            name: "Rex".into(),
            kind: Some(Kind::Dog),
            tags: Some(vec![Tag {
                label: "good".into()
            }]),
            owner: Some(Owner {
                name: "Ada".into(),
                pets: Some(vec![Pet {
                    id: "p2".into(),
                    name: "Tom".into(),
                    kind: Some(Kind::Cat),
                    tags: None,
                    owner: None,
                }]),
            }),
        }
    );
    assert_eq!(serde_json::to_value(&pet).unwrap(), value);
}

#[tokio::test]
async fn constraints_from_other_files_are_checked_before_sending() {
    // Nothing listens on the address: a request that got past validation would fail with a
    // transport error instead.
    let client = golden_multi_file::Client::builder()
        .base_url("http://127.0.0.1:9")
        .allow_http(true)
        .no_auth()
        .retry(golden_multi_file::RetryPolicy::none())
        .build()
        .unwrap();
    // `minimum: 1` of the Limit parameter in parameters.yaml.
    match client.list_pets().limit(0).await {
        Err(golden_multi_file::Error::Validation(v)) => assert!(v.has("limit", "minimum"), "{v}"),
        other => panic!("{other:?}"),
    }
    // `maxLength: 40` of the name in schemas/pet.yaml; `minLength: 1` of tag.json's label.
    let pet = Pet {
        id: "p".into(),
        name: "x".repeat(41),
        kind: None,
        owner: None,
        tags: Some(vec![Tag { label: "".into() }]),
    };
    match client.create_pet(pet).await {
        Err(golden_multi_file::Error::Validation(v)) => {
            assert!(v.has("body.name", "maxLength"), "{v}");
            assert!(v.has("body.tags[0].label", "minLength"), "{v}");
        }
        other => panic!("{other:?}"),
    }
}

/// Writes `files` into a fresh directory under the target directory and loads `openapi.yaml`.
fn load_files(case: &str, files: &[(&str, &str)]) -> Result<Document, Error> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("multi_file_{case}"));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    Document::load(&dir.join("openapi.yaml"), "openapi.yaml")
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn a_cycle_of_non_schema_references_across_files_is_refused() {
    let error = load_files(
        "param_cycle",
        &[
            (
                "openapi.yaml",
                &format!("{HEAD}paths:\n  /a:\n    $ref: a.yaml\n"),
            ),
            ("a.yaml", "$ref: b.yaml\n"),
            ("b.yaml", "$ref: a.yaml\n"),
        ],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "b.yaml#/$ref: cyclic $ref: `a.yaml` refers back to itself"
    );
}

#[test]
fn a_json_root_file_and_a_3_1_part_are_read_too() {
    // The root document is JSON and 3.1; the schema file uses a 3.1 type list: the bundled
    // document is normalised as a whole.
    let doc = load_files(
        "json_root",
        &[
            (
                "openapi.yaml",
                r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                   "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {
                     "description": "OK", "content": {"application/json": {
                       "schema": {"$ref": "models/a.json#/A"}}}}}}}}}"#,
            ),
            (
                "models/a.json",
                r#"{"A": {"type": "object", "properties": {"n": {"type": ["integer", "null"]}}}}"#,
            ),
        ],
    )
    .unwrap();
    assert_eq!(
        doc.root["components"]["schemas"]["A"]["properties"]["n"],
        json!({"type": "integer", "nullable": true})
    );
    let generated = atlas_codegen::generate(
        &doc,
        &Selection::default(),
        &atlas_tests::options("openapi.yaml"),
    )
    .unwrap();
    assert!(
        generated.files["src/models.rs"].contains("pub n: atlas_admin_runtime::Nullable<i64>"),
        "{}",
        generated.files["src/models.rs"]
    );
}

#[test]
fn an_error_in_a_schema_of_another_file_names_that_file() {
    let doc = load_files(
        "bad_schema",
        &[
            (
                "openapi.yaml",
                &format!(
                    "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {{$ref: 'deep/er/s.yaml#/S'}}\n"
                ),
            ),
            (
                "deep/er/s.yaml",
                "S:\n  type: object\n  properties:\n    x: {type: strin}\n",
            ),
        ],
    )
    .unwrap();
    let error = atlas_codegen::generate(
        &doc,
        &Selection::default(),
        &atlas_tests::options("openapi.yaml"),
    )
    .unwrap_err();
    match &error {
        Error::Spec { pointer, .. } => {
            assert!(
                pointer.starts_with("deep/er/s.yaml#/S/properties/x"),
                "{error}"
            )
        }
        other => panic!("{other:?}"),
    }
}

/// DigitalOcean's spec writes `properties: {$ref: 'attributes.yml#/load_balancer_droplet_ids'}`:
/// a reference in place of a whole mapping. The mapping it names is copied in, and references
/// inside it are relative to its own file. It used to be refused ("a schema must be an
/// object" at `properties/$ref`).
#[test]
fn a_reference_in_place_of_a_whole_properties_mapping_is_copied_in() {
    let doc = load_files(
        "map_ref",
        &[
            (
                "openapi.yaml",
                &format!(
                    "{HEAD}paths:\n  /lb:\n    post:\n      operationId: addDroplets\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                $ref: 'models/attributes.yml#/droplet_ids'\n              required: [droplet_ids]\n      responses:\n        '204': {{description: none}}\n"
                ),
            ),
            (
                "models/attributes.yml",
                "droplet_ids:\n  droplet_ids:\n    type: array\n    items: {$ref: 'id.yml'}\n  tag: {type: string}\n",
            ),
            ("models/id.yml", "type: integer\nformat: int32\n"),
        ],
    )
    .unwrap();
    assert_eq!(
        doc.root["paths"]["/lb"]["post"]["requestBody"]["content"]["application/json"]["schema"]
            ["properties"],
        json!({
            "droplet_ids": {"type": "array", "items": {"$ref": "#/components/schemas/id"}},
            "tag": {"type": "string"}
        })
    );
    assert_eq!(
        doc.root["components"]["schemas"]["id"],
        json!({"type": "integer", "format": "int32"})
    );
    assert_eq!(
        doc.locate("#/paths/~1lb/post/requestBody/content/application~1json/schema/properties/tag"),
        "models/attributes.yml#/droplet_ids/tag"
    );
    let generated = atlas_codegen::generate(
        &doc,
        &Selection::default(),
        &atlas_tests::options("openapi.yaml"),
    )
    .unwrap();
    let models = &generated.files["src/models.rs"];
    assert!(models.contains("pub droplet_ids: Vec<Id>"), "{models}");
    assert!(models.contains("pub tag: Option<String>"), "{models}");

    // What a reference in place of a mapping names must be a mapping.
    let error = load_files(
        "map_ref_not_a_mapping",
        &[
            (
                "openapi.yaml",
                &format!(
                    "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      properties: {{$ref: 'attrs.yml#/list'}}\n    B: {{$ref: 'attrs.yml#/B'}}\n"
                ),
            ),
            ("attrs.yml", "list: [1, 2]\nB: {type: string}\n"),
        ],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "#/components/schemas/A/properties/$ref: $ref `attrs.yml#/list` in place of `properties` must name a mapping"
    );
}

/// The same in a single file: `properties: {$ref: '#/x'}` names a mapping of the document
/// itself.
#[test]
fn a_local_reference_in_place_of_a_properties_mapping_is_copied_in() {
    let doc = load_files(
        "map_ref_local",
        &[(
            "openapi.yaml",
            &format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties: {{$ref: '#/x-attributes/ids'}}\nx-attributes:\n  ids:\n    ids: {{type: array, items: {{type: integer}}}}\n"
            ),
        )],
    )
    .unwrap();
    assert_eq!(
        doc.root["components"]["schemas"]["A"]["properties"],
        json!({"ids": {"type": "array", "items": {"type": "integer"}}})
    );
    assert!(
        doc.files.iter().all(|f| f.ends_with("openapi.yaml")),
        "{:?}",
        doc.files
    );
}
