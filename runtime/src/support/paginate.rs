//! Paging through Atlas list operations.
//!
//! A list operation takes `pageNum` and `itemsPerPage` query parameters and answers with a
//! `Paginated…` object holding a `results` array and (usually) a `totalCount`. [`stream`] turns
//! such an operation into one [`Stream`] of every item across all pages, fetching each page only
//! when the previous one has been consumed. The generated client calls it from a one-line
//! `into_stream()` method on each list request builder; everything else lives here.
//!
//! The stream ends after the first of:
//! - an empty page;
//! - a page with fewer items than were asked for (`itemsPerPage`): that is the last page;
//! - as many items as `totalCount` said there are, counted from the first page fetched;
//! - an error, which is yielded once and then ends the stream;
//! - [`MAX_PAGES`] pages (a guard against a server that always answers with full pages and no
//!   `totalCount`); a warning is logged when it is hit.
//!
//! So it never loops forever, and it never asks for a page after the last one when the server
//! says where that is.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_core::Stream;

use crate::{BoxFuture, Error};

/// At most this many pages are fetched by one [`stream`].
pub const MAX_PAGES: u64 = 100_000;

/// One page of a list answer, as the generated code hands it to [`stream`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The page's `results`.
    pub items: Vec<T>,
    /// The `totalCount` the server reported, if any (negative values are treated as absent).
    pub total_count: Option<u64>,
}

impl<T> Page<T> {
    /// A page from its items and the server's `totalCount` (any integer type).
    pub fn new(items: Vec<T>, total_count: Option<impl TryInto<u64>>) -> Self {
        Page {
            items,
            total_count: total_count.and_then(|n| n.try_into().ok()),
        }
    }
}

/// Where paging starts and how large the pages are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The first page to fetch (Atlas numbers pages from 1).
    pub first_page: u64,
    /// The `itemsPerPage` sent with every request.
    pub items_per_page: u64,
}

struct State<T, F> {
    fetch: F,
    /// The next page to fetch, or `None` once the last page has been fetched.
    next: Option<u64>,
    pages: u64,
    seen: u64,
    buffered: std::vec::IntoIter<T>,
}

/// Every item of every page, in order. `fetch(page_num)` sends the request for one page (with
/// `pageNum = page_num` and `itemsPerPage = paging.items_per_page`). See the module docs for
/// when the stream ends.
pub fn stream<'a, T, F, Fut>(
    paging: Paging,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>> + Send + 'a
where
    T: Send + 'a,
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'a,
{
    let state = State {
        fetch,
        next: Some(paging.first_page),
        pages: 0,
        seen: 0,
        buffered: Vec::new().into_iter(),
    };
    futures_util::stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.buffered.next() {
                return Some((Ok(item), state));
            }
            let page_num = state.next?;
            let page = match (state.fetch)(page_num).await {
                Ok(page) => page,
                Err(error) => {
                    state.next = None;
                    return Some((Err(error), state));
                }
            };
            state.pages += 1;
            let count = page.items.len() as u64;
            state.seen = state.seen.saturating_add(count);
            let last = count == 0
                || count < paging.items_per_page
                || page.total_count.is_some_and(|total| state.seen >= total);
            let capped = !last && state.pages >= MAX_PAGES;
            if capped {
                tracing::warn!(
                    pages = state.pages,
                    "pagination stopped after {MAX_PAGES} full pages"
                );
            }
            state.next = (!last && !capped).then(|| page_num.saturating_add(1));
            state.buffered = page.items.into_iter();
        }
    })
}

/// The stream of every item of a list operation that pages: what a generated
/// `into_stream()` returns ([`pages`]). A [`Stream`] of `Result<T, Error>` that is `Send` and
/// `Unpin` (poll it with `StreamExt::next` without pinning it first); it borrows the client
/// for `'a`.
pub struct Pages<'a, T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>,
}

impl<T> Stream for Pages<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pages")
    }
}

