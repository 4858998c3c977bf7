//! Paths and operations → [`Operation`]s: selection, naming, and the parts of each operation
//! (parameters in `parameters.rs`, bodies and answers in `bodies.rs`).

use serde_json::{Map, Value};
use std::collections::BTreeMap;

use super::schema::Lowerer;
use super::selection::{Matcher, Selection};
use crate::error::{Error, Result};
use crate::ir::{Deprecation, HttpMethod, Operation, ParamLocation, PathPart};
use crate::load::child;
use crate::naming::{NamingRules, Scope};
use crate::profile::Profile;

/// The ids and tags of an operation, read before it is lowered (to select it).
struct Identity {
    /// The upstream `operationId`.
    upstream_id: Option<String>,
    /// The name the operation is generated under (the profile's, else `operationId`).
    preferred: Option<String>,
    tags: Vec<String>,
}

/// The names of one API's operations: methods and request builders, unique.
struct Names {
    methods: Scope,
    builders: Scope,
    /// `operationId` → where it was first used.
    seen: BTreeMap<String, String>,
}

impl Names {
    fn new(rules: &NamingRules) -> Self {
        Names {
            methods: Scope::with_reserved(rules.reserved_methods),
            builders: Scope::with_reserved(rules.reserved_builders),
            seen: BTreeMap::new(),
        }
    }
}

/// The selected operations, and where each is for what is lowered after all of them (see
/// [`super::lower`]).
pub struct Lowered<'d> {
    /// The operations, keyed by method name.
    pub operations: BTreeMap<String, Operation>,
    /// Method name → the operation object.
    pub sites: Vec<(String, &'d Value)>,
}

/// Lowers the selected operations of `paths` (all but their [`Operation::responses`]).
pub fn lower_all<'d>(
    lowerer: &mut Lowerer<'d>,
    paths: &'d Map<String, Value>,
    selection: &Selection,
) -> Result<Lowered<'d>> {
    let mut names = Names::new(lowerer.naming);
    let mut matcher = Matcher::default();
    let mut operations = BTreeMap::new();
    let mut sites = Vec::new();
    for (path, item) in paths {
        let item_pointer = child("#/paths", path);
        let (item, item_pointer) = lowerer.refs.deref(item, &item_pointer)?;
        let Some(item_obj) = item.as_object() else {
            return Err(Error::spec(item_pointer, "a path item must be a mapping"));
        };
        for method in HttpMethod::ALL {
            let Some(op) = item_obj.get(method.key()) else {
                continue;
            };
            let op_pointer = child(&item_pointer, method.key());
            if !op.is_object() {
                return Err(Error::spec(op_pointer, "an operation must be a mapping"));
            }
            let identity = identity(lowerer.profile, op);
            if !matcher.selected(
                selection,
                &identity.upstream_id,
                &identity.preferred,
                &identity.tags,
            ) {
                continue;
            }
            let site = Site {
                path,
                method,
                item,
                item_pointer: &item_pointer,
                op,
                pointer: &op_pointer,
            };
            let operation = lowerer.operation(&site, identity, &mut names)?;
            sites.push((operation.rust_name.clone(), op));
            operations.insert(operation.rust_name.clone(), operation);
        }
    }
    matcher.check(selection)?;
    Ok(Lowered { operations, sites })
}

