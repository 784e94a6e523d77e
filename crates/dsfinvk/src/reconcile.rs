//! The checks before anything is written: every closing names a known till, every key and TSE is
//! in the master data, every receipt adds up (lines ↔ VAT totals ↔ total ↔ payments), and the
//! closing's totals equal the sums of its receipts to the cent.

use crate::codes::VatKey;
use crate::error::{ClosingRef, ExportError, Mismatch};
use crate::model::{Amounts, CashRegister, Closing, ExportInput, Receipt, TseRecord};
use filiale_domain::Cents;
use std::collections::{BTreeMap, BTreeSet, HashSet};

fn add(a: Cents, b: Cents) -> Cents {
    Cents::new(a.get().saturating_add(b.get()))
}

fn sum_into<K: Ord>(map: &mut BTreeMap<K, Cents>, key: K, amount: Cents) {
    let entry = map.entry(key).or_insert(Cents::ZERO);
    *entry = add(*entry, amount);
}

/// Compares two per-key sums over the union of their keys; a missing key counts as zero.
fn first_difference<K: Ord + Clone>(
    left: &BTreeMap<K, Cents>,
    right: &BTreeMap<K, Cents>,
) -> Option<(K, Cents, Cents)> {
    let keys: BTreeSet<&K> = left.keys().chain(right.keys()).collect();
    keys.into_iter().find_map(|key| {
        let l = left.get(key).copied().unwrap_or(Cents::ZERO);
        let r = right.get(key).copied().unwrap_or(Cents::ZERO);
        (l != r).then(|| (key.clone(), l, r))
    })
}

struct ClosingCheck<'a> {
    closing: &'a Closing,
    register: &'a CashRegister,
    vat_keys: &'a HashSet<VatKey>,
}

