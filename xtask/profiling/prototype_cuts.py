#!/usr/bin/env python3
"""Measurement-only prototypes: edits a COPY of a generated crate to estimate what a cut saves."""
import os, re, shutil, sys

PROTO_RT = r'''
//! Prototype helpers (measurement only): what a runtime would provide once.
use atlas_admin_runtime::{BoxFuture, Error, Request, Transport};

pub fn json<'a, T: serde::de::DeserializeOwned + Send + 'a>(t: &'a Transport, request: Result<Request, Error>) -> BoxFuture<'a, Result<T, Error>> {
    Box::pin(async move { t.execute(request?).await?.json() })
}
pub fn unit<'a>(t: &'a Transport, request: Result<Request, Error>) -> BoxFuture<'a, Result<(), Error>> {
    Box::pin(async move { t.execute(request?).await.map(|_| ()) })
}
pub fn text<'a>(t: &'a Transport, request: Result<Request, Error>) -> BoxFuture<'a, Result<String, Error>> {
    Box::pin(async move { t.execute(request?).await?.text() })
}
pub fn bytes<'a>(t: &'a Transport, request: Result<Request, Error>) -> BoxFuture<'a, Result<atlas_admin_runtime::Bytes, Error>> {
    Box::pin(async move { Ok(t.execute(request?).await?.into_bytes()) })
}
pub fn de_str<'de, D: serde::Deserializer<'de>>(d: D) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)
}

macro_rules! proto_into_future {
    ($builder:ident => $output:ty) => {
        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = ::std::result::Result<$output, atlas_admin_runtime::Error>;
            type IntoFuture = atlas_admin_runtime::BoxFuture<'a, Self::Output>;
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}

macro_rules! proto_enum {
    ($name:ident; $($variant:ident = $value:literal),* $(,)?) => {
        impl $name {
            pub const VALUES: &'static [&'static str] = &[$($value),*];
            pub fn as_str(&self) -> &str {
                match self { $(Self::$variant => $value,)* Self::Unknown(v) => v }
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value { $($value => Self::$variant,)* other => Self::Unknown(other.to_owned()) }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> { Ok(Self::from(value)) }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::proto_rt::de_str(d).map(|s| Self::from(&*s))
            }
        }
        impl atlas_admin_runtime::validate::Validate for $name {
            fn validate(&self, path: &atlas_admin_runtime::validate::Path<'_>, v: &mut atlas_admin_runtime::validate::Validator) {
                v.known_enum(path, !::core::matches!(self, Self::Unknown(_)), self.as_str(), Self::VALUES);
            }
        }
    };
}
'''

def read(p): return open(p).read()
def write(p, s): open(p, "w").write(s)

def add_proto(d):
    write(f"{d}/src/proto_rt.rs", PROTO_RT)
    lib = read(f"{d}/src/lib.rs")
    if "mod proto_rt" not in lib:
        i = lib.index("#[rustfmt::skip]\nmod client;")
        write(f"{d}/src/lib.rs", lib[:i] + "#[rustfmt::skip]\n#[macro_use]\npub mod proto_rt;\n\n" + lib[i:])

SEND = re.compile(r"pub async fn send\(\s*self,?\s*\)\s*->\s*Result<\s*(.*?),?\s*Error,?\s*>\s*\{\n(.*?)\n(\s*)let response = self\.client\.transport\(\)\.execute\(request\)\.await;\n\s*(.*?)\n    \}\n", re.S)
def boxed_send(d):
    """send() builds the request synchronously and returns a BoxFuture from one generic helper."""
    add_proto(d)
    n = 0
    for f in os.listdir(f"{d}/src/operations"):
        p = f"{d}/src/operations/{f}"
        s = read(p)
        def rep(m):
            nonlocal n; n += 1
            out, body, ind, tail = m.group(1), m.group(2), m.group(3), m.group(4)
            helper = {"response?.json()": "json", "response.map(|_| ())": "unit", "response?.text()": "text", "Ok(response?.into_bytes())": "bytes"}[tail.strip()]
            return (f"pub fn send(self) -> atlas_admin_runtime::BoxFuture<'a, Result<{out}, Error>> {{\n"
                    f"        let client = self.client;\n"
                    f"        let request = (move || -> Result<Request, Error> {{\n{body}\n{ind}Ok(request)\n        }})();\n"
                    f"        crate::proto_rt::{helper}(client.transport(), request)\n    }}\n")
        s = SEND.sub(rep, s)
        s = s.replace("atlas_admin_runtime::into_future!(", "proto_into_future!(")
        write(p, s)
    # generic-output builders write IntoFuture out by hand: leave them (Box::pin of a BoxFuture still compiles)
    return n

def no_ops(d):
    lib = read(f"{d}/src/lib.rs")
    write(f"{d}/src/lib.rs", lib.replace("pub mod operations;", "mod operations_removed {}"))

def lean_models(d):
    """Models derive only Serialize/Deserialize (and Default, which `new()` calls); no Validate impls (needs no_ops)."""
    p = f"{d}/src/models.rs"; s = read(p)
    def derive(m):
        # Default stays: the models' `new()` is `Self::default()`.
        keep = [x.strip() for x in m.group(1).split(",") if x.strip() in ("Default", "serde::Serialize", "serde::Deserialize")]
        return f"#[derive({', '.join(keep)})]" if keep else ""
    s = re.sub(r"#\[derive\(([^)]*)\)\]", derive, s)
    s = re.sub(r"^#\[cfg\([^\n]*\)\]\nimpl Validate for \w+ \{\n.*?^\}\n", "", s, flags=re.M | re.S)
    write(p, s)

