//! Other generators' crates for `cargo xtask bench --compile --peers`: each is generated from
//! the same spec with its published generator (which must be installed: see README's
//! Benchmarks section for the pinned versions) and compiled in the same rounds as ours.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Peer {
    pub name: &'static str,
    setup: fn(&Path, &Path) -> Result<Invocation, String>,
}

/// A generated peer crate, ready to compile.
pub struct Prepared {
    pub dir: PathBuf,
    pub package: String,
    /// Extra cargo arguments (feature selection).
    pub features: Vec<String>,
    pub version: String,
    /// The commands that made the crate, as run.
    pub command: String,
}

/// How a peer generates its crate from one spec: its input made ready (progenitor's rewritten
/// spec), the generator command itself, which `cargo xtask bench --peers` times, and where it
/// writes.
pub struct Invocation {
    pub program: String,
    pub args: Vec<String>,
    /// Environment the command needs (the JVM's options for openapi-generator).
    pub env: Vec<(&'static str, &'static str)>,
    /// The crate directory the command writes (removed before each run).
    pub out: PathBuf,
    pub package: &'static str,
    pub version: String,
    /// What ran before the command (the input's preprocessing), as a shell line; empty if none.
    pub before: String,
}

impl Invocation {
    /// Removes the output directory, so the generator writes a fresh crate.
    pub fn clear_out(&self) -> Result<(), String> {
        if self.out.exists() {
            std::fs::remove_dir_all(&self.out)
                .map_err(|e| format!("{}: {e}", self.out.display()))?;
        }
        Ok(())
    }

    /// The generator command, ready to spawn.
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args).envs(self.env.iter().copied());
        command
    }

    /// Runs the generator once (its output directory emptied first).
    pub fn run(&self) -> Result<(), String> {
        self.clear_out()?;
        output_of(self.command(), &self.program, &self.args).map(drop)
    }

    /// The command line as a user types it.
    pub fn shell_line(&self) -> String {
        let env: String = self
            .env
            .iter()
            .map(|(k, v)| format!("{k}=\"{v}\" "))
            .collect();
        let line = format!("{env}{} {}", self.program, self.args.join(" "));
        if self.before.is_empty() {
            line
        } else {
            format!("{}; {line}", self.before)
        }
    }
}

impl Peer {
    /// Generates this peer's crate from `spec` under `dir`, or says why it cannot.
    pub fn prepare(&self, spec: &Path, dir: &Path) -> Result<Prepared, String> {
        let invocation = self.setup(spec, dir)?;
        invocation.run()?;
        make_standalone(&invocation.out.join("Cargo.toml"))?;
        Ok(Prepared {
            package: invocation.package.to_string(),
            features: Vec::new(),
            version: invocation.version.clone(),
            command: invocation.shell_line(),
            dir: invocation.out,
        })
    }

    /// Checks that the generator is installed and makes its input ready under `dir`; the
    /// returned command generates the crate.
    pub fn setup(&self, spec: &Path, dir: &Path) -> Result<Invocation, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        (self.setup)(spec, dir)
    }
}

pub fn all() -> [Peer; 2] {
    [
        Peer {
            name: "progenitor",
            setup: progenitor,
        },
        Peer {
            name: "openapi-generator",
            setup: openapi_generator,
        },
    ]
}

fn run(program: &str, args: &[&str]) -> Result<String, String> {
    let mut command = Command::new(program);
    command.args(args);
    output_of(command, program, args)
}

/// Runs `command`; its standard output, or the last lines it wrote when it failed.
fn output_of<S: AsRef<str>>(
    mut command: Command,
    program: &str,
    args: &[S],
) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let tail: Vec<&str> = stderr.lines().chain(stdout.lines()).collect();
        let tail = tail[tail.len().saturating_sub(8)..].join("\n");
        let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
        Err(format!("`{program} {}` failed:\n{tail}", args.join(" ")))
    }
}

/// A generated crate sits under this repo's `target/`: an empty `[workspace]` table keeps
/// cargo from taking it for a member of the repo's workspace.
fn make_standalone(manifest: &Path) -> Result<(), String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        std::fs::write(manifest, format!("{text}\n[workspace]\n"))
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
    }
    Ok(())
}

fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// openapi-generator's `rust` generator (reqwest library, the default), from the PyPI package
/// `openapi-generator-cli`, which bundles the jar (needs a Java runtime). Two settings let it
/// read every spec the repo holds: the JVM's YAML reader refuses a document over 3,145,728
/// code points (the raw Atlas specs) unless `maxYamlCodePoints` is raised, and its validator
/// refuses OpenAI's spec (`--skip-validate-spec`, which also skips work on the others).
fn openapi_generator(spec: &Path, dir: &Path) -> Result<Invocation, String> {
    let version = run("openapi-generator-cli", &["version"])
        .map_err(|e| format!("{e}\n(install: pip install openapi-generator-cli==7.26.0)"))?;
    let out = dir.join("openapi-generator");
    let args = [
        "generate",
        "-g",
        "rust",
        "-i",
        &path_str(spec),
        "-o",
        &path_str(&out),
        "--package-name",
        "oag-atlas",
        "--skip-validate-spec",
    ]
    .map(|s| s.to_string());
    Ok(Invocation {
        program: "openapi-generator-cli".to_string(),
        args: args.to_vec(),
        env: vec![("JAVA_OPTS", "-DmaxYamlCodePoints=2147483647")],
        out,
        package: "oag-atlas",
        version: format!("openapi-generator-cli {version}"),
        before: String::new(),
    })
}

/// Oxide's progenitor through its CLI (`cargo install --locked cargo-progenitor@0.15.1`).
///
/// progenitor 0.15.1 rejects the Atlas spec as it is (`unexpected content type:
/// application/vnd.atlas.2023-01-01+json`), and then panics on what the spec has besides, so
/// such a spec is first rewritten into what it accepts by `xtask/peers/progenitor_spec.py`
/// (vendor JSON media types as `application/json`, one type per operation's success and error
/// answers, no `default` of the wrong type; the script's docstring lists each step). A spec
/// progenitor generates from as it is (one written for it, such as Oxide's) is given as it is:
/// one run on the original decides. Their output is not edited.
fn progenitor(spec: &Path, dir: &Path) -> Result<Invocation, String> {
    // `cargo-progenitor --version` is taken by the crate-version option: ask cargo instead.
    let installed = run("cargo", &["install", "--list"])?;
    let version = installed_version(&installed, "cargo-progenitor").ok_or(
        "cargo-progenitor is not installed (cargo install --locked cargo-progenitor@0.15.1)",
    )?;
    let out = dir.join("progenitor");
    let invocation = |input: &Path, before: String| {
        let args = [
            "progenitor",
            "-i",
            &path_str(input),
            "-o",
            &path_str(&out),
            "-n",
            "progenitor-atlas",
            "-v",
            "0.1.0",
        ]
        .map(|s| s.to_string());
        Invocation {
            program: "cargo-progenitor".to_string(),
            args: args.to_vec(),
            env: Vec::new(),
            out: out.clone(),
            package: "progenitor-atlas",
            version: format!("cargo-progenitor {version}"),
            before,
        }
    };
    let as_is = invocation(spec, String::new());
    if as_is.run().is_ok() {
        return Ok(as_is);
    }
    let script = xtask::repo_root().join("xtask/peers/progenitor_spec.py");
    let input = dir.join("progenitor-input.yaml");
    let preprocess = [path_str(&script), path_str(spec), path_str(&input)];
    let preprocess: Vec<&str> = preprocess.iter().map(String::as_str).collect();
    run("python3", &preprocess)?;
    Ok(invocation(
        &input,
        format!("python3 {}", preprocess.join(" ")),
    ))
}

/// The version of `package` in `cargo install --list` output (`cargo-progenitor v0.15.1:`
/// followed by its binaries, indented), without the `v`.
fn installed_version(list: &str, package: &str) -> Option<String> {
    list.lines().find_map(|line| {
        let rest = line.strip_prefix(package)?.strip_prefix(" v")?;
        let version = rest.split([':', ' ']).next()?;
        (!version.is_empty()).then(|| version.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::installed_version;

    #[test]
    fn installed_version_reads_cargo_install_list() {
        let list = "cargo-llvm-lines v0.4.42:\n    cargo-llvm-lines\n\
                    cargo-progenitor v0.15.1:\n    cargo-progenitor\n\
                    cargo-progenitor-extra v9.9.9 (/src/extra):\n    cargo-progenitor-extra\n";
        assert_eq!(
            installed_version(list, "cargo-progenitor").as_deref(),
            Some("0.15.1")
        );
        assert_eq!(
            installed_version(list, "cargo-progenitor-extra").as_deref(),
            Some("9.9.9")
        );
        // A binary line (indented) or a longer package name is not the package.
        assert_eq!(
            installed_version("    cargo-progenitor\n", "cargo-progenitor"),
            None
        );
        assert_eq!(installed_version(list, "cargo-llvm"), None);
    }
}
