//! The `zvonok` command line. Everything lives in `zvonok_client::cli`; this file parses the
//! arguments, runs the command on a small Tokio runtime and maps errors to exit codes
//! (0 ok, 2 bad input, 3 network/offline, 4 authentication, 1 anything else).

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use zvonok_client::cli::{run, Cli, CliError};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZVONOK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<CliError>() {
                // Our errors are complete sentences; their sources would repeat them.
                Some(ce) => {
                    eprintln!("Ошибка: {ce}");
                    ExitCode::from(ce.exit_code())
                }
                None => {
                    eprintln!("Ошибка: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn execute(cli: Cli) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("не удалось запустить среду выполнения")?;
    runtime.block_on(run(cli))?;
    Ok(())
}
