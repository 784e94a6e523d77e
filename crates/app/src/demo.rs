//! The reference store "Gartencenter Grünfink" in Vechta: catalogue, customers, leads, 18 months of
//! daily demand history with seasonality, and a few sales of today, loaded by `filiale init --demo`.
//!
//! The data files live in `crates/app/demo/` and are compiled in, so the demo needs no files at run time.

use crate::App;
use crate::config::StoreConfig;
use crate::import::{CsvTable, ImportSummary};
use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use filiale_domain::{Cents, Tender};
use filiale_store::leads::LeadDraft;
use filiale_store::sales;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;

const ARTICLES: &[u8] = include_bytes!("../demo/articles.csv");
const CUSTOMERS: &[u8] = include_bytes!("../demo/customers.csv");
const LEADS: &[u8] = include_bytes!("../demo/leads.csv");
const SEASONALITY: &[u8] = include_bytes!("../demo/seasonality.csv");

/// The demo store's manager PIN (a real store sets its own with `filiale reorder set-pin`).
pub const DEMO_MANAGER_PIN: &str = "1234";
/// The demo store's cashier and PIN (a real store adds its own with `filiale staff add`).
pub const DEMO_CASHIER: &str = "Kasse";
pub const DEMO_CASHIER_PIN: &str = "0000";

/// Days of demand history the demo store brings (about 18 months).
pub const HISTORY_DAYS: i64 = 548;

/// The demo store's identity.
pub fn store_config() -> StoreConfig {
    StoreConfig {
        store_id: "gruenfink-vechta".into(),
        store_name: "Gartencenter Grünfink".into(),
        address: "Lindenweg 12, 49377 Vechta".into(),
        ..StoreConfig::default()
    }
}

/// What loading the demo did.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub articles: ImportSummary,
    pub customers: ImportSummary,
    pub leads: usize,
    pub history_rows: usize,
    pub sales_today: usize,
}

/// Loads the demo store into `app`. Loading twice is harmless: the catalogue and customers are
/// upserted, and leads, history and today's sales are only added to a store that has none.
pub fn load(app: &App) -> anyhow::Result<DemoSummary> {
    let articles = app
        .back_office()
        .import_articles(ARTICLES)
        .context("demo articles")?;
    anyhow::ensure!(
        articles.errors.is_empty(),
        "demo articles have errors: {:?}",
        articles.errors
    );
    let customers = app
        .back_office()
        .import_customers(CUSTOMERS)
        .context("demo customers")?;
    let fresh = app
        .store
        .read(|c| Ok(filiale_store::leads::list(c, None)?.is_empty()))?;
    let (leads, history_rows, sales_today) = if fresh {
        let staff = app.staff();
        staff.set_manager_pin(crate::usecases::reorder::DEFAULT_MANAGER, DEMO_MANAGER_PIN)?;
        let manager = crate::dto::ManagerPin {
            manager: crate::usecases::reorder::DEFAULT_MANAGER,
            pin: DEMO_MANAGER_PIN,
        };
        staff.add(
            DEMO_CASHIER,
            filiale_domain::Role::Cashier,
            DEMO_CASHIER_PIN,
            Some(manager.into()),
        )?;
        (load_leads(app)?, load_history(app)?, sell_a_morning(app)?)
    } else {
        (0, 0, 0)
    };
    Ok(DemoSummary {
        articles,
        customers,
        leads,
        history_rows,
        sales_today,
    })
}

fn load_leads(app: &App) -> anyhow::Result<usize> {
    let table = CsvTable::parse(LEADS, &["name", "status"])?;
    let mut count = 0;
    let mut converted_one = false;
    for row in table.rows() {
        let field = |c: &str| row.get(c).map(str::to_owned);
        let lead = app.back_office().add_lead(&LeadDraft {
            name: row.require("name").map_err(anyhow::Error::msg)?.to_owned(),
            company: field("company"),
            email: field("email"),
            phone: field("phone"),
            source: field("source"),
            interest: field("interest"),
            notes: field("notes").unwrap_or_default(),
        })?;
        let status = row.require("status").map_err(anyhow::Error::msg)?;
        if status != "new" {
            app.back_office().change_lead_status(lead.id, status)?;
        }
        if status == "qualified" && !converted_one {
            app.back_office().convert_lead(lead.id)?;
            converted_one = true;
        }
        count += 1;
    }
    Ok(count)
}

