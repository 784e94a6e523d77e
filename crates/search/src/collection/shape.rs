//! How a store's records become documents: which fields are the title, which the body, which
//! codes match exactly and which metadata filters see. Used by the app and by the evaluation,
//! so both index the same text.

use super::types::{Document, Metadata};

/// The fields of an article the search needs.
#[derive(Debug, Clone, Default)]
pub struct ArticleFields<'a> {
    pub sku: &'a str,
    pub ean: Option<&'a str>,
    pub name: &'a str,
    pub description: &'a str,
    pub category: &'a str,
    pub unit: &'a str,
    pub price_cents: i64,
    pub vat_rate: u8,
    pub on_hand: i64,
}

pub fn article_document(a: &ArticleFields<'_>) -> Document {
    let mut metadata = Metadata {
        category: Some(a.category.to_owned()).filter(|c| !c.is_empty()),
        in_stock: Some(a.on_hand > 0),
        price_cents: Some(a.price_cents),
        vat_rate: Some(a.vat_rate),
        ..Metadata::default()
    };
    metadata.extra.insert("on_hand".into(), a.on_hand.into());
    if !a.unit.is_empty() {
        metadata.extra.insert("unit".into(), a.unit.into());
    }
    if let Some(ean) = a.ean {
        metadata.extra.insert("ean".into(), ean.into());
    }
    Document {
        id: a.sku.to_owned(),
        title: a.name.to_owned(),
        body: join(&[a.description, a.category]),
        codes: [Some(a.sku), a.ean]
            .into_iter()
            .flatten()
            .map(str::to_owned)
            .collect(),
        metadata,
    }
}

/// The fields of a customer the search needs.
#[derive(Debug, Clone, Default)]
pub struct CustomerFields<'a> {
    pub customer_no: &'a str,
    pub name: &'a str,
    pub customer_type: &'a str,
    pub street: Option<&'a str>,
    pub postal_code: Option<&'a str>,
    pub city: Option<&'a str>,
    pub notes: &'a str,
}

pub fn customer_document(c: &CustomerFields<'_>) -> Document {
    let mut metadata = Metadata {
        category: Some(c.customer_type.to_owned()).filter(|t| !t.is_empty()),
        ..Metadata::default()
    };
    if let Some(city) = c.city {
        metadata.extra.insert("city".into(), city.into());
    }
    Document {
        id: c.customer_no.to_owned(),
        title: c.name.to_owned(),
        body: join(&[
            c.customer_type,
            c.street.unwrap_or_default(),
            c.postal_code.unwrap_or_default(),
            c.city.unwrap_or_default(),
            c.notes,
        ]),
        codes: vec![c.customer_no.to_owned()],
        metadata,
    }
}

/// A policy text (Markdown or plain): the first `# ` heading (or first line) is the title.
pub fn policy_document(id: &str, text: &str) -> Document {
    let text = text.trim_start_matches('\u{feff}').trim();
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let title = first.trim().trim_start_matches('#').trim();
    let title = if title.is_empty() { id } else { title };
    let body: Vec<&str> = rest
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches('#')
                .trim_start_matches(['-', '*'])
                .trim()
        })
        .filter(|l| !l.is_empty())
        .collect();
    Document {
        id: id.to_owned(),
        title: title.to_owned(),
        body: body.join(" "),
        codes: Vec::new(),
        metadata: Metadata::default(),
    }
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(". ")
}
