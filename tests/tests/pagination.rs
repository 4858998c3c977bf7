//! `into_stream()` on list operations, end to end: the client generated from
//! `tests/fixtures/pagination.yaml` (committed under `tests/goldens/pagination/`, checked for drift by
//! `goldens.rs`) pages through a small axum server on 127.0.0.1 that records every request.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::{StreamExt, TryStreamExt};
use golden_pagination::{models, Client, Error};
use serde_json::json;

const GROUP: &str = "5f1a2b3c4d5e6f7a8b9c0d1e";

/// How the test server answers list requests.
#[derive(Clone, Copy)]
struct Behaviour {
    /// Items that exist.
    total: u64,
    /// Report `totalCount` in widget pages.
    report_total: bool,
    /// Ignore `pageNum` and always serve the first page (a broken server).
    ignore_page: bool,
    /// Answer this page with a 400 error.
    fail_page: Option<u64>,
}

#[derive(Clone)]
struct Server {
    behaviour: Behaviour,
    /// (path, pageNum, itemsPerPage) of every request, in order.
    requests: Arc<Mutex<Vec<(String, u64, u64)>>>,
}

impl Server {
    fn page(&self, path: &str, query: &BTreeMap<String, String>) -> Option<(u64, Vec<u64>)> {
        let number = |key: &str, default: u64| {
            query
                .get(key)
                .map_or(default, |v| v.parse().expect("numeric query"))
        };
        let (page, per_page) = (number("pageNum", 1), number("itemsPerPage", 100));
        self.requests
            .lock()
            .unwrap()
            .push((path.to_string(), page, per_page));
        if self.behaviour.fail_page == Some(page) {
            return None;
        }
        let page = if self.behaviour.ignore_page { 1 } else { page };
        let start = (page - 1) * per_page;
        let end = (start + per_page).min(self.behaviour.total);
        Some((self.behaviour.total, (start.min(end)..end).collect()))
    }
}

async fn widgets(
    State(server): State<Server>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    match server.page("widgets", &query) {
        Some((total, ids)) => {
            let results: Vec<_> = ids
                .iter()
                .map(|id| json!({"id": id, "name": format!("w{id}")}))
                .collect();
            let mut body = json!({ "results": results, "links": [] });
            if server.behaviour.report_total {
                body["totalCount"] = json!(total);
            }
            Json(body).into_response()
        }
        None => failure(),
    }
}

async fn gadgets(
    State(server): State<Server>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    match server.page("gadgets", &query) {
        Some((_, ids)) => {
            let results: Vec<String> = ids.iter().map(|id| format!("g{id}")).collect();
            Json(json!({ "results": results })).into_response()
        }
        None => failure(),
    }
}

