//! The `influence` command-line program. (Being written.)
fn main() {}
