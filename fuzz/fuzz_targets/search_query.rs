//! Fuzzes the lexical search with whatever a cashier or a caller of `filiale search` may type:
//! the FTS5 expressions built from the query run against the real FTS5 tables of the lexical
//! index (in-memory SQLite) and must never be an SQLite error; results stay within the limit,
//! best first; and a document whose title is the query itself is found by it.

#![no_main]

use std::cell::RefCell;

use filiale_search::lexical::{self, Vocabulary};
use libfuzzer_sys::fuzz_target;
use rusqlite::Connection;

const COLLECTION: &str = "articles";
/// The key of the document written from the query itself.
const ECHO_KEY: i64 = 1_000;
const LIMIT: usize = 20;

/// A few articles as the demo store has them, so queries find candidates to re-score.
const STOCK: &[(&str, &str)] = &[
    (
        "Gießkanne 10 l verzinkt",
        "Klassische Gießkanne aus verzinktem Stahl",
    ),
    (
        "Bio Tomatendünger 1 l",
        "Flüssigdünger für Tomaten und Gemüse, organisch",
    ),
    (
        "Rasensamen Sport & Spiel 1 kg",
        "Strapazierfähiger Rasen, Saatgut",
    ),
    (
        "Blumenerde torffrei 40 l",
        "Erde für Balkon- und Kübelpflanzen",
    ),
    ("Hühnerfutter Legekorn 25 kg", "Alleinfutter für Legehennen"),
    (
        "Schneckenkorn \"Ferramol\" 1 kg",
        "Gegen Nacktschnecken — NEAR* AND OR NOT ( ) : ^ -",
    ),
];

struct Index {
    conn: Connection,
    vocabulary: Vocabulary,
}

thread_local! {
    static INDEX: RefCell<Index> = RefCell::new(index());
}

fn index() -> Index {
    let conn = Connection::open_in_memory().expect("in-memory SQLite");
    lexical::create_tables(&conn, COLLECTION).expect("the lexical tables");
    let mut vocabulary = Vocabulary::default();
    for (key, (title, body)) in STOCK.iter().enumerate() {
        let code = format!("GF-{key:05}");
        lexical::upsert(
            &conn,
            COLLECTION,
            &mut vocabulary,
            key as i64 + 1,
            title,
            body,
            &[code],
        )
        .expect("a demo article");
    }
    Index { conn, vocabulary }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(query) = std::str::from_utf8(bytes) else {
        return;
    };
    INDEX.with(|index| check(&mut index.borrow_mut(), query));
});

fn check(index: &mut Index, query: &str) {
    let Index { conn, vocabulary } = index;
    let terms = lexical::query_terms(query);
    for term in &terms {
        assert!(!term.is_empty(), "empty term from {query:?}");
        assert!(
            !term.contains(['"', ' ']),
            "term {term:?} from {query:?} can break out of its FTS5 string"
        );
    }

    // Before the query's own document exists: any query runs.
    let found = search(conn, vocabulary, STOCK.len(), query);

    // A document titled with the query is found by it.
    lexical::upsert(
        conn,
        COLLECTION,
        vocabulary,
        ECHO_KEY,
        query,
        "",
        &[query.to_owned()],
    )
    .unwrap_or_else(|e| panic!("indexing {query:?} fails: {e}"));
    let stored = Vocabulary::load(conn, COLLECTION).expect("the stored vocabulary");
    assert_eq!(
        stored.len(),
        vocabulary.len(),
        "vocabulary size after indexing {query:?}"
    );
    for term in &terms {
        assert_eq!(
            stored.frequency(term),
            vocabulary.frequency(term),
            "frequency of {term:?} after indexing {query:?}"
        );
    }
    let found_with_echo = search(conn, vocabulary, STOCK.len() + 1, query);
    if !terms.is_empty() && terms.len() <= 40 {
        assert!(
            found_with_echo
                .iter()
                .any(|(key, _)| *key == ECHO_KEY as u64),
            "a document titled {query:?} (terms {terms:?}) is not found by it: {found_with_echo:?}"
        );
    }
    let exact = lexical::exact_codes(conn, COLLECTION, query)
        .unwrap_or_else(|e| panic!("exact code lookup of {query:?} fails: {e}"));
    let code = lexical::normalize_code(query);
    if !code.is_empty() && code.chars().count() <= 64 {
        assert!(
            exact.contains(&(ECHO_KEY as u64)),
            "code {code:?} not found exactly"
        );
    }
    lexical::remove(conn, COLLECTION, vocabulary, ECHO_KEY).expect("removing the echo document");
    assert_eq!(
        search(conn, vocabulary, STOCK.len(), query),
        found,
        "removing a document left a trace"
    );
}

fn search(
    conn: &Connection,
    vocabulary: &Vocabulary,
    total: usize,
    query: &str,
) -> Vec<(u64, f32)> {
    let results = lexical::search(conn, COLLECTION, vocabulary, total, query, LIMIT, &|_| true)
        .unwrap_or_else(|e| panic!("query {query:?} is an SQLite error: {e}"));
    assert!(results.len() <= LIMIT);
    assert!(
        results.iter().all(|(_, score)| score.is_finite()),
        "scores of {query:?}: {results:?}"
    );
    assert!(
        results.windows(2).all(|w| w[0].1 >= w[1].1),
        "results of {query:?} not best first: {results:?}"
    );
    results
}
