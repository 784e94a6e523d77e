//! Re-scoring of lexical candidates: how well the folded query words are covered by a
//! document's title and body — whole words, word starts (plurals), parts of compounds and
//! near spellings (typos), each term weighted by how rare it is.

use super::fold::trigram_similarity;

/// Weight of each query term: rare words weigh more; numbers and one- or two-letter units less.
pub fn term_weights(terms: &[String], frequencies: &[usize], total: usize) -> Vec<f32> {
    terms
        .iter()
        .zip(frequencies)
        .map(|(term, &df)| {
            let idf = (1.0 + total as f32 / (1.0 + df as f32)).ln();
            let short = term.chars().count() <= 2 || term.chars().all(|c| c.is_ascii_digit());
            if short { idf * 0.35 } else { idf }
        })
        .map(|w| w.max(0.05))
        .collect()
}

/// How well `term` is matched by one of `words`: 1 for the word itself, less for a word that
/// starts with it, contains it (compound part) or is spelt almost alike.
fn coverage(term: &str, words: &str) -> f32 {
    let term_len = term.chars().count();
    let mut best: f32 = 0.0;
    for word in words.split(' ') {
        let word_len = word.chars().count();
        let m = if word == term {
            1.0
        } else if term_len >= 3 && word.starts_with(term) {
            // plural or compound head: tomate -> tomaten, rasen -> rasensamen
            0.9
        } else if word_len >= 4 && term.starts_with(word) {
            0.85
        } else if term_len >= 4 && word.contains(term) {
            // a part of a compound: dunger in tomatendunger
            0.85
        } else if term_len >= 4 && word_len >= 3 {
            let sim = trigram_similarity(term, word);
            if sim >= 0.5 { 0.8 * sim } else { 0.0 }
        } else {
            0.0
        };
        best = best.max(m);
        if best >= 1.0 {
            break;
        }
    }
    best
}

/// The score of a document with folded `title` and `body` for the folded query `terms`.
pub fn score(terms: &[String], weights: &[f32], title: &str, body: &str) -> f32 {
    let total: f32 = weights.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    let mut in_title = 0.0;
    let mut anywhere = 0.0;
    for (term, weight) in terms.iter().zip(weights) {
        let t = coverage(term, title);
        let b = coverage(term, body);
        in_title += weight * t;
        anywhere += weight * t.max(0.8 * b);
    }
    let mut score = 0.6 * (in_title / total) + 0.4 * (anywhere / total);
    // All query words in the title, in order: the name was typed.
    let phrase = terms.join(" ");
    if terms.len() > 1 && title.contains(&phrase) {
        score += 0.15;
    }
    // Shorter titles covering the same words are the more specific match.
    let title_words = title.split(' ').count().max(1) as f32;
    score - 0.004 * title_words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexical::fold::{fold, query_terms};

    fn score_of(query: &str, title: &str, body: &str) -> f32 {
        let terms = query_terms(query);
        let weights = vec![1.0; terms.len()];
        score(&terms, &weights, &fold(title), &fold(body))
    }

    #[test]
    fn compounds_plurals_and_typos_are_covered() {
        let tomato = score_of("Dünger Tomate", "Tomatendünger flüssig 1 l", "");
        let lawn = score_of("Dünger Tomate", "Rasendünger 10 kg", "");
        assert!(tomato > lawn, "{tomato} <= {lawn}");
        assert!(score_of("Giesskane", "Gießkanne Zink 10 l", "") > 0.3);
        assert!(score_of("Rasendunger", "Rasendünger Herbst", "") > 0.5);
        assert!(score_of("Katzenstreu", "Vogelfutter", "Futter für Vögel") < 0.1);
    }
}
