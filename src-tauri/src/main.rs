//! Filiale's entry point: without a subcommand it opens the desktop window; with one it runs the
//! headless command line of `filiale-app`.
#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

mod commands;
mod desktop;
mod model;
mod probe;
mod signed_in;
mod webkit_env;
mod windows;

use clap::Parser;
use filiale_app::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    webkit_env::configure();
    filiale_app::cli::end_quietly_when_stdout_closes();
    if let Err(e) = filiale_app::configure_failpoints() {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    let result = filiale_app::Config::load(&filiale_app::cli::data_dir(&cli)).and_then(|config| {
        model::link_bundled_model(&config);
        if cli.command.is_none() {
            desktop::run(config, started).map(|()| ExitCode::SUCCESS)
        } else {
            filiale_app::cli::run(cli, config)
        }
    });
    result.unwrap_or_else(|error| {
        let lang = filiale_app::Lang::from_env();
        eprintln!("error: {}", filiale_app::cli::error_line(&error, lang));
        ExitCode::FAILURE
    })
}
