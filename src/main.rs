//! The `dossier` command line: parses arguments, calls the library, prints.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

/// Build annotated, cross-linked news dossiers from Markdown and TOML.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the dossier into its output folder (public/ by default).
    Build {
        #[command(flatten)]
        common: Common,
        /// Write the site here instead of site.toml's `output_dir`.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The public URL of the site, overriding site.toml's `base_url`.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Check everything `build` checks, without writing anything.
    Check {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Args)]
struct Common {
    /// The dossier's folder (the one holding site.toml).
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Include entries marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let started = Instant::now();
    let (common, output, base_url, write) = match cli.command {
        Command::Build {
            common,
            output,
            base_url,
        } => (common, output, base_url, true),
        Command::Check { common } => (common, None, None, false),
    };
    let options = dossier::Options {
        root: common.root,
        output,
        base_url,
        drafts: common.drafts,
    };
    let result = if write {
        match dossier::build(&options) {
            Ok(result) => result,
            Err(err) => {
                eprintln!("error: {err:#}");
                return ExitCode::from(1);
            }
        }
    } else {
        dossier::compile(&options)
    };
    match result {
        Ok(site) => {
            if !common.quiet {
                let ms = started.elapsed().as_millis();
                if write {
                    println!(
                        "built {} pages ({} files) into {} in {ms} ms",
                        site.pages(),
                        site.files.len(),
                        site.output_dir.display()
                    );
                } else {
                    println!("checked {} pages: no problems ({ms} ms)", site.pages());
                }
            }
            ExitCode::SUCCESS
        }
        Err(report) => {
            eprint!("{}", report.render(color));
            let n = report.diagnostics.len();
            eprintln!(
                "error: {} {n} problem{} in the dossier{}",
                if write { "could not build:" } else { "found" },
                if n == 1 { "" } else { "s" },
                if write {
                    "; the previous output is untouched"
                } else {
                    ""
                }
            );
            ExitCode::from(1)
        }
    }
}