ENUM_MACRO = re.compile(r"atlas_admin_runtime::string_enum_impls!\(\s*(\w+);\s*(.*?)\);", re.S)
def enum_macro(d):
    """String enums: serde impls from one macro (match on &str) instead of derive + #[serde(untagged)] Unknown."""
    add_proto(d)
    p = f"{d}/src/models.rs"; s = read(p)
    n = 0
    for m in list(ENUM_MACRO.finditer(s)):
        name = m.group(1)
        values = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2))
        em = re.search(r"(#\[derive\([^)]*\)\]\n)((?:#\[serde\([^\n]*\)\]\n)?)pub enum " + name + r" \{\n(.*?)\n\}\n", s, re.S)
        body = em.group(3)
        variants = [v for v in re.findall(r"^    (\w+),$", body, re.M)]
        assert len(variants) == len(values), (name, variants, values)
        new_body = "\n".join(l for l in body.split("\n") if "#[serde(" not in l)
        derive = em.group(1).replace(", serde::Serialize, serde::Deserialize", "")
        s = s[:em.start()] + derive + f"pub enum {name} {{\n{new_body}\n}}\n" + s[em.end():]
        pairs = ", ".join(f'{v} = "{w}"' for v, w in zip(variants, values))
        s = ENUM_MACRO.sub(lambda mm: f"proto_enum!({name}; {pairs});" if mm.group(1) == name else mm.group(0), s, count=0)
        n += 1
    write(p, s)
    return n

PROTO_OUTPUT_SEND = r"""
/// Prototype: the send path generic over the output type only (not over the builder), so the
/// future and its `Send` proof are shared by every operation with the same output type.
pub fn output_send<'a, T: Send + 'a>(
    t: &'a atlas_admin_runtime::Transport,
    request: Result<atlas_admin_runtime::Request, atlas_admin_runtime::Error>,
    decode: fn(&atlas_admin_runtime::Response) -> Result<T, atlas_admin_runtime::Error>,
) -> atlas_admin_runtime::BoxFuture<'a, Result<T, atlas_admin_runtime::Error>> {
    Box::pin(async move { decode(&t.execute(request?).await?) })
}
pub fn output_send_with_response<'a, T: Send + 'a>(
    t: &'a atlas_admin_runtime::Transport,
    request: Result<atlas_admin_runtime::Request, atlas_admin_runtime::Error>,
    decode: fn(&atlas_admin_runtime::Response) -> Result<T, atlas_admin_runtime::Error>,
) -> atlas_admin_runtime::BoxFuture<'a, Result<atlas_admin_runtime::Response<T>, atlas_admin_runtime::Error>> {
    Box::pin(async move {
        let response = t.execute(request?).await?;
        let value = decode(&response)?;
        Ok(response.map(|_| value))
    })
}

macro_rules! proto_operation {
    ($builder:ident) => {
        impl<'a> $builder<'a> {
            pub fn send(self) -> atlas_admin_runtime::BoxFuture<'a, ::std::result::Result<<Self as atlas_admin_runtime::Operation>::Output, atlas_admin_runtime::Error>> {
                let request = atlas_admin_runtime::Operation::request(&self);
                $crate::proto_rt::output_send(self.client.transport(), request, <Self as atlas_admin_runtime::Operation>::decode)
            }
            pub fn send_with_response(self) -> atlas_admin_runtime::BoxFuture<'a, ::std::result::Result<atlas_admin_runtime::Response<<Self as atlas_admin_runtime::Operation>::Output>, atlas_admin_runtime::Error>> {
                let request = atlas_admin_runtime::Operation::request(&self);
                $crate::proto_rt::output_send_with_response(self.client.transport(), request, <Self as atlas_admin_runtime::Operation>::decode)
            }
        }
        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = ::std::result::Result<<Self as atlas_admin_runtime::Operation>::Output, atlas_admin_runtime::Error>;
            type IntoFuture = atlas_admin_runtime::BoxFuture<'a, Self::Output>;
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
"""

def output_send(d):
    """operation!(X) -> proto_operation!(X): send(), send_with_response() and IntoFuture return
    the BoxFuture of a helper generic over the output type only (no async fn per operation,
    no future or Send proof per builder type)."""
    add_proto(d)
    write(f"{d}/src/proto_rt.rs", read(f"{d}/src/proto_rt.rs") + PROTO_OUTPUT_SEND)
    n = 0
    for f in os.listdir(f"{d}/src/operations"):
        p = f"{d}/src/operations/{f}"
        s = read(p)
        n += s.count("atlas_admin_runtime::operation!(")
        write(p, s.replace("atlas_admin_runtime::operation!(", "proto_operation!("))
    return n

def make(src, dst, steps):
    if os.path.exists(dst): shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("target"))
    # distinct package name per variant so they share one target dir
    name = os.path.basename(dst)
    toml = read(f"{dst}/Cargo.toml")
    toml = re.sub(r'^name = "[^"]*"', f'name = "abl-{name}"', toml, count=1, flags=re.M)
    write(f"{dst}/Cargo.toml", toml)
    for step in steps:
        r = globals()[step](dst)
        print(dst, step, r)

if __name__ == "__main__":
    src, dst = sys.argv[1], sys.argv[2]
    make(src, dst, sys.argv[3:])
