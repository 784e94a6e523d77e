//! `filiale search`: search articles, customers or policies; `--rebuild` and `--stats` look after
//! the index; `filiale import policies FILE|DIR` adds policy texts.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use filiale_domain::Cents;
use filiale_search::collection::{
    CollectionName, Filter, SearchMode, SearchOutcome, SearchRequest,
};

use crate::App;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to search for, e.g. "Bio Dünger für Tomaten", a SKU, an EAN or a customer number.
    #[arg(required_unless_present_any = ["rebuild", "stats"])]
    pub query: Option<String>,
    /// articles, customers or policies.
    #[arg(long, default_value = "articles")]
    pub collection: String,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// hybrid (words and meaning), vector (meaning) or lexical (words).
    #[arg(long, default_value = "hybrid")]
    pub mode: String,
    /// Only articles of this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Only articles in stock.
    #[arg(long)]
    pub in_stock: bool,
    /// Lowest price in euros, e.g. 4,99.
    #[arg(long, value_name = "EUR")]
    pub min_price: Option<String>,
    /// Highest price in euros.
    #[arg(long, value_name = "EUR")]
    pub max_price: Option<String>,
    /// Only articles with this VAT rate (19, 7 or 0).
    #[arg(long)]
    pub vat: Option<u8>,
    /// Print JSON: {"query", "collection", "results": [{"id", "text", "metadata", "score"}], "total"}.
    #[arg(long)]
    pub json: bool,
    /// Rebuild every collection's indexes from the store, with progress.
    #[arg(long)]
    pub rebuild: bool,
    /// Show documents, dimensions, model, index size and last indexing per collection.
    #[arg(long)]
    pub stats: bool,
}

pub fn run(app: &App, args: SearchArgs) -> anyhow::Result<ExitCode> {
    if args.rebuild {
        let mut last = None;
        let written = app.search().rebuild(|collection, p| {
            if last != Some(collection) || p.done == p.total {
                eprintln!("{collection}: {}/{}", p.done, p.total);
                last = Some(collection);
            }
        })?;
        println!("Search index rebuilt: {written} documents");
        if args.query.is_none() && !args.stats {
            return Ok(ExitCode::SUCCESS);
        }
    }
    if args.stats {
        let stats = app.search().stats()?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&stats)?);
        } else {
            for s in &stats {
                println!(
                    "{:<10} {:>6} documents  {:>6} vectors  {:>4} dims  {:<18} {:>9} KiB vectors  {:>9} KiB lexical  last indexed {}",
                    s.collection.as_str(),
                    s.documents,
                    s.vectors,
                    s.dimensions.map_or("-".into(), |d| d.to_string()),
                    s.model.as_deref().unwrap_or("(no model)"),
                    s.vector_index_bytes / 1024,
                    s.lexical_db_bytes / 1024,
                    s.last_indexed.as_deref().unwrap_or("never"),
                );
            }
        }
        if args.query.is_none() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    let query = args.query.unwrap_or_default();
    let collection: CollectionName = args.collection.parse()?;
    let mode: SearchMode = args.mode.parse()?;
    let price = |text: &Option<String>, what: &str| -> anyhow::Result<Option<i64>> {
        text.as_deref()
            .map(|t| {
                Cents::parse_eur(t)
                    .map(Cents::get)
                    .map_err(|e| anyhow::anyhow!("{what} {t:?}: {e}"))
            })
            .transpose()
    };
    let request = SearchRequest {
        query: query.clone(),
        limit: args.limit,
        mode,
        filter: Filter {
            category: args.category,
            in_stock: args.in_stock.then_some(true),
            min_price_cents: price(&args.min_price, "--min-price")?,
            max_price_cents: price(&args.max_price, "--max-price")?,
            vat_rate: args.vat,
        },
    };
    let outcome = app.search().query(collection, &request)?;
    if let Some(notice) = &outcome.notice {
        eprintln!("note: {notice}");
    }
    if args.json {
        let json = search_json(&query, collection, &outcome);
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else if outcome.hits.is_empty() {
        println!("Nothing found for {query:?} in {collection}.");
    } else {
        for hit in &outcome.hits {
            let title = hit.text.split(" — ").next().unwrap_or(&hit.text);
            let price = hit
                .metadata
                .price_cents
                .map(|c| format!("{:>10}", Cents::new(c).to_string()))
                .unwrap_or_default();
            println!("{:<12} {:<60} {price}  {:.3}", hit.id, title, hit.score);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The blueprint's `search --json` shape:
/// `{"query", "collection", "results": [{"id", "text", "metadata", "score"}], "total"}`, plus the
/// mode used and a notice when it differs from the one asked for.
pub fn search_json(
    query: &str,
    collection: CollectionName,
    outcome: &SearchOutcome,
) -> serde_json::Value {
    let mut json = serde_json::json!({
        "query": query,
        "collection": collection.as_str(),
        "results": outcome.hits,
        "total": outcome.hits.len(),
        "mode": outcome.mode.as_str(),
    });
    if let Some(notice) = &outcome.notice {
        json["notice"] = notice.clone().into();
    }
    json
}

/// `filiale import policies FILE|DIR`.
pub fn import_policies(app: &App, path: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let outcome = app.search().import_policies(path)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
    } else {
        println!("Policies imported: {}", outcome.imported.join(", "));
        for (file, reason) in &outcome.errors {
            eprintln!("{file}: {reason}");
        }
    }
    Ok(if outcome.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use filiale_search::collection::{Hit, Metadata};

    #[test]
    fn json_has_the_blueprint_shape() {
        let outcome = SearchOutcome {
            hits: vec![Hit {
                id: "GF-13001".into(),
                text: "Bio-Tomatendünger flüssig 1 l".into(),
                metadata: Metadata {
                    price_cents: Some(799),
                    ..Metadata::default()
                },
                score: 0.5,
            }],
            mode: SearchMode::Hybrid,
            notice: None,
        };
        let json = search_json("Bio Dünger für Tomaten", CollectionName::Articles, &outcome);
        assert_eq!(json["query"], "Bio Dünger für Tomaten");
        assert_eq!(json["collection"], "articles");
        assert_eq!(json["total"], 1);
        let hit = &json["results"][0];
        assert_eq!(hit["id"], "GF-13001");
        assert_eq!(hit["metadata"]["price_cents"], 799);
        assert!(hit["text"].is_string() && hit["score"].is_number());
        assert!(json.get("notice").is_none());
    }
}
