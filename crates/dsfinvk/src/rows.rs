//! Turns checked input into the rows of every table, each row's values in its table's column
//! order, formatted as the spec says; refuses text longer than its column allows.

use crate::error::ExportError;
use crate::format::{day, flag, integer, local_time, money, percent, quantity, utc_time};
use crate::model::{
    Address, Amounts, CashRegister, Closing, Company, ExportInput, Receipt, ReferenceTarget,
    TseCertificate, TseRecord,
};
use crate::reconcile::{all_payments, cash_payments, receipts_of};
use crate::tables::{self, ColumnKind, Table};
use std::collections::BTreeMap;

/// The rows of every table, by file name.
#[derive(Debug, Default)]
pub(crate) struct TableRows {
    rows: BTreeMap<&'static str, Vec<Vec<String>>>,
}

impl TableRows {
    fn push(&mut self, table: &Table, row: Vec<String>) -> Result<(), ExportError> {
        assert_eq!(
            row.len(),
            table.columns.len(),
            "{}: row does not match the columns",
            table.file
        );
        for (column, value) in table.columns.iter().zip(&row) {
            if let ColumnKind::Text(Some(max)) = column.kind
                && value.chars().count() > max
            {
                return Err(ExportError::TextTooLong {
                    file: table.file,
                    column: column.name,
                    max,
                    value: value.clone(),
                });
            }
        }
        self.rows.entry(table.file).or_default().push(row);
        Ok(())
    }

