//! `--tag` and `--only`: the names a person types, matched to the tags and operation ids of
//! the spec, with the valid names and the closest one when nothing matches.
//!
//! A tag matches as written (`Serverless Instances`) or in any spelling that has the same
//! letters and digits ignoring case, such as its module and feature name
//! (`serverless_instances`) or `serverless-instances`. An operation matches by `operationId`,
//! by `x-xgen-operation-id-override`, or in any spelling with the same letters and digits, such
//! as its Rust method name (`create_serverless_instance`).

use std::collections::BTreeSet;
use std::path::Path;

use atlas_codegen::{Document, Selection};
use serde_json::Value;

use crate::Failure;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Operations with more candidates than this are not all listed in a message, only the
/// closest few.
const LIST_ALL_UP_TO: usize = 60;

/// The tags and operation ids of the document's operations.
#[derive(Debug, Default)]
struct Names {
    tags: BTreeSet<String>,
    operations: BTreeSet<String>,
}

fn names(doc: &Document) -> Names {
    let mut names = Names::default();
    let Some(paths) = doc.root.get("paths").and_then(Value::as_object) else {
        return names;
    };
    for item in paths.values() {
        // A path item may itself be a local `$ref`.
        let item = match item.get("$ref").and_then(Value::as_str) {
            Some(pointer) if pointer.starts_with('#') => doc.get(pointer).unwrap_or(item),
            _ => item,
        };
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            for key in ["operationId", "x-xgen-operation-id-override"] {
                if let Some(id) = op.get(key).and_then(Value::as_str) {
                    names.operations.insert(id.to_string());
                }
            }
            if let Some(tags) = op.get("tags").and_then(Value::as_array) {
                names
                    .tags
                    .extend(tags.iter().filter_map(Value::as_str).map(str::to_string));
            }
        }
    }
    names
}

/// Lower-cased letters and digits: the spelling-insensitive form names are matched by.
fn key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The spec's names that `wanted` means: itself when it is one, else those with the same key.
fn matches<'a>(wanted: &str, valid: &'a BTreeSet<String>) -> Vec<&'a String> {
    if let Some(exact) = valid.get(wanted) {
        return vec![exact];
    }
    let wanted = key(wanted);
    valid.iter().filter(|v| key(v) == wanted).collect()
}

/// The valid names closest to `wanted`, best first (similarity of their keys at least 0.6).
fn closest<'a>(wanted: &str, valid: &'a BTreeSet<String>, limit: usize) -> Vec<&'a String> {
    let wanted = key(wanted);
    let mut scored: Vec<(f64, &String)> = valid
        .iter()
        .map(|v| {
            let k = key(v);
            let score = strsim::normalized_damerau_levenshtein(&wanted, &k)
                .max(strsim::jaro_winkler(&wanted, &k) - 0.1);
            (score, v)
        })
        .filter(|(score, _)| *score >= 0.6)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(limit).map(|(_, v)| v).collect()
}

fn tag_label(tag: &str) -> String {
    // The module (and feature) name lowering gives the tag, by the client emitter's rules.
    let module = atlas_codegen::CLIENT_OPTIONS.naming.field_name(tag);
    if module == tag {
        format!("`{tag}`")
    } else {
        format!("`{tag}` ({module})")
    }
}

