//! Formatting and doc splicing: tokens → pretty-printed text (`syn` + `prettyplease`), with
//! doc comments stored aside and spliced in afterwards, items separated by blank lines, and
//! the jobs that do this for each output file on all cores.
//!
//! An emitter builds `quote!` tokens, calls [`docs`] for every doc comment (which leaves a
//! `#[__doc_N]` placeholder in the tokens), and hands each file's tokens to [`unparse`] inside
//! a [`Job`] run by [`run_jobs`].

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_text::doc_markdown;
use crate::error::{Error, Result};

/// One piece of output: tokens built, parsed and pretty-printed on one thread.
pub type Job<'a> = Box<dyn Fn() -> Result<String> + Sync + 'a>;

/// Runs the jobs on up to as many threads as there are cores; results are in job order.
pub fn run_jobs(jobs: &[Job<'_>]) -> Vec<Result<String>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    if workers <= 1 {
        return jobs
            .iter()
            .map(|job| {
                reset_docs();
                job()
            })
            .collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Result<String>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                reset_docs();
                let result = job();
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every job ran")
        })
        .collect()
}

/// Tokens → pretty-printed Rust (no header).
pub fn unparse(tokens: TokenStream, path: &str) -> Result<String> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| Error::Format {
        file: path.to_string(),
        message: e.to_string(),
    })?;
    Ok(layout(&prettyplease::unparse(&file)))
}

/// The header, then the text (its items already separated by blank lines).
pub fn finish(header: &str, text: &str) -> String {
    let mut out = String::with_capacity(header.len() + text.len());
    out.push_str(header);
    out.push_str(text);
    out
}

