//! The command line of a generated CLI crate (feature `cli`).
//!
//! The generated crate describes every operation as data ([`Tag`], [`OperationInfo`],
//! [`ParamInfo`], [`BodyInfo`]) with one function per operation that reads its typed
//! arguments from [`Args`] and calls the generated client; [`main`] builds the `clap` command
//! from that data, reads the credentials from the environment, runs the operation and prints
//! the answer.
//!
//! ```text
//! atlas-admin api <tag> <operation> [--<param> VALUE]… [--file PATH|-] [--output json|yaml]
//! atlas-admin completion bash|zsh|fish
//! ```
//!
//! Exit codes ([`ExitStatus`]): 0 success, 1 any other failure (an answer that did not decode,
//! a bad configuration), 2 invalid command line, 3 invalid input (a parameter value or the
//! body did not pass the generated types' validation; nothing was sent), 4 authentication
//! (no credentials, or the credentials were refused), 5 the API answered with an error,
//! 6 network failure or timeout.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::Error;
use crate::{ApiKeyLocation, BoxFuture, Bytes, ClientBuilder, Operation, Transport};

/// The environment variables a generated command line reads: `{prefix}_{suffix}`, with the
/// prefix of its [`Environment`] (`MONGODB_ATLAS` for Atlas's command line, else its binary's
/// name in SHOUTY_SNAKE_CASE: `PETCLINIC`) and a suffix from [`suffix`](env::suffix).
pub mod env {
    /// The prefix of the Atlas command line's variables (`MONGODB_ATLAS_ACCESS_TOKEN`).
    pub const ATLAS_PREFIX: &str = "MONGODB_ATLAS";

    /// The variable `{prefix}_{suffix}` (`name("PETCLINIC", suffix::API_KEY)` is
    /// `PETCLINIC_API_KEY`).
    pub fn name(prefix: &str, suffix: &str) -> String {
        format!("{prefix}_{suffix}")
    }

    /// What follows the prefix, for each variable.
    pub mod suffix {
        /// Public key of a programmatic API key (HTTP Digest username, with
        /// [`PRIVATE_API_KEY`]).
        pub const PUBLIC_API_KEY: &str = "PUBLIC_API_KEY";
        /// Private key of a programmatic API key (HTTP Digest password).
        pub const PRIVATE_API_KEY: &str = "PRIVATE_API_KEY";
        /// Client id of a service account (OAuth 2.0 client credentials, with
        /// [`CLIENT_SECRET`]).
        pub const CLIENT_ID: &str = "CLIENT_ID";
        /// Client secret of a service account.
        pub const CLIENT_SECRET: &str = "CLIENT_SECRET";
        /// The key of the spec's `apiKey` scheme.
        pub const API_KEY: &str = "API_KEY";
        /// HTTP Basic username (with [`PASSWORD`]).
        pub const USERNAME: &str = "USERNAME";
        /// HTTP Basic password.
        pub const PASSWORD: &str = "PASSWORD";
        /// A bearer access token.
        pub const ACCESS_TOKEN: &str = "ACCESS_TOKEN";
        /// The base URL (default: the client's, its spec's first server); `--base-url`
        /// overrides it.
        pub const BASE_URL: &str = "BASE_URL";
    }

    /// The Atlas command line's public key variable (HTTP Digest, with [`PRIVATE_API_KEY`]).
    pub const PUBLIC_API_KEY: &str = "MONGODB_ATLAS_PUBLIC_API_KEY";
    /// The Atlas command line's private key variable.
    pub const PRIVATE_API_KEY: &str = "MONGODB_ATLAS_PRIVATE_API_KEY";
    /// The Atlas command line's service account client id variable (with [`CLIENT_SECRET`]).
    pub const CLIENT_ID: &str = "MONGODB_ATLAS_CLIENT_ID";
    /// The Atlas command line's service account client secret variable.
    pub const CLIENT_SECRET: &str = "MONGODB_ATLAS_CLIENT_SECRET";
    /// The Atlas command line's access token variable.
    pub const ACCESS_TOKEN: &str = "MONGODB_ATLAS_ACCESS_TOKEN";
    /// The Atlas command line's base URL variable.
    pub const BASE_URL: &str = "MONGODB_ATLAS_BASE_URL";
}

/// A kind of credentials a generated command line reads from the environment (see
/// [`Environment`]). Whatever order a list of them is in, they are tried in this order —
/// the order of the variants — and the first one set is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// `{P}_PUBLIC_API_KEY` and `{P}_PRIVATE_API_KEY`: a programmatic API key, sent as HTTP
    /// Digest ([`ClientBuilder::digest_auth`]).
    Digest,
    /// `{P}_CLIENT_ID` and `{P}_CLIENT_SECRET`: a service account (OAuth 2.0 client
    /// credentials, [`ClientBuilder::service_account`]).
    ServiceAccount,
    /// `{P}_API_KEY`: the key of the spec's `apiKey` scheme, sent in `location` under `name`
    /// ([`ClientBuilder::api_key`] with [`ApiKey::new`](crate::ApiKey::new)).
    ApiKey {
        /// The scheme's `in`.
        location: ApiKeyLocation,
        /// The scheme's `name`: the header, query parameter or cookie.
        name: &'static str,
        /// The suffix of its variable: `API_KEY` when the spec has one `apiKey` scheme,
        /// `API_KEY_{SCHEME}` for each of several (`API_KEY_CLIENT_ID`, `API_KEY_SECRET`).
        variable: &'static str,
    },
    /// `{P}_USERNAME` and `{P}_PASSWORD`: HTTP Basic ([`ClientBuilder::basic_auth`]).
    Basic,
    /// `{P}_ACCESS_TOKEN`: a bearer token ([`ClientBuilder::bearer_token`]).
    Bearer,
}

impl CredentialKind {
    /// Its place in the order credentials are tried in.
    fn rank(self) -> u8 {
        match self {
            CredentialKind::Digest => 0,
            CredentialKind::ServiceAccount => 1,
            CredentialKind::ApiKey { .. } => 2,
            CredentialKind::Basic => 3,
            CredentialKind::Bearer => 4,
        }
    }

    /// The suffixes of the variables it reads (one, or a pair that must be set together).
    pub fn suffixes(self) -> Vec<&'static str> {
        use env::suffix::*;
        match self {
            CredentialKind::Digest => vec![PUBLIC_API_KEY, PRIVATE_API_KEY],
            CredentialKind::ServiceAccount => vec![CLIENT_ID, CLIENT_SECRET],
            CredentialKind::ApiKey { variable, .. } => vec![variable],
            CredentialKind::Basic => vec![USERNAME, PASSWORD],
            CredentialKind::Bearer => vec![ACCESS_TOKEN],
        }
    }

    /// What it is, for messages: `API key, HTTP Digest`, `API key in header X-API-Key`.
    fn what(self) -> String {
        match self {
            CredentialKind::Digest => "API key, HTTP Digest".to_string(),
            CredentialKind::ServiceAccount => "service account".to_string(),
            CredentialKind::ApiKey { location, name, .. } => {
                format!("API key in {} {name}", location.place())
            }
            CredentialKind::Basic => "HTTP Basic".to_string(),
            CredentialKind::Bearer => "access token".to_string(),
        }
    }
}

/// The environment variables of a generated command line: their prefix and the credentials
/// it reads (see [`client_builder`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Environment {
    /// Every variable is `{prefix}_{suffix}` ([`env::name`]): `MONGODB_ATLAS`, `PETCLINIC`.
    pub prefix: &'static str,
    /// The credentials it reads, tried in [`CredentialKind`]'s order; every
    /// [`CredentialKind::ApiKey`] whose variable is set is sent (a requirement may need
    /// several at once).
    pub credentials: &'static [CredentialKind],
}

