//! The folded words of a collection with the number of documents each occurs in, kept in
//! memory: a query term is expanded here to the stored words that cover it (itself, longer
//! forms, compounds containing it, near spellings), so FTS5 is asked for exact words only and
//! no substring or trigram scan of the index happens at query time.

use std::collections::HashMap;

use rusqlite::Connection;

use super::fold::trigram_similarity;

/// Stored words covering one query term, with how well each covers it (as in
/// [`super::score`]) and in how many documents it occurs.
#[derive(Debug, Clone, Default)]
pub struct Expansion {
    pub words: Vec<(String, f32, u32)>,
}

impl Expansion {
    /// In how many documents the term occurs as a word or inside one (an upper bound: a
    /// document with two covering words counts twice), capped at `cap`.
    pub fn frequency(&self, cap: usize) -> usize {
        self.words
            .iter()
            .map(|w| w.2 as usize)
            .sum::<usize>()
            .min(cap)
    }
}

/// Most stored words one query term is expanded to (the best covering, then the most common).
const MAX_EXPANSIONS: usize = 40;

/// Word -> document frequency for one collection.
#[derive(Debug, Default)]
pub struct Vocabulary {
    frequencies: HashMap<Box<str>, u32>,
}

impl Vocabulary {
    /// Reads the vocabulary of `collection`'s word index (through a temporary `fts5vocab` table).
    pub fn load(conn: &Connection, collection: &str) -> rusqlite::Result<Self> {
        conn.execute_batch(&format!(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{collection}_words_vocab
                 USING fts5vocab(main, '{collection}_words', 'row')"
        ))?;
        let mut stmt = conn.prepare(&format!(
            "SELECT term, doc FROM temp.{collection}_words_vocab"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut frequencies = HashMap::new();
        for row in rows {
            let (term, docs) = row?;
            frequencies.insert(term.into_boxed_str(), docs.max(0) as u32);
        }
        Ok(Self { frequencies })
    }

    pub fn len(&self) -> usize {
        self.frequencies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.frequencies.is_empty()
    }

    /// Counts a document with folded `title` and `body`.
    pub fn add(&mut self, title: &str, body: &str) {
        for word in distinct_words(title, body) {
            *self.frequencies.entry(word.into()).or_default() += 1;
        }
    }

    /// Forgets a document counted by [`Vocabulary::add`] with the same texts.
    pub fn remove(&mut self, title: &str, body: &str) {
        for word in distinct_words(title, body) {
            if let Some(n) = self.frequencies.get_mut(word) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.frequencies.remove(word);
                }
            }
        }
    }

    pub fn clear(&mut self) {
        self.frequencies.clear();
    }

    /// Documents containing exactly `word`.
    pub fn frequency(&self, word: &str) -> u32 {
        self.frequencies.get(word).copied().unwrap_or(0)
    }

    /// The stored words that cover the folded query `term`: the word itself (1.0), longer
    /// forms (0.9), shorter stems (0.85), compounds containing it (0.85) and — only when no
    /// stored word contains the term, which is then probably misspelt — near spellings
    /// (0.8 x similarity).
    pub fn expand(&self, term: &str) -> Expansion {
        let term_len = term.chars().count();
        let mut words: Vec<(String, f32, u32)> = Vec::new();
        for (word, &df) in &self.frequencies {
            let word_len = word.chars().count();
            let coverage = if &**word == term {
                1.0
            } else if term_len >= 3 && word.starts_with(term) {
                0.9
            } else if (word_len >= 4 && term.starts_with(&**word))
                || (term_len >= 4 && word.contains(term))
            {
                0.85
            } else {
                continue;
            };
            words.push((word.to_string(), coverage, df));
        }
        let found = words.iter().any(|w| w.0.contains(term));
        if !found && term_len >= 4 {
            for (word, &df) in &self.frequencies {
                let word_len = word.chars().count();
                // Dice >= 0.5 needs trigram counts within a factor of three.
                let (a, b) = (term_len - 2, word_len.saturating_sub(2).max(1));
                if word_len < 3 || a.max(b) > 3 * a.min(b) {
                    continue;
                }
                let sim = trigram_similarity(term, word);
                if sim >= 0.5 && !words.iter().any(|w| *w.0 == **word) {
                    words.push((word.to_string(), 0.8 * sim, df));
                }
            }
        }
        words.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(b.2.cmp(&a.2))
                .then_with(|| a.0.cmp(&b.0))
        });
        words.truncate(MAX_EXPANSIONS);
        Expansion { words }
    }
}

fn distinct_words<'a>(title: &'a str, body: &'a str) -> Vec<&'a str> {
    let mut words: Vec<&str> = title
        .split(' ')
        .chain(body.split(' '))
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexical::fold;

    #[test]
    fn terms_expand_to_forms_compounds_and_near_spellings() {
        let mut vocabulary = Vocabulary::default();
        vocabulary.add(&fold("Tomatendünger Bio"), &fold("für Tomaten"));
        vocabulary.add(&fold("Gießkanne Zink"), "");
        vocabulary.add(&fold("Rasendünger"), "");
        fn words(vocabulary: &Vocabulary, term: &str) -> Vec<String> {
            let mut words: Vec<String> = vocabulary
                .expand(term)
                .words
                .into_iter()
                .map(|w| w.0)
                .collect();
            words.sort();
            words
        }
        assert_eq!(
            words(&vocabulary, "dunger"),
            vec!["rasendunger", "tomatendunger"]
        );
        assert_eq!(
            words(&vocabulary, "tomate"),
            vec!["tomaten", "tomatendunger"]
        );
        assert_eq!(words(&vocabulary, "gieskane"), vec!["gieskanne"]);
        // A misspelt compound: the stem alone does not stop the search for near spellings.
        assert_eq!(
            words(&vocabulary, "tomatendungr"),
            vec!["tomaten", "tomatendunger"]
        );
        assert!(words(&vocabulary, "katzenstreu").is_empty());
        assert_eq!(vocabulary.frequency("bio"), 1);
        vocabulary.remove(&fold("Tomatendünger Bio"), &fold("für Tomaten"));
        assert_eq!(vocabulary.frequency("bio"), 0);
        assert_eq!(words(&vocabulary, "dunger"), vec!["rasendunger"]);
    }
}