/// Pretty-printed text → the file's text, in one pass: each doc placeholder line is replaced by
/// its block (this thread's doc table, see [`docs`]), and a blank line is put between
/// top-level items (prettyplease packs them together; a blank line reads better in review
/// diffs). An item starts at column 0 after a line that closed the previous one.
pub fn layout(source: &str) -> String {
    let table = take_docs();
    let mut out = String::with_capacity(source.len() * 2);
    let mut separator = Separator::default();
    for line in source.lines() {
        match placeholder(line, &table) {
            Some(block) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                for doc in block {
                    separator.before(indent.is_empty(), false, &mut out);
                    out.push_str(indent);
                    out.push_str("///");
                    out.push_str(doc);
                    out.push('\n');
                }
            }
            None => {
                let starts_item = !line.starts_with([' ', '}', ')', ']']) && !line.is_empty();
                separator.before(starts_item, true, &mut out);
                separator.after(line);
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Whether the last line written closed a top-level item (see [`layout`]).
#[derive(Default)]
struct Separator {
    previous_closed: bool,
    /// Whether the attribute being written (at column 0) is an inner one: a multi-line inner
    /// attribute ends the file header, a multi-line outer one still belongs to its item.
    inner_attribute: bool,
}

impl Separator {
    /// Before a line: a blank line if it starts an item after a closed one. A doc line
    /// (`code == false`) never closes an item, whatever it ends with.
    fn before(&mut self, starts_item: bool, code: bool, out: &mut String) {
        if starts_item && self.previous_closed {
            out.push('\n');
        }
        if !code {
            self.previous_closed = false;
        }
    }

    /// After a line of code: whether it closed an item.
    fn after(&mut self, line: &str) {
        if line.starts_with("#![") {
            self.inner_attribute = true;
        } else if line.starts_with("#[") {
            self.inner_attribute = false;
        }
        self.previous_closed = line == "}"
            || line == "};"
            || (line == ")]" && self.inner_attribute)
            || (line.starts_with("#![") && line.ends_with(']'))
            || (line.ends_with(';') && !line.starts_with(' '));
    }
}

/// A doc comment for spec text: its lines are made safe by [`doc_markdown`] (line breaks,
/// direction codepoints, code blocks rustdoc would compile), stored aside, and a placeholder
/// attribute is returned (see below). No attribute for an absent or blank text.
pub fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    block(doc_markdown(text))
}

/// A doc comment of lines written as they are (generated text, e.g. a doc example's code,
/// never spec text): stored aside like [`docs`]' blocks, without its Markdown rewriting. An
/// empty line is a bare `///`. No attribute for no lines.
pub fn verbatim_docs(lines: Vec<String>) -> TokenStream {
    block(lines)
}

/// Stores a doc block in this thread's table and returns its placeholder attribute.
fn block(lines: Vec<String>) -> TokenStream {
    if lines.is_empty() {
        return TokenStream::new();
    }
    let lines: Vec<String> = lines
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect();
    let placeholder = DOC_TABLE.with(|table| {
        let mut table = table.borrow_mut();
        table.push(lines);
        quote::format_ident!("{DOC_PLACEHOLDER}{}", table.len() - 1)
    });
    quote!(#[#placeholder])
}

// Doc text is most of the bytes the generator writes. Passing it through the tokens costs an
// escape (quote), a parse and an unescape (prettyplease) per line, for text that is printed
// verbatim as `///` lines anyway. So [`docs`] stores a doc block in a per-thread table and
// emits one placeholder attribute for it, `#[__doc_N]` (a bare path: the cheapest attribute to
// parse and print); prettyplease prints it on a line of its own, and `emit::layout` replaces
// that line with the block, at the same indentation. No other line of generated code is an
// attribute with that name (spec text only ever ends up in doc lines and string literals).
const DOC_PLACEHOLDER: &str = "__doc_";

thread_local! {
    static DOC_TABLE: std::cell::RefCell<Vec<Vec<String>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Empties this thread's doc table: call before building the tokens of one output file.
pub fn reset_docs() {
    DOC_TABLE.with(|table| table.borrow_mut().clear());
}

/// Takes this thread's doc table (the blocks [`docs`] stored since [`reset_docs`]).
pub fn take_docs() -> Vec<Vec<String>> {
    DOC_TABLE.with(|table| std::mem::take(&mut *table.borrow_mut()))
}

/// The doc block a pretty-printed line stands for, if it is a placeholder (`#[__doc_N]`).
pub fn placeholder<'t>(line: &str, table: &'t [Vec<String>]) -> Option<&'t [String]> {
    line.trim_start()
        .strip_prefix("#[")
        .and_then(|rest| rest.trim_end().strip_suffix(']'))
        .and_then(|rest| rest.strip_prefix(DOC_PLACEHOLDER))
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| table.get(n))
        .map(Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn format(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).unwrap();
        layout(&prettyplease::unparse(&file))
    }

    #[test]
    fn doc_blocks_are_spliced_at_their_item_indentation() {
        reset_docs();
        let type_doc = docs(Some(
            "A type.\n\nSecond paragraph with \"quotes\" and \\ slashes.",
        ));
        let field_doc = docs(Some("  A field.  \n```\nlet x = 1;\n```"));
        let open_fence = docs(Some("```json\n{}"));
        let text = format(quote! {
            #type_doc
            pub struct A {
                #field_doc
                pub x: u8,
                #open_fence
                pub y: u8,
            }
        });
        assert_eq!(
            text,
            "/// A type.\n///\n/// Second paragraph with \"quotes\" and \\ slashes.\npub struct A {\n    /// A field.\n    /// ```text\n    /// let x = 1;\n    /// ```\n    pub x: u8,\n    /// ```text\n    /// {}\n    /// ```\n    pub y: u8,\n}\n"
        );
        // The table is emptied: the next file starts again at 0.
        DOC_TABLE.with(|table| assert!(table.borrow().is_empty()));
    }

    #[test]
    fn items_are_separated_but_a_doc_line_never_ends_an_item() {
        reset_docs();
        let doc = docs(Some("Ends like code;"));
        let text = format(quote! {
            pub struct A;
            #doc
            pub struct B;
        });
        assert_eq!(
            text,
            "pub struct A;\n\n/// Ends like code;\npub struct B;\n"
        );
    }

    #[test]
    fn no_doc_no_attribute() {
        reset_docs();
        assert!(docs(None).is_empty());
        assert!(docs(Some("")).is_empty());
    }
}
