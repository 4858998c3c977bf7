//! An operation method's rustdoc: what the spec says, what it returns, its `# Errors` and a
//! `no_run` example that compiles (a doctest of the generated crate), and its
//! `#[deprecated]` attribute.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{ident, paragraphs, ty, Scope};
use crate::emit::doc_text::code_span;
use crate::emit::format::{docs, verbatim_docs};
use crate::ir::{BodyKind, Operation, ResponseStatus, TypeRef};

/// The method's doc and its `#[deprecated]` attribute; `krate` is the generated crate's name
/// as a path (`atlas_admin_client`), `validates` whether the request checks its arguments
/// before sending (rules of the spec, or parameters whose style can refuse a value).
pub fn method_doc(
    op: &Operation,
    krate: &str,
    validates: bool,
) -> (TokenStream, Option<TokenStream>) {
    let route = match &op.server {
        Some(url) => format!(
            "`{} {}` on {}, the operation's own server in the spec, not the client's base URL \
             (redirect it with `ClientBuilder::server_url`).",
            op.method,
            op.path,
            code_span(url)
        ),
        None => format!("`{} {}`", op.method, op.path),
    };
    let mut notes = Vec::new();
    if op.path_key != op.path {
        notes.push(format!(
            "The spec's path key is {}.",
            code_span(&op.path_key)
        ));
    }
    if let Some(q) = &op.path_query {
        notes.push(format!(
            "The query {} (written in the spec's path key) is sent first.",
            code_span(q)
        ));
    }
    if op.anonymous {
        notes.push(
            "Sent without credentials (the spec's `security: []`): no `Authorization` header, \
             whatever the client is configured with."
                .to_string(),
        );
    }
    let route = if notes.is_empty() {
        route
    } else {
        let stop = if route.ends_with('.') { "" } else { "." };
        format!("{route}{stop} {}", notes.join(" "))
    };
    let deprecation = op.deprecated.as_ref().map(|d| match &d.sunset {
        Some(s) => format!("**Deprecated**: sunset on {s} (the API stops answering it then)."),
        None => "**Deprecated.**".to_string(),
    });
    let id = format!("Operation `{}`.", op.operation_id);
    let returns = returns(op);
    let errors = errors(op, validates);
    let text = paragraphs([
        op.summary.as_deref(),
        op.description.as_deref(),
        deprecation.as_deref(),
        Some(route.as_str()),
        Some(id.as_str()),
        Some(returns.as_str()),
        Some(errors.as_str()),
        Some("# Example"),
    ]);
    let prose = docs(text.as_deref());
    // The example's code is generated, not spec text: written as it is, after a blank line.
    let example = example(op, krate);
    let example = verbatim_docs(std::iter::once(String::new()).chain(example).collect());
    let doc = quote! {
        #prose
        #example
    };
    let deprecated_attr = op.deprecated.as_ref().map(|d| {
        let note = match &d.sunset {
            Some(s) => format!("deprecated by the API; sunset on {s}"),
            None => "deprecated by the API".to_string(),
        };
        quote!(#[deprecated(note = #note)])
    });
    (doc, deprecated_attr)
}

/// `# Returns`: the decoded body of the documented answer, or the enum of them.
fn returns(op: &Operation) -> String {
    let with_meta = "`send_with_response()` gives the same with the answer's status and headers \
                     (`status()`, `headers()`, `rate_limit()`, `request_id()`).";
    let what = if let Some(several) = &op.success.several {
        let statuses: Vec<String> = several
            .variants
            .iter()
            .map(|v| match v.status {
                ResponseStatus::Code(c) => format!("`{c}`"),
                ResponseStatus::Range(d) => format!("`{d}XX`"),
                ResponseStatus::Default => "`default`".to_string(),
            })
            .collect();
        format!(
            "[`{}`]: which documented answer arrived ({}), with its body.",
            several.rust_name,
            statuses.join(", ")
        )
    } else {
        let status = op
            .success
            .status
            .map(|s| format!("`{s}`"))
            .unwrap_or_else(|| "2xx".to_string());
        match &op.success.body {
            Some(b) if b.kind == BodyKind::Json => {
                let t = type_text(&b.ty);
                format!("The {status} answer's body, decoded as `{t}`.")
            }
            Some(b) if b.kind == BodyKind::Text => format!("The {status} answer's body as text."),
            Some(_) => format!("The {status} answer's body as bytes."),
            None => format!("Nothing: the {status} answer has no body."),
        }
    };
    format!("# Returns\n\n{what} {with_meta}")
}

/// A type as the reader writes it (`models::Thing`, `Vec<models::Thing>`).
fn type_text(t: &TypeRef) -> String {
    ty(t, Scope::Outside)
        .to_string()
        .replace(" :: ", "::")
        .replace(" < ", "<")
        .replace(" >", ">")
        .replace(" , ", ", ")
}

/// `# Errors`: which [`Error`] variants, and when.
fn errors(op: &Operation, validates: bool) -> String {
    let mut lines = vec!["# Errors".to_string(), String::new()];
    if validates {
        lines.push(
            "- [`Error::Validation`] before anything is sent, when an argument breaks a rule of \
             the spec (a pattern, a length, a bound, an enum value the client does not know \
             unless the client allows them) or has no form in its parameter's style."
                .to_string(),
        );
    }
    let documented: Vec<String> = op
        .responses
        .iter()
        .filter_map(|r| match r.status {
            ResponseStatus::Code(c) if !(200..300).contains(&c) => Some(format!("`{c}`")),
            ResponseStatus::Range(d) if d != 2 => Some(format!("`{d}XX`")),
            ResponseStatus::Default => Some("`default`".to_string()),
            _ => None,
        })
        .collect();
    let documented = if documented.is_empty() {
        String::new()
    } else {
        format!(" (the spec documents {})", documented.join(", "))
    };
    let auth = if op.anonymous {
        "[`Error::Auth`] when it answers `401` (the call carries no credentials)"
    } else {
        "[`Error::Auth`] when it refuses the credentials (`401`) or no token can be obtained"
    };
    lines.push(format!(
        "- [`Error::Api`] when the server answers with a non-2xx status{documented}: the \
         status, the parsed error body, the headers; {auth}."
    ));
    lines.push(
        "- [`Error::Transport`] or [`Error::Timeout`] when the request cannot be sent or the \
         answer does not come in time (after the client's retries)."
            .to_string(),
    );
    let decodes = op.success.several.is_some()
        || op
            .success
            .body
            .as_ref()
            .is_some_and(|b| b.kind != BodyKind::Binary);
    if decodes {
        lines.push(
            "- [`Error::Decode`] when a 2xx answer's body does not match its documented \
             type; [`Error::ResponseTooLarge`] when it exceeds the client's limit."
                .to_string(),
        );
    } else {
        lines.push(
            "- [`Error::ResponseTooLarge`] when the answer exceeds the client's limit.".to_string(),
        );
    }
    if op.body.as_ref().is_some_and(|b| {
        matches!(
            b.kind,
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart
        )
    }) {
        lines.push(
            "- [`Error::Encode`] when the body cannot be serialized (a map with non-string \
             keys, a form value that is an object)."
                .to_string(),
        );
    }
    lines.join("\n")
}

/// The lines of a `no_run` example: the required arguments (string parameters with their
/// spec example as literals, the rest as arguments of the hidden function), the call, and
/// a `match` on the answer when it is an enum.
fn example(op: &Operation, krate: &str) -> Vec<String> {
    let mut hidden_args = vec![format!("client: &{krate}::Client")];
    let mut call_args = Vec::new();
    let mut uses_models = false;
    for p in op.params.iter().filter(|p| p.required) {
        let string_example = p.example.as_ref().and_then(|e| e.as_str());
        match (&p.ty, string_example) {
            (TypeRef::String, Some(example)) => call_args.push(format!("{example:?}")),
            (TypeRef::String, None) => {
                hidden_args.push(format!("{}: &str", ident(&p.rust_name)));
                call_args.push(ident(&p.rust_name).to_string());
            }
            (t, _) => {
                uses_models |= t.named().is_some();
                hidden_args.push(format!("{}: {}", ident(&p.rust_name), type_text(t)));
                call_args.push(ident(&p.rust_name).to_string());
            }
        }
    }
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        let t = match &b.form {
            Some(form) => format!("{krate}::operations::{}", form.rust_name),
            None => {
                uses_models |= b.ty.named().is_some();
                type_text(&b.ty)
            }
        };
        hidden_args.push(format!("body: {t}"));
        call_args.push("body".to_string());
    }
    let mut lines = vec!["```no_run".to_string()];
    if uses_models {
        lines.push(format!("# use {krate}::models;"));
    }
    if op.deprecated.is_some() {
        lines.push("# #[allow(deprecated)]".to_string());
    }
    lines.push(format!(
        "# async fn example({}) -> Result<(), {krate}::Error> {{",
        hidden_args.join(", ")
    ));
    // Keywords are written raw (`client.r#type(…)`), as the method is declared.
    let call = format!("client.{}({})", ident(&op.rust_name), call_args.join(", "));
    match &op.success.several {
        Some(several) => {
            lines.push(format!("use {krate}::operations::{};", several.rust_name));
            lines.push(String::new());
            lines.push(format!("match {call}.await? {{"));
            let name = &several.rust_name;
            let mut range = false;
            for v in &several.variants {
                range |= matches!(v.status, ResponseStatus::Range(_));
                match &v.body {
                    Some(_) => lines.push(format!(
                        "    {name}::{}(value) => println!(\"{{value:?}}\"),",
                        v.rust_name
                    )),
                    None => lines.push(format!("    {name}::{} => {{}}", v.rust_name)),
                }
            }
            if !range {
                lines.push(format!(
                    "    {name}::Undocumented {{ status, .. }} => println!(\"{{status}}\"),"
                ));
            }
            lines.push("}".to_string());
        }
        None => {
            let bind = if op.success.body.is_some() {
                "let answer = "
            } else {
                ""
            };
            lines.push(format!("{bind}{call}.await?;"));
            if op.success.body.is_some() {
                lines.push("println!(\"{answer:?}\");".to_string());
            }
        }
    }
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines.push("```".to_string());
    lines
}