/// Resolves `--only` and `--tag` against the document.
///
/// # Errors
/// [`Failure::Usage`] naming each unknown name, the closest valid one, and the valid names.
pub(crate) fn resolve(
    doc: &Document,
    spec: &Path,
    only: &[String],
    tags: &[String],
) -> Result<Selection, Failure> {
    let mut selection = Selection::default();
    if only.is_empty() && tags.is_empty() {
        return Ok(selection);
    }
    let names = names(doc);
    let mut problems = Vec::new();

    if !tags.is_empty() {
        let mut chosen = BTreeSet::new();
        let mut unknown = Vec::new();
        for wanted in tags {
            let hit = matches(wanted, &names.tags);
            if hit.is_empty() {
                unknown.push(wanted);
            }
            chosen.extend(hit.into_iter().cloned());
        }
        for wanted in unknown {
            let mut message = format!("--tag `{wanted}` is no tag of {}", spec.display());
            if let Some(best) = closest(wanted, &names.tags, 1).first() {
                message.push_str(&format!("; did you mean {}?", tag_label(best)));
            }
            let all: Vec<String> = names.tags.iter().map(|t| tag_label(t)).collect();
            if all.is_empty() {
                message.push_str("\n  (no operation of this spec has a tag)");
            } else {
                message.push_str(&format!(
                    "\n  the {} tags (as written, or as their module/feature name in parentheses): {}",
                    all.len(),
                    all.join(", ")
                ));
            }
            problems.push(message);
        }
        selection.tags = Some(chosen);
    }

    if !only.is_empty() {
        let mut chosen = BTreeSet::new();
        let mut unknown = Vec::new();
        for wanted in only {
            let hit = matches(wanted, &names.operations);
            if hit.is_empty() {
                unknown.push(wanted);
            }
            chosen.extend(hit.into_iter().cloned());
        }
        for wanted in unknown {
            let mut message = format!("--only `{wanted}` is no operation of {}", spec.display());
            let near = closest(wanted, &names.operations, 10);
            if let Some(best) = near.first() {
                message.push_str(&format!("; did you mean `{best}`?"));
            }
            let total = names.operations.len();
            if total <= LIST_ALL_UP_TO {
                let all: Vec<String> = names.operations.iter().map(|o| format!("`{o}`")).collect();
                message.push_str(&format!("\n  the {total} operations: {}", all.join(", ")));
            } else if !near.is_empty() {
                let near: Vec<String> = near.iter().map(|o| format!("`{o}`")).collect();
                message.push_str(&format!(
                    "\n  the closest of its {total} operations: {} (the generated lib.rs lists them all)",
                    near.join(", ")
                ));
            }
            problems.push(message);
        }
        selection.only = Some(chosen);
    }

    if problems.is_empty() {
        Ok(selection)
    } else {
        Err(Failure::Usage(problems.join("\n")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document::from_text(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /clusters:
    get: {operationId: listClusters, tags: [Clusters], responses: {"200": {description: ok}}}
    post: {operationId: createCluster, x-xgen-operation-id-override: createOneCluster, tags: [Clusters], responses: {"200": {description: ok}}}
  /instances:
    $ref: '#/components/x-items/instances'
components:
  x-items:
    instances:
      get: {operationId: listServerlessInstances, tags: [Serverless Instances], responses: {"200": {description: ok}}}
"#,
            "t.yaml",
        )
        .unwrap()
    }

    fn tags(list: &[&str]) -> Result<Selection, Failure> {
        let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        resolve(&doc(), Path::new("t.yaml"), &[], &list)
    }

    fn only(list: &[&str]) -> Result<Selection, Failure> {
        let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        resolve(&doc(), Path::new("t.yaml"), &list, &[])
    }

    fn set(items: &[&str]) -> Option<BTreeSet<String>> {
        Some(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn tags_match_as_written_or_as_module_names() {
        for spelling in ["Clusters", "clusters", "CLUSTERS"] {
            assert_eq!(
                tags(&[spelling]).unwrap().tags,
                set(&["Clusters"]),
                "{spelling}"
            );
        }
        for spelling in [
            "Serverless Instances",
            "serverless_instances",
            "serverless-instances",
        ] {
            assert_eq!(
                tags(&[spelling]).unwrap().tags,
                set(&["Serverless Instances"]),
                "{spelling}"
            );
        }
    }

    #[test]
    fn unknown_tags_list_the_valid_ones_and_suggest_the_closest() {
        let Err(Failure::Usage(message)) = tags(&["clustrs"]) else {
            panic!("accepted")
        };
        assert_eq!(
            message,
            "--tag `clustrs` is no tag of t.yaml; did you mean `Clusters` (clusters)?\n  \
             the 2 tags (as written, or as their module/feature name in parentheses): \
             `Clusters` (clusters), `Serverless Instances` (serverless_instances)"
        );
        let Err(Failure::Usage(message)) = tags(&["zzz"]) else {
            panic!("accepted")
        };
        assert!(!message.contains("did you mean"), "{message}");
    }

    #[test]
    fn operations_match_by_id_override_or_method_name() {
        assert_eq!(
            only(&["listClusters"]).unwrap().only,
            set(&["listClusters"])
        );
        assert_eq!(
            only(&["createOneCluster"]).unwrap().only,
            set(&["createOneCluster"])
        );
        assert_eq!(
            only(&["list_serverless_instances"]).unwrap().only,
            set(&["listServerlessInstances"])
        );
        let Err(Failure::Usage(message)) = only(&["listCluster"]) else {
            panic!("accepted")
        };
        assert!(
            message.starts_with(
                "--only `listCluster` is no operation of t.yaml; did you mean `listClusters`?"
            ),
            "{message}"
        );
        assert!(message.contains("the 4 operations: `createCluster`, `createOneCluster`, `listClusters`, `listServerlessInstances`"), "{message}");
    }
}
