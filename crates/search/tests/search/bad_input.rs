//! Bad input gets a clear answer, never a crash or an SQLite message.

use filiale_search::collection::{
    CollectionName, Filter, SearchError, SearchIndex, SearchMode, SearchRequest,
};

use super::helpers::{demo_documents, now, shared_index};

fn search(query: &str) -> Result<usize, SearchError> {
    shared_index()
        .search(CollectionName::Articles, &SearchRequest::new(query))
        .map(|o| o.hits.len())
}

#[test]
fn empty_and_overlong_queries_are_refused_with_a_reason() {
    for query in ["", "   ", "\n\t"] {
        let err = search(query).unwrap_err();
        assert!(matches!(err, SearchError::EmptyQuery), "{query:?}: {err}");
        assert_eq!(err.to_string(), "the search text is empty");
    }
    let long = "Dünger ".repeat(1500);
    let err = search(&long).unwrap_err();
    assert!(
        matches!(err, SearchError::QueryTooLong { max: 1000, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("too long"));
}

#[test]
fn fts5_syntax_is_searched_as_text() {
    for query in [
        "\"Rasensamen",
        "Rasensamen\"",
        "NEAR(Rasen Samen)",
        "Rasen*",
        "-Rasensamen",
        "title:Rasensamen",
        "Rasensamen AND OR NOT",
        "^Rasensamen",
        "Rasen + Samen {}[]",
        "Rasensamen'); DROP TABLE articles_docs; --",
    ] {
        for mode in [SearchMode::Lexical, SearchMode::Hybrid] {
            let outcome = shared_index()
                .search(
                    CollectionName::Articles,
                    &SearchRequest {
                        mode,
                        ..SearchRequest::new(query)
                    },
                )
                .unwrap_or_else(|e| panic!("{query:?}: {e}"));
            assert!(
                outcome.hits.iter().any(|h| h.text.contains("Rasensamen")),
                "{query:?} ({mode:?}) found no Rasensamen"
            );
        }
    }
    assert!(
        shared_index()
            .stats(CollectionName::Articles)
            .unwrap()
            .documents
            > 300
    );
}

#[test]
fn emoji_and_symbols_alone_answer_without_error() {
    let outcome = shared_index()
        .search(CollectionName::Articles, &SearchRequest::new("🌱🍅"))
        .unwrap();
    assert!(outcome.hits.len() <= 10);
    let lexical = shared_index()
        .search(
            CollectionName::Articles,
            &SearchRequest {
                mode: SearchMode::Lexical,
                ..SearchRequest::new("🌱 ∑ ©")
            },
        )
        .unwrap();
    assert!(lexical.hits.is_empty());
    let with_words = search("🍅 Tomatendünger 🌱").unwrap();
    assert!(with_words > 0);
}

#[test]
fn unknown_collection_and_mode_name_the_choices() {
    let err = "products".parse::<CollectionName>().unwrap_err();
    assert!(
        err.to_string().contains("articles, customers or policies"),
        "{err}"
    );
    let err = "fuzzy".parse::<SearchMode>().unwrap_err();
    assert!(
        err.to_string().contains("hybrid, vector or lexical"),
        "{err}"
    );
}

#[test]
fn impossible_filters_are_refused_and_possible_ones_fill_the_page() {
    let request = |filter: Filter| SearchRequest {
        filter,
        ..SearchRequest::new("Dünger")
    };
    for filter in [
        Filter {
            min_price_cents: Some(5000),
            max_price_cents: Some(100),
            ..Filter::default()
        },
        Filter {
            max_price_cents: Some(-1),
            ..Filter::default()
        },
        Filter {
            vat_rate: Some(16),
            ..Filter::default()
        },
    ] {
        let err = shared_index()
            .search(CollectionName::Articles, &request(filter.clone()))
            .unwrap_err();
        assert!(
            matches!(err, SearchError::ImpossibleFilter(_)),
            "{filter:?}: {err}"
        );
    }
    // A narrow filter still yields a full top 10 from the vector search.
    let filter = Filter {
        category: Some("tierfutter".into()),
        in_stock: Some(true),
        max_price_cents: Some(3000),
        vat_rate: Some(7),
        ..Filter::default()
    };
    let matching = demo_documents(CollectionName::Articles)
        .iter()
        .filter(|d| filter.accepts(&d.metadata))
        .count();
    assert!(matching >= 10, "the demo has only {matching} such articles");
    let outcome = shared_index()
        .search(CollectionName::Articles, &request(filter.clone()))
        .unwrap();
    assert_eq!(outcome.hits.len(), 10, "filtered search came back short");
    for hit in &outcome.hits {
        assert!(
            filter.accepts(&hit.metadata),
            "{} breaks the filter",
            hit.id
        );
    }
}

#[test]
fn without_a_model_search_is_lexical_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(
        dir.path(),
        Err("model file missing: model.safetensors".into()),
    )
    .unwrap();
    index
        .replace_all(
            CollectionName::Articles,
            &demo_documents(CollectionName::Articles),
            None,
            now(),
        )
        .unwrap();
    let outcome = index
        .search(CollectionName::Articles, &SearchRequest::new("Giesskanne"))
        .unwrap();
    assert_eq!(outcome.mode, SearchMode::Lexical);
    let notice = outcome.notice.unwrap();
    assert!(notice.contains("model file missing"), "{notice}");
    assert!(outcome.hits[0].text.contains("Gießkanne"));
}
