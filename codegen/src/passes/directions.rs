//! `readOnly` / `writeOnly` by direction: a type's fields depend on whether it is only sent
//! (a request type), only decoded (a response type) or both.
//!
//! | the type is | `readOnly` property | `writeOnly` property the schema requires |
//! |---|---|---|
//! | only sent | no field | a plain field |
//! | only decoded (or neither) | optional | optional |
//! | sent and decoded | optional, never sent (left out of request bodies at run time) | optional; request validation demands it |
//!
//! A `readOnly` property is optional in every type that has it, even when the schema requires
//! it (as before this pass): answers keep decoding when the server leaves one out.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind};

/// Applies the table above to every struct of `types`, given the names of the types requests
/// and answers can contain ([`super::reachability`]).
pub fn apply(
    types: &mut BTreeMap<String, TypeDef>,
    request_types: &BTreeSet<String>,
    response_types: &BTreeSet<String>,
) {
    for (name, def) in types.iter_mut() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let sent = request_types.contains(name);
        let decoded = response_types.contains(name) || !sent;
        if !decoded {
            s.fields.retain(|f| !f.read_only);
            let fields = &s.fields;
            s.required_order
                .retain(|wire| fields.iter().any(|f| f.wire_name == *wire));
            continue;
        }
        for f in s.fields.iter_mut().filter(|f| f.write_only && f.required) {
            f.required = false;
            f.required_in_requests = sent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Constraints, Field, Struct, TypeRef};

    fn field(wire: &str, required: bool, read_only: bool, write_only: bool) -> Field {
        Field {
            wire_name: wire.to_string(),
            rust_name: wire.to_string(),
            ty: TypeRef::String,
            required,
            required_in_requests: false,
            read_only,
            write_only,
            deprecated: false,
            boxed: false,
            doc: None,
            constraints: Constraints::default(),
        }
    }

    fn types() -> BTreeMap<String, TypeDef> {
        ["Sent", "Decoded", "Both"]
            .into_iter()
            .map(|name| {
                let def = TypeDef {
                    doc: None,
                    pointer: format!("#/components/schemas/{name}"),
                    kind: TypeKind::Struct(Struct {
                        fields: vec![
                            field("id", false, true, false),
                            field("name", true, false, false),
                            field("password", true, false, true),
                        ],
                        required_order: vec!["name".into(), "id".into(), "password".into()],
                        additional: None,
                    }),
                };
                (name.to_string(), def)
            })
            .collect()
    }

    fn fields(types: &BTreeMap<String, TypeDef>, name: &str) -> Vec<(String, bool, bool)> {
        let TypeKind::Struct(s) = &types[name].kind else {
            unreachable!()
        };
        s.fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.required, f.required_in_requests))
            .collect()
    }

    #[test]
    fn fields_follow_the_directions_a_type_travels() {
        let mut types = types();
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        apply(
            &mut types,
            &set(&["Sent", "Both"]),
            &set(&["Decoded", "Both"]),
        );
        let f = |w: &str, r, rr| (w.to_string(), r, rr);
        assert_eq!(
            fields(&types, "Sent"),
            [f("name", true, false), f("password", true, false)],
            "no readOnly field; writeOnly stays required"
        );
        assert_eq!(
            fields(&types, "Decoded"),
            [
                f("id", false, false),
                f("name", true, false),
                f("password", false, false)
            ]
        );
        assert_eq!(
            fields(&types, "Both"),
            [
                f("id", false, false),
                f("name", true, false),
                f("password", false, true)
            ]
        );
        let TypeKind::Struct(s) = &types["Sent"].kind else {
            unreachable!()
        };
        assert_eq!(s.required_order, ["name", "password"]);
    }
}
