//! The `stance` binary: parse arguments, run, map the outcome to an exit code.
use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;
use stance::cli::{run, Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Shortfall) => ExitCode::from(1),
        Err(err) => {
            // A broken pipe means the reader stopped (`stance predict | head`):
            // graceful termination, no message.
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().map(|io| io.kind())
                    == Some(ErrorKind::BrokenPipe)
                    || e.downcast_ref::<serde_json::Error>()
                        .and_then(|j| j.io_error_kind())
                        == Some(ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            // The cause chain, leaving out a cause whose text the message
            // already carries (an I/O error names its path and reason).
            let mut message = err.to_string();
            for cause in err.chain().skip(1) {
                let text = cause.to_string();
                if !message.contains(&text) {
                    message.push_str(": ");
                    message.push_str(&text);
                }
            }
            eprintln!("stance: {message}");
            ExitCode::from(2)
        }
    }
}
