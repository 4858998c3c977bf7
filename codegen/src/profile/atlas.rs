//! The MongoDB Atlas Admin API v2 profile: every rule of the generator that comes from
//! Atlas's conventions rather than from OpenAPI (see [`super`] for the overview).

use serde_json::Value;
use std::cmp::Reverse;

use super::Paging;

/// The operation extension naming an operation's generated method instead of its
/// `operationId` (Atlas's specs keep `operationId` stable and put the friendlier name here).
pub const OPERATION_NAME: &str = "x-xgen-operation-id-override";

/// The extension giving the date something stops working (`YYYY-MM-DD`): on an operation,
/// or on a media type object of a request body or response (the version of the operation in
/// that media type sunsets; the raw 2026 spec writes it there over a hundred times).
pub const SUNSET: &str = "x-sunset";

/// Atlas's list operations: `?pageNum=1&itemsPerPage=100` answered by a `Paginated…` object
/// with `results` and `totalCount` (Atlas documents 100 as the default page size).
pub const PAGING: Paging = Paging {
    page_param: "pageNum",
    size_param: "itemsPerPage",
    results_field: "results",
    total_field: "totalCount",
    default_size: 100,
};

/// The `x-xgen-operation-id-override` of an operation.
pub fn operation_name(op: &Value) -> Option<&str> {
    op.get(OPERATION_NAME).and_then(Value::as_str)
}

/// The `x-sunset` date of an operation or media type object.
pub fn sunset(node: &Value) -> Option<String> {
    node.get(SUNSET).and_then(Value::as_str).map(str::to_string)
}

/// Atlas answers CSV exports as `application/vnd.atlas.YYYY-MM-DD+csv`: text.
pub fn is_text(essence: &str) -> bool {
    essence.ends_with("+csv")
}

/// Within a kind (JSON, text, binary): a dated version
/// (`application/vnd.atlas.YYYY-MM-DD+json`) first, the newest date first; then an undated
/// one (`application/json`); a preview (`application/vnd.atlas.preview+json`) last.
pub fn media_rank(essence: &str) -> (u8, Reverse<String>) {
    match media_date(essence) {
        Some(date) => (0, Reverse(date.to_string())),
        None if essence.contains("preview") => (2, Reverse(String::new())),
        None => (1, Reverse(String::new())),
    }
}

/// The `YYYY-MM-DD` version date in a vendor media type such as
/// `application/vnd.atlas.2023-01-01+json`.
pub fn media_date(essence: &str) -> Option<&str> {
    let subtype = essence.split_once('/')?.1;
    let version = subtype.split('+').next()?.rsplit('.').next()?;
    let b = version.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    shape.then_some(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_dates() {
        assert_eq!(
            media_date("application/vnd.atlas.2023-01-01+json"),
            Some("2023-01-01")
        );
        assert_eq!(media_date("application/vnd.atlas.preview+json"), None);
        assert_eq!(media_date("application/json"), None);
    }
}
