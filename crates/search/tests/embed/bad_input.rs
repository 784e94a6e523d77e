//! Texts a till or an import may hand the embedder: empty, huge, emoji, control characters.

use filiale_search::embed::TextKind;

use crate::helpers::{assert_unit_vector, cosine, embedder};

#[test]
fn odd_texts_give_unit_vectors_not_errors() {
    let embedder = embedder();
    let texts = [
        "",
        " ",
        "🌱🌻🐝",
        "\u{0}\u{7}\u{1b}[31m\u{7f}",
        "\u{202e}Rasen\u{200b}dünger\u{feff}",
        "Tomate\u{0301}\u{0308}",
        "漢字とひらがな",
    ];
    let vectors = embedder.embed_passages(&texts).unwrap();
    assert_eq!(vectors.len(), texts.len());
    for (text, vector) in texts.iter().zip(&vectors) {
        assert_unit_vector(vector, embedder.dimension(), &format!("{text:?}"));
    }
}

#[test]
fn no_texts_give_no_vectors() {
    assert!(embedder().embed(&[], TextKind::Passage).unwrap().is_empty());
}

#[test]
fn a_huge_text_is_truncated_to_the_model_limit() {
    let embedder = embedder();
    let sentence = "Torffreie Blumenerde für Balkon und Kübel, mit Langzeitdünger. ";
    let huge = sentence.repeat(100_000 / sentence.chars().count() + 1);
    assert!(huge.chars().count() >= 100_000);
    // Sixty repetitions are already far beyond 256 tokens, so both inputs are cut to the same prefix.
    let beyond_limit = sentence.repeat(60);
    let vectors = embedder.embed_passages(&[&huge, &beyond_limit]).unwrap();
    assert_unit_vector(&vectors[0], embedder.dimension(), "huge text");
    let similarity = cosine(&vectors[0], &vectors[1]);
    assert!(
        similarity > 0.99999,
        "truncation differs: cosine {similarity}"
    );
}