impl Environment {
    /// Atlas's command line: `MONGODB_ATLAS_*`, an API key pair (HTTP Digest), a service
    /// account or an access token.
    pub const ATLAS: Environment = Environment {
        prefix: env::ATLAS_PREFIX,
        credentials: &[
            CredentialKind::Digest,
            CredentialKind::ServiceAccount,
            CredentialKind::Bearer,
        ],
    };

    /// The variable `{prefix}_{suffix}`.
    pub fn var(&self, suffix: &str) -> String {
        env::name(self.prefix, suffix)
    }

    /// The credentials in the order they are tried.
    fn ordered(&self) -> Vec<CredentialKind> {
        let mut kinds = self.credentials.to_vec();
        kinds.sort_by_key(|k| k.rank());
        kinds
    }

    /// Every variable it reads, in the order they are tried, the base URL last.
    pub fn variables(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for kind in self.ordered() {
            for suffix in kind.suffixes() {
                let name = self.var(suffix);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names.push(self.var(env::suffix::BASE_URL));
        names
    }

    /// Each kind of credentials it reads, in the order they are tried: its variables
    /// (`A and B`) and what they are (`API key, HTTP Digest`).
    fn items(&self) -> Vec<(String, String)> {
        let mut items = Vec::new();
        for kind in self.ordered() {
            let names: Vec<String> = kind.suffixes().iter().map(|s| self.var(s)).collect();
            items.push((names.join(" and "), kind.what()));
        }
        items
    }

    /// The credential variables as a sentence: `A and B (API key, HTTP Digest), C and D
    /// (service account), or E (access token)`; `None` when it reads none.
    pub fn credentials_text(&self) -> Option<String> {
        let mut items: Vec<String> = self
            .items()
            .into_iter()
            .map(|(names, what)| format!("{names} ({what})"))
            .collect();
        let last = items.pop()?;
        Some(match items.len() {
            0 => last,
            1 => format!("{} or {last}", items[0]),
            _ => format!("{}, or {last}", items.join(", ")),
        })
    }

    /// The end of the command's help: one line per kind of credentials, then the base URL.
    fn help(&self) -> String {
        let mut text =
            String::from("Environment variables (credentials: the first kind set is used):\n");
        for (names, what) in self.items() {
            text.push_str(&format!("  {names}: {what}\n"));
        }
        text.push_str(&format!(
            "  {}: the base URL (--base-url overrides it)",
            self.var(env::suffix::BASE_URL)
        ));
        text
    }
}

/// Whether the API asks for credentials (its spec's `security`): with `Required`, a command
/// run without any in the environment stops before sending ([`Failure::NoCredentials`]); with
/// `Optional` it is sent without authentication (an API whose spec names no scheme).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// Some `security` requirement of the spec names a scheme.
    Required,
    /// The spec asks for none.
    Optional,
}

/// The operations of one tag: `atlas-admin api <name> …`.
#[derive(Debug)]
pub struct Tag<C: 'static> {
    /// The subcommand: the tag in lowerCamelCase (`privateEndpointServices`).
    pub name: &'static str,
    /// The tag as the spec writes it (`Private Endpoint Services`).
    pub title: &'static str,
    /// Its operations.
    pub operations: &'static [OperationInfo<C>],
}

/// One operation: `atlas-admin api <tag> <name> …`.
pub struct OperationInfo<C: 'static> {
    /// The subcommand: the operation's name (`createPrivateEndpoint`).
    pub name: &'static str,
    /// `summary`.
    pub summary: Option<&'static str>,
    /// `description`.
    pub description: Option<&'static str>,
    /// `Some` when deprecated, with the sunset date when one is given.
    pub deprecated: Option<Option<&'static str>>,
    /// The HTTP method and path template (`POST /api/atlas/v2/groups/{groupId}/…`).
    pub route: &'static str,
    /// Path, query and header parameters, in the spec's order (required first).
    pub params: &'static [ParamInfo],
    /// The request body, when the operation takes one.
    pub body: Option<BodyInfo>,
    /// Reads the arguments, calls the client and returns the answer.
    pub run: for<'a> fn(&'a C, &'a Args) -> BoxFuture<'a, Result<Output, Failure>>,
}

impl<C> std::fmt::Debug for OperationInfo<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationInfo")
            .field("name", &self.name)
            .field("route", &self.route)
            .finish_non_exhaustive()
    }
}

/// One parameter: the flag `--<name>`.
#[derive(Debug, Clone, Copy)]
pub struct ParamInfo {
    /// The parameter's name as the spec writes it (`groupId`): the flag and the key read by
    /// [`Args`].
    pub name: &'static str,
    /// The flag, when it differs from `name` (a spec parameter named like one of the
    /// command's own flags: `file`, `output`, `base-url`, `server-url`, `help`).
    pub flag: &'static str,
    /// `required: true` (path parameters always).
    pub required: bool,
    /// `description`.
    pub doc: Option<&'static str>,
    /// Where it is sent.
    pub location: &'static str,
    /// What the value is.
    pub kind: ArgKind,
    /// A list: the flag may be given several times.
    pub multiple: bool,
    /// The allowed values (a string enum); empty when any value of the kind is allowed.
    pub values: &'static [&'static str],
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// What a parameter's value is, for its help text and how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// Text (also enums, dates and date-times: RFC 3339).
    String,
    /// `true` or `false`; the flag alone means `true`.
    Bool,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// JSON text.
    Json,
}

/// The request body of an operation: `--file PATH` (or `-` for standard input).
#[derive(Debug, Clone, Copy)]
pub struct BodyInfo {
    /// `required: true`.
    pub required: bool,
    /// The media type sent.
    pub content_type: &'static str,
    /// JSON (read as JSON or YAML and decoded by the generated types), else text or bytes as
    /// they are.
    pub json: bool,
    /// The body's `description`.
    pub doc: Option<&'static str>,
}

/// The answer of an operation, as printed.
#[derive(Debug)]
pub enum Output {
    /// A JSON answer: the body exactly as the server sent it (envelope unwrapped), after it
    /// decoded into the operation's type. Printed pretty (or as YAML) with every member the
    /// server sent, in the server's order, known to the generated model or not.
    Json(Bytes),
    /// A text answer, printed as it is.
    Text(String),
    /// A binary answer, written to standard output as it is.
    Bytes(Bytes),
    /// No body.
    Empty,
}

impl Output {
    /// Sends `operation` and keeps the server's JSON answer once it has decoded into the
    /// operation's type ([`send_keeping_body`](crate::operation::send_keeping_body)).
    ///
    /// # Errors
    /// A client [`Error`] as a [`Failure`]: an answer that does not decode is
    /// [`Error::Decode`] (exit status 1), as for the client itself.
    pub async fn json<O: Operation>(operation: O) -> Result<Output, Failure> {
        let (_decoded, response) = crate::operation::send_keeping_body(operation).await?;
        Ok(Output::Json(response.into_bytes()))
    }

    /// A text answer.
    ///
    /// # Errors
    /// A client [`Error`] as a [`Failure`].
    pub fn text(answer: Result<String, Error>) -> Result<Output, Failure> {
        answer.map(Output::Text).map_err(Failure::from)
    }

