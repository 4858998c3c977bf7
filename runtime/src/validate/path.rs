//! [`Path`]: where a value sits in a request, for naming the field of an issue.

use std::fmt;

/// Where a value sits in a request (`body.endpoints[2].region`): a chain of segments on the
/// stack, rendered to a string only when an issue is recorded, so validating a valid request
/// allocates nothing.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Name(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// A top-level argument: a parameter's wire name, or `body`. An empty name is the root of
    /// a value validated on its own (its fields are then named without a leading dot).
    pub const fn root(name: &'a str) -> Self {
        Path {
            parent: None,
            segment: Segment::Name(name),
        }
    }

    /// A named member (object property or map key) of the value at this path.
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Name(name),
        }
    }

    /// An element of the list at this path.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// `body.endpoints[2].region`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.render_into(out);
        }
        match self.segment {
            Segment::Name(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Segment::Index(i) => {
                use fmt::Write;
                let _ = write!(out, "[{i}]");
            }
        }
    }
}

impl<'a> From<&'a str> for Path<'a> {
    /// [`Path::root`].
    fn from(name: &'a str) -> Self {
        Path::root(name)
    }
}

impl<'a> From<&Path<'a>> for Path<'a> {
    fn from(path: &Path<'a>) -> Self {
        *path
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}
