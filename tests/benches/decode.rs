//! `cargo bench -p atlas-tests --bench decode`
//!
//! Decode (and encode) speed and peak memory of generated models against hand-written serde
//! models of the same JSON, on a page of 1,000 items (`tests/fixtures/unions.yaml`, generated
//! into `tests/goldens/unions`):
//!
//! - **polymorphic**: `EventPage`, a discriminated `oneOf` (`type`: `CLUSTER`/`USER`/`ALERT`)
//!   against a `#[serde(tag = "type")]` enum, with the tag first in each object and with it
//!   last (the generated decoder streams what follows the tag and buffers what comes before);
//! - **plain**: `ClusterPage`, structs only, against `#[derive(Deserialize)]`;
//! - **before**: the polymorphic page decoded the way generated unions used to be, through a
//!   `serde_json::Value` per item, for comparison.
//!
//! Rounds alternate between the contenders so machine noise hits all alike; each figure is a
//! ratio of median throughputs (target ≥ 0.9) and of peak heap bytes while decoding one page
//! (target ≤ 1.2), measured by a counting global allocator. Never asserted in tests.
//!
//! Encoding: the polymorphic page (the tag-adding serializer against serde's own), and the
//! plain page (`serde_struct!`'s shared writer against `#[derive(Serialize)]` with the
//! attributes the generator used to write; the text must be the same).
//!
//! `DECODE_ONLY=hand` or `DECODE_ONLY=generated` decodes the plain page 50 times with that
//! contender only and prints nothing (`ENCODE_ONLY=hand|generated` encodes it 200 times): run
//! it under `valgrind --tool=callgrind` to compare the two in instructions, which the
//! machine's load does not move.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use golden_unions::models as generated;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The system allocator, counting live and peak bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        System.dealloc(p, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = System.realloc(p, layout, new_size);
        if !q.is_null() {
            if new_size > layout.size() {
                let live =
                    LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Hand-written models of the same JSON.
mod hand {
    use super::*;

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct EventPage {
        pub results: Option<Vec<Event>>,
        pub total_count: Option<i64>,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(tag = "type")]
    pub enum Event {
        #[serde(rename = "CLUSTER")]
        Cluster(ClusterEvent),
        #[serde(rename = "USER")]
        User(UserEvent),
        #[serde(rename = "ALERT")]
        Alert(AlertEvent),
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ClusterEvent {
        pub id: String,
        pub created: String,
        pub group_id: Option<String>,
        pub cluster_name: Option<String>,
        pub replica_set_name: Option<String>,
        pub port: Option<i32>,
        pub is_global: Option<bool>,
        pub tags: Option<Vec<String>>,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UserEvent {
        pub id: String,
        pub created: String,
        pub username: Option<String>,
        pub roles: Option<Vec<String>>,
        pub remote_address: Option<String>,
        pub public_key: Option<String>,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AlertEvent {
        pub id: String,
        pub created: String,
        pub alert_id: Option<String>,
        pub metric_name: Option<String>,
        pub current_value: Option<CurrentValue>,
        pub acknowledged: Option<bool>,
    }

    #[derive(Deserialize, Serialize)]
    pub struct CurrentValue {
        pub number: Option<f64>,
        pub units: Option<String>,
    }

    // The plain page's models with the attributes the generator gave its derived `Serialize`
    // (`skip_serializing_if` on every optional property), in the generated field order, so
    // that encoding them is the derive against the generated `serde_struct!`, byte for byte.
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ClusterPage {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub results: Option<Vec<Cluster>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub total_count: Option<i64>,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Cluster {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub connection_strings: Option<ConnectionStrings>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub disk_size_gb: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub group_id: Option<String>,
        pub id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub mongo_db_version: Option<String>,
        pub name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub paused: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub replication_factor: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tags: Option<Vec<String>>,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ConnectionStrings {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub standard: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub standard_srv: Option<String>,
    }

    /// The polymorphic page decoded as generated unions used to decode: each item buffered
    /// as a `serde_json::Value`, then decoded from it.
    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct EventPageViaValue {
        pub results: Option<Vec<ViaValue>>,
        pub total_count: Option<i64>,
    }

    #[allow(dead_code)]
    pub struct ViaValue(pub generated::Event);

    impl<'de> Deserialize<'de> for ViaValue {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let value = Value::deserialize(d)?;
            generated::Event::deserialize(&value)
                .map(ViaValue)
                .map_err(serde::de::Error::custom)
        }
    }
}

const ITEMS: usize = 1000;

/// One event object; `tag_last` moves `type` to the end.
fn event(i: usize, tag_last: bool) -> String {
    let body = match i % 3 {
        0 => json!({
            "id": format!("{i:024x}"), "created": "2026-01-02T03:04:05Z",
            "groupId": "32b6e34b3d91647abb20e7b8", "clusterName": format!("cluster-{i}"),
            "replicaSetName": format!("atlas-{i}-shard-0"), "port": 27017, "isGlobal": false,
            "tags": ["prod", "eu"]
        }),
        1 => json!({
            "id": format!("{i:024x}"), "created": "2026-01-02T03:04:05Z",
            "username": format!("user{i}@example.com"), "roles": ["GROUP_OWNER", "GROUP_READ_ONLY"],
            "remoteAddress": "203.0.113.7", "publicKey": "abcdefgh"
        }),
        _ => json!({
            "id": format!("{i:024x}"), "created": "2026-01-02T03:04:05Z",
            "alertId": format!("{:024x}", i * 7), "metricName": "CONNECTIONS",
            "currentValue": {"number": 1234.5, "units": "RAW"}, "acknowledged": true
        }),
    };
    let tag = ["CLUSTER", "USER", "ALERT"][i % 3];
    let fields = body.to_string();
    let fields = &fields[1..fields.len() - 1];
    if tag_last {
        format!("{{{fields},\"type\":\"{tag}\"}}")
    } else {
        format!("{{\"type\":\"{tag}\",{fields}}}")
    }
}

fn page(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    format!(
        "{{\"results\":[{}],\"totalCount\":{ITEMS}}}",
        items.join(",")
    )
}

fn clusters() -> String {
    page((0..ITEMS).map(|i| {
        json!({
            "id": format!("{i:024x}"), "name": format!("cluster-{i}"),
            "groupId": "32b6e34b3d91647abb20e7b8", "mongoDbVersion": "8.0.4",
            "diskSizeGb": 40.5, "paused": false, "replicationFactor": 3,
            "tags": ["prod", "eu"],
            "connectionStrings": {"standard": format!("mongodb://c{i}.example.net:27017"),
                                  "standardSrv": format!("mongodb+srv://c{i}.example.net")}
        })
        .to_string()
    }))
}

/// Decodes `text` as `T` once, returning (seconds, peak heap bytes above the start).
fn decode_once<T: for<'de> Deserialize<'de>>(text: &str) -> (f64, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let start = Instant::now();
    let value: T = serde_json::from_str(text).expect("decodes");
    let elapsed = start.elapsed().as_secs_f64();
    let peak = PEAK.load(Relaxed) - base;
    drop(black_box(value));
    (elapsed, peak)
}

fn encode_once<T: Serialize>(value: &T) -> f64 {
    let start = Instant::now();
    let text = serde_json::to_vec(value).expect("encodes");
    let elapsed = start.elapsed().as_secs_f64();
    black_box(text);
    elapsed
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

const ROUNDS: usize = 21;
const REPEAT: usize = 10;

/// Per contender: median seconds per decode, median of the per-round throughput ratios
/// against the first contender (rounds alternate the order; a round's ratio compares runs
/// made moments apart), and peak heap bytes of one decode.
/// One contender: decodes a page, returning (seconds, peak heap bytes).
type Decoder = fn(&str) -> (f64, usize);

fn compare(text: &str, contenders: &[Decoder]) -> Vec<(f64, f64, usize)> {
    let n = contenders.len();
    let mut times = vec![Vec::new(); n];
    let mut ratios = vec![Vec::new(); n];
    let mut peaks = vec![0; n];
    for round in 0..ROUNDS {
        let mut this_round = vec![0.0; n];
        for k in 0..n {
            let k = (k + round) % n;
            let mut total = 0.0;
            for _ in 0..REPEAT {
                let (t, peak) = contenders[k](text);
                total += t;
                peaks[k] = peaks[k].max(peak);
            }
            this_round[k] = total / REPEAT as f64;
        }
        for k in 0..n {
            times[k].push(this_round[k]);
            ratios[k].push(this_round[0] / this_round[k]);
        }
    }
    (0..n)
        .map(|k| {
            (
                median(std::mem::take(&mut times[k])),
                median(std::mem::take(&mut ratios[k])),
                peaks[k],
            )
        })
        .collect()
}

fn report(what: &str, text: &str, results: &[(f64, f64, usize)], names: &[&str]) {
    let mb = text.len() as f64 / 1e6;
    let base_peak = results[0].2;
    println!("{what} ({ITEMS} items, {:.0} kB):", text.len() as f64 / 1e3);
    for ((t, ratio, peak), name) in results.iter().zip(names) {
        println!(
            "  {name:<34} {:>7.1} MB/s  peak {:>8} B   throughput ratio {ratio:.3}  peak ratio {:.3}",
            mb / t,
            peak,
            *peak as f64 / base_peak as f64
        );
    }
}

fn main() {
    if let Ok(which) = std::env::var("ENCODE_ONLY") {
        assert!(
            which == "hand" || which == "generated",
            "ENCODE_ONLY=hand|generated"
        );
        let text = clusters();
        let hand_page: hand::ClusterPage = serde_json::from_str(&text).unwrap();
        let gen_page: generated::ClusterPage = serde_json::from_str(&text).unwrap();
        for _ in 0..200 {
            if which == "hand" {
                black_box(encode_once(&hand_page));
            } else {
                black_box(encode_once(&gen_page));
            }
        }
        return;
    }
    if let Ok(which) = std::env::var("DECODE_ONLY") {
        assert!(
            which == "hand" || which == "generated",
            "DECODE_ONLY=hand|generated"
        );
        let text = clusters();
        for _ in 0..50 {
            if which == "hand" {
                black_box(decode_once::<hand::ClusterPage>(&text));
            } else {
                black_box(decode_once::<generated::ClusterPage>(&text));
            }
        }
        return;
    }
    // `--sizes`: where the peak bytes go (the size of one event, one item's and one page's
    // peak), for reading the peak ratios.
    if std::env::args().any(|a| a == "--sizes") {
        println!(
            "size_of Event: generated {} hand {}",
            std::mem::size_of::<generated::Event>(),
            std::mem::size_of::<hand::Event>()
        );
        for tag_last in [false, true] {
            let one = event(0, tag_last);
            println!(
                "one item (tag last: {tag_last}): generated {:?} hand {:?}",
                decode_once::<generated::Event>(&one).1,
                decode_once::<hand::Event>(&one).1
            );
        }
        for tag_last in [false, true, false, true] {
            let text = page((0..ITEMS).map(|i| event(i, tag_last)));
            println!(
                "page (tag last: {tag_last}): generated {:?} hand {:?}",
                decode_once::<generated::EventPage>(&text).1,
                decode_once::<hand::EventPage>(&text).1
            );
        }
        return;
    }
    // Sanity: every contender decodes every item, and the generated model loses nothing.
    for tag_last in [false, true] {
        let text = page((0..ITEMS).map(|i| event(i, tag_last)));
        let page: generated::EventPage = serde_json::from_str(&text).unwrap();
        assert_eq!(page.results.as_ref().unwrap().len(), ITEMS);
        assert!(page
            .results
            .as_ref()
            .unwrap()
            .iter()
            .all(|e| !matches!(e, generated::Event::Unknown(_))));
        assert_eq!(
            serde_json::to_value(&page).unwrap(),
            serde_json::from_str::<Value>(&text).unwrap()
        );
    }

    for (label, tag_last) in [
        ("polymorphic, tag first", false),
        ("polymorphic, tag last", true),
    ] {
        let text = page((0..ITEMS).map(|i| event(i, tag_last)));
        let results = compare(
            &text,
            &[
                |t| decode_once::<hand::EventPage>(t),
                |t| decode_once::<generated::EventPage>(t),
                |t| decode_once::<hand::EventPageViaValue>(t),
            ],
        );
        report(
            label,
            &text,
            &results,
            &[
                "hand-written #[serde(tag)]",
                "generated (de::deserialize_tagged)",
                "before: via serde_json::Value",
            ],
        );
    }

    let text = clusters();
    let results = compare(
        &text,
        &[
            |t| decode_once::<hand::ClusterPage>(t),
            |t| decode_once::<generated::ClusterPage>(t),
        ],
    );
    report(
        "plain",
        &text,
        &results,
        &["hand-written #[derive]", "generated"],
    );

    // Encoding the polymorphic page: the tag-adding serializer against serde's own.
    let text = page((0..ITEMS).map(|i| event(i, false)));
    let hand_page: hand::EventPage = serde_json::from_str(&text).unwrap();
    let gen_page: generated::EventPage = serde_json::from_str(&text).unwrap();
    encode_compare(
        "encode polymorphic: hand-written",
        "generated (de::serialize_tagged)",
        &text,
        &hand_page,
        &gen_page,
    );

    // Encoding the plain page: the derive against `serde_struct!`, the same text.
    let text = clusters();
    let hand_page: hand::ClusterPage = serde_json::from_str(&text).unwrap();
    let gen_page: generated::ClusterPage = serde_json::from_str(&text).unwrap();
    assert_eq!(
        serde_json::to_string(&hand_page).unwrap(),
        serde_json::to_string(&gen_page).unwrap()
    );
    encode_compare(
        "encode plain: hand-written #[derive(Serialize)]",
        "generated (serde_struct!)",
        &text,
        &hand_page,
        &gen_page,
    );
}

/// Encodes the two pages in alternating rounds; prints their median throughputs and the
/// median of the per-round throughput ratios (generated against hand-written).
fn encode_compare<H: Serialize, G: Serialize>(
    hand_label: &str,
    gen_label: &str,
    text: &str,
    hand_page: &H,
    gen_page: &G,
) {
    let mut hand_t = Vec::new();
    let mut gen_t = Vec::new();
    let mut ratios = Vec::new();
    for round in 0..ROUNDS {
        let run = |which: usize| -> f64 {
            (0..REPEAT)
                .map(|_| {
                    if which == 0 {
                        encode_once(hand_page)
                    } else {
                        encode_once(gen_page)
                    }
                })
                .sum()
        };
        let (h, g) = if round % 2 == 0 {
            let h = run(0);
            (h, run(1))
        } else {
            let g = run(1);
            (run(0), g)
        };
        hand_t.push(h);
        gen_t.push(g);
        ratios.push(h / g);
    }
    let mb = text.len() as f64 * REPEAT as f64 / 1e6;
    println!(
        "{hand_label} {:.1} MB/s, {gen_label} {:.1} MB/s, throughput ratio {:.3}",
        mb / median(hand_t),
        mb / median(gen_t),
        median(ratios)
    );
}
