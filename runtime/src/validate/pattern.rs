//! [`Pattern`]: JSON Schema `pattern` as ECMAScript regular expressions.

use std::fmt;
use std::sync::OnceLock;

/// A lazily compiled ECMAScript-compatible regular expression (via `regress`,
/// which, unlike `regex`, supports look-ahead).
///
/// `const`-constructible: `static P: Pattern = Pattern::new("^([a-f0-9]{24})$");`
pub struct Pattern {
    src: &'static str,
    compiled: OnceLock<Compiled>,
}

/// How a pattern is matched. Most Atlas patterns (`^([a-f0-9]{24})$`) are plain literals,
/// classes and quantifiers, which mean the same in ECMAScript and in the `regex` crate; those
/// run on `regex`'s automata, many times faster than a backtracking match. Everything else
/// (look-around, `\d`, `.`, back-references, …) runs on `regress`, the ECMAScript engine.
enum Compiled {
    Automaton(regex::Regex),
    Ecma(regress::Regex),
    Invalid(String),
}

/// Whether `src` means the same to the `regex` crate as to an ECMAScript engine: ASCII only, no
/// `.` (line terminators differ), no `(?` groups, and escapes only of punctuation (no classes
/// such as `\d`, `\w`, `\s`, `\b`, whose Unicode reach differs, and no back-references).
fn automaton_safe(src: &str) -> bool {
    if !src.is_ascii() || src.contains("(?") {
        return false;
    }
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut in_class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                match bytes.get(i + 1) {
                    Some(c) if c.is_ascii_punctuation() => {}
                    _ => return false,
                }
                i += 2;
                continue;
            }
            b'[' => in_class = true,
            b']' => in_class = false,
            b'.' if !in_class => return false,
            _ => {}
        }
        i += 1;
    }
    true
}

impl Compiled {
    fn new(src: &str) -> Self {
        if automaton_safe(src) {
            if let Ok(re) = regex::Regex::new(src) {
                return Compiled::Automaton(re);
            }
        }
        match ecma_regex(src) {
            Ok(re) => Compiled::Ecma(re),
            Err(e) => Compiled::Invalid(e.to_string()),
        }
    }
}

/// Compiles `src` as an ECMAScript regular expression in Unicode mode (the `u` flag, as JSON
/// Schema validators such as Ajv compile `pattern`): `\p{L}` is the property escape "any
/// letter", not the characters `p{L}`, and `.` is one code point. A pattern Unicode mode
/// refuses (an identity escape such as `\-` outside a class, which the older mode allows) is
/// compiled without the flag.
fn ecma_regex(src: &str) -> Result<regress::Regex, regress::Error> {
    regress::Regex::with_flags(src, "u").or_else(|_| regress::Regex::new(src))
}

impl Pattern {
    /// Wrap a pattern source; compiled on first use.
    pub const fn new(src: &'static str) -> Self {
        Pattern {
            src,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern source.
    pub fn as_str(&self) -> &'static str {
        self.src
    }

    /// Unanchored search, as JSON Schema `pattern` requires. `Err` if the
    /// pattern itself does not compile.
    pub fn is_match(&self, s: &str) -> Result<bool, String> {
        match self.compiled.get_or_init(|| Compiled::new(self.src)) {
            Compiled::Automaton(re) => Ok(re.is_match(s)),
            Compiled::Ecma(re) => Ok(re.find(s).is_some()),
            Compiled::Invalid(e) => Err(format!("invalid pattern {:?}: {e}", self.src)),
        }
    }

    /// Whether this pattern runs on the `regex` automata (else on the ECMAScript engine).
    pub fn uses_automaton(&self) -> bool {
        matches!(
            self.compiled.get_or_init(|| Compiled::new(self.src)),
            Compiled::Automaton(_)
        )
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.src).finish()
    }
}
