//! The till: each terminal's open cart — scanned, changed, discounted, paid — saved after every
//! change and mirrored to the customer displays that follow the terminal. A line discount above
//! the cashier's limit needs a manager's name and PIN.

use super::{AuthorizationError, UseCaseError};
use crate::App;
use crate::dto::{ManagerPin, SaleLineInput, TenderInput, TillSearch, TillView};
use filiale_display::{
    CartLineView, CartView, DisplayState, PaymentMethod, TerminalId, VatBreakdownView,
};
use filiale_domain::ManagerAction;
use filiale_domain::staff::{CASHIER_DISCOUNT_LIMIT_PERCENT, discount_needs_manager};
use filiale_domain::{Cart, Cents, Quantity, Sale, Sku, Tender};
use filiale_search::collection::{CollectionName, SearchMode, SearchRequest};
use filiale_store::articles::{self, StockedArticle};
use filiale_store::till_sessions::SessionRow;
use filiale_store::{StoreError, customers, sales, till};

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

/// Longest text the cashier's search box sends.
const MAX_SEARCH_CHARS: usize = 200;

/// A till's cart and customer as loaded from the store.
struct OpenTill {
    terminal: TerminalId,
    cart: Cart,
    customer_no: Option<String>,
}

/// One till of the store: its open cart, mirrored to the customer displays that follow it, and
/// the sale that completes it. Got from [`App::till`] (this PC's till) or [`App::till_at`].
#[derive(Debug, Clone)]
pub struct Till<'a> {
    app: &'a App,
    terminal: TerminalId,
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

