//! Generates the fragment's client into `$OUT_DIR/atlas.rs`, as a user's build script would.

fn main() -> Result<(), atlas_codegen_cli::build::BuildError> {
    atlas_codegen_cli::build::Builder::new("../../spec/atlas-admin-fragment.yaml")
        .file_name("atlas.rs")
        .generate_to_out_dir()?;
    Ok(())
}
