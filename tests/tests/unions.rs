//! Unions (`tests/fixtures/unions.yaml`, committed under `tests/goldens/unions/`, checked for
//! drift by `goldens.rs`):
//!
//! - an `anyOf` whose members overlap keeps every member the value matches, on decode and
//!   on re-encode (a contact with both `email` and `phone` used to come back with only
//!   `email`);
//! - a `oneOf`/`anyOf` of string enums is one string enum (`"US_EAST_1".into()`), inline
//!   copies share it, `$ref` members included;
//! - variants are named by title, `$ref` name or shape, never `VariantN`;
//! - discriminated and untagged unions decode wherever the tag is and keep unknown values.

use golden_unions::models::{
    AlertEvent, BackupRequest, BackupRequestRegionName, BackupResponse, ClusterEvent, Contact,
    ContactOrNote, Drawing, DrawingObject, EmailContact, Event, Filter, IdOrName, InstanceSize,
    Person, PhoneContact, PhoneContactKind,
};
use serde_json::json;

fn email(address: &str) -> EmailContact {
    EmailContact {
        email: address.into(),
        verified: None,
    }
}

fn phone(number: &str) -> PhoneContact {
    PhoneContact {
        phone: number.into(),
        kind: None,
    }
}

#[test]
fn an_any_of_value_matching_two_members_keeps_both() {
    let value =
        json!({"email": "a@example.com", "verified": true, "phone": "+1 555", "kind": "MOBILE"});
    let contact: Contact = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        contact.email_contact,
        Some(EmailContact {
            email: "a@example.com".into(),
            verified: Some(true)
        })
    );
    assert_eq!(
        contact.phone_contact,
        Some(PhoneContact {
            phone: "+1 555".into(),
            kind: Some(PhoneContactKind::Mobile)
        })
    );
    assert_eq!(contact.unknown, None);
    assert_eq!(
        serde_json::to_value(&contact).unwrap(),
        value,
        "no field lost"
    );

    // From text too (the client decodes bytes), inside a struct.
    let text = r#"{"name":"Ann","contact":{"phone":"+1 555","email":"a@example.com"}}"#;
    let person: Person = serde_json::from_str(text).unwrap();
    let contact = person.contact.as_ref().unwrap();
    assert_eq!(contact.email_contact, Some(email("a@example.com")));
    assert_eq!(contact.phone_contact, Some(phone("+1 555")));
    assert_eq!(
        serde_json::to_value(&person).unwrap(),
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

#[test]
fn an_any_of_value_matching_one_member_sets_only_that_one() {
    let contact: Contact = serde_json::from_value(json!({"email": "b@example.com"})).unwrap();
    assert_eq!(contact.email_contact, Some(email("b@example.com")));
    assert_eq!(contact.phone_contact, None);
    let contact: Contact = serde_json::from_value(json!({"phone": "1"})).unwrap();
    assert_eq!(
        (contact.email_contact, contact.phone_contact),
        (None, Some(phone("1")))
    );
}

#[test]
fn an_any_of_value_matching_no_member_is_kept_whole() {
    let value = json!({"fax": "123"});
    let contact: Contact = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        contact,
        Contact {
            unknown: Some(value.clone()),
            ..Contact::default()
        }
    );
    assert_eq!(serde_json::to_value(&contact).unwrap(), value);
}

#[test]
fn an_any_of_value_is_built_from_its_members() {
    let both = Contact {
        email_contact: Some(email("c@example.com")),
        phone_contact: Some(phone("2")),
        ..Contact::default()
    };
    assert_eq!(
        serde_json::to_value(&both).unwrap(),
        json!({"email": "c@example.com", "phone": "2"})
    );
    let one: Contact = email("d@example.com").into();
    assert_eq!(
        serde_json::to_value(&one).unwrap(),
        json!({"email": "d@example.com"})
    );
    // Nothing set: refused rather than sent as something the server never asked for.
    let err = serde_json::to_value(Contact::default()).unwrap_err();
    assert!(err.to_string().contains("at least one member"), "{err}");
}

#[test]
fn an_any_of_with_a_member_that_is_not_an_object() {
    let note: ContactOrNote = serde_json::from_value(json!("call after 6")).unwrap();
    assert_eq!(note.string.as_deref(), Some("call after 6"));
    assert_eq!(
        (note.email_contact.is_none(), note.phone_contact.is_none()),
        (true, true)
    );
    assert_eq!(serde_json::to_value(&note).unwrap(), json!("call after 6"));

    let both: ContactOrNote =
        serde_json::from_value(json!({"email": "e@example.com", "phone": "3"})).unwrap();
    assert_eq!(both.email_contact, Some(email("e@example.com")));
    assert_eq!(both.phone_contact, Some(phone("3")));
    assert_eq!(both.string, None);

    // An object and a string cannot be one JSON value.
    let clash = ContactOrNote {
        string: Some("x".into()),
        email_contact: Some(email("f@example.com")),
        ..ContactOrNote::default()
    };
    assert!(serde_json::to_value(&clash).is_err());
}

