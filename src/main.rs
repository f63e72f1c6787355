//! The `dossier` command line: parses arguments, calls the library, prints.

// mimalloc: many threads allocate many small strings while pages render; glibc's
// allocator spent a fifth of a large build in contention and fragmentation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
// Paths and messages can carry a file's control characters: shown, never sent to the terminal.
use dossier::parts::printable;

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
        /// Also fetch every source's `url` (or its `archive`) over the network, and
        /// report those that cannot be reached and quoted words no longer on the page.
        #[arg(long)]
        sources: bool,
    },
    /// Build, serve the site from memory, rebuild on every change and reload open pages.
    Serve {
        #[command(flatten)]
        common: Common,
        /// The port to listen on (0: any free port).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. The default is reachable from this machine only.
        #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Create a new dossier that builds at once, with one example entry of each kind.
    Init {
        /// The folder to create it in (the current one by default).
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Rename an entry: move its files (and translations), rewrite every reference to
    /// it, and record the old slug, whose address then redirects to the new one.
    Mv {
        /// The entry's slug now.
        old: String,
        /// Its new slug.
        new: String,
        /// The dossier's folder (the one holding site.toml).
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Write a new entry, as a draft, with the front matter of its kind.
    New {
        /// What it is.
        #[arg(value_enum)]
        kind: KindArg,
        /// Its name or title; the file name (the slug) is made from it.
        title: String,
        /// The slug (the file name and the address) instead of one made from the title.
        #[arg(long, value_name = "SLUG")]
        slug: Option<String>,
        /// The dossier's folder (the one holding site.toml).
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
}

/// The kinds `dossier new` writes, by folder name (singular forms work too).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum KindArg {
    #[value(alias = "company")]
    Companies,
    #[value(alias = "person")]
    People,
    #[value(alias = "product")]
    Products,
    #[value(alias = "deal")]
    Deals,
    #[value(alias = "term", alias = "terms")]
    Glossary,
    #[value(alias = "source")]
    Sources,
    #[value(alias = "note")]
    Notes,
    /// A page of your own: About, Methodology, Corrections.
    #[value(alias = "page")]
    Pages,
}

impl KindArg {
    fn kind(self) -> dossier::Kind {
        use dossier::Kind;
        match self {
            KindArg::Companies => Kind::Company,
            KindArg::People => Kind::Person,
            KindArg::Products => Kind::Product,
            KindArg::Deals => Kind::Deal,
            KindArg::Glossary => Kind::Term,
            KindArg::Sources => Kind::Source,
            KindArg::Notes => Kind::Note,
            KindArg::Pages => Kind::Page,
        }
    }
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
    /// Fail on warnings too (an entry without a translation).
    #[arg(long)]
    strict: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let started = Instant::now();
    let (common, output, base_url, write, sources) = match cli.command {
        Command::Build {
            common,
            output,
            base_url,
        } => (common, output, base_url, true, false),
        Command::Check { common, sources } => (common, None, None, false, sources),
        Command::Init { dir } => return init(&dir),
        Command::Serve { common, port, bind } => {
            let options = dossier::Options {
                root: common.root,
                drafts: common.drafts,
                strict: common.strict,
                ..dossier::Options::default()
            };
            return match dossier::serve::serve(options, bind, port, common.quiet) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {}", printable(&format!("{err:#}")));
                    ExitCode::from(1)
                }
            };
        }
        Command::Mv { old, new, root } => return mv(&root, &old, &new, color),
        Command::New {
            kind,
            title,
            slug,
            root,
        } => return new(&root, kind, &title, slug.as_deref()),
    };
    let options = dossier::Options {
        root: common.root,
        output,
        base_url,
        drafts: common.drafts,
        strict: common.strict,
    };
    let result = if write {
        match dossier::build(&options) {
            Ok(result) => result,
            Err(err) => {
                eprintln!("error: {}", printable(&format!("{err:#}")));
                return ExitCode::from(1);
            }
        }
    } else {
        dossier::check(&options)
    };
    match result {
        Ok(site) => {
            if !common.quiet {
                let n = site.warnings.warning_count();
                if n > 0 {
                    eprint!("{}", site.warnings.render(color));
                    eprintln!(
                        "warning: {n} warning{} (`--strict` makes {})",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "it an error" } else { "them errors" }
                    );
                }
                let ms = started.elapsed().as_millis();
                if write {
                    println!(
                        "built {} pages ({} files) into {} in {ms} ms",
                        site.pages(),
                        site.file_count,
                        printable(&site.output_dir.display().to_string())
                    );
                } else {
                    println!("checked {} pages: no problems ({ms} ms)", site.pages());
                }
            }
            if sources {
                return check_sources(&options, color, common.quiet);
            }
            ExitCode::SUCCESS
        }
        Err(report) => {
            eprint!("{}", report.render(color));
            let n = report.error_count();
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

/// `check --sources`, after the dossier checked clean: exit 0 when every source
/// answers and holds the words quoted from it, 1 otherwise.
fn check_sources(options: &dossier::Options, color: bool, quiet: bool) -> ExitCode {
    if !quiet {
        println!(
            "fetching the sources (at most {} at once, {} s each)…",
            dossier::SOURCES_AT_ONCE,
            dossier::SOURCES_TIMEOUT.as_secs()
        );
    }
    let started = Instant::now();
    match dossier::check_sources(options) {
        Ok(found) => {
            let n = found.problems.diagnostics.len();
            let s = |n: usize| if n == 1 { "" } else { "s" };
            let what = format!(
                "{} address{} and {} quoted passage{}",
                found.fetched,
                if found.fetched == 1 { "" } else { "es" },
                found.passages,
                s(found.passages)
            );
            if n == 0 {
                if !quiet {
                    println!(
                        "checked {what}: every source answers and holds its quotes ({} ms)",
                        started.elapsed().as_millis()
                    );
                }
                ExitCode::SUCCESS
            } else {
                eprint!("{}", found.problems.render(color));
                eprintln!(
                    "error: checked {what}: {n} problem{} with the sources",
                    s(n)
                );
                ExitCode::from(1)
            }
        }
        Err(report) => {
            eprint!("{}", report.render(color));
            ExitCode::from(1)
        }
    }
}

fn init(dir: &std::path::Path) -> ExitCode {
    match dossier::scaffold::init(dir) {
        Ok(done) => {
            let shown = |path: &std::path::Path| {
                printable(&path.strip_prefix(dir).unwrap_or(path).display().to_string())
            };
            println!(
                "created a dossier in {} ({} files):",
                printable(&dir.display().to_string()),
                done.written.len()
            );
            for path in &done.written {
                println!("  {}", shown(path));
            }
            for path in &done.kept {
                println!(
                    "kept {}: it was already there, and was left as it was",
                    shown(path)
                );
            }
            let workflow = dir.join(dossier::scaffold::PAGES_WORKFLOW);
            if done.written.contains(&workflow) {
                println!(
                    "{} publishes the site on GitHub Pages with {}: first set Settings > Pages > Source to \"GitHub Actions\", then push",
                    dossier::scaffold::PAGES_WORKFLOW,
                    dossier::scaffold::action_reference()
                );
            }
            println!(
                "next: cd {} && dossier serve",
                printable(&dir.display().to_string())
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}", printable(&format!("{err:#}")));
            ExitCode::from(1)
        }
    }
}

fn mv(root: &std::path::Path, old: &str, new: &str, color: bool) -> ExitCode {
    let shown = |path: &std::path::Path| {
        printable(
            &path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string(),
        )
    };
    match dossier::rename::rename(root, old, new) {
        Ok(done) => {
            for (from, to) in &done.moved {
                println!("moved {} to {}", shown(from), shown(to));
            }
            for (path, n) in &done.rewritten {
                println!(
                    "rewrote {} ({n} reference{})",
                    shown(path),
                    if *n == 1 { "" } else { "s" }
                );
            }
            println!(
                "renamed `{old}` to `{new}`: {} file{} changed; `{old}` is recorded in its `old_slugs`, and its old address redirects to the new one",
                done.moved.len() + done.rewritten.len(),
                if done.moved.len() + done.rewritten.len() == 1 {
                    ""
                } else {
                    "s"
                }
            );
            ExitCode::SUCCESS
        }
        Err(dossier::rename::Refusal::Problems(report)) => {
            eprint!("{}", report.render(color));
            let n = report.error_count();
            eprintln!(
                "error: cannot rename `{}`: {n} problem{} above could hide references to it; fix {} first (nothing was changed)",
                printable(old),
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            );
            ExitCode::from(1)
        }
        Err(dossier::rename::Refusal::Failed(done, err)) => {
            for (from, to) in &done.moved {
                println!("moved {} to {}", shown(from), shown(to));
            }
            for (path, _) in &done.rewritten {
                println!("rewrote {}", shown(path));
            }
            eprintln!(
                "error: renaming `{}` stopped part-way, after the files above: {}",
                printable(old),
                printable(&format!("{err:#}"))
            );
            ExitCode::from(1)
        }
        Err(dossier::rename::Refusal::Other(err)) => {
            eprintln!(
                "error: cannot rename `{}`: {} (nothing was changed)",
                printable(old),
                printable(&format!("{err:#}"))
            );
            ExitCode::from(1)
        }
    }
}

fn new(root: &std::path::Path, kind: KindArg, title: &str, slug: Option<&str>) -> ExitCode {
    match dossier::scaffold::new_entry(root, kind.kind(), title, slug) {
        Ok(path) => {
            println!(
                "wrote {}: a draft, left out of the site until you delete its `draft = true`",
                printable(&path.display().to_string())
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}", printable(&format!("{err:#}")));
            ExitCode::from(1)
        }
    }
}
