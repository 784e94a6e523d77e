//! The head office database, SQLite (a file, the default) or PostgreSQL (a `postgres://` URL): the
//! one place where the two differ — connecting, schema, placeholders, values, savepoints, errors.
//!
//! Everything else (applying events, the report) is written once against [`Tx`], with portable SQL
//! whose parameters are numbered PostgreSQL-style (`$1`); SQLite gets them as `?1`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio_postgres::types::{IsNull, ToSql, Type};

const SQLITE_SCHEMA: &str = include_str!("schema.sql");
const POSTGRES_SCHEMA: &str = include_str!("schema_postgres.sql");
/// The advisory lock key that serialises schema updates on PostgreSQL.
const SCHEMA_LOCK: i64 = 0x4649_4c48_5153;

/// Where the head office keeps its inbox and projections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` URL (or any connection string tokio-postgres reads).
    Postgres(String),
}

impl Location {
    /// A `postgres://` / `postgresql://` URL is PostgreSQL; anything else is a SQLite file, taken
    /// relative to `data_dir` unless absolute.
    pub fn parse(value: &str, data_dir: &Path) -> Location {
        let value = value.trim();
        if value.starts_with("postgres://") || value.starts_with("postgresql://") {
            Location::Postgres(value.to_owned())
        } else {
            Location::Sqlite(data_dir.join(value))
        }
    }

    /// The default: `hq.sqlite` in the data directory.
    pub fn default_in(data_dir: &Path) -> Location {
        Location::Sqlite(data_dir.join("hq.sqlite"))
    }

    /// For logs and messages: the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => redact_password(url),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("head office database (SQLite): {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("head office database (PostgreSQL): {}", postgres_detail(.0))]
    Postgres(#[from] tokio_postgres::Error),
    #[error("head office database (PostgreSQL): not connected")]
    Disconnected,
    #[error("head office database: column {column} holds {found}, expected {expected}")]
    Column {
        column: usize,
        found: &'static str,
        expected: &'static str,
    },
}

fn postgres_detail(error: &tokio_postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => match std::error::Error::source(error) {
            Some(source) => format!("{error}: {source}"),
            None => error.to_string(),
        },
    }
}

impl DbError {
    /// Whether the database refused an event's values (a sum beyond 64 bits, a value of the wrong
    /// type, a broken constraint) rather than failing itself; such an event is poison, whereas a
    /// full disk, an I/O error or a lost connection fails the batch.
    pub fn is_unappliable(&self) -> bool {
        match self {
            DbError::Sqlite(error) => matches!(
                error.sqlite_error_code(),
                Some(
                    rusqlite::ErrorCode::ConstraintViolation
                        | rusqlite::ErrorCode::TypeMismatch
                        | rusqlite::ErrorCode::TooBig
                )
            ),
            // SQLSTATE class 22 (data exception) and 23 (integrity constraint violation).
            DbError::Postgres(error) => error
                .as_db_error()
                .map(|db| {
                    let code = db.code().code();
                    code.starts_with("22") || code.starts_with("23")
                })
                .unwrap_or(false),
            DbError::Disconnected | DbError::Column { .. } => false,
        }
    }
}

/// A statement parameter: head office stores only integers and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl From<i64> for Value<'_> {
    fn from(value: i64) -> Self {
        Value::Int(value)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(value: &'a str) -> Self {
        Value::Text(value)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(value: &'a String) -> Self {
        Value::Text(value)
    }
}

impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(value: Option<T>) -> Self {
        value.map(Into::into).unwrap_or(Value::Null)
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) => i.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        <i64 as ToSql>::accepts(ty) || <i32 as ToSql>::accepts(ty) || <&str as ToSql>::accepts(ty)
    }

    tokio_postgres::types::to_sql_checked!();
}

/// One cell of a result row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
}

/// A result row, read the same way from either database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row(pub Vec<Cell>);

