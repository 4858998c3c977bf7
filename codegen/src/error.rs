//! The one error type of the generator.

use std::path::PathBuf;

/// Everything that can stop code generation. Spec problems always name the JSON pointer of the
/// offending node so that a user can find it in a 50,000-line document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The text is neither valid YAML nor valid JSON.
    #[error("{origin} is not valid {format}: {message}")]
    Syntax {
        origin: String,
        format: &'static str,
        message: String,
    },
    /// The document parsed but is not an OpenAPI 3.0 document we can generate from.
    #[error("{pointer}: {reason}")]
    Spec { pointer: String, reason: String },
    /// Emitted tokens did not parse as Rust (a generator bug, reported rather than panicking).
    #[error("generated code for {file} does not parse: {message}")]
    Format { file: String, message: String },
}

impl Error {
    /// A spec error at `pointer` (an RFC 6901 JSON pointer, `#`-prefixed).
    pub fn spec(pointer: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Spec {
            pointer: pointer.into(),
            reason: reason.into(),
        }
    }

    /// The JSON pointer this error is about, when it is about a place in the spec.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Error::Spec { pointer, .. } => Some(pointer),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
