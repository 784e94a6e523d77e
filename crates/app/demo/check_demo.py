#!/usr/bin/env python3
"""Checks the demo store's data files; exits non-zero and lists every problem found.

Checks: every CSV parses with Python's csv module (delimiter ';') with the expected
header and column count; articles have unique SKUs and EANs, valid EAN-13 check
digits with a German prefix (400-440), VAT 7 or 19, decimal-comma prices, sane
stock figures, all ten categories with at least 25 articles each and 300+ rows;
purchase prices lie between 40 % and 70 % of the net price; seasonality has a mean
of 1.00 per category; customers and leads use fictional contact data; every policy
document starts with a '# Title' line.

Usage: python3 check_demo.py            (reads the files next to this script)
"""

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CATEGORIES = [
    "Garten", "Pflanzen", "Saatgut", "Dünger", "Pflanzenschutz", "Erden & Substrate",
    "Werkzeug", "Bewässerung", "Tierfutter", "Heimtierbedarf",
]
UNITS = {"Stk", "Sack", "Pck", "Fl", "Rolle", "kg", "l", "Set"}
ARTICLE_HEADER = [
    "sku", "ean", "name", "description", "category", "unit", "price", "vat_rate",
    "stock", "reorder_point", "supplier", "lead_time_days", "pack_size",
    "purchase_price", "demo_daily_sales",
]
CUSTOMER_HEADER = ["customer_no", "name", "email", "phone", "street", "postal_code", "city", "customer_type", "notes"]
CUSTOMER_TYPES = {"Privat", "Landwirtschaft", "Hobbyhaltung", "Garten- und Landschaftsbau", "Schule/Kita"}
LEAD_HEADER = ["name", "company", "email", "phone", "source", "status", "interest", "notes"]
LEAD_STATUSES = {"new", "contacted", "qualified", "lost"}
DECIMAL = re.compile(r"^\d+,\d{2}$")
FICTIONAL_PHONE = re.compile(r"^0\d{2,4} 0\d{4,7}$")  # subscriber part starting with 0 is never assigned


def ean13_is_valid(code: str) -> bool:
    if not re.fullmatch(r"\d{13}", code):
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code[:12]))
    return (10 - total % 10) % 10 == int(code[12])


def number(text: str) -> float:
    return float(text.replace(",", "."))


