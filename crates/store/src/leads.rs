//! Leads: created as new, moved through the pipeline (LeadStatusChanged), converted into customers
//! (CustomerCreated + LeadConverted + LeadStatusChanged).

use crate::{Db, StoreError, Tx, customers};
use filiale_domain::{Customer, CustomerDraft, DomainEvent, Lead, LeadError, LeadStatus};
use rusqlite::{OptionalExtension, Row, params};

/// Lead fields as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadDraft {
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: Option<String>,
    pub interest: Option<String>,
    pub notes: String,
}

const COLUMNS: &str =
    "id, name, company, email, phone, source, interest, notes, status, customer_no";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Lead> {
    let status: String = r.get(8)?;
    Ok(Lead {
        id: r.get(0)?,
        name: r.get(1)?,
        company: r.get(2)?,
        email: r.get(3)?,
        phone: r.get(4)?,
        source: r.get(5)?,
        interest: r.get(6)?,
        notes: r.get(7)?,
        status: LeadStatus::parse(&status).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                8,
                rusqlite::types::Type::Text,
                e.to_string().into(),
            )
        })?,
        customer_no: r.get(9)?,
    })
}

pub fn get(db: &Db, id: i64) -> Result<Option<Lead>, StoreError> {
    let conn = db.conn();
    let sql = format!("SELECT {COLUMNS} FROM leads WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

pub fn list(db: &Db, status: Option<LeadStatus>) -> Result<Vec<Lead>, StoreError> {
    let conn = db.conn();
    let sql = format!("SELECT {COLUMNS} FROM leads WHERE (?1 IS NULL OR status = ?1) ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([status.map(LeadStatus::as_str)], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Creates a lead in status `new`.
pub fn create(tx: &mut Tx<'_>, draft: &LeadDraft) -> Result<Lead, StoreError> {
    let name = draft.name.trim();
    if name.is_empty() {
        return Err(LeadError::EmptyName.into());
    }
    tx.sql()
        .prepare_cached(
            "INSERT INTO leads (name, company, email, phone, source, interest, notes, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'new', ?8, ?8)",
        )?
        .execute(params![
            name,
            draft.company,
            draft.email,
            draft.phone,
            draft.source,
            draft.interest,
            draft.notes,
            tx.now_text()
        ])?;
    let id = tx.sql().last_insert_rowid();
    get(tx.db(), id)?.ok_or(StoreError::UnknownLead(id))
}

fn require(tx: &Tx<'_>, id: i64) -> Result<Lead, StoreError> {
    get(tx.db(), id)?.ok_or(StoreError::UnknownLead(id))
}

fn save_status(tx: &mut Tx<'_>, lead: &Lead, from: LeadStatus) -> Result<(), StoreError> {
    tx.sql()
        .prepare_cached(
            "UPDATE leads SET status = ?2, customer_no = ?3, updated_at = ?4 WHERE id = ?1",
        )?
        .execute(params![
            lead.id,
            lead.status.as_str(),
            lead.customer_no,
            tx.now_text()
        ])?;
    tx.emit(&DomainEvent::LeadStatusChanged {
        lead_id: lead.id,
        name: lead.name.clone(),
        from: from.as_str().to_owned(),
        to: lead.status.as_str().to_owned(),
    })?;
    Ok(())
}

/// Moves a lead to a new status in the pipeline (not to converted: see [`convert`]).
pub fn change_status(tx: &mut Tx<'_>, id: i64, to: LeadStatus) -> Result<Lead, StoreError> {
    let mut lead = require(tx, id)?;
    let from = lead.move_to(to)?;
    save_status(tx, &lead, from)?;
    Ok(lead)
}

/// Converts a lead into a new customer built from the lead's contact data.
pub fn convert(tx: &mut Tx<'_>, id: i64) -> Result<(Lead, Customer), StoreError> {
    let mut lead = require(tx, id)?;
    if !lead.status.can_move_to(LeadStatus::Converted) {
        return Err(LeadError::ImpossibleTransition {
            from: lead.status,
            to: LeadStatus::Converted,
        }
        .into());
    }
    let draft = CustomerDraft {
        name: lead.company.clone().unwrap_or_else(|| lead.name.clone()),
        email: lead.email.clone(),
        phone: lead.phone.clone(),
        customer_type: Some(
            if lead.company.is_some() {
                "business"
            } else {
                "private"
            }
            .into(),
        ),
        notes: Some(
            format!("Aus Interessent #{}: {}", lead.id, lead.notes)
                .trim()
                .to_owned(),
        ),
        ..CustomerDraft::default()
    };
    let customer = customers::create(tx, &draft)?;
    let from = lead.convert(customer.customer_no.clone())?;
    save_status(tx, &lead, from)?;
    tx.emit(&DomainEvent::LeadConverted {
        lead_id: lead.id,
        customer_no: customer.customer_no.clone(),
    })?;
    Ok((lead, customer))
}