/// The Atlas error answer for a page the server is told to fail.
fn failure() -> Response {
    let body = json!({"detail": "boom", "error": 400, "errorCode": "INVALID_PAGE", "reason": "Bad Request"});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// Starts the server on an ephemeral loopback port; returns a client for it and the request log.
async fn start(behaviour: Behaviour) -> (Client, Arc<Mutex<Vec<(String, u64, u64)>>>) {
    let requests = Arc::new(Mutex::new(Vec::new()));
    let state = Server {
        behaviour,
        requests: requests.clone(),
    };
    let app = Router::new()
        .route("/api/atlas/v2/groups/{group}/widgets", get(widgets))
        .route("/api/atlas/v2/gadgets", get(gadgets))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .allow_http(true)
        .no_auth()
        .retry(golden_pagination::RetryPolicy::none())
        .build()
        .unwrap();
    (client, requests)
}

fn behaviour(total: u64, report_total: bool) -> Behaviour {
    Behaviour {
        total,
        report_total,
        ignore_page: false,
        fail_page: None,
    }
}

fn pages(requests: &Mutex<Vec<(String, u64, u64)>>) -> Vec<u64> {
    requests
        .lock()
        .unwrap()
        .iter()
        .map(|(_, page, _)| *page)
        .collect()
}

#[tokio::test]
async fn streams_every_item_across_pages_and_stops_after_the_short_last_page() {
    let (client, requests) = start(behaviour(250, true)).await;
    let widgets: Vec<models::Widget> = client
        .list_widgets(GROUP)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<i64> = widgets.iter().map(|w| w.id).collect();
    assert_eq!(ids, (0..250).collect::<Vec<_>>());
    assert_eq!(widgets[7].name.as_deref(), Some("w7"));
    let log = requests.lock().unwrap().clone();
    // The spec's default page size is sent explicitly, so the short-page rule is sound.
    assert_eq!(
        log,
        [
            ("widgets".into(), 1, 100),
            ("widgets".into(), 2, 100),
            ("widgets".into(), 3, 100)
        ]
    );
}

#[tokio::test]
async fn stops_at_total_count_without_asking_for_an_empty_page() {
    let (client, requests) = start(behaviour(200, true)).await;
    let count = client
        .list_widgets(GROUP)
        .items_per_page(50)
        .into_stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .len();
    assert_eq!(count, 200);
    assert_eq!(pages(&requests), [1, 2, 3, 4]);
}

#[tokio::test]
async fn without_total_count_an_empty_page_ends_the_stream() {
    let (client, requests) = start(behaviour(200, false)).await;
    let gadgets: Vec<String> = client
        .list_gadgets()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(gadgets.len(), 200);
    assert_eq!(gadgets[199], "g199");
    assert_eq!(
        pages(&requests),
        [1, 2, 3],
        "full, full, then an empty page"
    );
}

#[tokio::test]
async fn starts_at_the_chosen_page_and_keeps_other_parameters() {
    let (client, requests) = start(behaviour(30, true)).await;
    let widgets: Vec<models::Widget> = client
        .list_widgets(GROUP)
        .page_num(2)
        .items_per_page(10)
        .color("red")
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    // totalCount counts from page 1, the stream from page 2: it ends on the short/empty page.
    assert_eq!(
        widgets.iter().map(|w| w.id).collect::<Vec<_>>(),
        (10..30).collect::<Vec<_>>()
    );
    assert_eq!(pages(&requests), [2, 3, 4]);
}

#[tokio::test]
async fn a_server_ignoring_page_num_cannot_make_it_loop_forever() {
    let (client, requests) = start(Behaviour {
        ignore_page: true,
        ..behaviour(300, true)
    })
    .await;
    let widgets: Vec<models::Widget> = client
        .list_widgets(GROUP)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(widgets.len(), 300, "stops once totalCount items were seen");
    assert_eq!(pages(&requests), [1, 2, 3]);
}

#[tokio::test]
async fn an_error_is_yielded_after_the_items_before_it_and_ends_the_stream() {
    let (client, requests) = start(Behaviour {
        fail_page: Some(2),
        ..behaviour(250, true)
    })
    .await;
    let results: Vec<Result<models::Widget, Error>> =
        client.list_widgets(GROUP).into_stream().collect().await;
    assert_eq!(results.len(), 101);
    assert!(results[..100].iter().all(Result::is_ok));
    let error = results[100].as_ref().unwrap_err();
    assert_eq!(error.error_code(), Some("INVALID_PAGE"));
    assert_eq!(pages(&requests), [1, 2]);
}

#[tokio::test]
async fn the_stream_is_polled_without_pinning_and_can_move_to_another_task() {
    let (client, requests) = start(behaviour(120, true)).await;
    let client = Arc::new(client);
    let task_client = Arc::clone(&client);
    // `Unpin`: `next()` on the stream itself, no `pin!`; `Send + 'static` once the client is
    // owned by the task: it runs on another task of the runtime.
    let first_two = tokio::spawn(async move {
        let mut stream = task_client
            .list_widgets(GROUP)
            .items_per_page(100)
            .into_stream();
        let a = stream.next().await.unwrap().unwrap();
        let b = stream.next().await.unwrap().unwrap();
        (a.id, b.id, format!("{stream:?}"))
    })
    .await
    .unwrap();
    assert_eq!(first_two, (0, 1, "Pages".to_string()));
    assert_eq!(
        pages(&requests),
        [1],
        "the second page is fetched only when needed"
    );
}

#[tokio::test]
async fn page_size_is_validated_before_anything_is_sent() {
    let (client, requests) = start(behaviour(10, true)).await;
    let results: Vec<Result<models::Widget, Error>> = client
        .list_widgets(GROUP)
        .items_per_page(501)
        .into_stream()
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert!(
        matches!(results[0], Err(Error::Validation(_))),
        "{:?}",
        results[0]
    );
    assert!(requests.lock().unwrap().is_empty());
}

#[test]
fn only_list_operations_get_into_stream() {
    let widgets = include_str!("../goldens/pagination/src/operations/widgets.rs");
    assert_eq!(
        widgets.matches("pub fn into_stream(").count(),
        1,
        "listWidgets has it, getWidget does not"
    );
}
