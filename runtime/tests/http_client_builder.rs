//! `builder::http_client_builder()`: a `reqwest` client configured by the caller (here, a
//! default header the runtime does not send itself) and passed to `ClientBuilder::http_client`.
//! Its own test binary, so no client of the runtime has installed a TLS crypto provider before
//! it: `reqwest::Client::builder().build()` panics at this point without one.

mod common;

use atlas_admin_runtime::builder::http_client_builder;
use atlas_admin_runtime::{HeaderMap, Transport};
use common::*;

#[tokio::test]
async fn a_caller_built_http_client_works_before_any_other_client() {
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    let mut headers = HeaderMap::new();
    headers.insert("x-tenant", "t-1".parse().unwrap());
    let http = http_client_builder()
        .default_headers(headers)
        .build()
        .expect("a reqwest client builds without a provider installed by the caller");
    let s = serve(|_r| std::future::ready(reply(302, &[("location", "/elsewhere")], ""))).await;
    let t: Transport = s.builder().http_client(http).build().unwrap();
    let err = t.execute(get("/things")).await.unwrap_err();
    let got = s.requests();
    // The default header went out, and the redirect was not followed.
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].header("x-tenant"), Some("t-1"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
}