    /// The rows of one table (none if the export has none).
    pub(crate) fn of(&self, table: &Table) -> &[Vec<String>] {
        self.rows.get(table.file).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Z_KASSE_ID, Z_ERSTELLUNG, Z_NR followed by the row's own values.
fn keyed(closing: &Closing, rest: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut row = vec![
        closing.kasse_id.clone(),
        local_time(closing.created_at),
        integer(closing.z_nr),
    ];
    row.extend(rest);
    row
}

fn amounts5(amounts: Amounts) -> [String; 3] {
    [
        money(amounts.gross, 5),
        money(amounts.net, 5),
        money(amounts.vat, 5),
    ]
}

fn address(address: &Address) -> [String; 4] {
    [
        address.street.clone(),
        address.postcode.clone(),
        address.city.clone(),
        address.country.clone(),
    ]
}

fn receipt_rows(
    rows: &mut TableRows,
    closing: &Closing,
    receipt: &Receipt,
) -> Result<(), ExportError> {
    let bon_id = || receipt.bon_id.clone();
    let (customer_name, customer_id, customer_kind, customer_address, customer_vat_id) =
        match &receipt.customer {
            Some(c) => (
                c.name.clone(),
                c.id.clone(),
                c.kind.clone(),
                address(&c.address),
                c.vat_id.clone(),
            ),
            None => Default::default(),
        };
    let mut head = vec![
        bon_id(),
        integer(receipt.bon_nr),
        receipt.receipt_type.as_str().to_owned(),
        receipt.name.clone(),
        receipt.terminal_id.clone(),
        flag(receipt.cancelled),
        local_time(receipt.started_at),
        local_time(receipt.ended_at),
        receipt.cashier.id.clone(),
        receipt.cashier.name.clone(),
        money(receipt.total_gross, 2),
        customer_name,
        customer_id,
        customer_kind,
    ];
    head.extend(customer_address);
    head.extend([customer_vat_id, receipt.note.clone()]);
    rows.push(&tables::TRANSACTIONS, keyed(closing, head))?;
    for vat in &receipt.vat_totals {
        let mut row = vec![bon_id(), integer(vat.vat_key.0)];
        row.extend(amounts5(vat.amounts));
        rows.push(&tables::TRANSACTIONS_VAT, keyed(closing, row))?;
    }
    if let Some(group) = &receipt.allocation_group {
        rows.push(
            &tables::ALLOCATION_GROUPS,
            keyed(closing, [bon_id(), group.clone()]),
        )?;
    }
    for payment in &receipt.payments {
        let (code, foreign) = match &payment.foreign {
            Some(f) => (f.currency.clone(), money(f.amount, 2)),
            None => (String::new(), String::new()),
        };
        let row = [
            bon_id(),
            payment.payment_type.as_str().to_owned(),
            payment.name.clone(),
            code,
            foreign,
            money(payment.amount, 2),
        ];
        rows.push(&tables::DATA_PAYMENT, keyed(closing, row))?;
    }
    for reference in &receipt.references {
        let line = reference.line_number.map(integer).unwrap_or_default();
        let row = match &reference.target {
            ReferenceTarget::Transaction {
                kasse_id,
                z_nr,
                closing_created_at,
                bon_id: target,
            } => [
                bon_id(),
                line,
                "Transaktion".to_owned(),
                String::new(),
                local_time(*closing_created_at),
                kasse_id.clone(),
                integer(*z_nr),
                target.clone(),
            ],
            ReferenceTarget::External {
                kind,
                name,
                date,
                document_id,
            } => [
                bon_id(),
                line,
                kind.as_str().to_owned(),
                name.clone(),
                date.map(local_time).unwrap_or_default(),
                String::new(),
                String::new(),
                document_id.clone(),
            ],
        };
        rows.push(&tables::REFERENCES, keyed(closing, row))?;
    }
    let tse_row = match &receipt.tse {
        TseRecord::Signed(t) => [
            bon_id(),
            integer(t.tse_id),
            integer(t.transaction_number),
            utc_time(t.started_at),
            utc_time(t.finished_at),
            t.process_type.clone(),
            integer(t.signature_counter),
            t.signature.clone(),
            String::new(),
            t.process_data.clone(),
        ],
        TseRecord::Outage { tse_id, error } => [
            bon_id(),
            integer(*tse_id),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            error.clone(),
            String::new(),
        ],
    };
    rows.push(&tables::TRANSACTIONS_TSE, keyed(closing, tse_row))?;
    for line in &receipt.lines {
        let position = integer(line.line_number);
        let row = [
            bon_id(),
            position.clone(),
            line.voucher_number.clone(),
            line.text.clone(),
            receipt.terminal_id.clone(),
            line.business_case.as_str().to_owned(),
            line.business_case_name.clone(),
            flag(line.in_house),
            flag(line.cancelled),
            String::new(),
            line.article_number.clone(),
            line.gtin.clone(),
            line.group_id.clone(),
            line.group_name.clone(),
            quantity(line.quantity.thousandths()),
            quantity(1000),
            line.unit.clone(),
            money(line.unit_price_gross, 5),
        ];
        rows.push(&tables::LINES, keyed(closing, row))?;
        let mut vat_row = vec![bon_id(), position.clone(), integer(line.vat_key.0)];
        vat_row.extend(amounts5(line.amounts));
        rows.push(&tables::LINES_VAT, keyed(closing, vat_row))?;
        for component in &line.price_components {
            let mut row = vec![
                bon_id(),
                position.clone(),
                component.kind.as_str().to_owned(),
                integer(component.vat_key.0),
            ];
            row.extend(amounts5(component.amounts));
            rows.push(&tables::ITEM_AMOUNTS, keyed(closing, row))?;
        }
        for item in &line.sub_items {
            let mut row = vec![
                bon_id(),
                position.clone(),
                item.article_number.clone(),
                item.gtin.clone(),
                item.name.clone(),
                item.group_id.clone(),
                item.group_name.clone(),
                quantity(item.quantity.thousandths()),
                quantity(1000),
                item.unit.clone(),
                integer(item.vat_key.0),
            ];
            row.extend(amounts5(item.base_price));
            rows.push(&tables::SUB_ITEMS, keyed(closing, row))?;
        }
    }
    Ok(())
}

fn master_data_rows(
    rows: &mut TableRows,
    input: &ExportInput,
    closing: &Closing,
    register: &CashRegister,
    receipts: &[Receipt],
) -> Result<(), ExportError> {
    let Company {
        name,
        address: company_address,
        tax_number,
        vat_id,
    } = &input.company;
    let first = receipts.iter().min_by_key(|r| (r.bon_nr, r.started_at));
    let last = receipts.iter().max_by_key(|r| (r.bon_nr, r.started_at));
    let mut row = vec![
        closing.business_day.map(day).unwrap_or_default(),
        input.taxonomy_version.clone(),
        first.map(|r| r.bon_id.clone()).unwrap_or_default(),
        last.map(|r| r.bon_id.clone()).unwrap_or_default(),
        name.clone(),
    ];
    row.extend(address(company_address));
    row.extend([
        tax_number.clone(),
        vat_id.clone(),
        money(all_payments(&closing.totals), 2),
        money(cash_payments(&closing.totals), 2),
    ]);
    rows.push(&tables::CASHPOINT_CLOSING, keyed(closing, row))?;

    let location = &register.location;
    let mut row = vec![location.name.clone()];
    row.extend(address(&location.address));
    row.push(location.vat_id.clone());
    rows.push(&tables::LOCATION, keyed(closing, row))?;

    let row = [
        register.brand.clone(),
        register.model.clone(),
        register.serial_number.clone(),
        register.software_brand.clone(),
        register.software_version.clone(),
        register.base_currency.clone(),
        flag(false),
    ];
    rows.push(&tables::CASH_REGISTER, keyed(closing, row))?;

    for terminal in &register.terminals {
        let row = [
            terminal.terminal_id.clone(),
            terminal.brand.clone(),
            terminal.model.clone(),
            terminal.serial_number.clone(),
            terminal.software_brand.clone(),
            terminal.software_version.clone(),
        ];
        rows.push(&tables::SLAVES, keyed(closing, row))?;
    }

    for entry in &input.vat_rates {
        let row = [
            integer(entry.key.0),
            percent(entry.percent_hundredths),
            entry.description.clone(),
        ];
        rows.push(&tables::VAT, keyed(closing, row))?;
    }

    for tse in &register.tses {
        let mut row = vec![
            integer(tse.tse_id),
            tse.serial_number.clone(),
            tse.signature_algorithm.clone(),
            tse.time_format.clone(),
            tse.process_data_encoding.as_str().to_owned(),
            tse.public_key.clone(),
        ];
        row.extend(certificate_parts(&tse.certificate));
        rows.push(&tables::TSE, keyed(closing, row))?;
    }
    Ok(())
}

/// TSE_ZERTIFIKAT_I … VII: the certificate in pieces of 1000 characters (the rest is dropped
/// if longer than 7000, which no TSE certificate is).
fn certificate_parts(certificate: &TseCertificate) -> [String; 7] {
    let mut parts: [String; 7] = Default::default();
    match certificate {
        TseCertificate::NotCertified(note) => parts[0] = note.clone(),
        TseCertificate::Base64(text) => {
            let chars: Vec<char> = text.chars().collect();
            for (part, chunk) in parts.iter_mut().zip(chars.chunks(1000)) {
                *part = chunk.iter().collect();
            }
        }
    }
    parts
}

fn closing_rows(rows: &mut TableRows, closing: &Closing) -> Result<(), ExportError> {
    for case in &closing.totals.business_cases {
        let mut row = vec![
            case.business_case.as_str().to_owned(),
            case.name.clone(),
            String::new(),
            integer(case.vat_key.0),
        ];
        row.extend(amounts5(case.amounts));
        rows.push(&tables::BUSINESS_CASES, keyed(closing, row))?;
    }
    for payment in &closing.totals.payments {
        let row = [
            payment.payment_type.as_str().to_owned(),
            payment.name.clone(),
            money(payment.amount, 2),
        ];
        rows.push(&tables::PAYMENT, keyed(closing, row))?;
    }
    for cash in &closing.totals.cash_per_currency {
        let row = [cash.currency.clone(), money(cash.amount, 2)];
        rows.push(&tables::CASH_PER_CURRENCY, keyed(closing, row))?;
    }
    Ok(())
}

/// The rows of every table for a checked input.
pub(crate) fn build(input: &ExportInput) -> Result<TableRows, ExportError> {
    let mut rows = TableRows::default();
    for closing in &input.closings {
        let register = input
            .cash_registers
            .iter()
            .find(|r| r.kasse_id == closing.kasse_id)
            .expect("checked before: every closing's till is known");
        let receipts = receipts_of(closing);
        for receipt in &receipts {
            receipt_rows(&mut rows, closing, receipt)?;
        }
        master_data_rows(&mut rows, input, closing, register, &receipts)?;
        closing_rows(&mut rows, closing)?;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_split_into_pieces_of_1000_characters() {
        let text = "A".repeat(1000) + &"B".repeat(1000) + "C";
        let parts = certificate_parts(&TseCertificate::Base64(text));
        assert_eq!(parts[0], "A".repeat(1000));
        assert_eq!(parts[1], "B".repeat(1000));
        assert_eq!(parts[2], "C");
        assert!(parts[3..].iter().all(String::is_empty));
        let note = certificate_parts(&TseCertificate::NotCertified("nicht zertifiziert".into()));
        assert_eq!(note[0], "nicht zertifiziert");
        assert!(note[1..].iter().all(String::is_empty));
    }
}
