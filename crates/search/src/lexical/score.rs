//! Re-scoring of lexical candidates: how well the folded query words are covered by a
//! document's title and body — whole words, word starts (plurals), parts of compounds and
//! near spellings (typos), each term weighted by how rare it is.

use std::collections::HashMap;

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

/// How well `term` is matched by `word`: 1 for the word itself, less for a word that starts
/// with it, contains it (compound part) or is spelt almost alike.
fn coverage(term: &str, word: &str) -> f32 {
    let term_len = term.chars().count();
    let word_len = word.chars().count();
    if word == term {
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
    }
}

/// The score of a document with folded `title` and `body` for the folded query `terms`.
pub fn score(terms: &[String], weights: &[f32], title: &str, body: &str) -> f32 {
    Scorer::new(terms, weights).score(title, body)
}

/// Scores many documents for one query, remembering how well each stored word covers each
/// term (candidates share most of their words, and near-spelling checks are the costly part).
pub struct Scorer<'q> {
    terms: &'q [String],
    weights: &'q [f32],
    total: f32,
    phrase: String,
    /// Per term: coverage of each word seen so far.
    seen: Vec<HashMap<String, f32>>,
}

impl<'q> Scorer<'q> {
    pub fn new(terms: &'q [String], weights: &'q [f32]) -> Self {
        Self {
            terms,
            weights,
            total: weights.iter().sum(),
            phrase: terms.join(" "),
            seen: vec![HashMap::new(); terms.len()],
        }
    }

    fn best_coverage(&mut self, term_index: usize, words: &str) -> f32 {
        let term = &self.terms[term_index];
        let seen = &mut self.seen[term_index];
        let mut best: f32 = 0.0;
        for word in words.split(' ') {
            let m = match seen.get(word) {
                Some(m) => *m,
                None => {
                    let m = coverage(term, word);
                    seen.insert(word.to_owned(), m);
                    m
                }
            };
            best = best.max(m);
            if best >= 1.0 {
                break;
            }
        }
        best
    }

    /// The score of one document with folded `title` and `body`.
    pub fn score(&mut self, title: &str, body: &str) -> f32 {
        if self.total <= 0.0 {
            return 0.0;
        }
        let mut in_title = 0.0;
        let mut anywhere = 0.0;
        for i in 0..self.terms.len() {
            let weight = self.weights[i];
            let t = self.best_coverage(i, title);
            let b = if t >= 1.0 {
                0.0
            } else {
                self.best_coverage(i, body)
            };
            in_title += weight * t;
            anywhere += weight * t.max(0.8 * b);
        }
        let mut score = 0.6 * (in_title / self.total) + 0.4 * (anywhere / self.total);
        // All query words in the title, in order: the name was typed.
        if self.terms.len() > 1 && title.contains(&self.phrase) {
            score += 0.15;
        }
        // Shorter titles covering the same words are the more specific match.
        let title_words = title.split(' ').count().max(1) as f32;
        score - 0.004 * title_words
    }
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
