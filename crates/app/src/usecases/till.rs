//! The till: each terminal's open cart — scanned, changed, paid — saved after every change and
//! mirrored to the customer displays that follow the terminal.

use super::UseCaseError;
use crate::App;
use filiale_display::{
    CartLineView, CartView, DisplayState, PaymentMethod, TerminalId, VatBreakdownView,
};
use filiale_domain::{Cart, Cents, Quantity, Sale, Sku, Tender};
use filiale_store::{StoreError, customers, till};
use serde::Serialize;

/// What the cashier's window shows of a till.
#[derive(Debug, Clone, Serialize)]
pub struct TillView {
    pub terminal_id: String,
    pub version: i64,
    pub cart: CartView,
    pub customer_no: Option<String>,
    pub display: DisplayState,
}

/// A till's cart and customer as loaded from the store.
struct OpenTill {
    terminal: TerminalId,
    cart: Cart,
    customer_no: Option<String>,
}

fn terminal(id: &str) -> Result<TerminalId, UseCaseError> {
    TerminalId::parse(id).map_err(|e| UseCaseError::Input(e.to_string()))
}

fn sku(code: &str) -> Result<Sku, UseCaseError> {
    Sku::parse(code).map_err(|e| UseCaseError::Input(e.to_string()))
}

/// The display's picture of a cart.
pub fn cart_view(cart: &Cart, customer_name: Option<String>) -> CartView {
    let rate = |r: filiale_domain::VatRate| {
        filiale_display::VatRate::try_from(r.percent())
            .unwrap_or(filiale_display::VatRate::Standard)
    };
    CartView {
        lines: cart
            .lines()
            .iter()
            .map(|l| CartLineView {
                sku: l.sku.to_string(),
                name: l.name.clone(),
                quantity: l.quantity.get(),
                unit_price_cents: l.unit_price.get(),
                line_total_cents: l.total().get(),
                vat_rate: rate(l.vat_rate),
            })
            .collect(),
        total_cents: cart.total().get(),
        vat_breakdown: cart
            .vat_breakdown()
            .shares
            .iter()
            .map(|s| VatBreakdownView {
                rate: rate(s.rate),
                net_cents: s.net.get(),
                vat_cents: s.vat.get(),
                gross_cents: s.gross.get(),
            })
            .collect(),
        customer_name,
    }
}

impl App {
    fn open_till(&self, terminal_id: &str) -> Result<OpenTill, UseCaseError> {
        let terminal = terminal(terminal_id)?;
        let stored = self.store.read(|c| till::load(c, terminal.as_str()))?;
        let (cart, customer_no) = match stored {
            Some(open) => (
                serde_json::from_str(&open.cart_json).map_err(StoreError::from)?,
                open.customer_no,
            ),
            None => (Cart::new(), None),
        };
        Ok(OpenTill {
            terminal,
            cart,
            customer_no,
        })
    }

    fn customer_name(&self, customer_no: Option<&str>) -> Result<Option<String>, UseCaseError> {
        Ok(match customer_no {
            Some(no) => Some(self.store.read(|c| customers::require(c, no))?.name),
            None => None,
        })
    }

    /// Saves the till and shows `display` (or the cart itself) on the customer displays.
    fn save_till(
        &self,
        open: &OpenTill,
        display: Option<DisplayState>,
    ) -> Result<TillView, UseCaseError> {
        let view = cart_view(&open.cart, self.customer_name(open.customer_no.as_deref())?);
        let display = display.unwrap_or_else(|| {
            if open.cart.is_empty() {
                DisplayState::Idle
            } else {
                DisplayState::Cart { cart: view.clone() }
            }
        });
        let phase = phase_name(&display);
        let cart_json = serde_json::to_string(&open.cart).map_err(StoreError::from)?;
        let display_json = serde_json::to_string(&display).map_err(StoreError::from)?;
        let at = self.now().to_rfc3339();
        let version = self.store.bookkeep(|c| {
            till::save(
                c,
                open.terminal.as_str(),
                &cart_json,
                open.customer_no.as_deref(),
                phase,
                &display_json,
                &at,
            )
        })?;
        self.display.publish(&open.terminal, display.clone());
        Ok(TillView {
            terminal_id: open.terminal.as_str().to_owned(),
            version,
            cart: view,
            customer_no: open.customer_no.clone(),
            display,
        })
    }