    /// A binary answer.
    ///
    /// # Errors
    /// A client [`Error`] as a [`Failure`].
    pub fn bytes(answer: Result<Bytes, Error>) -> Result<Output, Failure> {
        answer.map(Output::Bytes).map_err(Failure::from)
    }

    /// An answer without a body.
    ///
    /// # Errors
    /// A client [`Error`] as a [`Failure`].
    pub fn empty(answer: Result<(), Error>) -> Result<Output, Failure> {
        answer.map(|()| Output::Empty).map_err(Failure::from)
    }
}

/// Why a command failed; [`Failure::exit_status`] is its exit code.
#[derive(Debug)]
pub enum Failure {
    /// A parameter value or the body is invalid (read before anything was sent).
    Input(String),
    /// No credentials in the environment: what to set, from
    /// [`Environment::credentials_text`] (`MONGODB_ATLAS_ACCESS_TOKEN (access token)`).
    NoCredentials(String),
    /// The client's error.
    Client(Error),
    /// Anything else (writing the output, a configuration problem).
    Other(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Client(e)
    }
}

/// The exit codes of a generated CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitStatus {
    /// 0: the call succeeded.
    Success = 0,
    /// 1: anything else (an answer that did not decode, a bad configuration, output).
    Other = 1,
    /// 2: invalid command line (unknown operation or flag, missing required flag, a value
    /// not among an enum's values).
    Usage = 2,
    /// 3: invalid input: a parameter value or body refused by the generated types or their
    /// validation; nothing was sent.
    Validation = 3,
    /// 4: no credentials, or the credentials were refused (`401`, token endpoint).
    Auth = 4,
    /// 5: the API answered with an error status.
    Api = 5,
    /// 6: the network failed or timed out.
    Transport = 6,
}

impl Failure {
    /// The exit status for this failure.
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Failure::Input(_) => ExitStatus::Validation,
            Failure::NoCredentials(_) => ExitStatus::Auth,
            Failure::Client(e) => match e {
                Error::Validation(_) => ExitStatus::Validation,
                Error::Auth(_) => ExitStatus::Auth,
                Error::Api(_) => ExitStatus::Api,
                Error::Transport { .. } | Error::Timeout { .. } => ExitStatus::Transport,
                _ => ExitStatus::Other,
            },
            Failure::Other(_) => ExitStatus::Other,
        }
    }

    /// The message printed on standard error: the Atlas error code first when the server sent
    /// one.
    pub fn message(&self) -> String {
        match self {
            Failure::Input(m) => format!("invalid input, nothing was sent: {m}"),
            Failure::NoCredentials(what) if what.is_empty() => {
                "no credentials, and this command line reads none from the environment".to_string()
            }
            Failure::NoCredentials(what) => format!("no credentials: set {what}"),
            Failure::Client(Error::Validation(v)) => {
                let issues: Vec<String> = v
                    .issues
                    .iter()
                    .map(|i| format!("{} ({}): {}", i.field, i.rule, i.message))
                    .collect();
                format!("invalid input, nothing was sent: {}", issues.join("; "))
            }
            Failure::Client(e) => match e.api_error() {
                Some(api) => {
                    let code = api.error_code().unwrap_or("(no errorCode)");
                    let detail = api.detail().unwrap_or("");
                    let kind = if matches!(e, Error::Auth(_)) {
                        "authentication failed"
                    } else {
                        "API error"
                    };
                    format!("{kind}: {} {code}: {detail}", api.status.as_u16())
                }
                None => e.to_string(),
            },
            Failure::Other(m) => m.clone(),
        }
    }
}

/// The arguments of one invocation of an operation, read by the generated code.
#[derive(Debug)]
pub struct Args {
    matches: ArgMatches,
    params: &'static [ParamInfo],
    body: Option<BodyInfo>,
}

impl Args {
    fn info(&self, name: &str) -> Result<&ParamInfo, Failure> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| Failure::Other(format!("no parameter `{name}` (a generator bug)")))
    }

    /// Each value given for the parameter `name`, decoded by `parse`; a value that does not
    /// decode is a [`Failure::Input`] naming the flag as typed (`--param-file` for a parameter
    /// named `file`).
    fn values<T>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Result<T, serde_json::Error>,
    ) -> Result<Vec<T>, Failure> {
        let flag = self.info(name)?.flag;
        self.matches
            .get_many::<String>(flag)
            .into_iter()
            .flatten()
            .map(|text| parse(text).map_err(|e| Failure::Input(format!("--{flag} {text:?}: {e}"))))
            .collect()
    }

    /// The failure of a required parameter given no value.
    fn missing(&self, name: &str) -> Failure {
        match self.info(name) {
            Ok(info) => Failure::Input(format!("--{} is required", info.flag)),
            Err(failure) => failure,
        }
    }

    /// A required parameter's value, decoded as `T` (see [`parse_value`]).
    ///
    /// # Errors
    /// [`Failure::Input`] naming the flag when it is missing or the value does not decode.
    pub fn required<T: DeserializeOwned>(&self, name: &str) -> Result<T, Failure> {
        self.optional(name)?.ok_or_else(|| self.missing(name))
    }

    /// An optional parameter's value, decoded as `T`.
    ///
    /// # Errors
    /// [`Failure::Input`] naming the flag when the value does not decode.
    pub fn optional<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Failure> {
        Ok(self.values(name, parse_value)?.into_iter().next())
    }

    /// A required parameter whose value is JSON text (an object, a list, any JSON value),
    /// decoded as `T`.
    ///
    /// # Errors
    /// [`Failure::Input`] naming the flag when it is missing or not a JSON `T`.
    pub fn required_json<T: DeserializeOwned>(&self, name: &str) -> Result<T, Failure> {
        self.optional_json(name)?.ok_or_else(|| self.missing(name))
    }

    /// An optional parameter whose value is JSON text, decoded as `T`.
    ///
    /// # Errors
    /// [`Failure::Input`] naming the flag when the value is not a JSON `T`.
    pub fn optional_json<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Failure> {
        Ok(self
            .values(name, |text| serde_json::from_str(text))?
            .into_iter()
            .next())
    }

    /// A list parameter's values (the flag given several times), each decoded as `T`;
    /// `None` when the flag is absent.
    ///
    /// # Errors
    /// [`Failure::Input`] naming the flag when a value does not decode.
    pub fn many<T: DeserializeOwned>(&self, name: &str) -> Result<Option<Vec<T>>, Failure> {
        let values = self.values(name, parse_value)?;
        Ok((!values.is_empty()).then_some(values))
    }

    /// The required JSON body, decoded as `T` (see [`decode_body`]).
    ///
    /// # Errors
    /// [`Failure::Input`] when `--file` is missing, unreadable, or not a valid `T`.
    pub fn body<T: DeserializeOwned + Serialize>(&self) -> Result<T, Failure> {
        self.optional_body()?.ok_or_else(missing_body)
    }

    /// The optional JSON body, decoded as `T`.
    ///
    /// # Errors
    /// [`Failure::Input`] when `--file` is unreadable or not a valid `T`.
    pub fn optional_body<T: DeserializeOwned + Serialize>(&self) -> Result<Option<T>, Failure> {
        match self.body_bytes()? {
            Some(bytes) => decode_body(&bytes).map(Some),
            None => Ok(None),
        }
    }

    /// The text body as it is (required: an empty string when the flag is absent is refused).
    ///
    /// # Errors
    /// [`Failure::Input`] when `--file` is missing, unreadable or not UTF-8.
    pub fn text_body(&self) -> Result<String, Failure> {
        self.optional_text_body()?.ok_or_else(missing_body)
    }

    /// The optional text body.
    ///
    /// # Errors
    /// [`Failure::Input`] when `--file` is unreadable or not UTF-8.
    pub fn optional_text_body(&self) -> Result<Option<String>, Failure> {
        match self.body_bytes()? {
            Some(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| Failure::Input("the request body is not UTF-8 text".into())),
            None => Ok(None),
        }
    }

    /// The binary body (required).
    ///
    /// # Errors
    /// [`Failure::Input`] when `--file` is missing or unreadable.
    pub fn binary_body(&self) -> Result<Bytes, Failure> {
        self.optional_binary_body()?.ok_or_else(missing_body)
    }

    /// The optional binary body.
    ///
    /// # Errors
    /// [`Failure::Input`] when `--file` is unreadable.
    pub fn optional_binary_body(&self) -> Result<Option<Bytes>, Failure> {
        Ok(self.body_bytes()?.map(Bytes::from))
    }

    fn body_bytes(&self) -> Result<Option<Vec<u8>>, Failure> {
        if self.body.is_none() {
            return Ok(None);
        }
        let Some(path) = self.matches.get_one::<String>(FILE) else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        if path == "-" {
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Input(format!("cannot read standard input: {e}")))?;
        } else {
            bytes = std::fs::read(path)
                .map_err(|e| Failure::Input(format!("cannot read {path}: {e}")))?;
        }
        Ok(Some(bytes))
    }
}

