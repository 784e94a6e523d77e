//! The `[printer]` section of `filiale.toml` as the app reads it, and the printer it configures.

use filiale_printer::{
    ConfigError, CutMode, DrawerPin, LogoError, PaperWidth, PrintError, PrinterConfig, PrinterKind,
    decode,
};
use serde::Deserialize;

use crate::receipts::{Payment, sale_receipt};
use crate::support::{CapturingPrinter, logo_path, test_logo};

/// The part of `filiale.toml` the printer reads.
#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    printer: PrinterConfig,
}

fn parse(text: &str) -> Result<PrinterConfig, String> {
    toml::from_str::<File>(text)
        .map(|file| file.printer)
        .map_err(|error| error.to_string())
}

#[test]
fn a_file_without_printer_section_means_no_printer() {
    let config = parse("store_name = 'x'\n").unwrap_or_default();
    assert_eq!(config, PrinterConfig::default());
    assert_eq!(config.kind, PrinterKind::None);
    assert!(config.printer().unwrap().is_none());
}

#[test]
fn every_setting_is_read() {
    let config = parse(&format!(
        r#"
        [printer]
        kind = "network"
        address = "192.0.2.10:9100"
        paper_width = 58
        code_page = 16
        drawer_kick = false
        drawer_pin = 5
        cut = "full"
        logo = "{}"
        timeout_ms = 1500
        "#,
        logo_path().display()
    ))
    .unwrap();
    assert_eq!(config.kind, PrinterKind::Network);
    assert_eq!(config.paper_width, PaperWidth::Mm58);
    assert_eq!(
        (
            config.code_page,
            config.drawer_kick,
            config.drawer_pin,
            config.cut
        ),
        (16, false, DrawerPin::Pin5, CutMode::Full)
    );
    let profile = config.profile().unwrap();
    assert_eq!(profile.logo, Some(test_logo()));
    assert_eq!(profile.paper.columns(), 32);
    assert_eq!(config.timeouts().unwrap().connect.as_millis(), 1500);
    let printer = config.printer().unwrap().unwrap();
    assert_eq!(printer.target(), "192.0.2.10:9100");
}

#[test]
fn a_configured_printer_prints_with_its_settings() {
    let fake = CapturingPrinter::start(1);
    let config = parse(&format!(
        "[printer]\nkind = \"network\"\naddress = \"{}\"\npaper_width = 58\ncode_page = 16\ncut = \"full\"\n",
        fake.address
    ))
    .unwrap();
    let printer = config.printer().unwrap().unwrap();
    printer.print(&sale_receipt(Payment::Cash)).unwrap();
    let job = decode(&fake.jobs()[0]).unwrap();
    assert_eq!(job.code_pages(), [16]);
    assert_eq!(job.widest_line(), 32);
    assert!(
        job.items
            .contains(&filiale_printer::Decoded::Cut { partial: false })
    );
    assert_eq!(job.drawer_kicks(), 1, "drawer kick is on by default");
}

#[test]
fn a_host_without_port_uses_9100() {
    let config = parse("[printer]\nkind = \"network\"\naddress = \"bondrucker.local\"\n").unwrap();
    assert_eq!(
        config.printer().unwrap().unwrap().target(),
        "bondrucker.local:9100"
    );
}

#[test]
fn bad_settings_are_refused_in_both_languages() {
    let error = parse("[printer]\npaper_width = 76\n").unwrap_err();
    assert!(
        error.contains("Papierbreite 76 mm") && error.contains("paper width 76 mm"),
        "{error}"
    );
    let error = parse("[printer]\ndrawer_pin = 3\n").unwrap_err();
    assert!(error.contains("drawer pin 3"), "{error}");
    let error = parse("[printer]\nkind = \"serial\"\n").unwrap_err();
    assert!(error.contains("serial"), "{error}");
    let error = parse("[printer]\nhost = \"x\"\n").unwrap_err();
    assert!(error.contains("host"), "unknown keys are refused: {error}");

    let refused = |text: &str| parse(text).unwrap().printer().unwrap_err();
    assert_eq!(
        refused("[printer]\nkind = \"network\"\n"),
        ConfigError::MissingAddress
    );
    assert_eq!(
        refused("[printer]\nkind = \"network\"\naddress = \"drucker:neun\"\n"),
        ConfigError::BadAddress("drucker:neun".into())
    );
    assert_eq!(
        refused("[printer]\nkind = \"device\"\n"),
        ConfigError::MissingDevice
    );
    assert_eq!(
        refused("[printer]\nkind = \"device\"\ndevice = \"/dev/usb/lp0\"\ntimeout_ms = 0\n"),
        ConfigError::BadTimeout(0)
    );
    let message = ConfigError::MissingAddress.to_string();
    assert!(
        message.contains("braucht") && message.contains("needs"),
        "{message}"
    );
}

#[test]
fn a_logo_must_be_a_pbm_that_fits_the_paper() {
    let directory = tempfile::tempdir().unwrap();
    let png = directory.path().join("logo.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n").unwrap();
    let wide = directory.path().join("wide.pbm");
    let mut bytes = b"P4\n400 2\n".to_vec();
    bytes.extend(vec![0xAA; 100]);
    std::fs::write(&wide, bytes).unwrap();

    let with_logo = |path: &std::path::Path, paper: u16| {
        parse(&format!(
            "[printer]\nkind = \"device\"\ndevice = \"/dev/usb/lp0\"\npaper_width = {paper}\nlogo = \"{}\"\n",
            path.display()
        ))
        .unwrap()
        .printer()
    };
    match with_logo(&png, 80) {
        Err(ConfigError::Logo { error, .. }) => assert_eq!(error, LogoError::NotPbm),
        other => panic!("{other:?}"),
    }
    assert!(with_logo(&wide, 80).is_ok());
    match with_logo(&wide, 58) {
        Err(error @ ConfigError::Logo { .. }) => {
            assert!(error.message_de().contains("höchstens 384"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    match with_logo(&directory.path().join("missing.pbm"), 80) {
        Err(ConfigError::LogoUnreadable { .. }) => {}
        other => panic!("{other:?}"),
    }
    assert!(
        PrintError::NoPrinter
            .to_string()
            .contains("Kein Bondrucker")
    );
}
