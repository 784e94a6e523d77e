//! The open cart of each till, persisted so it survives a restart and other processes can follow it.
//! Carts are work in progress, not facts: saving one writes no event.

use crate::StoreError;
use rusqlite::{Connection, OptionalExtension, params};

/// A till's open cart as stored: the cart and the display state as JSON, with a version that
/// increases with every change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCart {
    pub terminal_id: String,
    pub cart_json: String,
    pub customer_no: Option<String>,
    pub display_json: String,
    pub version: i64,
}

/// Saves the till's cart and display state, returning the new version.
pub(crate) fn save(
    conn: &Connection,
    terminal_id: &str,
    cart_json: &str,
    customer_no: Option<&str>,
    phase: &str,
    display_json: &str,
    at: &str,
) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO open_carts (terminal_id, cart, customer_no, phase, display, version, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)
             ON CONFLICT (terminal_id) DO UPDATE SET cart = excluded.cart, customer_no = excluded.customer_no,
               phase = excluded.phase, display = excluded.display, version = version + 1,
               updated_at = excluded.updated_at
             RETURNING version",
        )?
        .query_row(params![terminal_id, cart_json, customer_no, phase, display_json, at], |r| r.get(0))?)
}

/// [`save`] inside a write transaction, so the change that empties a cart (the sale) and the
/// emptied cart commit together.
#[allow(clippy::too_many_arguments)]
pub fn save_in(
    tx: &crate::Tx<'_>,
    terminal_id: &str,
    cart_json: &str,
    customer_no: Option<&str>,
    phase: &str,
    display_json: &str,
    at: &str,
) -> Result<i64, StoreError> {
    save(
        tx.sql(),
        terminal_id,
        cart_json,
        customer_no,
        phase,
        display_json,
        at,
    )
}

impl crate::Store {
    /// [`save`] on its own: a cart change that is no fact.
    #[allow(clippy::too_many_arguments)]
    pub fn save_open_cart(
        &self,
        terminal_id: &str,
        cart_json: &str,
        customer_no: Option<&str>,
        phase: &str,
        display_json: &str,
        at: &str,
    ) -> Result<i64, StoreError> {
        self.bookkeep(|c| {
            save(
                c,
                terminal_id,
                cart_json,
                customer_no,
                phase,
                display_json,
                at,
            )
        })
    }
}

pub fn load(conn: &Connection, terminal_id: &str) -> Result<Option<OpenCart>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT terminal_id, cart, customer_no, display, version FROM open_carts WHERE terminal_id = ?1")?
        .query_row([terminal_id], |r| {
            Ok(OpenCart {
                terminal_id: r.get(0)?,
                cart_json: r.get(1)?,
                customer_no: r.get(2)?,
                display_json: r.get(3)?,
                version: r.get(4)?,
            })
        })
        .optional()?)
}

/// Every till's open cart.
pub fn all(conn: &Connection) -> Result<Vec<OpenCart>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT terminal_id, cart, customer_no, display, version FROM open_carts ORDER BY terminal_id")?;
    let rows = stmt.query_map([], |r| {
        Ok(OpenCart {
            terminal_id: r.get(0)?,
            cart_json: r.get(1)?,
            customer_no: r.get(2)?,
            display_json: r.get(3)?,
            version: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// SQLite's counter of changes made by other connections: cheap to poll for "has anything changed?".
pub fn data_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}