/// [`stream`] for a generated list request: `fetch(page_num)` sends the request for one page
/// (the builder's boxed `send()` future) and `split` takes the items and `totalCount` out of
/// its answer. One concrete stream type for every operation, so a generated crate compiles no
/// future or stream type of its own per list operation.
pub fn pages<'a, O, T, F>(paging: Paging, mut fetch: F, split: fn(O) -> Page<T>) -> Pages<'a, T>
where
    O: 'a,
    T: Send + 'a,
    F: FnMut(u64) -> BoxFuture<'a, Result<O, Error>> + Send + 'a,
{
    let inner = stream(paging, move |page_num| {
        let answer = fetch(page_num);
        async move { answer.await.map(split) }
    });
    Pages {
        inner: Box::pin(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::sync::{Arc, Mutex};

    /// Serves `total` items in pages, reporting `total_count` (if any); records requested pages.
    fn pages(
        total: u64,
        total_count: Option<u64>,
        requested: Arc<Mutex<Vec<u64>>>,
        per_page: u64,
    ) -> impl FnMut(u64) -> std::future::Ready<Result<Page<u64>, Error>> + Send {
        move |page_num| {
            requested.lock().unwrap().push(page_num);
            let start = (page_num - 1) * per_page;
            let items = (start..(start + per_page).min(total)).collect();
            std::future::ready(Ok(Page { items, total_count }))
        }
    }

    async fn run(total: u64, total_count: Option<u64>, per_page: u64) -> (Vec<u64>, Vec<u64>) {
        let requested = Arc::new(Mutex::new(Vec::new()));
        let paging = Paging {
            first_page: 1,
            items_per_page: per_page,
        };
        let items: Vec<u64> = stream(
            paging,
            pages(total, total_count, requested.clone(), per_page),
        )
        .map(|r| r.unwrap())
        .collect()
        .await;
        let requested = requested.lock().unwrap().clone();
        (items, requested)
    }

    #[tokio::test]
    async fn stops_on_the_short_last_page() {
        let (items, requested) = run(25, None, 10).await;
        assert_eq!(items, (0..25).collect::<Vec<_>>());
        assert_eq!(requested, [1, 2, 3]);
    }

    #[tokio::test]
    async fn stops_at_total_count_without_an_extra_request() {
        let (items, requested) = run(30, Some(30), 10).await;
        assert_eq!(items.len(), 30);
        assert_eq!(requested, [1, 2, 3]);
    }

    #[tokio::test]
    async fn stops_on_an_empty_page_when_total_count_is_absent() {
        let (items, requested) = run(20, None, 10).await;
        assert_eq!(items.len(), 20);
        assert_eq!(requested, [1, 2, 3]);
        let (items, requested) = run(0, Some(0), 10).await;
        assert!(items.is_empty());
        assert_eq!(requested, [1]);
    }

    #[tokio::test]
    async fn an_error_is_yielded_once_and_ends_the_stream() {
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        let fetch = move |page_num: u64| {
            *counter.lock().unwrap() += 1;
            std::future::ready(if page_num == 1 {
                Ok(Page {
                    items: vec![1, 2],
                    total_count: Some(10),
                })
            } else {
                Err(Error::Encode(serde_json::from_str::<u8>("x").unwrap_err()))
            })
        };
        let out: Vec<Result<u8, Error>> = stream(
            Paging {
                first_page: 1,
                items_per_page: 2,
            },
            fetch,
        )
        .collect()
        .await;
        assert_eq!(out.len(), 3);
        assert!(out[2].is_err());
        assert_eq!(*calls.lock().unwrap(), 2);
    }

    #[test]
    fn page_new_converts_counts() {
        assert_eq!(Page::new(vec![1], Some(5i32)).total_count, Some(5));
        assert_eq!(Page::new(vec![1], Some(-1i64)).total_count, None);
        assert_eq!(Page::<u8>::new(vec![], None::<i32>).total_count, None);
    }
}
