//! Discriminated inheritance (`tests/fixtures/inheritance.yaml`, committed under
//! `tests/goldens/inheritance/`, checked for drift by `goldens.rs`): a discriminator variant
//! that is only `allOf: [{$ref: Parent}]` decodes and encodes without recursing into the parent (the raw Atlas specs'
//! `StreamsConnection` → `Sample` used to overflow the stack), and a discriminator without a
//! mapping gives the child type (implicit mapping: the tag is the schema name) wherever the
//! parent is referenced, with none of the child's fields lost.

use golden_inheritance::models::{BasicProduct, Cat, Dog, Owner, Pet, PremiumProduct, Product};
use serde_json::json;

#[test]
fn a_variant_that_only_all_ofs_its_parent_decodes_without_recursing() {
    let value = json!({"code": "BASIC", "label": "b"});
    let product: Product = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        product,
        Product::Basic(BasicProduct {
            code: Some("BASIC".into()),
            label: Some("b".into())
        })
    );
    assert_eq!(serde_json::to_value(&product).unwrap(), value);

    // Built by hand without the tag: encoding adds it, and does not recurse either.
    let built = Product::Basic(BasicProduct {
        code: None,
        label: Some("x".into()),
    });
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"code": "BASIC", "label": "x"})
    );

    let premium: Product =
        serde_json::from_value(json!({"code": "PREMIUM", "label": "p", "perks": ["a"]})).unwrap();
    assert_eq!(
        premium,
        Product::Premium(PremiumProduct {
            code: Some("PREMIUM".into()),
            label: Some("p".into()),
            perks: Some(vec!["a".into()])
        })
    );
}

#[test]
fn an_unknown_tag_is_kept_whole() {
    let value = json!({"code": "GOLD", "label": "g", "extra": 1});
    let product: Product = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(product, Product::Unknown(value.clone()));
    assert_eq!(serde_json::to_value(&product).unwrap(), value);
}

#[test]
fn implicit_mapping_gives_the_child_type_wherever_the_parent_is_referenced() {
    let value = json!({
        "name": "Ann",
        "pet": {"petType": "Cat", "name": "Tom", "huntingSkill": "lazy"},
        "pets": [
            {"petType": "Dog", "name": "Rex", "packSize": 3},
            {"petType": "Cat", "huntingSkill": "adventurous"}
        ]
    });
    let owner: Owner = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        owner.pet,
        Some(Pet::Cat(Cat {
            pet_type: "Cat".into(),
            name: Some("Tom".into()),
            hunting_skill: Some("lazy".into())
        }))
    );
    assert_eq!(
        owner.pets.as_deref().unwrap()[0],
        Pet::Dog(Dog {
            pet_type: "Dog".into(),
            name: Some("Rex".into()),
            pack_size: 3
        })
    );
    assert_eq!(
        serde_json::to_value(&owner).unwrap(),
        value,
        "no field lost"
    );
}
