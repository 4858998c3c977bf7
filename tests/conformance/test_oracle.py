"""Self-test of the conformance oracle's OpenAPI 3.0 → JSON Schema reading (unittest, no pytest).

Run by `cargo xtask conformance` before it generates anything:
`target/conformance/venv/bin/python -m unittest tests/conformance/test_oracle.py`.
Each test states what a valid instance is for one construct and checks that the converted schema
accepts exactly that (jsonschema's Draft 7 validator) and that the generated instances are valid.
"""

import os
import sys
import unittest

from jsonschema import Draft7Validator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402


def spec(schemas):
    return oracle.Spec({"openapi": "3.0.3", "components": {"schemas": schemas}})


def schema_of(schemas, name, nullable=True, direction="response"):
    return oracle.Converter(spec(schemas)).target(
        oracle.schema_pointer(name), nullable=nullable, direction=direction
    )


class Conversion(unittest.TestCase):
    def assertAccepts(self, schema, *instances):
        v = Draft7Validator(schema)
        for i in instances:
            self.assertTrue(v.is_valid(i), f"{i!r} should be valid for {schema}")

    def assertRejects(self, schema, *instances):
        v = Draft7Validator(schema)
        for i in instances:
            self.assertFalse(v.is_valid(i), f"{i!r} should be invalid for {schema}")

    def test_nullable_everywhere(self):
        s = schema_of(
            {
                "R": {
                    "type": "object",
                    "properties": {
                        "readings": {"type": "array", "items": {"type": "number", "nullable": True}},
                        "labels": {"type": "object", "additionalProperties": {"type": "string", "nullable": True}},
                        "note": {"type": "string", "nullable": True},
                        "size": {"type": "string"},
                    },
                }
            },
            "R",
        )
        self.assertAccepts(s, {"readings": [1.5, None]}, {"labels": {"rack": None}}, {"note": None})
        self.assertRejects(s, {"size": None}, {"readings": None})

    def test_openapi_31_schemas_are_read_with_31_meaning(self):
        root = oracle.lift31(
            {
                "openapi": "3.1.0",
                "components": {
                    "schemas": {
                        "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
                        "W": {
                            "type": "object",
                            "required": ["kind", "label", "size", "sponsor"],
                            "properties": {
                                "kind": {"const": "widget"},
                                "label": {"type": ["string", "null"], "maxLength": 3},
                                "size": {"type": ["integer", "string"], "minimum": 1, "maxLength": 2},
                                "ratio": {"type": "number", "exclusiveMinimum": 0},
                                "sponsor": {
                                    "$ref": "#/components/schemas/Owner",
                                    "required": ["badge"],
                                    "properties": {"badge": {"type": "string"}},
                                },
                                "gone": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                            },
                        },
                    }
                },
            }
        )
        s = oracle.Converter(oracle.Spec(root)).target(oracle.schema_pointer("W"))
        base = {"kind": "widget", "label": None, "size": 5, "sponsor": {"name": "n", "badge": "b"}}
        self.assertAccepts(
            s,
            base,
            dict(base, label="abc", size="xl", ratio=0.5, gone=None),
            dict(base, gone="g"),
        )
        self.assertRejects(
            s,
            dict(base, kind="other"),
            dict(base, label="abcd"),
            dict(base, size=0),
            dict(base, size="xxl"),
            dict(base, ratio=0),
            dict(base, sponsor={"name": "n"}),
        )

    def test_named_type_leaves_its_own_null_to_the_referrer(self):
        schemas = {"T": {"type": "string", "nullable": True}}
        self.assertAccepts(schema_of(schemas, "T"), None, "x")
        self.assertRejects(schema_of(schemas, "T", nullable=False), None)

    def test_write_only_never_required_read_only_kept(self):
        s = schema_of(
            {
                "U": {
                    "type": "object",
                    "required": ["name", "password", "id"],
                    "properties": {
                        "name": {"type": "string"},
                        "password": {"type": "string", "writeOnly": True},
                        "id": {"type": "string", "readOnly": True},
                    },
                }
            },
            "U",
        )
        self.assertAccepts(s, {"name": "a", "id": "1"}, {"name": "a", "id": "1", "password": "p"})
        self.assertRejects(s, {"name": "a"}, {"id": "1", "password": "p"})

    def test_request_direction_sends_no_read_only_and_every_required_write_only(self):
        schemas = {
            "U": {
                "type": "object",
                "required": ["name", "password", "id"],
                "properties": {
                    "name": {"type": "string"},
                    "password": {"type": "string", "writeOnly": True},
                    "id": {"type": "string", "readOnly": True},
                    "inner": {
                        "type": "object",
                        "properties": {"state": {"type": "string", "readOnly": True}},
                    },
                },
            }
        }
        s = schema_of(schemas, "U", direction="request")
        self.assertAccepts(s, {"name": "a", "password": "p"}, {"name": "a", "password": "p", "inner": {}})
        self.assertRejects(
            s,
            {"name": "a"},
            {"name": "a", "password": "p", "id": "1"},
            {"name": "a", "password": "p", "inner": {"state": "x"}},
        )

    def test_only_declared_properties(self):
        s = schema_of({"O": {"type": "object", "properties": {"a": {"type": "string"}}}}, "O")
        self.assertRejects(s, {"a": "x", "b": 1})
        m = schema_of({"M": {"type": "object", "additionalProperties": {"type": "integer"}}}, "M")
        self.assertAccepts(m, {"k": 1})
        self.assertRejects(m, {"k": "x"})

    def test_all_of_merges_properties(self):
        schemas = {
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "Child": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"extra": {"type": "integer"}}}]},
        }
        s = schema_of(schemas, "Child")
        self.assertAccepts(s, {"id": "x", "extra": 1})
        self.assertRejects(s, {"extra": 1}, {"id": "x", "other": 1})

    def test_one_of_with_discriminator_and_mapping_constrains_the_tag(self):
        schemas = {
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
            },
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
            "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "bark": {"type": "string"}}},
        }
        s = schema_of(schemas, "Pet")
        # Cat by its mapping key, Dog by its schema name (the implicit mapping).
        self.assertAccepts(s, {"kind": "cat", "lives": 9}, {"kind": "Dog", "bark": "woof"})
        self.assertRejects(s, {"kind": "Cat", "lives": 9}, {"kind": "cat", "bark": "woof"}, {"kind": "dog"})

    def test_one_of_without_mapping_takes_each_members_own_value(self):
        # OpenAI's style: no mapping; each member allows one value of the property itself.
        schemas = {
            "Content": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Text"},
                    {"$ref": "#/components/schemas/Image"},
                    {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["audio"]}}},
                ],
                "discriminator": {"propertyName": "type"},
            },
            "Text": {"type": "object", "required": ["type", "text"], "properties": {"type": {"type": "string", "enum": ["input_text"]}, "text": {"type": "string"}}},
            "Image": {"allOf": [{"type": "object", "properties": {"url": {"type": "string"}}}, {"type": "object", "properties": {"type": {"type": "string", "enum": ["input_image"]}}}]},
        }
        s = schema_of(schemas, "Content")
        self.assertAccepts(s, {"type": "input_text", "text": "hi"}, {"type": "input_image", "url": "u"}, {"type": "audio"})
        self.assertRejects(s, {"type": "Text", "text": "hi"}, {"type": "Image"})

    def test_inheritance_parent_is_one_of_its_children(self):
        schemas = {
            "Pet": {
                "type": "object",
                "required": ["petType"],
                "properties": {"petType": {"type": "string"}, "name": {"type": "string"}},
                "discriminator": {"propertyName": "petType"},
            },
            "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "properties": {"lives": {"type": "integer"}}}]},
            "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "properties": {"bark": {"type": "string"}}}]},
            "Owner": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
        }
        s = schema_of(schemas, "Owner")
        self.assertAccepts(s, {"pet": {"petType": "Cat", "name": "Tom", "lives": 9}}, {"pet": {"petType": "Dog", "bark": "w"}})
        self.assertRejects(s, {"pet": {"petType": "Cat", "bark": "w"}}, {"pet": {"petType": "Pet"}})

    def test_child_that_is_only_all_of_its_parent(self):
        # Issue 9's unbounded recursion: BasicProduct is `allOf: [Product]`, mapped from Product.
        schemas = {
            "Product": {
                "type": "object",
                "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
                "discriminator": {"propertyName": "code", "mapping": {"BASIC": "#/components/schemas/BasicProduct"}},
            },
            "BasicProduct": {"allOf": [{"$ref": "#/components/schemas/Product"}]},
        }
        s = schema_of(schemas, "Product")
        self.assertAccepts(s, {"code": "BASIC", "label": "b"})
        self.assertRejects(s, {"code": "OTHER"})
        conv = oracle.Converter(spec(schemas))
        minimal = oracle.minimal(conv.branch("#/components/schemas/Product", "#/components/schemas/BasicProduct", "code", ["BASIC"], minimal=True), 0)
        self.assertEqual(minimal, {"code": "BASIC"})

    def test_tag_is_sent_even_when_write_only(self):
        # raw 2025 ServerlessTenantEndpointUpdate: the discriminator property is writeOnly.
        schemas = {
            "Upd": {
                "type": "object",
                "required": ["provider"],
                "properties": {"provider": {"type": "string", "enum": ["AWS"], "writeOnly": True}},
                "discriminator": {"propertyName": "provider", "mapping": {"AWS": "#/components/schemas/AwsUpd"}},
            },
            "AwsUpd": {"allOf": [{"$ref": "#/components/schemas/Upd"}], "required": ["provider"]},
        }
        conv = oracle.Converter(spec(schemas))
        branch = conv.branch("#/components/schemas/Upd", "#/components/schemas/AwsUpd", "provider", ["AWS"], minimal=True)
        self.assertEqual(oracle.minimal(branch, 0), {"provider": "AWS"})

    def test_parent_child_cycle_inherits_own_properties(self):
        # Atlas's CreateEndpointRequest: a oneOf whose members allOf the union itself.
        schemas = {
            "Req": {"type": "object", "properties": {"comment": {"type": "string"}}, "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
            "A": {"allOf": [{"$ref": "#/components/schemas/Req"}, {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}]},
            "B": {"allOf": [{"$ref": "#/components/schemas/Req"}, {"type": "object", "required": ["b"], "properties": {"b": {"type": "string"}}}]},
        }
        s = schema_of(schemas, "Req")
        self.assertAccepts(s, {"a": "x", "comment": "c"}, {"b": "y"})
        self.assertRejects(s, {"a": "x", "b": "y"}, {"comment": "c"})

    def test_recursion_is_finite(self):
        schemas = {"Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}
        s = schema_of(schemas, "Node")
        self.assertAccepts(s, {"children": [{"children": []}]})
        for instance in oracle.sample(s, 20, 1):
            self.assertTrue(Draft7Validator(s).is_valid(instance))

    def test_integer_formats_keep_their_range(self):
        schemas = {
            "N": {
                "type": "object",
                "properties": {
                    "small": {"type": "integer", "format": "int32"},
                    "big": {"type": "integer", "format": "uint64"},
                    "plain": {"type": "integer"},
                },
            }
        }
        s = schema_of(schemas, "N")
        self.assertAccepts(s, {"big": 18446744073709551615}, {"small": -(2**31)}, {"plain": 2**63 - 1})
        self.assertRejects(s, {"small": 2**31}, {"big": -1}, {"plain": 2**63})

    def test_yaml_1_2_scalars(self):
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write("a: 2023-01-01\nb: off\nc: ON\nd: 0o17\ne: 1.5\nf: ~\ng: true\n")
        try:
            loaded = oracle.load_spec(f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(loaded, {"a": "2023-01-01", "b": "off", "c": "ON", "d": 15, "e": 1.5, "f": None, "g": True})

    def test_instances_are_valid_and_seeded(self):
        s = schema_of({"T": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string", "pattern": "^[a-f0-9]{4}$"}, "b": {"type": "string", "format": "date-time"}}}}, "T")
        first = oracle.sample(s, 20, 7)
        self.assertEqual(len(first), 20)
        self.assertEqual(first, oracle.sample(s, 20, 7))
        for instance in first:
            self.assertTrue(Draft7Validator(s).is_valid(instance), instance)


if __name__ == "__main__":
    unittest.main()
