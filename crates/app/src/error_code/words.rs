//! [`ErrorCode`]s in words for the command line, in German and English. The English words keep
//! the core's earlier messages, so scripts that look for them still find them.

use super::ErrorCode;
use chrono::{DateTime, Utc};

/// The language the command line speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    De,
    En,
}

impl Lang {
    /// `FILIALE_LANG`, else `LANG`: German when it starts with `de`, otherwise English.
    pub fn from_env() -> Lang {
        let chosen = std::env::var("FILIALE_LANG")
            .ok()
            .filter(|v| !v.is_empty())
            .or_else(|| std::env::var("LANG").ok())
            .unwrap_or_default();
        Lang::from_tag(&chosen)
    }

    /// `de`, `de_DE.UTF-8`, `de-AT` are German; anything else is English.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("de") {
            Lang::De
        } else {
            Lang::En
        }
    }
}

/// "1 Versuch" / "3 Versuche", "1 attempt" / "3 attempts".
fn plural(lang: Lang, n: i64, de: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::De => de,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

fn euros(cents: i64) -> String {
    filiale_domain::Cents::new(cents).to_german()
}

fn german_time(at: &DateTime<Utc>) -> String {
    at.format("%d.%m.%Y %H:%M UTC").to_string()
}

impl ErrorCode {
    /// This refusal as one sentence in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match lang {
            Lang::De => self.german(),
            Lang::En => self.english(),
        }
    }

    fn german(&self) -> String {
        use ErrorCode as E;
        let attempts = |n: u32| plural(Lang::De, n.into(), ("Versuch", "Versuche"), ("", ""));
        match self {
            E::WrongPin { name, remaining } if name.is_empty() => {
                format!("Falsche PIN. Noch {} bis zur Sperre.", attempts(*remaining))
            }
            E::WrongPin { name, remaining } => format!(
                "Falsche PIN für {name}. Noch {} bis zur Sperre.",
                attempts(*remaining)
            ),
            E::LockedOut { name, until } => format!(
                "{name} ist nach zu vielen falschen PINs gesperrt bis {}.",
                german_time(until)
            ),
            E::UnknownStaff { name } | E::UnknownManager { name } => {
                format!("„{name}“ steht nicht auf der Personalliste.")
            }
            E::NotAManager { name } => {
                format!("{name} ist keine Filialleitung und kann das nicht freigeben.")
            }
            E::WrongApproval { .. } => {
                "Die Freigabe gilt für einen anderen Vorgang. Bitte erneut freigeben.".into()
            }
            E::NeedsManager { limit_percent } => format!(
                "Ein Rabatt über {limit_percent} % braucht die Freigabe der Filialleitung (Name und PIN)."
            ),
            E::InvalidPin => "Eine PIN hat 4 bis 12 Ziffern.".into(),
            E::InvalidName => "Ein Name hat 1 bis 60 Zeichen.".into(),
            E::AlreadyEnrolled { name } => format!("{name} steht schon auf der Personalliste."),
            E::UnknownRole { role } => {
                format!("„{role}“ ist keine Rolle (Kasse oder Filialleitung).")
            }
            E::OnlyManager { name } => format!(
                "{name} ist die einzige Filialleitung. Bitte zuerst eine weitere Filialleitung anlegen."
            ),
            E::ApprovalStale { name, minutes } => format!(
                "Die Freigabe von {name} ist älter als {}. Bitte erneut freigeben.",
                plural(Lang::De, *minutes, ("Minute", "Minuten"), ("", ""))
            ),
            E::FirstManager => {
                "Die erste Person auf der Personalliste muss die Filialleitung sein.".into()
            }
            E::StaffNeedsManager => {
                "Änderungen am Personal braucht die Freigabe der Filialleitung.".into()
            }
            E::UnknownReceipt { receipt_no } => {
                format!("Einen Bon mit der Nummer {receipt_no} gibt es nicht.")
            }
            E::RefundMoreThanSold {
                sku,
                requested,
                sold,
                refunded,
                left,
            } => format!(
                "{requested} × {sku} geht nicht: {sold} verkauft, {refunded} schon erstattet, noch {left} offen."
            ),
            E::RefundNothingLeft { receipt_no } => {
                format!("Bon {receipt_no} ist schon vollständig erstattet.")
            }
            E::RefundNotOnReceipt { sku } => format!("Artikel {sku} steht nicht auf diesem Bon."),
            E::RefundImpossibleQuantity { .. } => {
                "Eine Erstattungsmenge muss mindestens 1 sein.".into()
            }
            E::RefundNothingChosen => "Bitte mindestens eine Einheit zum Erstatten wählen.".into(),
            E::RefundReasonTooLong { max } => {
                format!("Der Grund darf höchstens {max} Zeichen haben.")
            }
            E::BadSku { sku } => format!(
                "Artikelnummer „{sku}“ ist ungültig: 1 bis 32 Buchstaben, Ziffern, '-', '_' oder '.'."
            ),
            E::BadEan { ean } => format!("EAN „{ean}“ ist ungültig: 13 Ziffern erwartet."),
            E::BadEanCheckDigit { ean, expected } => {
                format!("EAN „{ean}“ hat eine falsche Prüfziffer (erwartet {expected}).")
            }
            E::UnknownArticle { sku } => format!("Unbekannter Artikel {sku}."),
            E::UnknownEan { ean } => format!("Kein Artikel hat die EAN {ean}."),
            E::DuplicateEan { ean, sku } => {
                format!("Die EAN {ean} gehört schon zu Artikel {sku}.")
            }
            E::ArticleNameEmpty => "Der Artikelname darf nicht leer sein.".into(),
            E::FieldTooLong { field, max } => {
                format!("{field} ist zu lang (höchstens {max} Zeichen).")
            }
            E::PriceOutOfRange { price_cents } => format!(
                "Der Preis muss zwischen 0,00 € und 10.000.000,00 € liegen, nicht {}.",
                euros(*price_cents)
            ),
            E::PurchasePriceOutOfRange { price_cents } => format!(
                "Der Einkaufspreis liegt außerhalb des erlaubten Bereichs: {}.",
                euros(*price_cents)
            ),
            E::PackSizeZero => "Die Packungsgröße muss mindestens 1 sein.".into(),
            E::LeadTimeTooLong { days } => {
                format!("Eine Lieferzeit von {days} Tagen ist unplausibel (höchstens 365).")
            }
            E::ReorderPointNegative => "Der Meldebestand darf nicht negativ sein.".into(),
            E::BadVatRate { rate } => {
                format!("„{rate}“ ist kein Mehrwertsteuersatz (19, 7 oder 0).")
            }
            E::BadAmount { text } => {
                format!("„{text}“ ist kein Geldbetrag (z. B. 12,99 oder 12.99).")
            }
            E::AmountTooPrecise { text } => {
                format!("Der Betrag „{text}“ hat mehr als zwei Nachkommastellen.")
            }
            E::AmountTooLarge => "Der Betrag ist zu groß.".into(),
            E::ImpossibleQuantity { quantity } => {
                format!("Die Menge {quantity} ist nicht möglich (1 bis 9.999).")
            }
            E::NotInCart { sku } => format!("Artikel {sku} ist nicht im Warenkorb."),
            E::NegativeDiscount => "Ein Rabatt kann nicht negativ sein.".into(),
            E::DiscountAboveLineTotal {
                discount_cents,
                line_total_cents,
            } => format!(
                "Ein Rabatt von {} € ist mehr als die Zeilensumme {} €.",
                euros(*discount_cents),
                euros(*line_total_cents)
            ),
            E::CartTotalTooLarge => {
                "Die Summe wäre größer als der größte Betrag, den Filiale annimmt.".into()
            }
            E::EmptyCart => "Der Warenkorb ist leer.".into(),
            E::TenderedLessThanTotal {
                tendered_cents,
                total_cents,
            } => format!(
                "Gegeben {} € ist weniger als die Summe {} €.",
                euros(*tendered_cents),
                euros(*total_cents)
            ),
            E::NonPositiveTotal { total_cents } => format!(
                "Ein Verkauf braucht eine positive Summe, nicht {} €.",
                euros(*total_cents)
            ),
            E::StockQuantityImpossible { quantity, max } => {
                format!(
                    "Die Menge {quantity} ist für einen Wareneingang nicht möglich (1 bis {max})."
                )
            }
            E::CountOrDifference => {
                "Bitte entweder den gezählten Bestand oder die Differenz angeben.".into()
            }
            E::AdjustmentImpossible => "Diese Korrekturmenge ist nicht möglich.".into(),
            E::PriceChangeNeedsManager {
                sku,
                old_price_cents,
                new_price_cents,
                limit_percent,
                articles,
            } => {
                let more = match articles {
                    0 | 1 => String::new(),
                    n => format!(" (und bei {} weiteren Artikeln)", n - 1),
                };
                format!(
                    "Der Preis von {sku} ändert sich von {} auf {}, um mehr als {limit_percent} %{more}: \
                     das braucht die Freigabe der Filialleitung (Name und PIN).",
                    euros(*old_price_cents),
                    euros(*new_price_cents)
                )
            }
            E::StockCorrectionNeedsManager {
                sku,
                delta,
                value_cents,
                limit_cents,
            } => format!(
                "Die Bestandskorrektur von {sku} um {delta:+} ist {} wert, mehr als {}: das braucht \
                 die Freigabe der Filialleitung (Name und PIN).",
                euros(*value_cents),
                euros(*limit_cents)
            ),
            E::UnknownCustomer { customer_no } => format!("Unbekannter Kunde {customer_no}."),
            E::DuplicateCustomer { customer_no } => {
                format!("Die Kundennummer {customer_no} ist schon vergeben.")
            }
            E::CustomerNameEmpty => "Der Kundenname darf nicht leer sein.".into(),
            E::BadCustomerNumber { customer_no } => format!(
                "Kundennummer „{customer_no}“ ist ungültig: 1 bis 20 Buchstaben, Ziffern oder '-'."
            ),
            E::BadEmail { email } => format!("Die E-Mail-Adresse „{email}“ ist ungültig."),
            E::BadPostalCode { postal_code } => {
                format!("Die Postleitzahl „{postal_code}“ ist ungültig (fünf Ziffern).")
            }
            E::CustomerFieldTooLong { field } => format!("{field} ist zu lang."),
            E::UnknownLead { id } => format!("Unbekannter Interessent {id}."),
            E::LeadNameEmpty => "Der Name eines Interessenten darf nicht leer sein.".into(),
            E::UnknownLeadStatus { status } => {
                format!("„{status}“ ist kein Status (new, contacted, qualified, converted, lost).")
            }
            E::ImpossibleLeadTransition { from, to } => {
                format!("Ein Interessent kann nicht von {from} zu {to} wechseln.")
            }
            E::FileNotUtf8 { line } => format!("Die Datei ist kein UTF-8-Text (Zeile {line})."),
            E::FileEmpty => "Die Datei ist leer: eine Kopfzeile wird erwartet.".into(),
            E::MissingColumn { column } => {
                format!("Die Spalte „{column}“ fehlt in der Kopfzeile.")
            }
            E::DuplicateColumn { column } => {
                format!("Die Spalte „{column}“ steht zweimal in der Kopfzeile.")
            }
            E::NotDeadLetter { store_seq } => {
                format!("Das Ereignis {store_seq} ist kein unzustellbares Ereignis.")
            }
            E::SearchTooLong { max } => {
                format!("Der Suchtext ist zu lang (höchstens {max} Zeichen).")
            }
            // The till's refusals speak both languages on the command line, as they always did.
            E::TillRefused { de, en, .. } | E::OrderRefused { de, en, .. } => {
                format!("{de} / {en}")
            }
            E::Workflow { detail } => format!("Bestellvorschlag: {detail}"),
            E::InvalidInput { detail } => format!("Ungültige Eingabe: {detail}"),
            E::DiskFull => "Die Festplatte ist voll: nichts wurde gespeichert.".into(),
            E::Internal { detail } => format!("Fehler: {detail}"),
        }
    }

    fn english(&self) -> String {
        use ErrorCode as E;
        let attempts = |n: u32| plural(Lang::En, n.into(), ("", ""), ("attempt", "attempts"));
        match self {
            E::WrongPin { name, remaining } if name.is_empty() => format!(
                "not allowed: wrong PIN; {} left before lockout",
                attempts(*remaining)
            ),
            E::WrongPin { name, remaining } => format!(
                "not allowed: wrong PIN for {name}; {} left before lockout",
                attempts(*remaining)
            ),
            E::LockedOut { name, until } => {
                format!("not allowed: {name} is locked out after too many wrong PINs until {until}")
            }
            E::UnknownStaff { name } | E::UnknownManager { name } => {
                format!("not allowed: {name} is not on the staff list")
            }
            E::NotAManager { name } => format!("not allowed: {name} is not a manager"),
            E::WrongApproval {
                approved,
                requested,
            } => format!("not allowed: the approval of {approved} does not cover {requested}"),
            E::NeedsManager { limit_percent } => format!(
                "a discount above {limit_percent} % needs the store manager's approval (name and PIN)"
            ),
            E::InvalidPin => "a PIN must be 4 to 12 digits".into(),
            E::InvalidName => "a staff name must be 1 to 60 characters".into(),
            E::AlreadyEnrolled { name } => format!("{name} is already on the staff list"),
            E::UnknownRole { role } => {
                format!("{role:?} is not a role (cashier or manager)")
            }
            E::OnlyManager { name } => {
                format!("not allowed: {name} is the only manager; add another manager first")
            }
            E::ApprovalStale { name, minutes } => format!(
                "not allowed: the approval by {name} is older than {minutes} minutes; approve again"
            ),
            E::FirstManager => "not allowed: the first member of staff must be a manager".into(),
            E::StaffNeedsManager => "not allowed: changing the staff list needs a manager's \
                                     approval (--manager, --manager-pin)"
                .into(),
            E::UnknownReceipt { receipt_no } => format!("there is no receipt {receipt_no}"),
            E::RefundMoreThanSold {
                sku,
                requested,
                sold,
                refunded,
                left,
            } => format!(
                "cannot refund {requested} × {sku}: {sold} sold, {refunded} refunded already, {left} left"
            ),
            E::RefundNothingLeft { receipt_no } => {
                format!("receipt {receipt_no} has been refunded completely already")
            }
            E::RefundNotOnReceipt { sku } => format!("article {sku} is not on the receipt"),
            E::RefundImpossibleQuantity { quantity } => {
                format!("a refund quantity must be at least 1, not {quantity}")
            }
            E::RefundNothingChosen => "choose at least one unit to refund".into(),
            E::RefundReasonTooLong { max } => {
                format!("a refund reason must be at most {max} characters")
            }
            E::BadSku { sku } => format!(
                "SKU {sku:?} is invalid: 1 to 32 characters of letters, digits, '-', '_' or '.'"
            ),
            E::BadEan { ean } => format!("EAN {ean:?} is invalid: expected 13 digits"),
            E::BadEanCheckDigit { ean, expected } => {
                format!("EAN {ean:?} has a wrong check digit (expected {expected})")
            }
            E::UnknownArticle { sku } => format!("unknown article {sku}"),
            E::UnknownEan { ean } => format!("no article has the EAN {ean}"),
            E::DuplicateEan { ean, sku } => format!("EAN {ean} already belongs to article {sku}"),
            E::ArticleNameEmpty => "name must not be empty".into(),
            E::FieldTooLong { field, max } => {
                format!("{field} is too long (at most {max} characters)")
            }
            E::PriceOutOfRange { price_cents } => format!(
                "price must be between 0,00 € and 10.000.000,00 €, not {}",
                euros(*price_cents)
            ),
            E::PurchasePriceOutOfRange { price_cents } => format!(
                "purchase price must be between 0,00 € and the maximum amount, not {}",
                euros(*price_cents)
            ),
            E::PackSizeZero => "pack size must be at least 1".into(),
            E::LeadTimeTooLong { days } => {
                format!("lead time of {days} days is implausible (at most 365)")
            }
            E::ReorderPointNegative => "reorder point must not be negative".into(),
            E::BadVatRate { rate } => format!("{rate:?} is not a VAT rate (19, 7 or 0)"),
            E::BadAmount { text } => {
                format!("{text:?} is not an amount of money (expected e.g. 12,99 or 12.99)")
            }
            E::AmountTooPrecise { text } => {
                format!("amount {text:?} has more than two decimal places")
            }
            E::AmountTooLarge => "amount is too large".into(),
            E::ImpossibleQuantity { quantity } => {
                format!("quantity {quantity} is impossible (1 to 9.999)")
            }
            E::NotInCart { sku } => format!("article {sku} is not in the cart"),
            E::NegativeDiscount => "a discount cannot be negative".into(),
            E::DiscountAboveLineTotal {
                discount_cents,
                line_total_cents,
            } => format!(
                "a discount of {discount_cents} ct is more than the line total {line_total_cents} ct"
            ),
            E::CartTotalTooLarge => {
                "the cart total would exceed the largest amount Filiale accepts".into()
            }
            E::EmptyCart => "the cart is empty".into(),
            E::TenderedLessThanTotal {
                tendered_cents,
                total_cents,
            } => format!(
                "tendered {} is less than the total {}",
                euros(*tendered_cents),
                euros(*total_cents)
            ),
            E::NonPositiveTotal { total_cents } => format!(
                "a sale must have a positive total, not {}",
                euros(*total_cents)
            ),
            E::StockQuantityImpossible { quantity, max } => {
                format!("quantity {quantity} is impossible for a receipt (1 to {max})")
            }
            E::CountOrDifference => "give either a counted quantity or a difference".into(),
            E::AdjustmentImpossible => "the adjustment quantity is impossible".into(),
            E::PriceChangeNeedsManager {
                sku,
                old_price_cents,
                new_price_cents,
                limit_percent,
                articles,
            } => {
                let more = match articles {
                    0 | 1 => String::new(),
                    n => format!(" (and for {} more articles)", n - 1),
                };
                format!(
                    "the price of {sku} changes from {} to {}, by more than {limit_percent} %{more}: \
                     that needs a manager's approval (--manager, --manager-pin)",
                    euros(*old_price_cents),
                    euros(*new_price_cents)
                )
            }
            E::StockCorrectionNeedsManager {
                sku,
                delta,
                value_cents,
                limit_cents,
            } => format!(
                "the stock correction of {sku} by {delta:+} is worth {}, more than {}: that needs a \
                 manager's approval (--manager, --manager-pin)",
                euros(*value_cents),
                euros(*limit_cents)
            ),
            E::UnknownCustomer { customer_no } => format!("unknown customer {customer_no}"),
            E::DuplicateCustomer { customer_no } => {
                format!("customer number {customer_no} is already taken")
            }
            E::CustomerNameEmpty => "customer name must not be empty".into(),
            E::BadCustomerNumber { customer_no } => format!(
                "customer number {customer_no:?} is invalid: 1 to 20 letters, digits or '-'"
            ),
            E::BadEmail { email } => format!("e-mail address {email:?} is invalid"),
            E::BadPostalCode { postal_code } => {
                format!("postal code {postal_code:?} is invalid (five digits)")
            }
            E::CustomerFieldTooLong { field } => format!("{field} is too long"),
            E::UnknownLead { id } => format!("unknown lead {id}"),
            E::LeadNameEmpty => "lead name must not be empty".into(),
            E::UnknownLeadStatus { status } => format!(
                "{status:?} is not a lead status (new, contacted, qualified, converted, lost)"
            ),
            E::ImpossibleLeadTransition { from, to } => {
                format!("a lead cannot move from {from} to {to}")
            }
            E::FileNotUtf8 { line } => format!("the file is not UTF-8 text (line {line})"),
            E::FileEmpty => "the file is empty: expected a header row".into(),
            E::MissingColumn { column } => {
                format!("required column {column:?} is missing from the header")
            }
            E::DuplicateColumn { column } => {
                format!("column {column:?} appears twice in the header")
            }
            E::NotDeadLetter { store_seq } => {
                format!("outbox event {store_seq} is not a dead letter")
            }
            E::SearchTooLong { max } => {
                format!("the search text is too long (at most {max} characters)")
            }
            E::TillRefused { de, en, .. } | E::OrderRefused { de, en, .. } => {
                format!("{de} / {en}")
            }
            E::Workflow { detail } => format!("reorder workflow: {detail}"),
            E::InvalidInput { detail } | E::Internal { detail } => detail.clone(),
            E::DiskFull => "the disk is full: nothing was saved".into(),
        }
    }
}
