//! `cargo xtask bench --peers`: generation time and peak memory of this generator against
//! other generators, side by side on the same specs.
//!
//! Each generator runs as the command a user runs, writing its crate to disk: ours is the
//! release `atlas-codegen generate` binary (`--split-by-tag --standalone`), the peers are the
//! commands of [`crate::peers`] (progenitor's input is rewritten once beforehand, not timed).
//! Every round runs each generator once on each spec, in an order rotated each round, so a
//! burst of load from other processes falls on all of them; the figures are medians of the
//! rounds: wall time (how long a user waits) and peak resident memory (`ru_maxrss` of the
//! process and the children it waited for, from `wait4`: the JVM under openapi-generator's
//! Python launcher is counted). A generator that fails on a spec is reported with its last
//! message and left out of that spec's ratio.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use crate::peers::{self, Invocation};

/// What `--peers` measures for generation: every spec the repo holds unless `--spec` is given.
pub const ALL_SPECS: [&str; 10] = [
    "spec/upstream/atlas-admin-v2.raw.2026-05-05.yaml",
    "spec/upstream/atlas-admin-v2.raw.2025-06-30.yaml",
    "spec/upstream/atlas-admin-v2.transformed.2026-02-04.yaml",
    "spec/atlas-admin-fragment.yaml",
    "spec/beyond/openai.yaml",
    "spec/beyond/box-platform.json",
    "spec/beyond/oxide-nexus.json",
    "spec/beyond/spring-petclinic-rest.yaml",
    "spec/beyond/readme-parameters-style.json",
    "spec/third-party/redocly-museum-api.yaml",
];

/// One generator's command on one spec.
struct Contender {
    name: String,
    invocation: Invocation,
    /// Each round's (wall time, peak memory in KiB); empty when it failed.
    samples: Vec<(Duration, u64)>,
    failure: Option<String>,
}

