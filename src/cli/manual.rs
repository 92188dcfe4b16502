//! `influence completions` and `influence man`: the shell completion
//! scripts (clap_complete) and the manual pages (clap_mangen), both made
//! from the argument definitions, so they always match the program.

use std::fs;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::args::{Cli, CompletionsArgs, ManArgs};
use super::output::write_to;
use super::progress::Ui;

pub(crate) fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "influence", &mut script);
    write_to(None, |out| Ok(out.write_all(&script)?))
}

pub(crate) fn man(args: &ManArgs, ui: &Ui) -> Result<()> {
    let command = Cli::command();
    let Some(dir) = &args.dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(command).render(&mut page)?;
        return write_to(None, |out| Ok(out.write_all(&page)?));
    };
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(command, dir)
        .with_context(|| format!("cannot write the manual pages to {}", dir.display()))?;
    if !ui.quiet() {
        let pages = fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("influence"))
            .count();
        eprintln!("man: wrote {pages} pages (influence.1 and one per command) to {}", dir.display());
    }
    Ok(())
}