fn identity(profile: Profile, op: &Value) -> Identity {
    let upstream_id = op
        .get("operationId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let preferred = profile
        .operation_name(op)
        .map(str::to_string)
        .or_else(|| upstream_id.clone());
    let tags: Vec<String> = op
        .get("tags")
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Identity {
        upstream_id,
        preferred,
        tags,
    }
}

/// Where an operation is: its path template, method, path item (and where that is) and
/// operation object.
pub(super) struct Site<'a, 'd> {
    pub path: &'a str,
    pub method: HttpMethod,
    pub item: &'d Value,
    pub item_pointer: &'a str,
    pub op: &'d Value,
    pub pointer: &'a str,
}

/// A trimmed, non-empty text field of an operation (`summary`, `description`).
fn text(op: &Value, key: &str) -> Option<String> {
    op.get(key)
        .and_then(Value::as_str)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

impl<'d> Lowerer<'d> {
    /// One operation: its names, parameters, path, body, decoded answer and deprecation.
    fn operation(
        &mut self,
        site: &Site<'_, 'd>,
        identity: Identity,
        names: &mut Names,
    ) -> Result<Operation> {
        let Site {
            path,
            method,
            op,
            pointer,
            ..
        } = *site;
        let name = match &identity.preferred {
            Some(n) if !n.trim().is_empty() => n.clone(),
            _ => {
                let derived = format!("{} {path}", method.key());
                self.warn(
                    pointer,
                    format!(
                        "no operationId; named `{}`",
                        self.naming.field_name(&derived)
                    ),
                );
                derived
            }
        };
        if let Some(previous) = names.seen.insert(name.clone(), pointer.to_string()) {
            self.warn(pointer, format!("operationId `{name}` is also used at {previous}; this one gets a numbered name"));
        }
        let rust_name = names.methods.claim(&self.naming.field_name(&name));
        let builder_name = names.builders.claim(&self.naming.type_name(&name));
        let params = self.parameters(site.item, op, pointer, &builder_name)?;
        // Said at the key, even when its path item is a `$ref`.
        let key_pointer = child("#/paths", path);
        let sent = super::path_key::sent_path(path, &key_pointer, &mut self.diags)?;
        let path_parts = super::parameters::path_parts(&sent.path, &params, pointer)?;
        for (i, p) in params.iter().enumerate() {
            if p.location == ParamLocation::Path && !path_parts.contains(&PathPart::Param(i)) {
                self.warn(
                    pointer,
                    format!(
                        "path parameter `{}` does not appear in the path template; it is not sent",
                        p.wire_name
                    ),
                );
            }
        }
        // The sunset dates of the operation and of the media types it sends and reads.
        let mut sunsets: Vec<String> = self.profile.sunset(op).into_iter().collect();
        let mut body = self.request_body(op, pointer, &builder_name, &mut sunsets)?;
        if let Some(form) = body.as_mut().and_then(|b| b.form.as_mut()) {
            form.rust_name = names.builders.claim(&format!("{builder_name}Form"));
        }
        let mut success = self.success(op, pointer, &builder_name, &mut sunsets)?;
        if let Some(several) = &mut success.several {
            several.rust_name = names.builders.claim(&format!("{builder_name}Success"));
        }
        let deprecated = op
            .get("deprecated")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let sunset = sunsets.into_iter().min();
        let tag = identity.tags.first().cloned();
        let server = self.operation_server(site);
        let operation = Operation {
            operation_id: identity.upstream_id.unwrap_or_else(|| name.clone()),
            name,
            rust_name,
            builder_name,
            method,
            path: sent.path,
            path_key: path.to_string(),
            path_query: sent.query,
            path_parts,
            summary: text(op, "summary"),
            description: text(op, "description"),
            deprecated: (deprecated || sunset.is_some()).then_some(Deprecation { sunset }),
            module: tag
                .as_deref()
                .map(|tag| tag_module(&self.naming.field_name(tag)))
                .unwrap_or_else(|| "untagged".to_string()),
            tag,
            params,
            body,
            success,
            responses: Vec::new(),
            pointer: pointer.to_string(),
            pagination: None,
            server,
            anonymous: anonymous(op),
        };
        Ok(operation)
    }

    /// The operation's own server ([`Operation::server`]): the first entry of its `servers`,
    /// else of its path item's; a non-empty list at the operation decides even when its URL is
    /// unusable (said at its pointer: the operation then goes to the client's base URL).
    fn operation_server(&mut self, site: &Site<'_, 'd>) -> Option<String> {
        let names_one = |v: &Value| {
            v.get("servers")
                .and_then(Value::as_array)
                .is_some_and(|list| !list.is_empty())
        };
        let (owner, pointer) = if names_one(site.op) {
            (site.op, site.pointer)
        } else if names_one(site.item) {
            (site.item, site.item_pointer)
        } else {
            return None;
        };
        super::server_url(
            owner.get("servers"),
            &child(pointer, "servers"),
            super::OPERATION_ON_BASE_URL,
            &mut self.diags,
        )
    }
}

/// Whether operation `op` is sent without credentials ([`Operation::anonymous`]): its own
/// `security` is a list in which no requirement names a scheme (`[]`, `[{}]`). A list naming
/// one (even next to `{}`, which makes authentication optional: the credentials are sent when
/// the client has them) or no `security` of its own (the document's applies) is not.
fn anonymous(op: &Value) -> bool {
    op.get("security")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter()
                .all(|r| r.as_object().is_some_and(Map::is_empty))
        })
}

/// The names a tag's module may not take: with `--split-by-tag` a tag's module name is also
/// its cargo feature, and these are names the generator gives to its own modules and features
/// — `operations` (the module holding the tags' modules: `operations::operations` is the
/// module inception clippy refuses), `models`, `client`, `mock` (the typed mock server's
/// module and feature) and `default` (the feature list of every tag).
pub const RESERVED_TAG_MODULES: &[&str] = &["client", "default", "mock", "models", "operations"];

/// The module (and, with `--split-by-tag`, the cargo feature) of a tag's operations: its name
/// in the emitter's naming, with the suffix `_tag` when that is one of
/// [`RESERVED_TAG_MODULES`] (`Mock` → `mock_tag`, `Operations` → `operations_tag`). The
/// command line's subcommand keeps the tag's own name (`api mock …`).
fn tag_module(name: &str) -> String {
    if RESERVED_TAG_MODULES.contains(&name) {
        format!("{name}_tag")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_named_like_a_generated_module_or_feature_gets_the_tag_suffix() {
        for (name, module) in [
            ("mock", "mock_tag"),
            ("default", "default_tag"),
            ("operations", "operations_tag"),
            ("models", "models_tag"),
            ("client", "client_tag"),
            ("mock_ups", "mock_ups"),
            ("clusters", "clusters"),
        ] {
            assert_eq!(tag_module(name), module, "{name}");
        }
    }
}