pub fn run(specs: &[PathBuf], rounds: usize) -> Result<ExitCode, String> {
    let root = xtask::repo_root();
    let ours = build_ours(&root)?;
    let bench_dir = root.join("target/bench-peers");
    println!(
        "generation, each generator as a process writing its crate (median of {rounds} \
         interleaved rounds: wall time, peak memory)\n"
    );
    let mut versions = Vec::new();
    let mut rows = Vec::new();
    for spec in specs {
        let label = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = bench_dir.join(label.replace('.', "-"));
        let mut contenders = vec![Contender {
            name: "ours".to_string(),
            invocation: ours_invocation(&ours, spec, &dir),
            samples: Vec::new(),
            failure: None,
        }];
        for peer in peers::all() {
            match peer.setup(spec, &dir.join("peers")) {
                Ok(invocation) => {
                    if !versions.contains(&invocation.version) {
                        versions.push(invocation.version.clone());
                    }
                    contenders.push(Contender {
                        name: peer.name.to_string(),
                        invocation,
                        samples: Vec::new(),
                        failure: None,
                    });
                }
                Err(e) => eprintln!("bench: {} left out on {label}: {e}", peer.name),
            }
        }
        for round in 0..rounds {
            let n = contenders.len();
            for k in 0..n {
                let c = &mut contenders[(round + k) % n];
                if c.failure.is_some() {
                    continue;
                }
                match timed(&c.invocation, &dir) {
                    Ok(sample) => c.samples.push(sample),
                    Err(e) => c.failure = Some(e),
                }
            }
        }
        rows.push((label, contenders));
    }
    print_table(&rows);
    println!("\nversions: {}", versions.join(", "));
    println!("commands (one spec shown; `SPEC` is each spec, `OUT` the crate directory):");
    if let Some((_, contenders)) = rows.first() {
        for c in contenders {
            println!("  {}: {}", c.name, c.invocation.shell_line());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(rows: &[(String, Vec<Contender>)]) {
    println!(
        "{:<44} {:>17} {:>26} {:>26} {:>14}",
        "spec", "ours", "progenitor", "openapi-generator", "fastest peer"
    );
    for (label, contenders) in rows {
        let ours = contenders.iter().find(|c| c.name == "ours");
        let ours_wall = ours.and_then(|c| median_of(c).map(|(w, _)| w));
        let cell = |name: &str| -> String {
            let Some(c) = contenders.iter().find(|c| c.name == name) else {
                return "not installed".to_string();
            };
            if c.failure.is_some() {
                return "fails".to_string();
            }
            let Some((wall, rss)) = median_of(c) else {
                return "no run".to_string();
            };
            let ratio = match (name, ours_wall) {
                ("ours", _) | (_, None) => String::new(),
                (_, Some(ours)) => format!(" {:.1}×", wall.as_secs_f64() / ours.as_secs_f64()),
            };
            format!("{:.3} s {} MiB{ratio}", wall.as_secs_f64(), rss / 1024)
        };
        let fastest = contenders
            .iter()
            .filter(|c| c.name != "ours" && c.failure.is_none())
            .filter_map(|c| median_of(c).map(|(w, _)| (w, &c.name)))
            .min();
        let fastest = match (fastest, ours_wall) {
            (Some((w, name)), Some(ours)) => {
                format!("{:.1}× ({name})", w.as_secs_f64() / ours.as_secs_f64())
            }
            _ => "none works".to_string(),
        };
        println!(
            "{:<44} {:>17} {:>26} {:>26} {:>14}",
            label,
            cell("ours"),
            cell("progenitor"),
            cell("openapi-generator"),
            fastest
        );
    }
    println!(
        "\n`N×` = that generator's median wall time / ours (higher: ours is faster); `fails`: \
         the generator exits with an error or a panic on that spec:"
    );
    for (label, contenders) in rows {
        for c in contenders {
            if let Some(failure) = &c.failure {
                println!("  {} on {label}: {}", c.name, first_line(failure));
            }
        }
    }
}

/// The line of a failed generator's output that says why: a panic's message (the line after
/// `panicked at`), else the last line naming an error or exception, else the last line.
fn first_line(message: &str) -> String {
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let panic = lines
        .iter()
        .position(|l| l.contains("panicked at"))
        .and_then(|i| lines.get(i + 1));
    let error = || {
        lines.iter().rev().find(|l| {
            let lower = l.to_ascii_lowercase();
            lower.contains("error") || lower.contains("exception")
        })
    };
    let line = panic.or_else(error).or(lines.last()).copied().unwrap_or("");
    line.chars().take(60).collect()
}

/// The medians of a contender's rounds (wall time and peak memory, each on its own).
fn median_of(c: &Contender) -> Option<(Duration, u64)> {
    if c.samples.is_empty() {
        return None;
    }
    let walls: Vec<Duration> = c.samples.iter().map(|s| s.0).collect();
    let rss: Vec<u64> = c.samples.iter().map(|s| s.1).collect();
    Some((
        crate::bench::median_by(&walls, Ord::cmp),
        crate::bench::median_by(&rss, Ord::cmp),
    ))
}

/// Builds the release `atlas-codegen` binary (the command users run) and returns its path.
fn build_ours(root: &Path) -> Result<PathBuf, String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args([
            "build",
            "--release",
            "--quiet",
            "--package",
            "atlas-codegen-cli",
            "--bin",
            "atlas-codegen",
        ])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building the atlas-codegen binary failed".to_string());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target.join("release/atlas-codegen"))
}

fn ours_invocation(binary: &Path, spec: &Path, dir: &Path) -> Invocation {
    let out = dir.join("ours");
    let args = [
        "generate".to_string(),
        "--spec".to_string(),
        spec.to_string_lossy().into_owned(),
        "--out".to_string(),
        out.to_string_lossy().into_owned(),
        "--split-by-tag".to_string(),
        "--standalone".to_string(),
    ];
    Invocation {
        program: binary.to_string_lossy().into_owned(),
        args: args.to_vec(),
        env: Vec::new(),
        out,
        package: "ours",
        version: String::new(),
        before: String::new(),
    }
}

/// Runs one generation: wall time and peak resident memory (KiB) of the process, its output
/// going to files under `dir` (a generator that prints a lot must not fill a pipe).
fn timed(invocation: &Invocation, dir: &Path) -> Result<(Duration, u64), String> {
    invocation.clear_out()?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let log = dir.join(format!("{}.log", invocation.package));
    let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = file
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let mut command = invocation.command();
    command
        .stdin(Stdio::null())
        .stdout(Stdio::from(file))
        .stderr(Stdio::from(err));
    let started = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("cannot run `{}`: {e}", invocation.program))?;
    let (success, rss) = wait_with_rss(child)?;
    let wall = started.elapsed();
    if success {
        Ok((wall, rss))
    } else {
        Err(std::fs::read_to_string(&log).unwrap_or_default())
    }
}

/// Waits for `child`: whether it succeeded, and its peak resident memory in KiB.
#[cfg(unix)]
fn wait_with_rss(child: std::process::Child) -> Result<(bool, u64), String> {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `wait4` reaps the child this process spawned (std's `Child` does not wait on
    // drop) and only writes the status and `rusage` it is given.
    let (reaped, usage) = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        let reaped = libc::wait4(pid, &mut status, 0, &mut usage);
        (reaped, usage)
    };
    if reaped != pid {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((success, usage.ru_maxrss.max(0) as u64))
}

/// Elsewhere peak memory is not measured (0).
#[cfg(not(unix))]
fn wait_with_rss(mut child: std::process::Child) -> Result<(bool, u64), String> {
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((status.success(), 0))
}

#[cfg(test)]
mod tests {
    use super::first_line;

    #[test]
    fn a_failure_is_named_by_its_panic_or_error_line() {
        let panic = "\nthread 'main' (7) panicked at src/type_entry.rs:287:13:\n\
                     not yet implemented: nested enum\nstack backtrace:\n   8: _start\n";
        assert_eq!(first_line(panic), "not yet implemented: nested enum");
        let error = "[main] INFO x\nException in thread \"main\" java.lang.RuntimeException: bad\n\
                     \tat org.Foo(Foo.java:1)\n";
        assert_eq!(
            first_line(error),
            "Exception in thread \"main\" java.lang.RuntimeException: bad"
        );
        assert_eq!(first_line("first\nlast\n\n"), "last");
    }
}
