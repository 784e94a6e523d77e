//! The till: each terminal's open cart — scanned, changed, discounted, paid — saved after every
//! change and mirrored to the customer displays that follow the terminal. A line discount above
//! the cashier's limit needs a manager's name and PIN.

use super::{AuthorizationError, UseCaseError};
use crate::App;
use filiale_display::{
    CartLineView, CartView, DisplayState, PaymentMethod, TerminalId, VatBreakdownView,
};
use filiale_domain::ManagerAction;
use filiale_domain::staff::{CASHIER_DISCOUNT_LIMIT_PERCENT, discount_needs_manager};
use filiale_domain::{Cart, Cents, Quantity, Sale, Sku, Tender};
use filiale_search::collection::{CollectionName, SearchMode, SearchRequest};
use filiale_store::articles::{self, StockedArticle};
use filiale_store::{StoreError, customers, till};
use serde::Serialize;

/// A manager's name and PIN as typed at the till, to allow what the cashier may not alone.
#[derive(Debug, Clone, Copy)]
struct ManagerPin<'a> {
    manager: &'a str,
    pin: &'a str,
}

/// Why a line discount was not given. The messages match the other refusals of the core, so the
/// till says them in the window's language with the same details (name, attempts, lockout end).
#[derive(Debug, thiserror::Error)]
pub enum DiscountError {
    #[error(
        "a discount above {CASHIER_DISCOUNT_LIMIT_PERCENT} % needs the store manager's approval \
         (name and PIN)"
    )]
    NeedsManager,
    #[error("{0} is not on the staff list")]
    UnknownManager(String),
    #[error("{0} is not a manager")]
    NotAManager(String),
    #[error("wrong PIN for {name}; {remaining} attempts left before lockout")]
    WrongPin { name: String, remaining: u32 },
    #[error("{name} is locked out after too many wrong PINs until {until}")]
    LockedOut {
        name: String,
        until: chrono::DateTime<chrono::Utc>,
    },
    #[error(transparent)]
    Refused(UseCaseError),
}

impl DiscountError {
    /// A stable code for the UI: `needs_manager` opens the PIN dialog.
    pub fn code(&self) -> &'static str {
        match self {
            DiscountError::NeedsManager => "needs_manager",
            DiscountError::UnknownManager(_) => "unknown_manager",
            DiscountError::NotAManager(_) => "not_a_manager",
            DiscountError::WrongPin { .. } => "wrong_pin",
            DiscountError::LockedOut { .. } => "locked_out",
            DiscountError::Refused(e) => e.code(),
        }
    }
}

impl From<UseCaseError> for DiscountError {
    fn from(error: UseCaseError) -> Self {
        match error {
            UseCaseError::Authorization(refused) => match refused {
                AuthorizationError::UnknownStaff(name) => DiscountError::UnknownManager(name),
                AuthorizationError::NotAManager(name) => DiscountError::NotAManager(name),
                AuthorizationError::WrongPin { name, remaining } => {
                    DiscountError::WrongPin { name, remaining }
                }
                AuthorizationError::LockedOut { name, until } => {
                    DiscountError::LockedOut { name, until }
                }
                other => DiscountError::Refused(other.into()),
            },
            other => DiscountError::Refused(other),
        }
    }
}

/// What the cashier's window shows of a till.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TillView {
    pub terminal_id: String,
    pub version: i64,
    pub cart: CartView,
    pub customer_no: Option<String>,
    pub display: DisplayState,
}

/// What the cashier's search box found: articles with their current price and stock, best first,
/// and how they were found (`hybrid`, or `lexical` when no embedding model is loaded).
#[derive(Debug, Clone, Serialize)]
pub struct TillSearch {
    pub mode: &'static str,
    pub articles: Vec<StockedArticle>,
}