/// The failure of a required body given no `--file`.
fn missing_body() -> Failure {
    Failure::Input("the request body is required: --file PATH (or - for standard input)".into())
}

/// A parameter value from its command-line text: as a JSON string when `T` takes one (text,
/// enums, dates), else the text as JSON (`true`, `5`, `1.5`, an object).
///
/// # Errors
/// The decoding error when neither reading gives a `T`.
pub fn parse_value<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    match serde_json::from_value(Value::String(text.to_string())) {
        Ok(value) => Ok(value),
        Err(as_string) => serde_json::from_str(text).map_err(|_| as_string),
    }
}

/// A JSON body from JSON or YAML text, decoded by the generated type `T`; a field the type
/// does not know (which it would drop) is refused, naming its path (`body.regionName`).
///
/// # Errors
/// [`Failure::Input`] when the text is neither JSON nor YAML, does not decode as `T`, or has
/// fields `T` does not have.
pub fn decode_body<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<T, Failure> {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(json) => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| Failure::Input("the body is neither JSON nor YAML text".into()))?;
            yaml_serde::from_str(text).map_err(|yaml| {
                Failure::Input(format!(
                    "the body is neither JSON ({json}) nor YAML ({yaml})"
                ))
            })?
        }
    };
    let typed: T =
        serde_json::from_value(value.clone()).map_err(|e| Failure::Input(format!("body: {e}")))?;
    let back = serde_json::to_value(&typed)
        .map_err(|e| Failure::Other(format!("cannot encode the body: {e}")))?;
    let mut dropped = Vec::new();
    dropped_fields(&value, &back, "body", &mut dropped);
    if !dropped.is_empty() {
        return Err(Failure::Input(format!(
            "unknown field{} {} (not in the API's schema)",
            if dropped.len() == 1 { "" } else { "s" },
            dropped.join(", ")
        )));
    }
    Ok(typed)
}

