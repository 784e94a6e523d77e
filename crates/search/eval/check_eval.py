#!/usr/bin/env python3
"""Checks the search evaluation set (queries.toml) against the demo store's data.

Every judged id must exist: article SKUs in crates/app/demo/articles.csv, customer numbers
in customers.csv, policy ids as crates/app/demo/policies/<id>.md. Also checks the shape of
each query (unique id, known kind, grades 1-3 with at least one grade 3), that the article
section has 70+ queries and that the reference queries are present. Exits 1 and lists
every problem found; prints a per-kind summary otherwise.

Usage: python3 check_eval.py [queries.toml]
"""

import csv
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent.parent / "app" / "demo"

KINDS = {"exact", "compound", "paraphrase", "typo", "umlaut", "english", "situation"}
REQUIRED_ARTICLE_QUERIES = [
    "Bio Dünger für Tomaten",
    "etwas gegen Schnecken im Salat",
    "Dünger Tomate",
    "Giesskanne",
    "chicken feed",
]
MIN_QUERIES = {"articles": 70, "customers": 5, "policies": 5}


def known_ids():
    with (DEMO / "articles.csv").open(encoding="utf-8", newline="") as handle:
        skus = {row["sku"] for row in csv.DictReader(handle, delimiter=";")}
    with (DEMO / "customers.csv").open(encoding="utf-8", newline="") as handle:
        customers = {row["customer_no"] for row in csv.DictReader(handle, delimiter=";")}
    policies = {path.stem for path in (DEMO / "policies").glob("*.md")}
    return {"articles": skus, "customers": customers, "policies": policies}


def check(data, ids):
    problems = []
    if data.get("version") != 1:
        problems.append(f"version must be 1, found {data.get('version')!r}")
    seen_ids = set()
    for section, existing in ids.items():
        entries = data.get(section, [])
        if len(entries) < MIN_QUERIES[section]:
            problems.append(f"[{section}]: {len(entries)} queries, expected at least {MIN_QUERIES[section]}")
        seen_queries = set()
        for position, entry in enumerate(entries, start=1):
            where = f"[{section}] #{position} ({entry.get('id', '?')})"
            unknown_keys = set(entry) - {"id", "query", "kind", "judgements"}
            if unknown_keys:
                problems.append(f"{where}: unknown keys {sorted(unknown_keys)}")
            query_id = entry.get("id")
            if not isinstance(query_id, str) or not query_id or query_id in seen_ids:
                problems.append(f"{where}: missing or duplicate id")
            seen_ids.add(query_id)
            query = entry.get("query")
            if not isinstance(query, str) or not query.strip():
                problems.append(f"{where}: empty query")
            elif query in seen_queries:
                problems.append(f"{where}: duplicate query {query!r}")
            seen_queries.add(query)
            if entry.get("kind") not in KINDS:
                problems.append(f"{where}: kind {entry.get('kind')!r} not one of {sorted(KINDS)}")
            judgements = entry.get("judgements")
            if not isinstance(judgements, dict) or not judgements:
                problems.append(f"{where}: no judgements")
                continue
            for doc_id, grade in judgements.items():
                if doc_id not in existing:
                    problems.append(f"{where}: judged id {doc_id!r} does not exist in the demo data")
                if grade not in (1, 2, 3) or isinstance(grade, bool):
                    problems.append(f"{where}: grade {grade!r} for {doc_id!r} is not 1, 2 or 3")
            if 3 not in judgements.values():
                problems.append(f"{where}: no perfect (grade 3) result")
    article_queries = {entry.get("query") for entry in data.get("articles", [])}
    for required in REQUIRED_ARTICLE_QUERIES:
        if required not in article_queries:
            problems.append(f"[articles]: reference query {required!r} is missing")
    return problems


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "queries.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        print(f"{path}: cannot read: {error}")
        sys.exit(1)
    problems = check(data, known_ids())
    for problem in problems:
        print(problem)
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        sys.exit(1)
    for section in ("articles", "customers", "policies"):
        entries = data[section]
        kinds = Counter(entry["kind"] for entry in entries)
        judged = sum(len(entry["judgements"]) for entry in entries)
        summary = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        print(f"{section}: {len(entries)} queries, {judged} judgements ({summary})")
    print("ok")


if __name__ == "__main__":
    main()