#[test]
fn an_any_of_whose_members_never_overlap_is_an_enum() {
    assert_eq!(
        serde_json::from_value::<IdOrName>(json!(7)).unwrap(),
        IdOrName::I64(7)
    );
    assert_eq!(
        serde_json::from_value::<IdOrName>(json!("seven")).unwrap(),
        IdOrName::String("seven".into())
    );
}

#[test]
fn an_any_of_whose_members_exclude_each_other_is_an_enum() {
    let filter: Filter = serde_json::from_value(json!({"type": "length", "min": 2})).unwrap();
    let Filter::LengthFilter(length) = &filter else {
        panic!("{filter:?}")
    };
    assert_eq!(length.min, 2);
    assert_eq!(
        serde_json::to_value(&filter).unwrap(),
        json!({"type": "length", "min": 2})
    );
    assert!(matches!(
        serde_json::from_value::<Filter>(json!({"type": "lowercase"})).unwrap(),
        Filter::LowercaseFilter(_)
    ));
}

#[test]
fn a_union_of_string_enums_is_one_string_enum() {
    // A plain string converts, known or not; the wire form is the string.
    let body = BackupRequest {
        region_name: Some("US_EAST_1".into()),
        size: Some("M30_NVME".into()),
    };
    assert_eq!(body.region_name, Some(BackupRequestRegionName::UsEast1));
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"regionName": "US_EAST_1", "size": "M30_NVME"})
    );
    // Values of every member, each once (`GLOBAL` is in both), in member order.
    assert_eq!(
        BackupRequestRegionName::VALUES,
        &[
            "US_EAST_1",
            "US_WEST_2",
            "GLOBAL",
            "CENTRAL_US",
            "WESTERN_EUROPE"
        ]
    );
    assert_eq!(InstanceSize::VALUES, &["M10", "M20", "M30_NVME", "M40_LOW"]);
    // The response's inline copy of the union is the same type; unknown values are kept.
    let answer: BackupResponse =
        serde_json::from_value(json!({"regionName": "CENTRAL_US", "size": "M99"})).unwrap();
    let region: BackupRequestRegionName = answer.region_name.unwrap();
    assert_eq!(region, BackupRequestRegionName::CentralUs);
    assert_eq!(answer.size, Some(InstanceSize::Unknown("M99".into())));
}

#[test]
fn untagged_variants_are_named_by_shape() {
    let cases = [
        (
            json!({"radius": 1.5}),
            Drawing::Object(DrawingObject { radius: 1.5 }),
        ),
        (
            json!(["a", "b"]),
            Drawing::StringList(vec!["a".into(), "b".into()]),
        ),
        (json!(2.5), Drawing::F64(2.5)),
        (
            json!({"email": "g@example.com"}),
            Drawing::EmailContact(email("g@example.com")),
        ),
    ];
    for (value, want) in cases {
        let got: Drawing = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(got, want);
        assert_eq!(serde_json::to_value(&got).unwrap(), value);
    }
    assert!(matches!(
        serde_json::from_value::<Drawing>(json!({"side": 2})).unwrap(),
        Drawing::Object2(o) if o.side == 2
    ));
    assert!(matches!(
        serde_json::from_value::<Drawing>(json!([{"x": 1}])).unwrap(),
        Drawing::ObjectList(items) if items[0].x == Some(1)
    ));
    assert!(matches!(
        serde_json::from_value::<Drawing>(json!("2024-01-02T03:04:05Z")).unwrap(),
        Drawing::DateTime(_)
    ));
    assert_eq!(
        serde_json::from_value::<Drawing>(json!(true)).unwrap(),
        Drawing::Unknown(json!(true))
    );
}