impl Row {
    fn kind(cell: &Cell) -> &'static str {
        match cell {
            Cell::Null => "NULL",
            Cell::Int(_) => "an integer",
            Cell::Text(_) => "text",
        }
    }

    pub fn int(&self, column: usize) -> Result<i64, DbError> {
        match self.opt_int(column)? {
            Some(i) => Ok(i),
            None => Err(DbError::Column {
                column,
                found: "NULL",
                expected: "an integer",
            }),
        }
    }

    pub fn opt_int(&self, column: usize) -> Result<Option<i64>, DbError> {
        match self.0.get(column) {
            Some(Cell::Int(i)) => Ok(Some(*i)),
            Some(Cell::Null) => Ok(None),
            other => Err(DbError::Column {
                column,
                found: other.map(Row::kind).unwrap_or("nothing"),
                expected: "an integer",
            }),
        }
    }

    pub fn text(&self, column: usize) -> Result<String, DbError> {
        match self.0.get(column) {
            Some(Cell::Text(s)) => Ok(s.clone()),
            other => Err(DbError::Column {
                column,
                found: other.map(Row::kind).unwrap_or("nothing"),
                expected: "text",
            }),
        }
    }

    fn from_sqlite(row: &rusqlite::Row<'_>, columns: usize) -> rusqlite::Result<Row> {
        use rusqlite::types::ValueRef;
        (0..columns)
            .map(|i| {
                Ok(match row.get_ref(i)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(v) => Cell::Int(v),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Cell::Text(String::from_utf8_lossy(t).into_owned())
                    }
                    ValueRef::Real(_) => {
                        return Err(rusqlite::Error::InvalidColumnType(
                            i,
                            "real".into(),
                            rusqlite::types::Type::Real,
                        ));
                    }
                })
            })
            .collect::<rusqlite::Result<_>>()
            .map(Row)
    }

    fn from_postgres(row: &tokio_postgres::Row) -> Result<Row, DbError> {
        let mut cells = Vec::with_capacity(row.len());
        for (i, column) in row.columns().iter().enumerate() {
            let ty = column.type_();
            let cell = if *ty == Type::INT8 {
                row.try_get::<_, Option<i64>>(i)?.map(Cell::Int)
            } else if *ty == Type::INT4 {
                row.try_get::<_, Option<i32>>(i)?
                    .map(|v| Cell::Int(v.into()))
            } else if *ty == Type::INT2 {
                row.try_get::<_, Option<i16>>(i)?
                    .map(|v| Cell::Int(v.into()))
            } else {
                row.try_get::<_, Option<String>>(i)?.map(Cell::Text)
            };
            cells.push(cell.unwrap_or(Cell::Null));
        }
        Ok(Row(cells))
    }
}

/// A connection to PostgreSQL with its prepared statements; re-established after a restart.
pub struct Postgres {
    url: String,
    client: Option<tokio_postgres::Client>,
    statements: HashMap<String, tokio_postgres::Statement>,
}

/// The head office database.
pub enum Database {
    Sqlite(rusqlite::Connection),
    Postgres(Postgres),
}

/// One transaction on either database; commits with [`Tx::commit`], rolls back when dropped.
/// Holding one across `.await` keeps a future `Send` on both databases.
pub enum Tx<'a> {
    Sqlite(SqliteTx<'a>),
    Postgres {
        tx: tokio_postgres::Transaction<'a>,
        statements: &'a mut HashMap<String, tokio_postgres::Statement>,
    },
}

/// A SQLite transaction over `&mut Connection` (unlike `rusqlite::Transaction`, which holds a
/// shared reference and so cannot be held across `.await` in a `Send` future).
pub struct SqliteTx<'a> {
    conn: &'a mut rusqlite::Connection,
    open: bool,
}

impl<'a> SqliteTx<'a> {
    fn begin(conn: &'a mut rusqlite::Connection) -> Result<SqliteTx<'a>, DbError> {
        conn.execute_batch("BEGIN")?;
        Ok(SqliteTx { conn, open: true })
    }

    fn commit(mut self) -> Result<(), DbError> {
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

impl Drop for SqliteTx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

impl Database {
    /// Opens the database at `location` and brings its schema up to date.
    pub async fn open(location: &Location) -> Result<Database, DbError> {
        match location {
            Location::Sqlite(path) => Database::open_sqlite(path),
            Location::Postgres(url) => Database::connect_postgres(url).await,
        }
    }

    /// Opens (creating if needed) a SQLite head office database file.
    pub fn open_sqlite(path: &Path) -> Result<Database, DbError> {
        let conn = rusqlite::Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // Every batch is one transaction; FULL keeps an acknowledged event applied after a power cut.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.execute_batch(SQLITE_SCHEMA)?;
        Ok(Database::Sqlite(conn))
    }

    /// Connects to PostgreSQL (no TLS) and brings its schema up to date.
    pub async fn connect_postgres(url: &str) -> Result<Database, DbError> {
        let mut postgres = Postgres {
            url: url.to_owned(),
            client: None,
            statements: HashMap::new(),
        };
        postgres.connect().await?;
        Ok(Database::Postgres(postgres))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "SQLite",
            Database::Postgres(_) => "PostgreSQL",
        }
    }

    /// Whether the database can be used right now (PostgreSQL: the connection is up).
    pub fn is_connected(&self) -> bool {
        match self {
            Database::Sqlite(_) => true,
            Database::Postgres(pg) => pg.client.as_ref().is_some_and(|c| !c.is_closed()),
        }
    }

    /// Re-establishes a lost PostgreSQL connection; nothing to do for SQLite or a live connection.
    pub async fn reconnect(&mut self) -> Result<(), DbError> {
        if self.is_connected() {
            return Ok(());
        }
        match self {
            Database::Sqlite(_) => Ok(()),
            Database::Postgres(pg) => pg.connect().await,
        }
    }

    /// A read-write transaction (a batch of events).
    pub async fn transaction(&mut self) -> Result<Tx<'_>, DbError> {
        match self {
            Database::Sqlite(conn) => Ok(Tx::Sqlite(SqliteTx::begin(conn)?)),
            Database::Postgres(pg) => {
                let client = pg.client.as_mut().ok_or(DbError::Disconnected)?;
                Ok(Tx::Postgres {
                    tx: client.transaction().await?,
                    statements: &mut pg.statements,
                })
            }
        }
    }

    /// A read-only transaction that sees one consistent state (the report).
    pub async fn snapshot(&mut self) -> Result<Tx<'_>, DbError> {
        match self {
            Database::Sqlite(conn) => Ok(Tx::Sqlite(SqliteTx::begin(conn)?)),
            Database::Postgres(pg) => {
                let client = pg.client.as_mut().ok_or(DbError::Disconnected)?;
                let tx = client
                    .build_transaction()
                    .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()
                    .await?;
                Ok(Tx::Postgres {
                    tx,
                    statements: &mut pg.statements,
                })
            }
        }
    }
}