impl<'a> Till<'a> {
    pub(crate) fn new(app: &'a App, till_id: &str) -> Result<Till<'a>, UseCaseError> {
        let terminal =
            TerminalId::parse(till_id).map_err(|e| UseCaseError::Input(e.to_string()))?;
        Ok(Till { app, terminal })
    }

    /// The till's id, e.g. `kasse-1`.
    pub fn id(&self) -> &str {
        self.terminal.as_str()
    }

    fn open_till(&self) -> Result<OpenTill, UseCaseError> {
        let terminal = self.terminal.clone();
        let stored = self.app.store.read(|c| till::load(c, terminal.as_str()))?;
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
            Some(no) => Some(self.app.store.read(|c| customers::require(c, no))?.name),
            None => None,
        })
    }

    /// The cart, customer and display state as saved, with the view the window shows.
    fn saved(
        &self,
        open: &OpenTill,
        display: Option<DisplayState>,
    ) -> Result<(CartView, DisplayState, String, String), UseCaseError> {
        let view = cart_view(&open.cart, self.customer_name(open.customer_no.as_deref())?);
        let display = display.unwrap_or_else(|| {
            if open.cart.is_empty() {
                DisplayState::Idle
            } else {
                DisplayState::Cart { cart: view.clone() }
            }
        });
        let cart_json = serde_json::to_string(&open.cart).map_err(StoreError::from)?;
        let display_json = serde_json::to_string(&display).map_err(StoreError::from)?;
        Ok((view, display, cart_json, display_json))
    }

    /// Saves the till and shows `display` (or the cart itself) on the customer displays.
    fn save_till(
        &self,
        open: &OpenTill,
        display: Option<DisplayState>,
    ) -> Result<TillView, UseCaseError> {
        let (view, display, cart_json, display_json) = self.saved(open, display)?;
        let at = self.app.now().to_rfc3339();
        let version = self.app.store.maintain(|db| {
            till::save(
                db,
                open.terminal.as_str(),
                &cart_json,
                open.customer_no.as_deref(),
                phase_name(&display),
                &display_json,
                &at,
            )
        })?;
        Ok(self.shown(open, view, display, version))
    }

    /// Publishes `display` to the customer displays and returns the window's view.
    fn shown(
        &self,
        open: &OpenTill,
        view: CartView,
        display: DisplayState,
        version: i64,
    ) -> TillView {
        self.app.display.publish(&open.terminal, display.clone());
        TillView {
            terminal_id: open.terminal.as_str().to_owned(),
            version,
            cart: view,
            customer_no: open.customer_no.clone(),
            display,
        }
    }

    /// The till as it is now.
    pub fn show(&self) -> Result<TillView, UseCaseError> {
        let open = self.open_till()?;
        let view = cart_view(&open.cart, self.customer_name(open.customer_no.as_deref())?);
        let stored = self
            .app
            .store
            .read(|c| till::load(c, open.terminal.as_str()))?;
        let (version, display) = match stored {
            Some(s) => (
                s.version,
                serde_json::from_str(&s.display_json).unwrap_or_default(),
            ),
            None => (0, DisplayState::Idle),
        };
        Ok(TillView {
            terminal_id: open.terminal.as_str().to_owned(),
            version,
            cart: view,
            customer_no: open.customer_no,
            display,
        })
    }

    /// The cashier's article search: an exact SKU or EAN first, then the hybrid search over the
    /// catalogue (lexical alone when no model is loaded). Price and stock are read from the store,
    /// so a hit never shows a stale price.
    pub fn search(&self, query: &str, limit: usize) -> Result<TillSearch, UseCaseError> {
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
        let exact = self.app.find_article(query).ok();
        let request = SearchRequest {
            limit,
            ..SearchRequest::new(query)
        };
        let outcome = match self.app.search().query(CollectionName::Articles, &request) {
            Ok(outcome) => outcome,
            Err(e) => {
                // Selling goes on without the search index: the catalogue is filtered instead.
                tracing::warn!(error = %format!("{e:#}"), "search index unusable at the till");
                let limit = i64::try_from(limit).unwrap_or(100);
                return Ok(TillSearch {
                    mode: "filter",
                    articles: self.app.back_office().filter_articles(query, limit)?,
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
        // One read for all hits; a hit the index still knows but the store no longer has is left out.
        found.extend(self.app.store.read(|c| articles::get_many(c, &skus))?);
        found.truncate(limit);
        Ok(TillSearch {
            mode: outcome.mode.as_str(),
            articles: found,
        })
    }

    /// Adds an article by SKU or EAN (what the scanner types).
    pub fn scan(&self, code: &str, quantity: i64) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till()?;
        let quantity = Quantity::new(quantity).map_err(StoreError::from)?;
        let article = self.app.find_article(code)?;
        open.cart
            .add(&article.article, quantity)
            .map_err(StoreError::from)?;
        self.save_till(&open, None)
    }

    /// Changes a line's quantity. A discount on the line is re-checked against the new line
    /// total: when fewer units would make it more than the cashier's limit, the change is refused
    /// (nothing changes) until the discount is removed or approved again.
    pub fn set_quantity(&self, code: &str, quantity: i64) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till()?;
        let quantity = Quantity::new(quantity).map_err(StoreError::from)?;
        let sku_code = sku(code)?;
        if let Some(line) = open.cart.lines().iter().find(|l| l.sku == sku_code) {
            let before = line.unit_price.get() * line.quantity.get();
            let after = line.unit_price.get() * quantity.get();
            if after < before && discount_needs_manager(Cents::new(after), line.discount) {
                return Err(UseCaseError::Denied(format!(
                    "der Rabatt von {} € wäre bei {} Stück mehr als {CASHIER_DISCOUNT_LIMIT_PERCENT} % \
                     der Zeile: erst den Rabatt entfernen oder neu freigeben lassen / the discount of \
                     {} ct would be more than {CASHIER_DISCOUNT_LIMIT_PERCENT} % of the line at {} \
                     units: remove the discount or have a manager approve it again",
                    line.discount.to_german(),
                    quantity.get(),
                    line.discount.get(),
                    quantity.get()
                )));
            }
        }
        open.cart
            .set_quantity(&sku(code)?, quantity)
            .map_err(StoreError::from)?;
        self.save_till(&open, None)
    }

    pub fn remove(&self, code: &str) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till()?;
        open.cart.remove(&sku(code)?).map_err(StoreError::from)?;
        self.save_till(&open, None)
    }

    /// Gives a gross discount of `discount_cents` on the line of `code`, as the cashier alone:
    /// up to [`CASHIER_DISCOUNT_LIMIT_PERCENT`] of the line's undiscounted total. Above it the
    /// answer is [`DiscountError::NeedsManager`] and nothing changes.
    pub fn discount_line(
        &self,
        code: &str,
        discount_cents: i64,
    ) -> Result<TillView, DiscountError> {
        self.discount(code, discount_cents, None)
    }

    /// Gives a line discount of any size up to the line total, approved by `manager` with `pin`
    /// (audited; wrong PINs count towards the lockout). The PIN is checked only when the discount
    /// is above the cashier's limit. A refused discount changes nothing.
    pub fn discount_line_with_pin(
        &self,
        code: &str,
        discount_cents: i64,
        manager: &str,
        pin: &str,
    ) -> Result<TillView, DiscountError> {
        let given = ManagerPin { manager, pin };
        self.discount(code, discount_cents, Some(given))
    }

    fn discount(
        &self,
        code: &str,
        discount_cents: i64,
        manager: Option<ManagerPin<'_>>,
    ) -> Result<TillView, DiscountError> {
        let mut open = self.open_till()?;
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
            return Err(
                UseCaseError::from(crate::ErrorCode::DiscountAboveLineTotal {
                    discount_cents,
                    line_total_cents: gross,
                })
                .into(),
            );
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
            self.app
                .authorize_manager_at(open.terminal.as_str(), manager, pin, action)?;
        }
        open.cart
            .discount_line(&sku, discount)
            .map_err(|e| UseCaseError::from(StoreError::from(e)))?;
        Ok(self.save_till(&open, None)?)
    }

    pub fn attach_customer(&self, customer_no: Option<&str>) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till()?;
        if let Some(no) = customer_no {
            self.app.store.read(|c| customers::require(c, no))?;
        }
        open.customer_no = customer_no.map(str::to_owned);
        self.save_till(&open, None)
    }

    pub fn clear(&self) -> Result<TillView, UseCaseError> {
        let mut open = self.open_till()?;
        open.cart.clear();
        open.customer_no = None;
        self.save_till(&open, None)
    }

    /// Shows the customer that payment has started (and, in cash, what they handed over).
    pub fn start_payment(&self, tender: TenderInput) -> Result<TillView, UseCaseError> {
        let open = self.open_till()?;
        if open.cart.is_empty() {
            return Err(StoreError::Sale(filiale_domain::SaleError::EmptyCart).into());
        }
        let cart = cart_view(&open.cart, self.customer_name(open.customer_no.as_deref())?);
        let display = match tender {
            TenderInput::Cash { tendered_cents } => DisplayState::PaymentInProgress {
                cart,
                method: PaymentMethod::Cash,
                tendered_cents: Some(tendered_cents),
            },
            TenderInput::Card => DisplayState::PaymentInProgress {
                cart,
                method: PaymentMethod::Card,
                tendered_cents: None,
            },
        };
        self.save_till(&open, Some(display))
    }

    /// Completes the sale of the till's cart; the display thanks the customer and shows the change.
    /// The sale and the emptied cart are one transaction: a till never shows a sold cart again.
    pub fn pay(&self, tender: Tender) -> Result<Sale, UseCaseError> {
        Ok(self.pay_in(tender, None)?.0)
    }

    /// [`Till::pay`]; a closed till is first opened, in the sale's transaction, with a zero float
    /// for `open_for` when given (scripts). Returns the session opened, if one was.
    pub(super) fn pay_in(
        &self,
        tender: Tender,
        open_for: Option<&str>,
    ) -> Result<(Sale, Option<SessionRow>), UseCaseError> {
        let mut open = self.open_till()?;
        let cart = std::mem::take(&mut open.cart);
        let customer_no = open.customer_no.take();
        let at = self.app.now().to_rfc3339();
        let (sale, opened, saved) = self.app.store.write(self.app.now(), |tx| {
            let (sale, opened) =
                self.record_sale(tx, &cart, tender, customer_no.as_deref(), open_for)?;
            let display = DisplayState::SaleCompleted {
                receipt_number: sale.receipt_no.to_string(),
                total_cents: sale.total.get(),
                change_cents: sale.change.get(),
            };
            let (view, display, cart_json, display_json) = self.saved(&open, Some(display))?;
            let version = till::save(
                tx.db(),
                open.terminal.as_str(),
                &cart_json,
                None,
                phase_name(&display),
                &display_json,
                &at,
            )?;
            Ok::<_, UseCaseError>((sale, opened, (view, display, version)))
        })?;
        let (view, display, version) = saved;
        self.shown(&open, view, display, version);
        log_sale(&sale);
        Ok((sale, opened))
    }

    /// Builds a cart from lines, checking every code and quantity before anything is sold.
    pub fn build_cart(&self, lines: &[SaleLineInput]) -> Result<Cart, UseCaseError> {
        let mut cart = Cart::new();
        for line in lines {
            let quantity = Quantity::new(line.quantity)
                .map_err(|e| UseCaseError::Input(format!("{}: {e}", line.code)))?;
            let article = self.app.find_article(&line.code)?;
            cart.add(&article.article, quantity)
                .map_err(StoreError::from)?;
        }
        Ok(cart)
    }

    /// Sells `cart` in one go (the command line's `sell`): receipt, stock, journal and events in
    /// one transaction; the till's open cart is left as it is.
    pub fn sell(
        &self,
        cart: &Cart,
        tender: Tender,
        customer_no: Option<&str>,
    ) -> Result<Sale, UseCaseError> {
        Ok(self.sell_in(cart, tender, customer_no, None)?.0)
    }

    /// [`Till::sell`], opening a closed till for `open_for` as [`Till::pay_in`] does.
    pub(super) fn sell_in(
        &self,
        cart: &Cart,
        tender: Tender,
        customer_no: Option<&str>,
        open_for: Option<&str>,
    ) -> Result<(Sale, Option<SessionRow>), UseCaseError> {
        let (sale, opened) = self.app.store.write(self.app.now(), |tx| {
            self.record_sale(tx, cart, tender, customer_no, open_for)
        })?;
        log_sale(&sale);
        Ok((sale, opened))
    }

    /// Records a sale in the till's open session (refused when the till is closed or still open
    /// from an earlier day), with the till, session and cashier, signed by the TSE (or recorded
    /// in its outage) in the same transaction.
    fn record_sale(
        &self,
        tx: &mut filiale_store::Tx<'_>,
        cart: &Cart,
        tender: Tender,
        customer_no: Option<&str>,
        open_for: Option<&str>,
    ) -> Result<(Sale, Option<SessionRow>), UseCaseError> {
        if cart.is_empty() {
            // An empty cart is refused as such, whatever state the till is in.
            return Err(StoreError::Sale(filiale_domain::SaleError::EmptyCart).into());
        }
        let opened = match open_for {
            Some(cashier) => {
                super::till_script::open_if_closed(self.app, tx, self.terminal.as_str(), cashier)?
            }
            None => None,
        };
        let session = super::till_session::require_open(tx, self.terminal.as_str(), false)?;
        let origin = sales::SaleOrigin {
            till_id: self.terminal.as_str(),
            session_id: session.id,
            cashier: &session.cashier,
        };
        let sale = sales::record_sale_from(tx, cart, tender, customer_no, Some(origin))?;
        // Signed here, or recorded in an outage; a TSE alarm refuses the sale.
        crate::fiscal::sign::sign_sale(self.app, tx, self.terminal.as_str(), &sale)?;
        Ok((sale, opened))
    }
}

fn log_sale(sale: &Sale) {
    tracing::info!(
        receipt_no = sale.receipt_no,
        total_cents = sale.total.get(),
        method = sale.tender.method(),
        "sale committed"
    );
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
