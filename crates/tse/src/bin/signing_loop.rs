//! Signs receipts with a software TSE in a loop and prints every signature counter the moment it
//! is handed out: `filiale-tse-signing-loop <folder> <client id> [receipts]`. The crash test kills
//! it at random moments; it also serves to fill a training TSE.

use filiale_domain::money::Cents;
use filiale_tse::{
    ClientId, KassenbelegData, ProcessType, SoftwareTse, SoftwareTseOptions, Tender, Tse,
    VatBucket, Vorgangstyp,
};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(client)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: filiale-tse-signing-loop <folder> <client id> [receipts]");
        return ExitCode::from(2);
    };
    let receipts: u64 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(u64::MAX);
    match run(dir, client, receipts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &str, client: &str, receipts: u64) -> Result<(), filiale_tse::TseError> {
    let tse = SoftwareTse::open(dir, SoftwareTseOptions::default())?;
    let client = ClientId::new(client)?;
    tse.register_client(&client)?;
    let stdout = std::io::stdout();
    let print = |operation: &str, counter: u64, transaction: u64| {
        let mut out = stdout.lock();
        // One write per line, flushed at once: a kill cannot leave half a counter behind.
        let line = format!("{operation} sig={counter} tx={transaction}\n");
        let _ = out.write_all(line.as_bytes());
        let _ = out.flush();
    };
    println!("opened");
    for receipt in 0..receipts {
        let start = tse.start_transaction(&client, ProcessType::Kassenbeleg, "")?;
        print("start", start.signature_counter, start.transaction_number);
        let mut data = KassenbelegData::new(Vorgangstyp::Beleg);
        let amount = Cents::new(100 + (receipt % 900) as i64);
        data.add_gross(VatBucket::Reduced, amount)
            .add_payment(Tender::Bar, amount);
        let finish = tse.finish_transaction(
            &client,
            start.transaction_number,
            ProcessType::Kassenbeleg,
            &data.to_process_data(),
        )?;
        print(
            "finish",
            finish.signature_counter,
            finish.transaction_number,
        );
    }
    Ok(())
}
