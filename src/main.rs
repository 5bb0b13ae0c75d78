//! The `stance` binary: parse arguments, run, map the outcome to an exit code.
use std::process::ExitCode;

use clap::Parser;
use stance::cli::{run, Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Shortfall) => ExitCode::from(1),
        Err(err) => {
            // A broken pipe means the reader stopped: graceful termination.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("stance: {err:#}");
            ExitCode::from(2)
        }
    }
}
