//! What every generated request builder shares: validate and build the request, send it,
//! decode the answer — with or without the status and headers.
//!
//! A builder states only what is its own by implementing [`Operation`] (the transport, how
//! to build its request, how to decode its answer); the [`operation!`](crate::operation!)
//! macro then gives it `send()`, `send_with_response()` and `.await`, all three returning the
//! future of [`send_request`] or [`send_request_with_response`] here:
//!
//! ```
//! use atlas_admin_runtime::validate::Validator;
//! use atlas_admin_runtime::{Error, Method, Operation, Request, Response, Transport};
//!
//! pub struct Client {
//!     transport: Transport,
//! }
//!
//! /// Request for one project.
//! pub struct GetProject<'a> {
//!     client: &'a Client,
//!     group_id: String,
//! }
//!
//! impl Operation for GetProject<'_> {
//!     type Output = serde_json::Value;
//!
//!     fn transport(&self) -> &Transport {
//!         &self.client.transport
//!     }
//!
//!     fn request(&self) -> Result<Request, Error> {
//!         let mut v = Validator::for_transport(self.transport());
//!         v.min_length("groupId", &self.group_id, 24);
//!         v.finish()?;
//!         Ok(Request::new(
//!             "getProject",
//!             Method::GET,
//!             "/api/atlas/v2/groups/{groupId}",
//!             format!("/api/atlas/v2/groups/{}", atlas_admin_runtime::path::segment(&self.group_id)),
//!             "application/vnd.atlas.2023-01-01+json",
//!         ))
//!     }
//!
//!     fn decode(response: &Response) -> Result<Self::Output, Error> {
//!         response.json()
//!     }
//! }
//!
//! atlas_admin_runtime::operation!(GetProject);
//!
//! # async fn use_it(client: &Client) -> Result<(), Error> {
//! let project = GetProject { client, group_id: "5f1a2b3c4d5e6f7a8b9c0d1e".into() }.await?;
//! let answer = GetProject { client, group_id: "5f1a2b3c4d5e6f7a8b9c0d1e".into() }
//!     .send_with_response()
//!     .await?;
//! println!("{} calls left", answer.rate_limit().remaining.unwrap_or(0));
//! let project = answer.into_inner();
//! # let _ = project;
//! # Ok(())
//! # }
//! ```

use crate::error::Error;
use crate::exchange::request::Request;
use crate::exchange::response::Response;
use crate::transport::Transport;
use crate::BoxFuture;

/// A request builder of the generated code: the parts of a call that are its own.
pub trait Operation {
    /// The decoded body of the documented 2xx answer.
    type Output;

    /// The transport that sends the request (the generated `Client`'s).
    fn transport(&self) -> &Transport;

    /// Validates the arguments and builds the request; nothing is sent. Fails with
    /// [`Error::Validation`] (every issue at once) or [`Error::Encode`].
    fn request(&self) -> Result<Request, Error>;

    /// Decodes a 2xx answer (JSON, text, bytes or nothing, as the spec says).
    fn decode(response: &Response) -> Result<Self::Output, Error>;
}

/// Sends an already built `request` (or returns its validation error without sending) and
/// decodes the answer with `decode`: the future of a builder's `send()` and `.await`.
///
/// Generic over the output type alone, not over the builder: builders that answer the same
/// type share one future type, one state machine and one `Send` proof, where an `async fn`
/// per builder compiled one of each per operation (issue 14: about a fifth of the `cargo
/// check` time of a generated crate). The transport is cloned (an `Arc`), so the future
/// borrows nothing from the builder; the request is built before the future exists, so an
/// invalid argument still fails before any network traffic.
pub fn send_request<'a, T: Send + 'a>(
    transport: &Transport,
    request: Result<Request, Error>,
    decode: fn(&Response) -> Result<T, Error>,
) -> BoxFuture<'a, Result<T, Error>> {
    let transport = transport.clone();
    Box::pin(async move { decode(&transport.execute(request?).await?) })
}

/// [`send_request`] with the answer's status and headers: the future of a builder's
/// `send_with_response()`. Costs nothing more than [`send_request`]: the headers were received
/// anyway and are moved, not copied.
pub fn send_request_with_response<'a, T: Send + 'a>(
    transport: &Transport,
    request: Result<Request, Error>,
    decode: fn(&Response) -> Result<T, Error>,
) -> BoxFuture<'a, Result<Response<T>, Error>> {
    let transport = transport.clone();
    Box::pin(async move {
        let response = transport.execute(request?).await?;
        let value = decode(&response)?;
        Ok(response.map(|_| value))
    })
}

/// Validates, sends and decodes, and keeps the answer as received: the decoded body, and the
/// [`Response`] with the status, headers and the body's bytes exactly as the server sent them
/// (envelope unwrapped). For callers that pass the server's text on — the generated command
/// line prints it, so a field the generated model does not know is not lost — while a body
/// that does not decode into the operation's type is still an [`Error::Decode`].
pub async fn send_keeping_body<O: Operation>(operation: O) -> Result<(O::Output, Response), Error> {
    let request = operation.request()?;
    let response = operation.transport().execute(request).await?;
    let value = O::decode(&response)?;
    Ok((value, response))
}