impl Postgres {
    async fn connect(&mut self) -> Result<(), DbError> {
        self.client = None;
        self.statements.clear();
        let (client, connection) =
            tokio_postgres::connect(&self.url, tokio_postgres::NoTls).await?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::warn!(
                    error = postgres_detail(&error),
                    "PostgreSQL connection lost"
                );
            }
        });
        // One schema update at a time, should two head office processes start together.
        client
            .batch_execute(&format!(
                "BEGIN; SELECT pg_advisory_xact_lock({SCHEMA_LOCK}); {POSTGRES_SCHEMA} COMMIT;"
            ))
            .await?;
        self.client = Some(client);
        Ok(())
    }
}

/// `$1`-style placeholders as SQLite's `?1`.
fn sqlite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

impl Tx<'_> {
    /// Runs one statement; returns the number of rows it changed.
    pub async fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64, DbError> {
        match self {
            Tx::Sqlite(tx) => {
                let mut stmt = tx.conn.prepare_cached(&sqlite_placeholders(sql))?;
                Ok(stmt.execute(rusqlite::params_from_iter(params.iter()))? as u64)
            }
            Tx::Postgres { tx, statements } => {
                let stmt = prepared(tx, statements, sql).await?;
                Ok(tx.execute(&stmt, &postgres_params(params)).await?)
            }
        }
    }

    /// Runs a query and returns all its rows.
    pub async fn query(&mut self, sql: &str, params: &[Value<'_>]) -> Result<Vec<Row>, DbError> {
        match self {
            Tx::Sqlite(tx) => {
                let mut stmt = tx.conn.prepare_cached(&sqlite_placeholders(sql))?;
                let columns = stmt.column_count();
                let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
                    Row::from_sqlite(r, columns)
                })?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            }
            Tx::Postgres { tx, statements } => {
                let stmt = prepared(tx, statements, sql).await?;
                tx.query(&stmt, &postgres_params(params))
                    .await?
                    .iter()
                    .map(Row::from_postgres)
                    .collect()
            }
        }
    }

    /// Runs a query expected to return at most one row.
    pub async fn query_opt(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
    ) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params).await?.into_iter().next())
    }

    /// Runs parameterless statements (savepoints); the same text on both databases.
    pub async fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(tx) => Ok(tx.conn.execute_batch(sql)?),
            Tx::Postgres { tx, .. } => Ok(tx.batch_execute(sql).await?),
        }
    }

    pub async fn commit(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(tx) => tx.commit(),
            Tx::Postgres { tx, .. } => Ok(tx.commit().await?),
        }
    }
}

async fn prepared(
    tx: &tokio_postgres::Transaction<'_>,
    statements: &mut HashMap<String, tokio_postgres::Statement>,
    sql: &str,
) -> Result<tokio_postgres::Statement, DbError> {
    if let Some(stmt) = statements.get(sql) {
        return Ok(stmt.clone());
    }
    let stmt = tx.prepare(sql).await?;
    statements.insert(sql.to_owned(), stmt.clone());
    Ok(stmt)
}

fn postgres_params<'p>(params: &'p [Value<'_>]) -> Vec<&'p (dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_is_postgres_and_anything_else_a_sqlite_file_in_the_data_dir() {
        let dir = Path::new("/srv/hq");
        assert_eq!(
            Location::parse("postgres://hq@db/hq", dir),
            Location::Postgres("postgres://hq@db/hq".into())
        );
        assert_eq!(
            Location::parse("postgresql://hq@db/hq", dir),
            Location::Postgres("postgresql://hq@db/hq".into())
        );
        assert_eq!(
            Location::parse("central.sqlite", dir),
            Location::Sqlite("/srv/hq/central.sqlite".into())
        );
        assert_eq!(
            Location::parse("/var/lib/hq.sqlite", dir),
            Location::Sqlite("/var/lib/hq.sqlite".into())
        );
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        let url = Location::Postgres("postgres://hq:s3cret@db.example:5432/hq?x=1".into());
        assert_eq!(url.describe(), "postgres://hq:***@db.example:5432/hq?x=1");
        let url = Location::Postgres("postgres://hq@db/hq".into());
        assert_eq!(url.describe(), "postgres://hq@db/hq");
    }

    #[test]
    fn placeholders_are_renumbered_for_sqlite_only_where_they_are_placeholders() {
        assert_eq!(
            sqlite_placeholders("SELECT a FROM t WHERE b = $1 AND c = $12 AND d = '$x'"),
            "SELECT a FROM t WHERE b = ?1 AND c = ?12 AND d = '$x'"
        );
    }
}