#[test]
fn tagged_unions_decode_wherever_the_tag_is_and_keep_unknown_tags() {
    let first =
        r#"{"type":"ALERT","id":"1","created":"t","currentValue":{"number":3.5,"units":"RAW"}}"#;
    let last =
        r#"{"id":"1","created":"t","currentValue":{"number":3.5,"units":"RAW"},"type":"ALERT"}"#;
    for text in [first, last] {
        let event: Event = serde_json::from_str(text).unwrap();
        let Event::Alert(AlertEvent {
            id,
            current_value,
            r#type,
            ..
        }) = &event
        else {
            panic!("{event:?}")
        };
        assert_eq!((id.as_str(), r#type.as_str()), ("1", "ALERT"));
        assert_eq!(current_value.as_ref().unwrap().number, Some(3.5));
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
    }
    let unknown = json!({"id": "2", "type": "BILLING", "amount": 3});
    let event: Event = serde_json::from_value(unknown.clone()).unwrap();
    assert_eq!(event, Event::Unknown(unknown.clone()));
    assert_eq!(serde_json::to_value(&event).unwrap(), unknown);
    // A known tag with a body that is not that variant's is an error, not an unknown value.
    assert!(serde_json::from_str::<Event>(r#"{"type":"USER","id":1,"created":"t"}"#).is_err());
    // Encoding writes the variant's object as it is (no JSON tree in between, so the
    // struct's field order).
    let built = Event::Cluster(ClusterEvent {
        r#type: "CLUSTER".into(),
        id: "3".into(),
        created: "t".into(),
        cluster_name: None,
        group_id: None,
        is_global: Some(false),
        port: None,
        replica_set_name: None,
        tags: None,
    });
    assert_eq!(
        serde_json::to_string(&built).unwrap(),
        r#"{"created":"t","id":"3","isGlobal":false,"type":"CLUSTER"}"#
    );
}

/// The entries after the tag stream into the variant, but arrays among them arrive with
/// their length known, as serde's own internally tagged enums replay them: a decoded `Vec`
/// holds exactly its items (streamed from `serde_json`, two items would take four slots).
#[test]
fn arrays_after_the_tag_are_allocated_at_their_length() {
    for text in [
        r#"{"type":"USER","id":"1","created":"t","roles":["A","B"],"username":"u"}"#,
        r#"{"id":"1","roles":["A","B"],"type":"USER","created":"t","username":"u"}"#,
    ] {
        let event: Event = serde_json::from_str(text).unwrap();
        let Event::User(user) = &event else {
            panic!("{event:?}")
        };
        let roles = user.roles.as_ref().unwrap();
        assert_eq!(roles, &["A", "B"]);
        assert_eq!(roles.capacity(), 2, "{text}");
        assert_eq!(user.username.as_deref(), Some("u"));
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
    }
    // An empty array.
    let text = r#"{"type":"CLUSTER","id":"1","created":"t","tags":[]}"#;
    let Event::Cluster(cluster) = serde_json::from_str::<Event>(text).unwrap() else {
        panic!()
    };
    assert_eq!(cluster.tags, Some(vec![]));
}

/// A discriminator without mapping whose members each allow one value of it (`enum: [v]`,
/// OpenAI's style): the tag on the wire is that value, not the member's schema name, both ways.
/// Before, `{"type": "input_text", …}` decoded as `Unknown`, and a member's struct was
/// expected under `"type": "InputText"`.
#[test]
fn a_members_own_single_value_is_its_tag() {
    use golden_unions::models::{Content, ContentAudio, InputImage, InputText, Refusal};

    let text: Content =
        serde_json::from_value(json!({"type": "input_text", "text": "hi"})).unwrap();
    assert_eq!(
        text,
        Content::InputText(InputText::new("input_text", "hi")),
        "decoded by its own value"
    );
    assert_eq!(
        serde_json::to_value(&text).unwrap(),
        json!({"text": "hi", "type": "input_text"})
    );
    // Through allOf: the value is in the second part.
    let image: Content =
        serde_json::from_value(json!({"imageUrl": "https://x/y.png", "type": "input_image"}))
            .unwrap();
    let Content::InputImage(InputImage { image_url, .. }) = &image else {
        panic!("{image:?}")
    };
    assert_eq!(image_url.as_deref(), Some("https://x/y.png"));
    // An inline member with its own value is a typed variant too.
    let audio: Content =
        serde_json::from_value(json!({"type": "input_audio", "data": "UklGR"})).unwrap();
    assert_eq!(
        audio,
        Content::InputAudio(ContentAudio::new("input_audio", "UklGR"))
    );
    // No single value: the schema name (OpenAPI's implicit mapping), as before.
    let refusal: Content =
        serde_json::from_value(json!({"type": "Refusal", "refusal": "no"})).unwrap();
    assert_eq!(refusal, Content::Refusal(Refusal::new("Refusal", "no")));
    // An unknown value is kept whole.
    let other = json!({"type": "input_file", "fileId": "f1"});
    assert_eq!(
        serde_json::from_value::<Content>(other.clone()).unwrap(),
        Content::Unknown(other)
    );
}

/// Two members allow only the same value (`type: message`) and no mapping tells them apart:
/// the union is decoded by each member's shape (here `role` and `status`), so neither is read
/// as the other and no field is lost.
#[test]
fn members_with_the_same_single_value_are_told_apart_by_shape() {
    use golden_unions::models::ItemResource;

    let input = json!({"type": "message", "role": "user", "content": "hello"});
    let output =
        json!({"type": "message", "role": "assistant", "content": "hi", "status": "completed"});
    let a: ItemResource = serde_json::from_value(input.clone()).unwrap();
    let b: ItemResource = serde_json::from_value(output.clone()).unwrap();
    assert!(
        matches!(&a, ItemResource::InputMessage(m) if m.content == "hello"),
        "{a:?}"
    );
    assert!(
        matches!(&b, ItemResource::OutputMessage(m) if m.status == "completed"),
        "{b:?}"
    );
    assert_eq!(serde_json::to_value(&a).unwrap(), input);
    assert_eq!(serde_json::to_value(&b).unwrap(), output);
}
