//! Changes keep the index in step: an added, changed or removed document is found (or not) at
//! once, a metadata change needs no new embedding, a reopened index finds the same, and an
//! index built by another model is rebuilt rather than mixed.

use filiale_search::collection::{
    ArticleFields, CollectionName, Filter, SearchIndex, SearchMode, SearchRequest, article_document,
};

use super::helpers::{embedder, now};

fn article(sku: &str, name: &str, on_hand: i64) -> filiale_search::collection::Document {
    article_document(&ArticleFields {
        sku,
        ean: None,
        name,
        description: "Für den Garten.",
        category: "Garten",
        unit: "Stk",
        price_cents: 1999,
        vat_rate: 19,
        on_hand,
    })
}

fn ids(index: &SearchIndex, query: &str, mode: SearchMode, filter: Filter) -> Vec<String> {
    index
        .search(
            CollectionName::Articles,
            &SearchRequest {
                mode,
                filter,
                ..SearchRequest::new(query)
            },
        )
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn add_change_remove_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path(), Ok(embedder())).unwrap();
    let docs = vec![
        article("T-1", "Vogelhaus Holz", 3),
        article("T-2", "Regentonne 300 l", 0),
        article("T-3", "Gartenbank Eiche", 1),
    ];
    index
        .write(CollectionName::Articles, &docs, None, now())
        .unwrap();
    assert_eq!(
        ids(&index, "Vogelhaus", SearchMode::Hybrid, Filter::default())[0],
        "T-1"
    );
    assert_eq!(
        ids(&index, "T-2", SearchMode::Lexical, Filter::default())[0],
        "T-2"
    );

    // Renamed: the new name is found, by words and by meaning.
    index
        .write(
            CollectionName::Articles,
            &[article("T-1", "Nistkasten Meise", 3)],
            None,
            now(),
        )
        .unwrap();
    assert!(ids(&index, "Vogelhaus", SearchMode::Lexical, Filter::default()).is_empty());
    assert_eq!(
        ids(&index, "Nistkasten", SearchMode::Vector, Filter::default())[0],
        "T-1"
    );

    // Stock changes only metadata: the in-stock filter follows at once.
    let in_stock = Filter {
        in_stock: Some(true),
        ..Filter::default()
    };
    assert!(
        !ids(&index, "Regentonne", SearchMode::Hybrid, in_stock.clone())
            .contains(&"T-2".to_owned())
    );
    index
        .write(
            CollectionName::Articles,
            &[article("T-2", "Regentonne 300 l", 5)],
            None,
            now(),
        )
        .unwrap();
    assert_eq!(
        ids(&index, "Regentonne", SearchMode::Hybrid, in_stock)[0],
        "T-2"
    );

    assert!(index.remove(CollectionName::Articles, "T-3").unwrap());
    assert!(!index.remove(CollectionName::Articles, "T-3").unwrap());
    assert!(
        !ids(&index, "Gartenbank", SearchMode::Hybrid, Filter::default())
            .contains(&"T-3".to_owned())
    );

    let stats = index.stats(CollectionName::Articles).unwrap();
    assert_eq!((stats.documents, stats.vectors), (2, 2));
    assert_eq!(stats.dimensions, Some(384));
    assert_eq!(stats.model.as_deref(), Some("all-MiniLM-L6-v2"));
    assert!(stats.last_indexed.is_some());
    // Changes are journaled; the graph file is written by a flush (or when the index is dropped).
    assert!(index.has_unsaved_vectors());
    assert_eq!(index.flush().unwrap(), 1);
    assert!(!index.has_unsaved_vectors());
    assert!(
        index
            .stats(CollectionName::Articles)
            .unwrap()
            .vector_index_bytes
            > 0
    );
    drop(index);

    let reopened = SearchIndex::open(dir.path(), Ok(embedder())).unwrap();
    assert_eq!(
        ids(
            &reopened,
            "Nistkasten",
            SearchMode::Vector,
            Filter::default()
        )[0],
        "T-1"
    );
    assert_eq!(reopened.stats(CollectionName::Articles).unwrap().vectors, 2);
}

#[test]
fn changes_not_saved_before_a_crash_are_applied_again_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path(), Ok(embedder())).unwrap();
    index
        .write(
            CollectionName::Articles,
            &[
                article("T-1", "Vogelhaus Holz", 3),
                article("T-2", "Regentonne 300 l", 0),
            ],
            None,
            now(),
        )
        .unwrap();
    index.flush().unwrap();
    let saved = std::fs::read(index.vector_path(CollectionName::Articles)).unwrap();
    // After the save: one renamed, one removed, one added — then the process dies unsaved.
    index
        .write(
            CollectionName::Articles,
            &[
                article("T-1", "Nistkasten Meise", 3),
                article("T-3", "Gartenbank Eiche", 1),
            ],
            None,
            now(),
        )
        .unwrap();
    assert!(index.remove(CollectionName::Articles, "T-2").unwrap());
    let path = index.vector_path(CollectionName::Articles);
    std::mem::forget(index);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        saved,
        "the file was rewritten"
    );

    let reopened = SearchIndex::open(dir.path(), Ok(embedder())).unwrap();
    let stats = reopened.stats(CollectionName::Articles).unwrap();
    assert_eq!((stats.documents, stats.vectors), (2, 2));
    assert!(!reopened.has_unsaved_vectors());
    assert_eq!(
        ids(
            &reopened,
            "Meisen nisten",
            SearchMode::Vector,
            Filter::default()
        )[0],
        "T-1"
    );
    assert_eq!(
        ids(
            &reopened,
            "Gartenbank Eiche",
            SearchMode::Vector,
            Filter::default()
        )[0],
        "T-3"
    );
    assert!(
        !ids(
            &reopened,
            "Regentonne",
            SearchMode::Vector,
            Filter::default()
        )
        .contains(&"T-2".to_owned())
    );
}

#[test]
fn an_index_of_another_model_is_rebuilt_not_mixed() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path(), Ok(embedder())).unwrap();
    index
        .write(
            CollectionName::Articles,
            &[article("T-1", "Vogelhaus Holz", 3)],
            None,
            now(),
        )
        .unwrap();
    let path = index.vector_path(CollectionName::Articles);
    drop(index);
    // Pretend another model built it.
    let tag_path = format!("{}.json", path.display());
    std::fs::write(
        &tag_path,
        r#"{"model":"other-model","dimensions":384,"metric":"ip"}"#,
    )
    .unwrap();

    let reopened = SearchIndex::open(dir.path(), Ok(embedder())).unwrap();
    let stats = reopened.stats(CollectionName::Articles).unwrap();
    assert_eq!(stats.model.as_deref(), Some("all-MiniLM-L6-v2"));
    assert_eq!(stats.vectors, 1);
    let tag = std::fs::read_to_string(&tag_path).unwrap();
    assert!(tag.contains("all-MiniLM-L6-v2"), "{tag}");
    assert_eq!(
        ids(
            &reopened,
            "Vogelhaus",
            SearchMode::Vector,
            Filter::default()
        )[0],
        "T-1"
    );
}