    /// The till as it is now.
    pub fn till(&self, terminal_id: &str) -> Result<TillView, UseCaseError> {
        let open = self.open_till(terminal_id)?;
        let view = cart_view(&open.cart, self.customer_name(open.customer_no.as_deref())?);
        let stored = self.store.read(|c| till::load(c, open.terminal.as_str()))?;
        let (version, display) = match stored {
            Some(s) => (
                s.version,
                serde_json::from_str(&s.display_json).unwrap_or_default(),
            ),
            None => (0, DisplayState::Idle),
        };
        Ok(TillView {
            terminal_id: terminal_id.to_owned(),
            version,
            cart: view,
            customer_no: open.customer_no,
            display,
        })
    }

    /// Adds an article by SKU or EAN (what the scanner types).
    pub fn till_scan(
        &self,
        terminal_id: &str,
        code: &str,
        quantity: i64,
    ) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till(terminal_id)?;
        let quantity = Quantity::new(quantity).map_err(StoreError::from)?;
        let article = self.find_article(code)?;
        open.cart
            .add(&article.article, quantity)
            .map_err(StoreError::from)?;
        self.save_till(&open, None)
    }

    pub fn till_set_quantity(
        &self,
        terminal_id: &str,
        code: &str,
        quantity: i64,
    ) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till(terminal_id)?;
        let quantity = Quantity::new(quantity).map_err(StoreError::from)?;
        open.cart
            .set_quantity(&sku(code)?, quantity)
            .map_err(StoreError::from)?;
        self.save_till(&open, None)
    }

    pub fn till_remove(&self, terminal_id: &str, code: &str) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till(terminal_id)?;
        open.cart.remove(&sku(code)?).map_err(StoreError::from)?;
        self.save_till(&open, None)
    }

    /// Gives a gross discount on a line. Whether the cashier may is checked by the caller.
    pub fn till_discount(
        &self,
        terminal_id: &str,
        code: &str,
        discount: Cents,
    ) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till(terminal_id)?;
        open.cart
            .discount_line(&sku(code)?, discount)
            .map_err(StoreError::from)?;
        self.save_till(&open, None)
    }

    pub fn till_attach_customer(
        &self,
        terminal_id: &str,
        customer_no: Option<&str>,
    ) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till(terminal_id)?;
        if let Some(no) = customer_no {
            self.store.read(|c| customers::require(c, no))?;
        }
        open.customer_no = customer_no.map(str::to_owned);
        self.save_till(&open, None)
    }

    pub fn till_clear(&self, terminal_id: &str) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till(terminal_id)?;
        open.cart.clear();
        open.customer_no = None;
        self.save_till(&open, None)
    }

    /// Shows the customer that payment has started (and what they handed over).
    pub fn till_start_payment(
        &self,
        terminal_id: &str,
        card: bool,
        tendered: Option<Cents>,
    ) -> Result<TillView, UseCaseError> {
        let open = self.open_till(terminal_id)?;
        if open.cart.is_empty() {
            return Err(StoreError::Sale(filiale_domain::SaleError::EmptyCart).into());
        }
        let cart = cart_view(&open.cart, self.customer_name(open.customer_no.as_deref())?);
        let display = DisplayState::PaymentInProgress {
            cart,
            method: if card {
                PaymentMethod::Card
            } else {
                PaymentMethod::Cash
            },
            tendered_cents: tendered.map(Cents::get),
        };
        self.save_till(&open, Some(display))
    }

    /// Completes the sale of the till's cart; the display thanks the customer and shows the change.
    pub fn till_pay(&self, terminal_id: &str, tender: Tender) -> Result<Sale, UseCaseError> {
        let mut open = self.open_till(terminal_id)?;
        let sale = self.sell(&open.cart, tender, open.customer_no.as_deref())?;
        open.cart.clear();
        open.customer_no = None;
        let display = DisplayState::SaleCompleted {
            receipt_number: sale.receipt_no.to_string(),
            total_cents: sale.total.get(),
            change_cents: sale.change.get(),
        };
        self.save_till(&open, Some(display))?;
        Ok(sale)
    }
}

fn phase_name(state: &DisplayState) -> &'static str {
    match state {
        DisplayState::Idle => "idle",
        DisplayState::Cart { .. } => "cart",
        DisplayState::PaymentInProgress { .. } => "payment_in_progress",
        DisplayState::ChangeDue { .. } => "change_due",
        DisplayState::SaleCompleted { .. } => "sale_completed",
    }
}