def read_rows(path: Path, header, problems):
    """Reads a ';' CSV strictly; returns a list of (line number, dict) pairs."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";", strict=True)
        rows = list(reader)
    if not rows or rows[0] != header:
        problems.append(f"{path.name}: header is {rows[0] if rows else None}, expected {header}")
        return []
    result = []
    for offset, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            problems.append(f"{path.name}:{offset}: {len(row)} fields, expected {len(header)}")
            continue
        result.append((offset, dict(zip(header, row))))
    return result


def check_articles(problems):
    rows = read_rows(HERE / "articles.csv", ARTICLE_HEADER, problems)
    skus, eans, per_category = set(), set(), {c: 0 for c in CATEGORIES}
    for line, r in rows:
        where = f"articles.csv:{line} ({r['sku']})"
        if not re.fullmatch(r"GF-\d{5}", r["sku"]):
            problems.append(f"{where}: bad SKU")
        if r["sku"] in skus:
            problems.append(f"{where}: duplicate SKU")
        skus.add(r["sku"])
        if not ean13_is_valid(r["ean"]) or not 400 <= int(r["ean"][:3]) <= 440:
            problems.append(f"{where}: EAN {r['ean']} invalid or not German")
        if r["ean"] in eans:
            problems.append(f"{where}: duplicate EAN")
        eans.add(r["ean"])
        if not r["name"].strip() or not r["description"].strip():
            problems.append(f"{where}: empty name or description")
        if r["category"] not in per_category:
            problems.append(f"{where}: unknown category {r['category']!r}")
        else:
            per_category[r["category"]] += 1
        if r["unit"] not in UNITS:
            problems.append(f"{where}: unknown unit {r['unit']!r}")
        for column in ("price", "purchase_price", "demo_daily_sales"):
            if not DECIMAL.match(r[column]):
                problems.append(f"{where}: {column} {r[column]!r} is not a decimal comma number")
        if r["vat_rate"] not in ("7", "19"):
            problems.append(f"{where}: VAT {r['vat_rate']!r}")
        for column in ("stock", "reorder_point", "lead_time_days", "pack_size"):
            if not r[column].isdigit():
                problems.append(f"{where}: {column} {r[column]!r} is not a non-negative integer")
        if problems and problems[-1].startswith(where):
            continue
        price, vat = number(r["price"]), int(r["vat_rate"])
        if price <= 0:
            problems.append(f"{where}: price must be positive")
        share = number(r["purchase_price"]) / (price / (1 + vat / 100))
        if not 0.40 <= share <= 0.70:
            problems.append(f"{where}: purchase price is {share:.0%} of the net price")
        if not 2 <= int(r["lead_time_days"]) <= 21:
            problems.append(f"{where}: lead time {r['lead_time_days']} outside 2-21")
        if int(r["pack_size"]) < 1:
            problems.append(f"{where}: pack size must be at least 1")
        if not 0 <= number(r["demo_daily_sales"]) <= 30:
            problems.append(f"{where}: demo_daily_sales out of range")
    if len(rows) < 300:
        problems.append(f"articles.csv: only {len(rows)} articles, expected 300+")
    for category, count in per_category.items():
        if count < 25:
            problems.append(f"articles.csv: category {category} has only {count} articles")
    low = sum(int(r["stock"]) <= int(r["reorder_point"]) for _, r in rows if r["stock"].isdigit() and r["reorder_point"].isdigit())
    if not 5 <= low <= len(rows) // 5:
        problems.append(f"articles.csv: {low} articles at/below reorder point, expected a handful")
    if not any(number(r["demo_daily_sales"]) == 0 for _, r in rows if DECIMAL.match(r["demo_daily_sales"])):
        problems.append("articles.csv: expected at least one never-selling article")
    raw = (HERE / "articles.csv").read_text(encoding="utf-8")
    if '""' not in raw:
        problems.append("articles.csv: no field with an escaped quote, RFC 4180 quoting is not exercised")
    return rows, per_category


def check_seasonality(problems):
    rows = read_rows(HERE / "seasonality.csv", ["category", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], problems)
    seen = {r["category"] for _, r in rows}
    if seen != set(CATEGORIES):
        problems.append(f"seasonality.csv: categories {sorted(seen ^ set(CATEGORIES))} missing or unknown")
    for line, r in rows:
        factors = [number(v) for k, v in r.items() if k != "category"]
        if abs(sum(factors) / 12 - 1) > 0.005 or min(factors) <= 0:
            problems.append(f"seasonality.csv:{line}: factors must be positive with a mean of 1.00")


def check_customers(problems):
    rows = read_rows(HERE / "customers.csv", CUSTOMER_HEADER, problems)
    numbers = set()
    for line, r in rows:
        where = f"customers.csv:{line}"
        if not re.fullmatch(r"K-\d{5}", r["customer_no"]) or r["customer_no"] in numbers:
            problems.append(f"{where}: bad or duplicate customer number {r['customer_no']}")
        numbers.add(r["customer_no"])
        if not r["email"].endswith("example.de"):
            problems.append(f"{where}: e-mail must use example.de")
        if not FICTIONAL_PHONE.match(r["phone"]):
            problems.append(f"{where}: phone {r['phone']!r} is not in the fictional format")
        if not re.fullmatch(r"\d{5}", r["postal_code"]):
            problems.append(f"{where}: postal code {r['postal_code']!r}")
        if r["customer_type"] not in CUSTOMER_TYPES:
            problems.append(f"{where}: customer type {r['customer_type']!r}")
    if len(rows) < 50:
        problems.append(f"customers.csv: only {len(rows)} customers")
    return rows


def check_leads(problems):
    rows = read_rows(HERE / "leads.csv", LEAD_HEADER, problems)
    for line, r in rows:
        where = f"leads.csv:{line}"
        if r["status"] not in LEAD_STATUSES:
            problems.append(f"{where}: status {r['status']!r}")
        if not r["email"].endswith("example.de") or not FICTIONAL_PHONE.match(r["phone"]):
            problems.append(f"{where}: contact data must be fictional")
    if {r["status"] for _, r in rows} != LEAD_STATUSES:
        problems.append("leads.csv: every status should occur at least once")
    return rows


def check_policies(problems):
    files = sorted((HERE / "policies").glob("*.md"))
    if not 6 <= len(files) <= 10:
        problems.append(f"policies: {len(files)} documents, expected 6-8")
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0].startswith("# "):
            problems.append(f"policies/{path.name}: first line must be '# Title'")
        if not re.fullmatch(r"[a-z0-9-]+", path.stem):
            problems.append(f"policies/{path.name}: file stem must be lowercase ASCII (it is the document id)")
    return files


def main():
    problems = []
    articles, per_category = check_articles(problems)
    check_seasonality(problems)
    customers = check_customers(problems)
    leads = check_leads(problems)
    policies = check_policies(problems)
    for problem in problems:
        print(problem)
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        sys.exit(1)
    print(f"ok: {len(articles)} articles ({', '.join(f'{c} {n}' for c, n in per_category.items())}), "
          f"{len(customers)} customers, {len(leads)} leads, {len(policies)} policies")


if __name__ == "__main__":
    main()
