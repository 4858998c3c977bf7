//! Shapes that made generated code warn (`tests/fixtures/lint_clean.yaml`, committed under
//! `tests/lint-clean-client/`; issue 9, fault 11): path arguments of every type and modules whose
//! operations reach no model. The crate is a workspace member, so `cargo clippy --workspace
//! --all-targets -- -D warnings` (CI's lint step) is its check; here: its drift. (How each
//! argument type is written in the path is the parameter-serialisation tests' concern.)

#[test]
fn committed_fixture_crate_is_up_to_date() {
    atlas_tests::assert_fixture_crate_current(
        "tests/fixtures/lint_clean.yaml",
        "lint-clean-client",
        "atlas-lint-clean-fixture",
    );
}