impl ClosingCheck<'_> {
    fn reference(&self) -> ClosingRef {
        ClosingRef {
            kasse_id: self.closing.kasse_id.clone(),
            z_nr: self.closing.z_nr,
        }
    }

    fn unbalanced(&self, mismatch: Mismatch) -> ExportError {
        ExportError::Unbalanced {
            closing: self.reference(),
            mismatch,
        }
    }

    fn known_key(&self, vat_key: VatKey) -> Result<(), ExportError> {
        if self.vat_keys.contains(&vat_key) {
            Ok(())
        } else {
            Err(ExportError::UnknownVatKey {
                closing: self.reference(),
                vat_key,
            })
        }
    }

    fn balanced(
        &self,
        place: impl FnOnce() -> String,
        amounts: Amounts,
    ) -> Result<(), ExportError> {
        if add(amounts.net, amounts.vat) == amounts.gross {
            Ok(())
        } else {
            Err(self.unbalanced(Mismatch::NetPlusVat {
                place: place(),
                gross: amounts.gross,
                net: amounts.net,
                vat: amounts.vat,
            }))
        }
    }

    fn check_receipt(&self, receipt: &Receipt) -> Result<(), ExportError> {
        let bon_id = &receipt.bon_id;
        let tse_id = match &receipt.tse {
            TseRecord::Signed(transaction) => transaction.tse_id,
            TseRecord::Outage { tse_id, .. } => *tse_id,
        };
        if !self.register.tses.iter().any(|tse| tse.tse_id == tse_id) {
            return Err(ExportError::UnknownTse {
                closing: self.reference(),
                bon_id: bon_id.clone(),
                tse_id,
            });
        }
        let mut lines_by_key = BTreeMap::new();
        for line in &receipt.lines {
            self.known_key(line.vat_key)?;
            self.balanced(
                || format!("Bon/receipt {bon_id} Pos./line {}", line.line_number),
                line.amounts,
            )?;
            sum_into(&mut lines_by_key, line.vat_key, line.amounts.gross);
            for item in &line.sub_items {
                self.known_key(item.vat_key)?;
            }
            if line.price_components.is_empty() {
                continue;
            }
            let mut components = Cents::ZERO;
            for component in &line.price_components {
                self.known_key(component.vat_key)?;
                self.balanced(
                    || {
                        format!(
                            "Bon/receipt {bon_id} Pos./line {} itemamounts",
                            line.line_number
                        )
                    },
                    component.amounts,
                )?;
                components = add(components, component.amounts.gross);
            }
            if components != line.amounts.gross {
                return Err(self.unbalanced(Mismatch::PriceComponents {
                    bon_id: bon_id.clone(),
                    line_number: line.line_number,
                    components,
                    line: line.amounts.gross,
                }));
            }
        }
        let mut receipt_by_key = BTreeMap::new();
        for vat in &receipt.vat_totals {
            self.known_key(vat.vat_key)?;
            self.balanced(
                || format!("Bon/receipt {bon_id} USt/VAT {}", vat.vat_key),
                vat.amounts,
            )?;
            sum_into(&mut receipt_by_key, vat.vat_key, vat.amounts.gross);
        }
        if let Some((vat_key, lines, receipt_gross)) =
            first_difference(&lines_by_key, &receipt_by_key)
        {
            return Err(self.unbalanced(Mismatch::ReceiptVat {
                bon_id: bon_id.clone(),
                vat_key,
                lines,
                receipt: receipt_gross,
            }));
        }
        let vat_totals = receipt_by_key.values().fold(Cents::ZERO, |a, b| add(a, *b));
        if vat_totals != receipt.total_gross {
            return Err(self.unbalanced(Mismatch::ReceiptTotal {
                bon_id: bon_id.clone(),
                vat_totals,
                total: receipt.total_gross,
            }));
        }
        if receipt.receipt_type.counts_in_closing() {
            let payments = receipt
                .payments
                .iter()
                .fold(Cents::ZERO, |a, p| add(a, p.amount));
            if payments != receipt.total_gross {
                return Err(self.unbalanced(Mismatch::ReceiptPayments {
                    bon_id: bon_id.clone(),
                    payments,
                    total: receipt.total_gross,
                }));
            }
        }
        Ok(())
    }

    fn check_totals(&self, receipts: &[Receipt]) -> Result<(), ExportError> {
        let counted = receipts
            .iter()
            .filter(|r| r.receipt_type.counts_in_closing());
        let mut cases_from_receipts = BTreeMap::new();
        let mut vat_from_receipts = BTreeMap::new();
        let mut payments_from_receipts = BTreeMap::new();
        for receipt in counted {
            for line in &receipt.lines {
                let key = (
                    line.business_case,
                    line.business_case_name.clone(),
                    line.vat_key,
                );
                sum_into(&mut cases_from_receipts, key, line.amounts.gross);
            }
            for vat in &receipt.vat_totals {
                sum_into(&mut vat_from_receipts, vat.vat_key, vat.amounts.vat);
            }
            for payment in &receipt.payments {
                let key = (payment.payment_type, payment.name.clone());
                sum_into(&mut payments_from_receipts, key, payment.amount);
            }
        }
        let totals = &self.closing.totals;
        let mut cases_in_closing = BTreeMap::new();
        let mut vat_in_closing = BTreeMap::new();
        for case in &totals.business_cases {
            self.known_key(case.vat_key)?;
            self.balanced(
                || format!("Z_GV_TYP {} {}", case.business_case, case.vat_key),
                case.amounts,
            )?;
            let key = (case.business_case, case.name.clone(), case.vat_key);
            sum_into(&mut cases_in_closing, key, case.amounts.gross);
            sum_into(&mut vat_in_closing, case.vat_key, case.amounts.vat);
        }
        if let Some(((case, name, vat_key), receipts, closing)) =
            first_difference(&cases_from_receipts, &cases_in_closing)
        {
            let business_case = if name.is_empty() {
                case.as_str().to_owned()
            } else {
                format!("{case}/{name}")
            };
            return Err(self.unbalanced(Mismatch::BusinessCase {
                business_case,
                vat_key,
                receipts,
                closing,
            }));
        }
        if let Some((vat_key, receipts, closing)) =
            first_difference(&vat_from_receipts, &vat_in_closing)
        {
            return Err(self.unbalanced(Mismatch::ClosingVat {
                vat_key,
                receipts,
                closing,
            }));
        }
        let mut payments_in_closing = BTreeMap::new();
        for payment in &totals.payments {
            let key = (payment.payment_type, payment.name.clone());
            sum_into(&mut payments_in_closing, key, payment.amount);
        }
        if let Some(((kind, name), receipts, closing)) =
            first_difference(&payments_from_receipts, &payments_in_closing)
        {
            let payment = if name.is_empty() {
                kind.as_str().to_owned()
            } else {
                format!("{kind}/{name}")
            };
            return Err(self.unbalanced(Mismatch::Payment {
                payment,
                receipts,
                closing,
            }));
        }
        let cash = cash_payments(totals);
        let currency = &self.register.base_currency;
        let counted_cash = totals
            .cash_per_currency
            .iter()
            .filter(|entry| &entry.currency == currency)
            .fold(Cents::ZERO, |a, entry| add(a, entry.amount));
        if counted_cash != cash {
            return Err(self.unbalanced(Mismatch::Cash {
                currency: currency.clone(),
                payments: cash,
                closing: counted_cash,
            }));
        }
        Ok(())
    }
}

