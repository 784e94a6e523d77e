//! Schema migrations: the SQL files of `migrations/`, embedded at build time and applied in order.

use crate::StoreError;
use rusqlite::Connection;

/// The migrations, in order; the schema version is the number of migrations applied.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_store.sql",
        include_str!("../../../migrations/0001_store.sql"),
    ),
    (
        "0002_relay.sql",
        include_str!("../../../migrations/0002_relay.sql"),
    ),
    (
        "0003_till.sql",
        include_str!("../../../migrations/0003_till.sql"),
    ),
    (
        "0004_purchasing.sql",
        include_str!("../../../migrations/0004_purchasing.sql"),
    ),
    (
        "0005_audit.sql",
        include_str!("../../../migrations/0005_audit.sql"),
    ),
    (
        "0006_policies.sql",
        include_str!("../../../migrations/0006_policies.sql"),
    ),
    (
        "0007_workflow_tables.sql",
        include_str!("../../../migrations/0007_workflow_tables.sql"),
    ),
    (
        "0008_till_sessions.sql",
        include_str!("../../../migrations/0008_till_sessions.sql"),
    ),
    (
        "0009_tse.sql",
        include_str!("../../../migrations/0009_tse.sql"),
    ),
    (
        "0010_purchase_orders.sql",
        include_str!("../../../migrations/0010_purchase_orders.sql"),
    ),
];

/// The migration that starts the hash chain; the records written before it are sealed with it.
const CHAIN_MIGRATION: &str = "0005_audit.sql";

/// Applies the migrations the database has not seen yet, each in its own transaction.
pub fn apply(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known,
        });
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .map_err(|e| StoreError::Malformed(format!("migration {name} failed: {e}")))?;
        if *name == CHAIN_MIGRATION {
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let sealed = crate::chain::seal_backlog(&tx, &now)?;
            if sealed > 0 {
                tracing::info!(sealed, "sealed the records written before the hash chain");
            }
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
        tracing::info!(migration = name, "applied database migration");
    }
    Ok(())
}
