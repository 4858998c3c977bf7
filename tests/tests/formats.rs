//! Integer and number formats (`tests/fixtures/formats.yaml`, committed under
//! `tests/goldens/formats/`, checked for drift by `goldens.rs`): each maps to a Rust type that holds its whole range, so the
//! extremes decode and re-encode unchanged (before, `uint64` was `i64` and
//! `18446744073709551615` was refused), values outside a format's range are refused, and
//! unknown formats fall back with a warning naming their pointer. A `date-time` keeps the text
//! it was decoded from (before, `DateTime<Utc>` wrote `+02:00` back as UTC and `.100000` as
//! `.100`), in a body and as a query parameter.

use atlas_tests::capture::Capture;
use golden_formats::models::Measurement;
use golden_formats::runtime::chrono::{self, TimeZone};
use golden_formats::DateTime;
use serde_json::json;

#[test]
fn every_format_holds_its_whole_range() {
    let value = json!({
        "int8": -128, "int16": -32768, "int32": -2147483648i64,
        "int64": i64::MIN,
        "uint8": 255, "uint16": 65535, "uint32": 4294967295u64,
        "uint64": 18446744073709551615u64,
        "integer": i64::MAX,
        "float": 1.25, "double": 1.7976931348623157e308, "decimal": 0.1, "number": -2.5,
        "oddInteger": 9, "oddNumber": 1.5,
        "counts": [0, 18446744073709551615u64]
    });
    let m: Measurement = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(m.int8, Some(i8::MIN));
    assert_eq!(m.int16, Some(i16::MIN));
    assert_eq!(m.int32, Some(i32::MIN));
    assert_eq!(m.int64, Some(i64::MIN));
    assert_eq!(m.uint8, Some(u8::MAX));
    assert_eq!(m.uint16, Some(u16::MAX));
    assert_eq!(m.uint32, Some(u32::MAX));
    assert_eq!(m.uint64, Some(u64::MAX));
    assert_eq!(m.integer, Some(i64::MAX), "no format: i64");
    assert_eq!(m.float, Some(1.25f64), "float: f64");
    assert_eq!(m.double, Some(f64::MAX));
    assert_eq!(m.odd_integer, Some(9i64), "unknown integer format: i64");
    assert_eq!(m.odd_number, Some(1.5f64), "unknown number format: f64");
    assert_eq!(m.counts.as_deref(), Some(&[0, u64::MAX][..]));
    assert_eq!(
        serde_json::to_value(&m).unwrap(),
        value,
        "re-encoded unchanged"
    );

    // A `float` spelled with more digits than an f32 keeps, and a double whose last digit
    // the default parser gets wrong, both come back as they were sent.
    let text = r#"{"double":-8.635399736564057e-78,"float":6.456494908490105e+16}"#;
    let m: Measurement = serde_json::from_str(text).unwrap();
    assert_eq!(m.float, Some(6.456494908490105e16));
    assert_eq!(m.double, Some(-8.635399736564057e-78));
    assert_eq!(serde_json::to_string(&m).unwrap(), text);
}

#[test]
fn values_outside_a_formats_range_are_refused() {
    for (field, value) in [
        ("int8", json!(128)),
        ("uint8", json!(256)),
        ("uint8", json!(-1)),
        ("int16", json!(32768)),
        ("uint16", json!(65536)),
        ("int32", json!(2147483648u64)),
        ("uint32", json!(4294967296u64)),
        ("uint64", json!(-1)),
        ("int64", json!(9223372036854775808u64)),
    ] {
        let result = serde_json::from_value::<Measurement>(json!({ field: value }));
        assert!(result.is_err(), "{field} = {value} decoded: {result:?}");
    }
}

#[tokio::test]
async fn bounds_apply_to_unsigned_values_in_requests() {
    let client = golden_formats::Client::builder()
        .base_url("http://127.0.0.1:9")
        .allow_http(true)
        .no_auth()
        .build()
        .unwrap();
    let body = Measurement {
        uint32: Some(4_000_000_001),
        ..Measurement::new()
    };
    let Err(golden_formats::Error::Validation(e)) = client.create_measurement(body).await else {
        panic!("maximum refused")
    };
    assert_eq!(e.issues[0].rule, "maximum");
}

#[test]
fn unknown_formats_are_reported_at_their_pointer() {
    let generated = atlas_tests::generate("tests/fixtures/formats.yaml").unwrap();
    let warnings: Vec<String> = generated
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "#/components/schemas/Measurement/properties/decimal/format: format `decimal` is decoded as f64: digits beyond its 15–17 significant ones are rounded",
            "#/components/schemas/Measurement/properties/oddInteger/format: unknown integer format `int128`; using i64",
            "#/components/schemas/Measurement/properties/oddNumber/format: unknown number format `bigfloat`; using f64",
        ]
    );
}

#[test]
fn a_date_time_re_encodes_as_it_came() {
    let text = r#"{"day":"0005-01-31","history":["2026-01-02T03:04:05Z","2026-01-02T03:04:05-00:00","1713-01-12T11:14:55.000377-10:53"],"takenAt":"2026-01-02T05:04:05.100000+02:00"}"#;
    let m: Measurement = serde_json::from_str(text).unwrap();
    let taken: &DateTime = m.taken_at.as_ref().unwrap();
    assert_eq!(taken.as_str(), "2026-01-02T05:04:05.100000+02:00");
    assert_eq!(taken.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(
        taken.to_utc(),
        chrono::Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()
            + chrono::TimeDelta::milliseconds(100)
    );
    let history = m.history.as_ref().unwrap();
    assert_eq!(history[0], history[1], "the same instant compares equal");
    assert_eq!(
        m.day,
        Some(chrono::NaiveDate::from_ymd_opt(5, 1, 31).unwrap())
    );
    assert_eq!(serde_json::to_string(&m).unwrap(), text, "byte for byte");

    let err = serde_json::from_str::<Measurement>(r#"{"takenAt":"2026-01-02 03:04"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(r#"invalid RFC 3339 date-time "2026-01-02 03:04""#),
        "{err}"
    );
}

#[tokio::test]
async fn a_date_time_is_sent_as_written_in_a_body_and_a_query() {
    let server = Capture::start(200, "{}").await;
    let client = golden_formats::Client::builder()
        .base_url(&server.base_url)
        .allow_http(true)
        .no_auth()
        .build()
        .unwrap();
    let body = Measurement {
        taken_at: Some("2026-01-02T05:04:05+02:00".parse().unwrap()),
        history: Some(vec![chrono::Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .unwrap()
            .into()]),
        ..Measurement::new()
    };
    let since = chrono::FixedOffset::west_opt(5 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .unwrap();
    client.create_measurement(body).since(since).await.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(
        sent.target,
        "/measurements?since=2026-01-01T00%3A00%3A00-05%3A00"
    );
    assert_eq!(
        sent.body_text(),
        r#"{"history":["2026-01-02T03:04:05Z"],"takenAt":"2026-01-02T05:04:05+02:00"}"#
    );
}
