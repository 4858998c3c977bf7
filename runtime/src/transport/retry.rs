//! Retry policy: which failures may be retried, and how long to wait.
//!
//! Safety rules: a non-idempotent request (POST, PATCH) is only re-sent when
//! the server provably did not process it: on `429`, or when the connection
//! could not be established. Idempotent methods are also retried on `503`,
//! on timeouts and on other transport errors.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use http::{Method, StatusCode};

/// How failed attempts are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// Backoff before the first retry; doubled for every further retry.
    pub initial_backoff: Duration,
    /// Upper bound of the exponential backoff.
    pub max_backoff: Duration,
    /// A `Retry-After` longer than this is not waited for: the error is returned.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Exponential backoff with jitter for retry number `retry` (0-based):
    /// uniformly random in `[d/2, d]` with `d = min(initial * 2^retry, max_backoff)`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(31));
        let d = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = d / 2;
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = if nanos == 0 {
            0
        } else {
            random_u64() % (nanos + 1)
        };
        half + Duration::from_nanos(jitter)
    }
}

/// Idempotent per RFC 9110 (safe to re-send after an ambiguous failure).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// Whether a response status may be retried for this method.
pub(crate) fn status_retryable(method: &Method, status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || (status == StatusCode::SERVICE_UNAVAILABLE && is_idempotent(method))
}

/// Whether a transport failure may be retried for this method.
/// `connect` failures never reached the server, so every method may be re-sent.
pub(crate) fn transport_retryable(method: &Method, connect: bool) -> bool {
    connect || is_idempotent(method)
}

fn random_u64() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
            max_retry_after: Duration::from_secs(1),
        };
        for _ in 0..50 {
            let b0 = p.backoff(0);
            assert!(b0 >= Duration::from_millis(50) && b0 <= Duration::from_millis(100));
            let b2 = p.backoff(2);
            assert!(b2 >= Duration::from_millis(200) && b2 <= Duration::from_millis(400));
            let b9 = p.backoff(40);
            assert!(b9 >= Duration::from_millis(500) && b9 <= Duration::from_millis(1000));
        }
        assert_eq!(RetryPolicy::none().max_retries, 0);
        assert_eq!(RetryPolicy::default().max_retries, 3);
    }

    #[test]
    fn method_rules() {
        assert!(status_retryable(
            &Method::POST,
            StatusCode::TOO_MANY_REQUESTS
        ));
        assert!(!status_retryable(
            &Method::POST,
            StatusCode::SERVICE_UNAVAILABLE
        ));
        assert!(!status_retryable(
            &Method::PATCH,
            StatusCode::SERVICE_UNAVAILABLE
        ));
        assert!(status_retryable(
            &Method::GET,
            StatusCode::SERVICE_UNAVAILABLE
        ));
        assert!(status_retryable(
            &Method::DELETE,
            StatusCode::SERVICE_UNAVAILABLE
        ));
        assert!(!status_retryable(
            &Method::GET,
            StatusCode::INTERNAL_SERVER_ERROR
        ));
        assert!(transport_retryable(&Method::POST, true));
        assert!(!transport_retryable(&Method::POST, false));
        assert!(transport_retryable(&Method::PUT, false));
    }
}
