//! Tags named like what the generator emits itself (`tests/fixtures/reserved_tags.yaml`,
//! committed under `tests/goldens/reserved_tags/`, generated with `--split-by-tag`): the tag
//! `Mock`'s module and feature are `mock_tag`, so the typed mock server keeps its `mock` module
//! and feature; `Default`, `Operations`, `Models` and `Client` get the same suffix. The crate
//! compiling with every tag and `mock` is this test; each tag's feature alone and none at all,
//! without `mock`, are built by `.ci/upstream-check.sh`.

use golden_reserved_tags::mock::MockServer;
use golden_reserved_tags::{models, operations};

#[test]
fn the_features_are_the_tags_with_the_suffix_and_the_mock_servers_own() {
    let manifest = std::fs::read_to_string(
        atlas_tests::repo_root().join("tests/goldens/reserved_tags/Cargo.toml"),
    )
    .unwrap();
    let features: Vec<&str> = manifest
        .split("\n[features]\n")
        .nth(1)
        .expect("a [features] table")
        .lines()
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(
        features,
        [
            r#"default = ["client_tag", "default_tag", "mock_tag", "models_tag", "operations_tag", "things"]"#,
            "client_tag = []",
            "default_tag = []",
            "mock_tag = []",
            "models_tag = []",
            "operations_tag = []",
            "things = []",
            r#"mock = ["atlas-admin-runtime/mock"]"#,
        ]
    );
}

#[tokio::test]
async fn the_mock_tags_operations_through_the_mock_server() {
    let mock = MockServer::start().await;
    mock.get_mockup("m-1")
        .respond(models::Mockup {
            name: "landing page".into(),
            revision: Some(3),
        })
        .await;
    mock.update_mockup("m-1")
        .body(models::Mockup::new("landing page v2"))
        .respond(models::Mockup {
            name: "landing page v2".into(),
            revision: Some(4),
        })
        .await;

    let client = mock.client();
    let got = client.get_mockup("m-1").await.unwrap();
    assert_eq!((got.name.as_str(), got.revision), ("landing page", Some(3)));
    // The request builders of the tag `Mock` live in `operations::mock_tag`.
    let update: operations::mock_tag::UpdateMockup<'_> =
        client.update_mockup("m-1", models::Mockup::new("landing page v2"));
    let stored = update.await.unwrap();
    assert_eq!(stored.revision, Some(4));
    mock.verify().await;
}