/// Z_SE_ZAHLUNGEN: the sum of all the closing's payments.
pub(crate) fn all_payments(totals: &crate::model::ClosingTotals) -> Cents {
    totals
        .payments
        .iter()
        .fold(Cents::ZERO, |a, p| add(a, p.amount))
}

/// Z_SE_BARZAHLUNGEN: the sum of the closing's cash payments.
pub(crate) fn cash_payments(totals: &crate::model::ClosingTotals) -> Cents {
    totals
        .payments
        .iter()
        .filter(|p| p.payment_type == crate::codes::PaymentType::Bar)
        .fold(Cents::ZERO, |a, p| add(a, p.amount))
}

/// The closing's receipts with its cash movements as the `Beleg`s they are written as.
pub(crate) fn receipts_of(closing: &Closing) -> Vec<Receipt> {
    let mut receipts = closing.receipts.clone();
    receipts.extend(closing.cash_movements.iter().map(|m| m.to_receipt()));
    receipts
}

/// Checks the whole input; the first problem found is the error.
pub(crate) fn check(input: &ExportInput) -> Result<(), ExportError> {
    if input.closings.is_empty() {
        return Err(ExportError::NothingToExport);
    }
    let vat_keys: HashSet<VatKey> = input.vat_rates.iter().map(|entry| entry.key).collect();
    let mut seen_closings = HashSet::new();
    for closing in &input.closings {
        let reference = ClosingRef {
            kasse_id: closing.kasse_id.clone(),
            z_nr: closing.z_nr,
        };
        if !seen_closings.insert((closing.kasse_id.as_str(), closing.z_nr)) {
            return Err(ExportError::DuplicateClosing { closing: reference });
        }
        let Some(register) = input
            .cash_registers
            .iter()
            .find(|register| register.kasse_id == closing.kasse_id)
        else {
            return Err(ExportError::UnknownCashRegister { closing: reference });
        };
        let check = ClosingCheck {
            closing,
            register,
            vat_keys: &vat_keys,
        };
        let receipts = receipts_of(closing);
        let mut bon_ids = HashSet::new();
        for receipt in &receipts {
            if !bon_ids.insert(receipt.bon_id.as_str()) {
                return Err(ExportError::DuplicateReceipt {
                    closing: reference,
                    bon_id: receipt.bon_id.clone(),
                });
            }
            check.check_receipt(receipt)?;
        }
        check.check_totals(&receipts)?;
    }
    Ok(())
}