/// Demand history: per article and open day, a Poisson draw around its average daily sales, shaped
/// by the category's month factor and the weekday (Saturday busy, Sunday closed).
fn load_history(app: &App) -> anyhow::Result<usize> {
    let season = seasonality()?;
    let articles = CsvTable::parse(ARTICLES, &["sku", "category", "price", "demo_daily_sales"])?;
    let mut demand = Vec::new();
    for row in articles.rows() {
        let rate: f64 = row
            .get("demo_daily_sales")
            .unwrap_or("0")
            .replace(',', ".")
            .parse()
            .unwrap_or(0.0);
        let price = Cents::parse_eur(row.get("price").unwrap_or("0"))?;
        let category = row.get("category").unwrap_or_default().to_owned();
        demand.push((
            row.get("sku").unwrap_or_default().to_owned(),
            category,
            rate,
            price,
        ));
    }
    let today = app.now().date_naive();
    let first = today - Duration::days(HISTORY_DAYS);
    let mut rng = SmallRng::seed_from_u64(20_240_501);
    let mut rows = 0;
    app.store.write(app.now(), |tx| {
        for (sku, category, rate, price) in &demand {
            let months = season.get(category).copied().unwrap_or([1.0; 12]);
            let mut day = first;
            while day < today {
                let expected = rate * months[day.month0() as usize] * weekday_factor(day);
                let quantity = poisson(&mut rng, expected);
                if quantity > 0 {
                    let revenue = Cents::new(price.get() * quantity);
                    sales::load_history(tx, sku, &day.to_string(), quantity, revenue)?;
                    rows += 1;
                }
                day += Duration::days(1);
            }
        }
        Ok::<_, filiale_store::StoreError>(())
    })?;
    Ok(rows)
}

/// Monday to Friday alike, Saturday 1.5 times that, Sunday closed; the week averages to 1.
fn weekday_factor(day: NaiveDate) -> f64 {
    match day.weekday() {
        Weekday::Sun => 0.0,
        Weekday::Sat => 1.5 * 7.0 / 6.5,
        _ => 7.0 / 6.5,
    }
}

fn poisson(rng: &mut SmallRng, lambda: f64) -> i64 {
    if lambda <= 0.0 {
        return 0;
    }
    let limit = (-lambda).exp();
    let mut product: f64 = rng.random();
    let mut count = 0;
    while product > limit {
        count += 1;
        product *= rng.random::<f64>();
    }
    count
}

fn seasonality() -> anyhow::Result<HashMap<String, [f64; 12]>> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let table = CsvTable::parse(SEASONALITY, &["category"])?;
    let mut map = HashMap::new();
    for row in table.rows() {
        let mut factors = [1.0; 12];
        for (i, month) in MONTHS.iter().enumerate() {
            factors[i] = row
                .get(month)
                .unwrap_or("1")
                .replace(',', ".")
                .parse()
                .unwrap_or(1.0);
        }
        map.insert(row.get("category").unwrap_or_default().to_owned(), factors);
    }
    Ok(map)
}

/// A morning at the till: a dozen real sales through the sale use case, so the journal, the
/// receipts and the outbox show real entries on first start.
fn sell_a_morning(app: &App) -> anyhow::Result<usize> {
    let skus: Vec<String> = app
        .back_office()
        .list_articles(None, 1000, 0)?
        .into_iter()
        .filter(|a| a.on_hand > 5)
        .map(|a| a.article.sku.to_string())
        .collect();
    anyhow::ensure!(!skus.is_empty(), "the demo catalogue has no stock to sell");
    let mut rng = SmallRng::seed_from_u64(7);
    let sales = 12;
    for n in 0..sales {
        let lines: Vec<_> = (0..rng.random_range(1..=4))
            .map(|_| crate::dto::SaleLineInput {
                code: skus[rng.random_range(0..skus.len())].clone(),
                quantity: rng.random_range(1..=3),
            })
            .collect();
        let cart = app.till().build_cart(&lines)?;
        let tender = if n % 3 == 0 {
            Tender::Card
        } else {
            // Customers hand over the next round amount of 5 euros.
            let total = cart.total().get();
            Tender::Cash {
                tendered: Cents::new((total / 500 + 1) * 500),
            }
        };
        let customer = (n % 4 == 0).then_some("K-00001");
        app.till().sell(&cart, tender, customer)?;
    }
    Ok(sales)
}
