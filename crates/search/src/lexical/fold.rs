//! German folding of text for the lexical index: lower case, umlauts and ß folded so that
//! `Gießkanne`, `Giesskanne` and `Gieskanne` (and `Dünger`, `Duenger`, `Dunger`) meet.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folds `text` to its loose form: lower case; ä/ae → a, ö/oe → o, ü/ue → u, ß/ss → s; every
/// other accent dropped (any letter with a canonical decomposition keeps only its base letter, as
/// FTS5's `remove_diacritics 2` stores it, so the words counted here are the words FTS5 keeps);
/// every run of characters that is not a letter or digit becomes one space.
pub fn fold(text: &str) -> String {
    let mut spelled = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ß' => spelled.push('s'),
            'ø' => spelled.push('o'),
            c if c.is_ascii_alphanumeric() => spelled.push(c),
            c if c.is_ascii() => spelled.push(' '),
            c => push_without_accents(c, &mut spelled),
        }
    }
    let mut out = String::with_capacity(spelled.len());
    let mut prev: Option<char> = None;
    for c in spelled.chars() {
        // ae/oe/ue written for an umlaut, and ss for ß, fold to the plain vowel / one s.
        let merged = matches!((prev, c), (Some('a' | 'o' | 'u'), 'e') | (Some('s'), 's'));
        if merged {
            continue;
        }
        if c == ' ' && (prev == Some(' ') || prev.is_none()) {
            prev = Some(' ');
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Pushes the base letters of `c` (its canonical decomposition without combining marks), or a
/// space for what is not a letter or digit.
fn push_without_accents(c: char, spelled: &mut String) {
    let mut pushed = false;
    decompose_canonical(c, |part| {
        if part.is_alphanumeric() && !is_combining_mark(part) {
            spelled.push(part);
            pushed = true;
        }
    });
    if !pushed {
        spelled.push(' ');
    }
}

/// Words too common in German queries to say anything about the article.
const STOPWORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und",
    "oder", "fur", "mit", "im", "in", "am", "an", "auf", "zu", "zum", "zur", "von", "vom", "bei",
    "gegen", "etwas", "was", "fur", "ich", "wir", "mein", "meine", "meinen", "sich", "ist", "sind",
    "wird", "werden", "nicht", "kein", "keine", "aus", "als", "wie", "so", "the", "a", "an", "for",
    "of", "and", "to", "with", "my", "is", "be", "bis", "nach", "uber", "unter",
];

/// The folded words of a query worth searching for, in order, without duplicates.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in fold(query).split(' ') {
        if word.is_empty() || STOPWORDS.contains(&word) || terms.iter().any(|t| t == word) {
            continue;
        }
        terms.push(word.to_owned());
    }
    terms
}

/// The character trigrams of a folded word (the word itself when shorter than three).
pub fn trigrams(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return vec![word.to_owned()];
    }
    chars.windows(3).map(|w| w.iter().collect()).collect()
}

/// Dice similarity of the trigram sets of two folded words, 0..=1.
pub fn trigram_similarity(a: &str, b: &str) -> f32 {
    let ta = trigrams(a);
    let tb = trigrams(b);
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let common = ta.iter().filter(|t| tb.contains(t)).count();
    2.0 * common as f32 / (ta.len() + tb.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_word_fold_alike() {
        for group in [
            &["Gießkanne", "Giesskanne", "Gieskanne", "GIESSKANNE"][..],
            &["Dünger", "Duenger", "Dunger"],
            &["Hühnerfutter", "Huehnerfutter", "Huhnerfutter"],
            &["Blumenerde torffrei", "blumenerde  TORFFREI!"],
            &["Łódź Kraków", "Łodz Krakow"],
            &["Crème brûlée", "creme brulee", "CRÈME BRÛLÉE"],
            &["Dvořák", "Dvorak"],
        ] {
            let folded: Vec<String> = group.iter().map(|w| fold(w)).collect();
            assert!(folded.windows(2).all(|w| w[0] == w[1]), "{folded:?}");
        }
    }

    #[test]
    fn query_terms_drop_stopwords_and_punctuation() {
        assert_eq!(
            query_terms("Bio Dünger für Tomaten"),
            vec!["bio", "dunger", "tomaten"]
        );
        assert_eq!(query_terms("\"NEAR( * - :"), vec!["near"]);
        assert!(query_terms("🌱🌱").is_empty());
    }

    #[test]
    fn typos_keep_most_trigrams() {
        assert!(trigram_similarity("gieskane", "gieskanne") > 0.7);
        assert!(trigram_similarity("rasensamen", "tomaten") < 0.3);
    }
}
