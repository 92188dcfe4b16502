//! Names the commit a binary was built from in `influence --version`
//! (`0.1.0 (3f2a9c1d4e5b)`), when it is built from a git checkout; a build
//! from a package (no `.git`) shows the version alone.

use std::path::Path;
use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()));
    match commit {
        Some(c) => println!("cargo:rustc-env=INFLUENCE_VERSION={version} ({c})"),
        None => println!("cargo:rustc-env=INFLUENCE_VERSION={version}"),
    }
    // Run again when HEAD moves: a new commit on the branch, or another branch.
    // Only files that exist: a missing one would make every build run this
    // script again (and rebuild the crate).
    let git = Path::new(".git");
    let mut watch = vec![String::from("HEAD"), String::from("packed-refs")];
    if let Ok(head) = std::fs::read_to_string(git.join("HEAD")) {
        if let Some(reference) = head.trim().strip_prefix("ref: ") {
            watch.push(reference.to_string());
        }
    }
    for file in watch {
        if git.join(&file).is_file() {
            println!("cargo:rerun-if-changed=.git/{file}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
