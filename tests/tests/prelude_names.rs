//! Schemas and operations named like Rust's prelude (`tests/fixtures/prelude_names.yaml`,
//! committed under `tests/goldens/prelude_names/`; issue 9, fault 13). This file is the user who
//! glob-imports the crate's `models` and `operations`: if a generated type were still called
//! `Clone`, `Default`, `Result`, `Send`, `Iterator`, … the prelude uses below would name it
//! instead, and this file would not compile.

#![allow(unused_imports)]

use golden_prelude_names::models::*;
use golden_prelude_names::operations::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Mine(u8);

fn bounds<T: Clone + Send + Sync + Default + Sized + Unpin + PartialEq + Eq>(t: T) -> T {
    t.clone()
}

fn copied<T: Copy>(t: &T) -> T {
    *t
}

fn iterate(items: impl IntoIterator<Item = u8>) -> impl Iterator<Item = u8> {
    items.into_iter()
}

#[test]
fn prelude_names_keep_their_meaning_next_to_glob_imports() {
    let v: Vec<String> = vec![String::from("a"), 5.to_string()];
    let o: Option<Box<Mine>> = Some(Box::new(Mine::default()));
    let r: Result<u8, ()> = Ok(1);
    assert_eq!(bounds(Mine(3)), Mine(3));
    assert_eq!(copied(&Mine(4)), Mine(4));
    assert_eq!(iterate([1, 2]).collect::<Vec<_>>(), [1, 2]);
    let wide: u64 = u64::from(3u8);
    let narrow: Result<u8, _> = u8::try_from(wide);
    let into: u64 = 4u8.into();
    let f: Box<dyn Fn(u8) -> u8> = Box::new(|x| x + 1);
    assert_eq!(
        (v.len(), o.is_some(), r, narrow, into, f(1)),
        (2, true, Ok(1), Ok(3), 4, 2)
    );
    let cloned: Option<Mine> = None;
    assert_eq!(cloned, None);
    let e: Result<(), u8> = Err(1);
    assert!(e.is_err());
}

#[test]
fn renamed_models_keep_their_wire_form() {
    // A request builder and a model share these names: named through their module.
    use golden_prelude_names::models;
    let clone: models::CloneModel = serde_json::from_str(r#"{"id": "c"}"#).unwrap();
    assert_eq!(clone.id.as_deref(), Some("c"));
    let copy: CopyModel = serde_json::from_str(r#""deep""#).unwrap();
    assert_eq!(copy, CopyModel::Deep);
    let default = models::DefaultModel { value: Some(2) };
    assert_eq!(serde_json::to_string(&default).unwrap(), r#"{"value":2}"#);
}