/// Longest text the cashier's search box sends.
const MAX_SEARCH_CHARS: usize = 200;

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
    Sku::parse(code).map_err(|e| crate::ErrorCode::from(&e).into())
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

    /// The cashier's article search: an exact SKU or EAN first, then the hybrid search over the
    /// catalogue (lexical alone when no model is loaded). Price and stock are read from the store,
    /// so a hit never shows a stale price.
    pub fn till_search(&self, query: &str, limit: usize) -> Result<TillSearch, UseCaseError> {
        let query = query.trim();
        if query.chars().count() > MAX_SEARCH_CHARS {
            return Err(crate::ErrorCode::SearchTooLong {
                max: MAX_SEARCH_CHARS as u32,
            }
            .into());
        }
        let limit = limit.clamp(1, 100);
        if query.is_empty() {
            return Ok(TillSearch {
                mode: SearchMode::Lexical.as_str(),
                articles: Vec::new(),
            });
        }
        let exact = self.find_article(query).ok();
        let request = SearchRequest {
            limit,
            ..SearchRequest::new(query)
        };
        let outcome = match self.search(CollectionName::Articles, &request) {
            Ok(outcome) => outcome,
            Err(e) => {
                // Selling goes on without the search index: the catalogue is filtered instead.
                tracing::warn!(error = %format!("{e:#}"), "search index unusable at the till");
                let limit = i64::try_from(limit).unwrap_or(100);
                return Ok(TillSearch {
                    mode: "filter",
                    articles: self.filter_articles(query, limit)?,
                });
            }
        };
        let mut found: Vec<StockedArticle> = exact.into_iter().collect();
        let skus: Vec<String> = outcome
            .hits
            .into_iter()
            .map(|h| h.id)
            .filter(|id| found.iter().all(|a| a.article.sku.as_str() != id))
            .collect();
        self.store.read(|c| {
            for sku in &skus {
                // A hit the index still knows but the store no longer has is left out.
                if let Some(a) = articles::get(c, sku)? {
                    found.push(a);
                }
            }
            Ok::<_, StoreError>(())
        })?;
        found.truncate(limit);
        Ok(TillSearch {
            mode: outcome.mode.as_str(),
            articles: found,
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

    /// Gives a gross discount of `discount_cents` on the line of `code`, as the cashier alone:
    /// up to [`CASHIER_DISCOUNT_LIMIT_PERCENT`] of the line's undiscounted total. Above it the
    /// answer is [`DiscountError::NeedsManager`] and nothing changes.
    pub fn till_discount_line(
        &self,
        terminal_id: &str,
        code: &str,
        discount_cents: i64,
    ) -> Result<TillView, DiscountError> {
        self.discount_line(terminal_id, code, discount_cents, None)
    }

    /// Gives a line discount of any size up to the line total, approved by `manager` with `pin`
    /// through [`App::authorize_manager_at`] (audited; wrong PINs count towards the lockout).
    /// The PIN is checked only when the discount is above the cashier's limit. A refused
    /// discount changes nothing.
    pub fn till_discount_line_with_pin(
        &self,
        terminal_id: &str,
        code: &str,
        discount_cents: i64,
        manager: &str,
        pin: &str,
    ) -> Result<TillView, DiscountError> {
        let given = ManagerPin { manager, pin };
        self.discount_line(terminal_id, code, discount_cents, Some(given))
    }

    fn discount_line(
        &self,
        terminal_id: &str,
        code: &str,
        discount_cents: i64,
        manager: Option<ManagerPin<'_>>,
    ) -> Result<TillView, DiscountError> {
        let open = self.open_till(terminal_id)?;
        let sku = sku(code)?;
        let line = open
            .cart
            .lines()
            .iter()
            .find(|l| l.sku == sku)
            .ok_or_else(|| {
                UseCaseError::from(crate::ErrorCode::NotInCart {
                    sku: sku.to_string(),
                })
            })?;
        if discount_cents < 0 {
            return Err(UseCaseError::from(crate::ErrorCode::NegativeDiscount).into());
        }
        let gross = line.unit_price.get() * line.quantity.get();
        if discount_cents > gross {
            // Refused before any PIN is checked, so a typo costs no attempt.
            return Err(UseCaseError::from(crate::ErrorCode::DiscountAboveLineTotal {
                discount_cents,
                line_total_cents: gross,
            })
            .into());
        }
        let discount = Cents::new(discount_cents);
        if discount_needs_manager(Cents::new(gross), discount) {
            let Some(ManagerPin { manager, pin }) = manager else {
                return Err(DiscountError::NeedsManager);
            };
            let action = ManagerAction::Discount {
                sku: sku.to_string(),
                line_total_cents: Cents::new(gross),
                discount_cents: discount,
            };
            self.authorize_manager_at(open.terminal.as_str(), manager, pin, action)?;
        }
        Ok(self.till_discount(terminal_id, code, discount)?)
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

#[cfg(test)]
#[path = "till_tests.rs"]
mod tests;
