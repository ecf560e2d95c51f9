//! The `nianbao` command: a thin adapter over the library (flags → library calls → printed results).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
