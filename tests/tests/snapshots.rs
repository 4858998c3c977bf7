//! Snapshots of what the generator emits: the repo's fragment, file by file, and one small
//! fixture spec per construct. CI runs with `INSTA_UPDATE=no`, so a missing or stale snapshot
//! fails; review changes with `cargo insta review`.

use atlas_tests::{concat_sources, generate};

#[test]
fn fragment_files() {
    let generated = generate("spec/atlas-admin-fragment.yaml").expect("the fragment generates");
    assert_eq!(
        generated.operations, 5,
        "every operation in the fragment is generated"
    );
    for (path, contents) in &generated.files {
        let name = format!("fragment__{}", path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, contents);
    }
    let diagnostics: Vec<String> = generated
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!("fragment__diagnostics", diagnostics.join("\n"));
}

macro_rules! fixture {
    ($name:ident) => {
        #[test]
        fn $name() {
            let spec = concat!("tests/fixtures/", stringify!($name), ".yaml");
            let generated = generate(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
            let diagnostics: Vec<String> = generated
                .diagnostics
                .iter()
                .map(|d| format!("// warning: {d}"))
                .collect();
            let text = format!("{}\n{}", diagnostics.join("\n"), concat_sources(&generated));
            insta::assert_snapshot!(concat!("fixture__", stringify!($name)), text);
        }
    };
}

fixture!(enums);
fixture!(nullable);
fixture!(discriminator);
fixture!(one_of);
fixture!(all_of);
fixture!(cycle);
fixture!(names);
fixture!(media_types);
fixture!(deprecated);
