//! Customers: created with a gapless customer number (CustomerCreated), looked up and listed.

use crate::{Db, StoreError, Tx};
use filiale_domain::{Customer, CustomerDraft, DomainEvent};
use rusqlite::{OptionalExtension, Row, params};

const COLUMNS: &str =
    "customer_no, name, email, phone, street, postal_code, city, customer_type, notes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        customer_no: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        phone: r.get(3)?,
        street: r.get(4)?,
        postal_code: r.get(5)?,
        city: r.get(6)?,
        customer_type: r.get(7)?,
        notes: r.get(8)?,
    })
}

pub fn get(db: &Db, customer_no: &str) -> Result<Option<Customer>, StoreError> {
    let conn = db.conn();
    let sql = format!("SELECT {COLUMNS} FROM customers WHERE customer_no = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([customer_no], from_row)
        .optional()?)
}

pub fn require(db: &Db, customer_no: &str) -> Result<Customer, StoreError> {
    get(db, customer_no)?.ok_or_else(|| StoreError::UnknownCustomer(customer_no.to_owned()))
}

pub fn list(db: &Db, limit: i64, offset: i64) -> Result<Vec<Customer>, StoreError> {
    let conn = db.conn();
    let sql = format!("SELECT {COLUMNS} FROM customers ORDER BY customer_no LIMIT ?1 OFFSET ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![limit, offset], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count(db: &Db) -> Result<i64, StoreError> {
    let conn = db.conn();
    Ok(conn.query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))?)
}

/// Creates a customer. Without a number of its own the customer gets the next `K-nnnnn`.
pub fn create(tx: &mut Tx<'_>, draft: &CustomerDraft) -> Result<Customer, StoreError> {
    let assigned = match draft.customer_no.as_deref().map(str::trim) {
        Some(no) if !no.is_empty() => no.to_owned(),
        _ => next_free_number(tx)?,
    };
    let customer = draft.validate(&assigned)?;
    if get(tx.db(), &customer.customer_no)?.is_some() {
        return Err(StoreError::DuplicateCustomer(customer.customer_no));
    }
    insert(tx, &customer)?;
    Ok(customer)
}

/// Creates the customer, or leaves an existing one with the same number as it is (idempotent import).
pub fn create_if_absent(
    tx: &mut Tx<'_>,
    draft: &CustomerDraft,
) -> Result<Option<Customer>, StoreError> {
    match create(tx, draft) {
        Ok(c) => Ok(Some(c)),
        Err(StoreError::DuplicateCustomer(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

fn next_free_number(tx: &Tx<'_>) -> Result<String, StoreError> {
    loop {
        let candidate = format!("K-{:05}", tx.next_counter("customer_no")?);
        if get(tx.db(), &candidate)?.is_none() {
            return Ok(candidate);
        }
    }
}

fn insert(tx: &mut Tx<'_>, c: &Customer) -> Result<(), StoreError> {
    tx.sql()
        .prepare_cached(
            "INSERT INTO customers (customer_no, name, email, phone, street, postal_code, city, customer_type, notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            c.customer_no,
            c.name,
            c.email,
            c.phone,
            c.street,
            c.postal_code,
            c.city,
            c.customer_type,
            c.notes,
            tx.now_text()
        ])?;
    tx.emit(&DomainEvent::CustomerCreated {
        customer_no: c.customer_no.clone(),
        name: c.name.clone(),
        customer_type: c.customer_type.clone(),
        city: c.city.clone(),
    })?;
    Ok(())
}