/// The paths of the non-null object members of `input` that `decoded` lacks.
fn dropped_fields(input: &Value, decoded: &Value, path: &str, out: &mut Vec<String>) {
    match (input, decoded) {
        (Value::Object(given), Value::Object(kept)) => {
            for (key, value) in given {
                let child = format!("{path}.{key}");
                match kept.get(key) {
                    Some(back) => dropped_fields(value, back, &child, out),
                    None if value.is_null() => {}
                    None => out.push(child),
                }
            }
        }
        (Value::Array(given), Value::Array(kept)) => {
            for (i, (value, back)) in given.iter().zip(kept).enumerate() {
                dropped_fields(value, back, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The `--file` flag.
const FILE: &str = "file";
/// The `--output` flag.
const OUTPUT: &str = "output";
/// The `--base-url` flag.
const BASE_URL: &str = "base-url";
/// The `--server-url` flag.
const SERVER_URL: &str = "server-url";

/// The whole command tree of a CLI named `bin` over `tags`; its help names the variables of
/// `environment`.
pub fn command<C>(
    bin: &'static str,
    about: &'static str,
    tags: &'static [Tag<C>],
    environment: &Environment,
) -> Command {
    let api = Command::new("api")
        .about("Call an API operation: `api <tag> <operation> [flags]`")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommands(tags.iter().map(tag_command));
    Command::new(bin)
        .about(about)
        .after_help(environment.help())
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new(BASE_URL)
                .long(BASE_URL)
                .global(true)
                .value_name("URL")
                .help(format!(
                    "Base URL of the API (default: ${}, else the spec's first server); \
                     operations whose spec names a server of their own still go there \
                     (see --server-url)",
                    environment.var(env::suffix::BASE_URL)
                )),
        )
        .arg(
            Arg::new(SERVER_URL)
                .long(SERVER_URL)
                .global(true)
                .value_name("SPEC_URL=URL")
                .action(ArgAction::Append)
                .help(
                    "Send the operations whose spec names the server SPEC_URL (e.g. an upload \
                     host) to URL instead; may be given several times",
                ),
        )
        .arg(
            Arg::new(OUTPUT)
                .long(OUTPUT)
                .global(true)
                .value_name("FORMAT")
                .value_parser(["json", "yaml"])
                .default_value("json")
                .help("How the answer is printed"),
        )
        .subcommand(api)
        .subcommand(
            Command::new("completion")
                .about("Print a shell completion script")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(["bash", "zsh", "fish"]),
                ),
        )
}

fn tag_command<C>(tag: &'static Tag<C>) -> Command {
    Command::new(tag.name)
        .about(format!("Operations tagged `{}`", tag.title))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommands(tag.operations.iter().map(operation_command))
}

fn operation_command<C>(op: &'static OperationInfo<C>) -> Command {
    let deprecation = op.deprecated.map(|sunset| match sunset {
        Some(date) => format!("Deprecated: sunset on {date}."),
        None => "Deprecated.".to_string(),
    });
    let summary = op.summary.unwrap_or(op.route);
    let about = match &deprecation {
        Some(_) => format!("[deprecated] {summary}"),
        None => summary.to_string(),
    };
    let long: Vec<&str> = [
        Some(summary),
        op.description,
        deprecation.as_deref(),
        Some(op.route),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut command = Command::new(op.name)
        .about(about)
        .long_about(long.join("\n\n"))
        .args(op.params.iter().map(param_arg));
    if let Some(body) = op.body {
        let mut help = format!(
            "Request body ({}): a file, or - for standard input{}",
            body.content_type,
            if body.json { "; JSON or YAML" } else { "" }
        );
        if let Some(doc) = body.doc {
            help = format!("{doc}\n{help}");
        }
        command = command.arg(
            Arg::new(FILE)
                .long(FILE)
                .value_name("PATH")
                .required(body.required)
                .help(help),
        );
    }
    command
}

fn param_arg(p: &'static ParamInfo) -> Arg {
    let mut help = p.doc.unwrap_or("").trim().to_string();
    if p.deprecated {
        help = format!("[deprecated] {help}");
    }
    let place = match (p.location, p.multiple) {
        (place, true) => format!("{place} parameter; repeat the flag for several values"),
        (place, false) => format!("{place} parameter"),
    };
    help = if help.is_empty() {
        place
    } else {
        format!("{help} ({place})")
    };
    let mut arg = Arg::new(p.flag)
        .long(p.flag)
        .required(p.required)
        .help(help)
        .value_name(match p.kind {
            ArgKind::String => "STRING",
            ArgKind::Bool => "BOOL",
            ArgKind::Integer => "INTEGER",
            ArgKind::Number => "NUMBER",
            ArgKind::Json => "JSON",
        })
        .action(if p.multiple {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    if !p.values.is_empty() {
        arg = arg.value_parser(PossibleValuesParser::new(p.values.iter().copied()));
    } else if p.kind == ArgKind::Bool {
        arg = arg
            .value_parser(["true", "false"])
            .num_args(0..=1)
            .require_equals(true)
            .default_missing_value("true");
    } else if matches!(p.kind, ArgKind::Integer | ArgKind::Number) {
        // `--ownerId -3` is a value to check (and refuse, below a minimum), not a flag.
        arg = arg.allow_negative_numbers(true);
    }
    arg
}

/// Credentials and base URL from the environment (`var` reads one variable), `--base-url` and
/// `--server-url`, on top of `builder` (the generated `Client::builder()`, whose base URL is
/// the spec's server). The credentials are those of `environment`, tried in
/// [`CredentialKind`]'s order, the first one set winning: an API key pair
/// (`{P}_PUBLIC_API_KEY`, `{P}_PRIVATE_API_KEY`) is HTTP Digest, a service account
/// (`{P}_CLIENT_ID`, `{P}_CLIENT_SECRET`) is OAuth, `{P}_API_KEY` is the spec's API key,
/// `{P}_USERNAME` and `{P}_PASSWORD` are HTTP Basic, `{P}_ACCESS_TOKEN` is a bearer token
/// (`{P}` is [`Environment::prefix`]; an empty variable counts as unset); with none set, none
/// when `credentials` is [`Credentials::Optional`]. With none set and [`Credentials::Required`],
/// the client checks each call's arguments and then refuses it without sending anything (an
/// [`Error::Auth`] that [`run`] reports as [`Failure::NoCredentials`]), so an invalid argument
/// is reported as such, not as missing credentials.
///
/// As in the library, the base URL (`base_url`, else `{P}_BASE_URL`) is where every
/// operation goes except those whose spec names a server of their own (an upload host); each
/// of `server_urls` (`SPEC_URL=URL`, from `--server-url`) redirects one such server
/// ([`ClientBuilder::server_url`]). Plain `http://` is allowed when one of these URLs is
/// `http://`.
///
/// # Errors
/// [`Failure::Input`] when only half of a pair is set (naming both variables), or a
/// `server_urls` entry has no `=`; the builder's [`Error::Config`] (at `build()`) for a bad URL,
/// an unknown spec server or an API key its place cannot carry.
pub fn client_builder<C: From<Transport>>(
    builder: ClientBuilder<C>,
    credentials: Credentials,
    environment: &Environment,
    var: impl Fn(&str) -> Option<String>,
    base_url: Option<&str>,
    server_urls: &[String],
) -> Result<ClientBuilder<C>, Failure> {
    let var = |suffix: &str| var(&environment.var(suffix)).filter(|v| !v.is_empty());
    let pair = |a: &str, b: &str| -> Result<Option<(String, String)>, Failure> {
        match (var(a), var(b)) {
            (Some(x), Some(y)) => Ok(Some((x, y))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(Failure::Input(format!(
                "{} is set but {} is not",
                environment.var(a),
                environment.var(b)
            ))),
            (None, Some(_)) => Err(Failure::Input(format!(
                "{} is set but {} is not",
                environment.var(b),
                environment.var(a)
            ))),
        }
    };
    // The first kind whose variables are set, with their values (the second empty for a
    // single variable); every API key that is set, together.
    let mut found = None;
    let mut api_keys = Vec::new();
    for kind in environment.ordered() {
        let is_api_key = matches!(kind, CredentialKind::ApiKey { .. });
        if !is_api_key && !api_keys.is_empty() {
            break;
        }
        let values = match kind.suffixes()[..] {
            [a, b] => pair(a, b)?,
            [a] => var(a).map(|value| (value, String::new())),
            _ => None,
        };
        match (kind, values) {
            (CredentialKind::ApiKey { location, name, .. }, Some((key, _))) => {
                api_keys.push(crate::ApiKey::new(location, name, key));
            }
            (_, Some((first, second))) => {
                found = Some((kind, first, second));
                break;
            }
            (_, None) => {}
        }
    }
    let mut builder = match found {
        None if !api_keys.is_empty() => api_keys
            .into_iter()
            .fold(builder, |builder, key| builder.api_key(key)),
        Some((CredentialKind::Digest, public, private)) => builder.digest_auth(public, private),
        Some((CredentialKind::ServiceAccount, id, secret)) => builder.service_account(id, secret),
        // (API keys are gathered above, not `found`.)
        Some((CredentialKind::ApiKey { location, name, .. }, key, _)) => {
            builder.api_key(crate::ApiKey::new(location, name, key))
        }
        Some((CredentialKind::Basic, username, password)) => builder.basic_auth(username, password),
        Some((CredentialKind::Bearer, token, _)) => builder.bearer_token(token),
        None if credentials == Credentials::Optional => builder.no_auth(),
        // Each call checks its arguments first, then stops (`Failure::NoCredentials`).
        None => builder.missing_credentials(),
    };
    let mut plain_http = false;
    if let Some(url) = base_url
        .map(str::to_string)
        .or_else(|| var(env::suffix::BASE_URL))
    {
        plain_http |= url.starts_with("http://");
        builder = builder.base_url(url);
    }
    for pair in server_urls {
        let Some((spec, url)) = pair.split_once('=') else {
            return Err(Failure::Input(format!(
                "--server-url takes SPEC_URL=URL (the spec's server, then where to send its \
                 operations), not `{pair}`"
            )));
        };
        plain_http |= url.starts_with("http://");
        builder = builder.server_url(spec, url);
    }
    if plain_http {
        builder = builder.allow_http(true);
    }
    Ok(builder)
}

/// What a generated command line is made of: its name and description, its tags, and how it
/// makes its client.
pub struct App<C: 'static> {
    /// The binary's name (`atlas-admin`).
    pub bin: &'static str,
    /// One line on what it calls.
    pub about: &'static str,
    /// The subcommands of `api`, one per tag.
    pub tags: &'static [Tag<C>],
    /// The generated `Client::builder`: the spec's first server is its base URL.
    pub builder: fn() -> ClientBuilder<C>,
    /// Whether the spec asks for credentials.
    pub credentials: Credentials,
    /// The CLI crate's version (`env!("CARGO_PKG_VERSION")` in the generated crate): every
    /// request's `User-Agent` is `<bin>/<version>` (`atlas-admin/0.1.0`).
    pub version: &'static str,
    /// The environment variables it reads: their prefix and which credentials.
    pub environment: Environment,
}

/// Runs `app` with the process's arguments and environment, and returns its exit code (see
/// [`ExitStatus`]).
pub async fn main<C: From<Transport>>(app: App<C>) -> ExitCode {
    let status = run(
        &app,
        std::env::args_os(),
        |name| std::env::var(name).ok(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
    .await;
    ExitCode::from(status as u8)
}

/// [`main`] with the arguments, environment and output streams given.
pub async fn run<C: From<Transport>>(
    app: &App<C>,
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    var: impl Fn(&str) -> Option<String>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> ExitStatus {
    let (bin, about, tags) = (app.bin, app.about, app.tags);
    let mut cmd = command(bin, about, tags, &app.environment);
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = write!(stderr, "{text}");
                ExitStatus::Usage
            } else {
                let _ = write!(stdout, "{text}");
                ExitStatus::Success
            };
        }
    };
    let base_url = matches.get_one::<String>(BASE_URL).cloned();
    let server_urls: Vec<String> = matches
        .get_many::<String>(SERVER_URL)
        .map(|urls| urls.cloned().collect())
        .unwrap_or_default();
    let yaml = matches.get_one::<String>(OUTPUT).map(String::as_str) == Some("yaml");
    match matches.subcommand() {
        Some(("completion", sub)) => {
            let shell = match sub.get_one::<String>("shell").map(String::as_str) {
                Some("bash") => clap_complete::Shell::Bash,
                Some("zsh") => clap_complete::Shell::Zsh,
                _ => clap_complete::Shell::Fish,
            };
            clap_complete::generate(shell, &mut cmd, bin, stdout);
            ExitStatus::Success
        }
        Some(("api", sub)) => {
            let Some((tag_name, tag_matches)) = sub.subcommand() else {
                return ExitStatus::Usage;
            };
            let Some((op_name, op_matches)) = tag_matches.subcommand() else {
                return ExitStatus::Usage;
            };
            let Some(op) = tags
                .iter()
                .find(|t| t.name == tag_name)
                .and_then(|t| t.operations.iter().find(|o| o.name == op_name))
            else {
                return ExitStatus::Usage;
            };
            let args = Args {
                matches: op_matches.clone(),
                params: op.params,
                body: op.body,
            };
            let result = async {
                // The command line's own name, not its client crate's.
                let builder = (app.builder)().user_agent(format!("{}/{}", app.bin, app.version));
                let client: C = client_builder(
                    builder,
                    app.credentials,
                    &app.environment,
                    &var,
                    base_url.as_deref(),
                    &server_urls,
                )?
                .build()?;
                (op.run)(&client, &args).await
            }
            .await
            .map_err(|failure| match failure {
                Failure::Client(Error::Auth(e))
                    if e.response.is_none() && e.message == crate::error::NO_CREDENTIALS =>
                {
                    Failure::NoCredentials(app.environment.credentials_text().unwrap_or_default())
                }
                other => other,
            });
            match result.and_then(|output| print(output, yaml, stdout)) {
                Ok(()) => ExitStatus::Success,
                Err(failure) => {
                    let _ = writeln!(stderr, "error: {}", failure.message());
                    failure.exit_status()
                }
            }
        }
        _ => ExitStatus::Usage,
    }
}

/// The server's JSON text pretty-printed as JSON (two-space indent, a final newline) or as
/// YAML, streamed from the text to the output format (`serde_transcode`), so objects keep
/// their members in the order the server sent them and no member is dropped. An empty body is
/// `null`, as the client decodes it.
fn server_json(body: &[u8], yaml: bool) -> Result<String, Failure> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    let invalid =
        |e: &dyn std::fmt::Display| Failure::Other(format!("cannot print the answer: {e}"));
    let mut de = serde_json::Deserializer::from_slice(body);
    let text = if yaml {
        yaml_serde::to_string(&serde_transcode::Transcoder::new(&mut de))
            .map_err(|e| invalid(&e))?
    } else {
        let mut out = Vec::new();
        serde_json::to_writer_pretty(&mut out, &serde_transcode::Transcoder::new(&mut de))
            .map_err(|e| invalid(&e))?;
        out.push(b'\n');
        String::from_utf8(out).map_err(|e| invalid(&e))?
    };
    de.end().map_err(|e| invalid(&e))?;
    Ok(text)
}

fn print(output: Output, yaml: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let write_err = |e: std::io::Error| Failure::Other(format!("cannot write the answer: {e}"));
    match output {
        Output::Json(body) => {
            let text = server_json(&body, yaml)?;
            out.write_all(text.as_bytes()).map_err(write_err)
        }
        Output::Text(text) => out.write_all(text.as_bytes()).map_err(write_err),
        Output::Bytes(bytes) => out.write_all(&bytes).map_err(write_err),
        Output::Empty => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        tags: Option<Vec<Tag2>>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize, Serialize)]
    struct Tag2 {
        key: String,
    }

    #[test]
    fn parameter_values_read_as_strings_first_then_as_json() {
        assert_eq!(parse_value::<String>("123").unwrap(), "123");
        assert_eq!(parse_value::<i64>("123").unwrap(), 123);
        assert!(parse_value::<bool>("true").unwrap());
        assert!(parse_value::<i32>("twelve").is_err());
    }

    #[test]
    fn bodies_are_json_or_yaml_and_unknown_fields_are_refused() {
        let json: Body = decode_body(br#"{"id": "a", "tags": [{"key": "k"}]}"#).unwrap();
        let yaml: Body = decode_body(b"id: a\ntags:\n  - key: k\n").unwrap();
        assert_eq!(json, yaml);
        // An explicit null is not a field the type dropped.
        assert_eq!(
            decode_body::<Body>(br#"{"id": "a", "tags": null}"#).unwrap(),
            Body {
                id: "a".to_string(),
                tags: None
            }
        );
        let Err(Failure::Input(message)) = decode_body::<Body>(
            br#"{"id": "a", "regionName": "X", "tags": [{"key": "k", "value": 1}]}"#,
        ) else {
            panic!("unknown fields are refused");
        };
        assert!(message.contains("body.regionName"), "{message}");
        assert!(message.contains("body.tags[0].value"), "{message}");
        let Err(Failure::Input(message)) = decode_body::<Body>(b"{\"tags\": []}") else {
            panic!("a missing required field is refused");
        };
        assert!(message.contains("missing field `id`"), "{message}");
        assert!(matches!(
            decode_body::<Body>(b"[1, 2"),
            Err(Failure::Input(_))
        ));
    }

    #[test]
    fn json_answers_print_as_the_server_sent_them() {
        // Members in the server's order (not sorted), unknown ones kept, numbers as written.
        let body = br#"{"zeta":1,"id":"a","future":{"b":[true,null],"a":2.5},"alpha":"x"}"#;
        let mut out = Vec::new();
        print(Output::Json(Bytes::from_static(body)), false, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n  \"zeta\": 1,\n  \"id\": \"a\",\n  \"future\": {\n    \"b\": [\n      true,\n      null\n    ],\n    \"a\": 2.5\n  },\n  \"alpha\": \"x\"\n}\n"
        );
        let mut out = Vec::new();
        print(Output::Json(Bytes::from_static(body)), true, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "zeta: 1\nid: a\nfuture:\n  b:\n  - true\n  - null\n  a: 2.5\nalpha: x\n"
        );
        // An empty body is `null`, as the client decodes it; trailing garbage is an error.
        let mut out = Vec::new();
        print(Output::Json(Bytes::from_static(b" ")), false, &mut out).unwrap();
        assert_eq!(out, b"null\n");
        assert!(matches!(
            print(
                Output::Json(Bytes::from_static(b"{} x")),
                false,
                &mut Vec::new()
            ),
            Err(Failure::Other(_))
        ));
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn credentials_come_from_the_environment_in_order() {
        let no = client_builder(
            Transport::builder(),
            Credentials::Required,
            &Environment::ATLAS,
            env(&[]),
            None,
            &[],
        );
        // Built, so each call checks its arguments before it is refused for want of them.
        assert_eq!(
            format!("{:?}", no.unwrap().build().unwrap()),
            format!(
                "{:?}",
                Transport::builder().missing_credentials().build().unwrap()
            )
        );
        // An API whose spec asks for no credentials is called without; the base URL is the
        // given builder's (the spec's server), not Atlas's.
        let open = client_builder(
            Transport::builder().base_url("https://petclinic.example/api"),
            Credentials::Optional,
            &Environment::ATLAS,
            env(&[]),
            None,
            &[],
        )
        .unwrap();
        assert!(format!("{open:?}").contains("auth: none"), "{open:?}");
        let open = open.build().unwrap();
        assert_eq!(open.base_url().as_str(), "https://petclinic.example/api");
        let half = client_builder(
            Transport::builder(),
            Credentials::Required,
            &Environment::ATLAS,
            env(&[(env::PUBLIC_API_KEY, "p")]),
            None,
            &[],
        );
        assert!(
            matches!(half, Err(Failure::Input(m)) if m.contains(env::PRIVATE_API_KEY)),
            "half a key pair is named"
        );
        // Digest first, then the service account, then the token.
        let all = client_builder(
            Transport::builder(),
            Credentials::Required,
            &Environment::ATLAS,
            env(&[
                (env::ACCESS_TOKEN, "t"),
                (env::CLIENT_ID, "c"),
                (env::CLIENT_SECRET, "s"),
                (env::PUBLIC_API_KEY, "p"),
                (env::PRIVATE_API_KEY, "k"),
            ]),
            None,
            &[],
        )
        .unwrap();
        assert!(format!("{all:?}").contains("auth: digest("), "{all:?}");
        let sa = client_builder(
            Transport::builder(),
            Credentials::Required,
            &Environment::ATLAS,
            env(&[
                (env::ACCESS_TOKEN, "t"),
                (env::CLIENT_ID, "c"),
                (env::CLIENT_SECRET, "s"),
            ]),
            None,
            &[],
        )
        .unwrap();
        assert!(
            format!("{sa:?}").contains("auth: service_account("),
            "{sa:?}"
        );
        let bearer = client_builder(
            Transport::builder(),
            Credentials::Required,
            &Environment::ATLAS,
            env(&[(env::ACCESS_TOKEN, "t")]),
            None,
            &[],
        )
        .unwrap();
        assert!(
            format!("{bearer:?}").contains("auth: bearer("),
            "{bearer:?}"
        );
        // The flag wins over the variable; plain HTTP only when the URL says so.
        let local = client_builder(
            Transport::builder(),
            Credentials::Required,
            &Environment::ATLAS,
            env(&[
                (env::ACCESS_TOKEN, "t"),
                (env::BASE_URL, "https://example.com"),
            ]),
            Some("http://127.0.0.1:1"),
            &[],
        )
        .unwrap()
        .build()
        .unwrap();
        assert!(format!("{local:?}").contains("127.0.0.1"), "{local:?}");
        // `--server-url SPEC=URL` redirects one operation server (plain HTTP when it says so);
        // the base URL stays the spec's.
        let upload = client_builder(
            Transport::builder().base_url("https://api.box.example/2.0"),
            Credentials::Optional,
            &Environment::ATLAS,
            env(&[]),
            None,
            &["https://upload.box.example/api/2.0=http://127.0.0.1:2/up".to_string()],
        )
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(
            upload
                .server_base(Some("https://upload.box.example/api/2.0"))
                .unwrap()
                .as_str(),
            "http://127.0.0.1:2/up"
        );
        assert_eq!(
            upload.server_base(None).unwrap().as_str(),
            "https://api.box.example/2.0"
        );
        let bad = client_builder(
            Transport::builder(),
            Credentials::Optional,
            &Environment::ATLAS,
            env(&[]),
            None,
            &["https://upload.box.example".to_string()],
        );
        assert!(
            matches!(&bad, Err(Failure::Input(m)) if m.contains("SPEC_URL=URL")),
            "{bad:?}"
        );
    }

    /// Atlas's command line reads exactly the variables it always has, and says so.
    #[test]
    fn the_atlas_environment_keeps_its_names_and_message() {
        let atlas = Environment::ATLAS;
        assert_eq!(
            atlas.variables(),
            [
                env::PUBLIC_API_KEY,
                env::PRIVATE_API_KEY,
                env::CLIENT_ID,
                env::CLIENT_SECRET,
                env::ACCESS_TOKEN,
                env::BASE_URL,
            ]
        );
        assert_eq!(
            Failure::NoCredentials(atlas.credentials_text().unwrap()).message(),
            "no credentials: set MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY \
             (API key, HTTP Digest), MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET \
             (service account), or MONGODB_ATLAS_ACCESS_TOKEN (access token)"
        );
        let help = command::<()>("atlas-admin", "about", &[], &atlas)
            .render_help()
            .to_string();
        assert!(help.contains("$MONGODB_ATLAS_BASE_URL"), "{help}");
        assert!(
            help.ends_with(
                "Environment variables (credentials: the first kind set is used):\n  \
                 MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY: API key, HTTP \
                 Digest\n  MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET: service \
                 account\n  MONGODB_ATLAS_ACCESS_TOKEN: access token\n  MONGODB_ATLAS_BASE_URL: \
                 the base URL (--base-url overrides it)\n"
            ),
            "{help}"
        );
    }

    const PETCLINIC: Environment = Environment {
        prefix: "PETCLINIC",
        // Out of order on purpose: the order tried is `CredentialKind`'s.
        credentials: &[
            CredentialKind::Bearer,
            CredentialKind::Basic,
            CredentialKind::ApiKey {
                location: ApiKeyLocation::Query,
                name: "api_key",
                variable: "API_KEY_TENANT",
            },
            CredentialKind::ApiKey {
                location: ApiKeyLocation::Header,
                name: "X-Second",
                variable: "API_KEY_SECOND",
            },
        ],
    };

    /// Another API's command line reads its own prefix, and the credentials its spec's
    /// schemes name: API key, then HTTP Basic, then a token.
    #[test]
    fn another_api_reads_its_own_variables_in_order() {
        assert_eq!(
            PETCLINIC.variables(),
            [
                "PETCLINIC_API_KEY_TENANT",
                "PETCLINIC_API_KEY_SECOND",
                "PETCLINIC_USERNAME",
                "PETCLINIC_PASSWORD",
                "PETCLINIC_ACCESS_TOKEN",
                "PETCLINIC_BASE_URL",
            ]
        );
        assert_eq!(
            Failure::NoCredentials(PETCLINIC.credentials_text().unwrap()).message(),
            "no credentials: set PETCLINIC_API_KEY_TENANT (API key in query parameter \
             api_key), PETCLINIC_API_KEY_SECOND (API key in header X-Second), PETCLINIC_USERNAME \
             and PETCLINIC_PASSWORD (HTTP Basic), or PETCLINIC_ACCESS_TOKEN (access token)"
        );
        let help = command::<()>("petclinic", "about", &[], &PETCLINIC)
            .render_help()
            .to_string();
        assert!(help.contains("$PETCLINIC_BASE_URL"), "{help}");
        assert!(!help.contains("MONGODB_ATLAS"), "{help}");
        let only_token = Environment {
            prefix: "OPEN",
            credentials: &[CredentialKind::Bearer],
        };
        assert_eq!(
            only_token.credentials_text().as_deref(),
            Some("OPEN_ACCESS_TOKEN (access token)")
        );
        let none = Environment {
            prefix: "OPEN",
            credentials: &[],
        };
        assert_eq!(none.credentials_text(), None);
        assert_eq!(none.variables(), ["OPEN_BASE_URL"]);
        assert_eq!(
            Failure::NoCredentials(String::new()).message(),
            "no credentials, and this command line reads none from the environment"
        );

        let auth = |vars: &'static [(&'static str, &'static str)]| {
            client_builder(
                Transport::builder(),
                Credentials::Required,
                &PETCLINIC,
                env(vars),
                None,
                &[],
            )
            .map(|b| format!("{b:?}"))
        };
        let got = auth(&[
            ("PETCLINIC_ACCESS_TOKEN", "t"),
            ("PETCLINIC_USERNAME", "u"),
            ("PETCLINIC_PASSWORD", "p"),
            ("PETCLINIC_API_KEY_SECOND", "k"),
            // Not this command line's: ignored.
            (env::PUBLIC_API_KEY, "p"),
            (env::PRIVATE_API_KEY, "k"),
            (env::ACCESS_TOKEN, "t"),
        ])
        .unwrap();
        assert!(got.contains("auth: api_key("), "{got}");
        assert!(!got.contains("\"k\""), "the key is not shown: {got}");
        let got = auth(&[
            ("PETCLINIC_ACCESS_TOKEN", "t"),
            ("PETCLINIC_USERNAME", "u"),
            ("PETCLINIC_PASSWORD", "p"),
        ])
        .unwrap();
        assert!(got.contains("auth: basic("), "{got}");
        let got = auth(&[("PETCLINIC_ACCESS_TOKEN", "t")]).unwrap();
        assert!(got.contains("auth: bearer("), "{got}");
        // Atlas's variables are not this command line's.
        let got = auth(&[(env::ACCESS_TOKEN, "t")]).unwrap();
        assert!(got.contains("auth: missing("), "{got}");
        // Half a pair names both variables.
        let half = auth(&[("PETCLINIC_PASSWORD", "p"), ("PETCLINIC_ACCESS_TOKEN", "t")]);
        assert!(
            matches!(&half, Err(Failure::Input(m))
                if m == "PETCLINIC_PASSWORD is set but PETCLINIC_USERNAME is not"),
            "{half:?}"
        );
        // The base URL variable is this command line's too.
        let local = client_builder(
            Transport::builder(),
            Credentials::Optional,
            &PETCLINIC,
            env(&[
                ("PETCLINIC_BASE_URL", "http://127.0.0.1:9/api"),
                (env::BASE_URL, "https://cloud.mongodb.com"),
            ]),
            None,
            &[],
        )
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(local.base_url().as_str(), "http://127.0.0.1:9/api");
        // An empty key is unset.
        let key = client_builder(
            Transport::builder(),
            Credentials::Optional,
            &PETCLINIC,
            env(&[("PETCLINIC_API_KEY_TENANT", "")]),
            None,
            &[],
        )
        .unwrap();
        assert!(format!("{key:?}").contains("auth: none("), "{key:?}");
    }

    /// Every API key whose variable is set is sent, each where its scheme says (a requirement
    /// may need several at once, as Plaid's client id and secret); they win over Basic and a
    /// token, as one key does.
    #[tokio::test]
    async fn every_api_key_that_is_set_is_sent() {
        // One request, answered `204`; its head comes back through the join handle.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.ends_with(b"\r\n\r\n") {
                let n = stream.read(&mut buf).await.unwrap();
                assert!(n > 0, "the request ended early");
                head.extend_from_slice(&buf[..n]);
            }
            stream
                .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
                .await
                .unwrap();
            String::from_utf8(head).unwrap().to_ascii_lowercase()
        });
        let client: Transport = client_builder(
            Transport::builder(),
            Credentials::Required,
            &PETCLINIC,
            env(&[
                ("PETCLINIC_API_KEY_TENANT", "tenant-1"),
                ("PETCLINIC_API_KEY_SECOND", "second-2"),
                ("PETCLINIC_ACCESS_TOKEN", "t"),
            ]),
            Some(&base),
            &[],
        )
        .unwrap()
        .build()
        .unwrap();
        client
            .execute(crate::Request::new(
                "listPets",
                http::Method::GET,
                "/pets",
                "/pets",
                "application/json",
            ))
            .await
            .unwrap();
        let head = server.await.unwrap();
        assert!(
            head.starts_with("get /pets?api_key=tenant-1 http/1.1\r\n"),
            "{head}"
        );
        assert!(head.contains("\r\nx-second: second-2\r\n"), "{head}");
        assert!(!head.contains("authorization"), "{head}");
    }

    /// A spec parameter named like one of the command's own flags gets `--param-<name>`;
    /// a failure names that flag, not `--file` (the body's flag).
    #[test]
    fn a_value_that_does_not_decode_names_the_flag_as_typed() {
        static PARAMS: [ParamInfo; 2] = [
            ParamInfo {
                name: "file",
                flag: "param-file",
                required: false,
                doc: None,
                location: "query",
                kind: ArgKind::Integer,
                multiple: false,
                values: &[],
                deprecated: false,
            },
            ParamInfo {
                name: "output",
                flag: "param-output",
                required: false,
                doc: None,
                location: "query",
                kind: ArgKind::Integer,
                multiple: true,
                values: &[],
                deprecated: false,
            },
        ];
        let args = |argv: &[&str]| Args {
            matches: Command::new("op")
                .args(PARAMS.iter().map(param_arg))
                .try_get_matches_from(argv)
                .unwrap(),
            params: &PARAMS,
            body: None,
        };
        let given = args(&[
            "op",
            "--param-file",
            "7",
            "--param-output",
            "1",
            "--param-output",
            "2",
        ]);
        assert_eq!(given.optional::<i64>("file").unwrap(), Some(7));
        assert_eq!(given.many::<i64>("output").unwrap(), Some(vec![1, 2]));
        // A negative number follows its flag without `=`.
        let negative = args(&["op", "--param-file", "-3", "--param-output", "-1.5e3"]);
        assert_eq!(negative.optional::<i64>("file").unwrap(), Some(-3));
        assert_eq!(negative.many::<f64>("output").unwrap(), Some(vec![-1500.0]));
        let bad = args(&["op", "--param-file", "seven", "--param-output", "x"]);
        let Err(Failure::Input(message)) = bad.optional::<i64>("file") else {
            panic!("an integer parameter refuses `seven`");
        };
        assert!(message.starts_with("--param-file \"seven\": "), "{message}");
        let Err(Failure::Input(message)) = bad.many::<i64>("output") else {
            panic!("an integer list refuses `x`");
        };
        assert!(message.starts_with("--param-output \"x\": "), "{message}");
        let none = args(&["op"]);
        assert_eq!(none.many::<i64>("output").unwrap(), None);
        let Err(Failure::Input(message)) = none.required::<i64>("file") else {
            panic!("a missing required value is refused");
        };
        assert_eq!(message, "--param-file is required");
    }

    #[test]
    fn exit_statuses_by_error_class() {
        assert_eq!(Failure::Input(String::new()).exit_status() as u8, 3);
        assert_eq!(Failure::NoCredentials(String::new()).exit_status() as u8, 4);
        assert_eq!(Failure::Other(String::new()).exit_status() as u8, 1);
        let validation = Error::Validation(Default::default());
        assert_eq!(Failure::Client(validation).exit_status() as u8, 3);
        assert_eq!(
            Failure::Client(Error::Config("x".into())).exit_status() as u8,
            1
        );
    }
}
