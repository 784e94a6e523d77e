//! Quality floor: nDCG@10 / recall@10 / MRR of lexical, vector and hybrid search on the graded
//! German query set. Fails when quality falls below the floor or hybrid stops beating both.

use filiale_search::collection::{CollectionName, SearchMode, SearchRequest};
use filiale_search::eval::{QuerySet, Report, score};

use super::helpers::shared_index;

/// Floors of nDCG@10 per collection and mode (measured values minus a small margin).
const FLOORS: &[(CollectionName, SearchMode, f64)] = &[
    (CollectionName::Articles, SearchMode::Lexical, 0.74),
    (CollectionName::Articles, SearchMode::Vector, 0.46),
    (CollectionName::Articles, SearchMode::Hybrid, 0.75),
    (CollectionName::Customers, SearchMode::Hybrid, 0.87),
    (CollectionName::Policies, SearchMode::Hybrid, 0.89),
];

fn query_set() -> QuerySet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/queries.toml");
    QuerySet::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn evaluate(set: &QuerySet, collection: CollectionName, mode: SearchMode) -> Report {
    let index = shared_index();
    let scores: Vec<_> = set
        .queries(collection)
        .iter()
        .map(|q| {
            let outcome = index
                .search(
                    collection,
                    &SearchRequest {
                        mode,
                        ..SearchRequest::new(&q.query)
                    },
                )
                .unwrap_or_else(|e| panic!("{}: {e}", q.query));
            let ids: Vec<String> = outcome.hits.into_iter().map(|h| h.id).collect();
            if std::env::var_os("EVAL_VERBOSE").is_some() {
                let s = score(q, &ids);
                println!(
                    "{:?} {} {:.2} {:?} -> {:?}",
                    mode,
                    q.id,
                    s.ndcg,
                    q.query,
                    &ids[..ids.len().min(4)]
                );
            }
            (q, score(q, &ids))
        })
        .collect();
    Report::from_scores(scores)
}

#[test]
fn quality_stays_above_the_floor_and_hybrid_beats_both() {
    let set = query_set();
    dump_rankings(&set);
    let mut measured = Vec::new();
    for collection in CollectionName::ALL {
        println!("\n{collection}: nDCG@10 / recall@10 / MRR");
        for mode in [SearchMode::Lexical, SearchMode::Vector, SearchMode::Hybrid] {
            let report = evaluate(&set, collection, mode);
            let o = report.overall;
            println!(
                "  {:<8} overall    {:.3} / {:.3} / {:.3}  ({} queries)",
                mode.as_str(),
                o.ndcg,
                o.recall,
                o.mrr,
                o.queries
            );
            for (kind, s) in &report.by_kind {
                println!(
                    "  {:<8} {:<10} {:.3} / {:.3} / {:.3}  ({})",
                    "", kind, s.ndcg, s.recall, s.mrr, s.queries
                );
            }
            measured.push((collection, mode, o.ndcg));
        }
    }
    let ndcg = |c, m| measured.iter().find(|x| x.0 == c && x.1 == m).unwrap().2;
    for &(collection, mode, floor) in FLOORS {
        let value = ndcg(collection, mode);
        assert!(
            value >= floor,
            "{collection} {} nDCG@10 {value:.3} fell below the floor {floor:.3}",
            mode.as_str()
        );
    }
    let a = CollectionName::Articles;
    let hybrid = ndcg(a, SearchMode::Hybrid);
    assert!(
        hybrid > ndcg(a, SearchMode::Lexical) && hybrid > ndcg(a, SearchMode::Vector),
        "hybrid {hybrid:.3} must beat lexical {:.3} and vector {:.3}",
        ndcg(a, SearchMode::Lexical),
        ndcg(a, SearchMode::Vector)
    );
}

/// With `EVAL_DUMP=FILE`, writes the lexical and vector top 50 of every query (for tuning fusion).
fn dump_rankings(set: &QuerySet) {
    let Some(path) = std::env::var_os("EVAL_DUMP") else {
        return;
    };
    let mut out = Vec::new();
    for collection in CollectionName::ALL {
        for q in set.queries(collection) {
            let mut entry = serde_json::json!({"collection": collection.as_str(), "id": q.id, "kind": q.kind, "judgements": q.judgements});
            for mode in [SearchMode::Lexical, SearchMode::Vector] {
                let hits = shared_index()
                    .search(
                        collection,
                        &SearchRequest {
                            mode,
                            limit: 50,
                            ..SearchRequest::new(&q.query)
                        },
                    )
                    .unwrap()
                    .hits;
                entry[mode.as_str()] = hits
                    .iter()
                    .map(|h| serde_json::json!([h.id, h.score]))
                    .collect();
            }
            out.push(entry);
        }
    }
    std::fs::write(path, serde_json::to_string(&out).unwrap()).unwrap();
}

#[test]
fn organic_tomato_fertiliser_comes_first() {
    let outcome = shared_index()
        .search(
            CollectionName::Articles,
            &SearchRequest::new("Bio Dünger für Tomaten"),
        )
        .unwrap();
    let first: Vec<&str> = outcome.hits.iter().take(2).map(|h| h.id.as_str()).collect();
    assert_eq!(outcome.hits[0].id, "GF-13001", "got {first:?}");
    assert!(outcome.hits[0].text.contains("Tomatendünger"));
}
