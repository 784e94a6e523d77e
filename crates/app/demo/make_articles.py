#!/usr/bin/env python3
"""Writes the demo store's article list (articles.csv) and seasonality.csv.

Gartencenter Grünfink, Lindenweg 12, 49377 Vechta. The output is deterministic:
running the script twice gives byte-identical files. The committed CSV files are
the source of truth; this script only exists so they can be regenerated.

SKUs are numbered in blocks per category (Garten GF-10001.., Pflanzen GF-11001..,
...). Append new articles at the END of a category list so existing SKUs, EANs and
the search evaluation set (crates/search/eval/queries.toml) stay valid.

Usage: python3 make_articles.py            (writes next to this script)
"""

import csv
import math
import random
from pathlib import Path

from articles_catalogue import CATALOGUE, SUPPLIERS

HERE = Path(__file__).resolve().parent

HEADER = [
    "sku", "ean", "name", "description", "category", "unit", "price", "vat_rate",
    "stock", "reorder_point", "supplier", "lead_time_days", "pack_size",
    "purchase_price", "demo_daily_sales",
]

# Monthly demand shapes per category (relative); normalised below to a mean of 1.0
# so that demo_daily_sales stays the yearly average.
SEASON_SHAPES = {
    "Garten":           [0.5, 0.6, 1.1, 1.6, 1.7, 1.4, 1.2, 1.0, 0.9, 0.9, 0.8, 1.0],
    "Pflanzen":         [0.3, 0.4, 1.0, 2.3, 2.4, 1.4, 0.9, 0.7, 0.9, 0.8, 0.5, 0.9],
    "Saatgut":          [0.4, 1.2, 2.6, 2.6, 1.5, 0.7, 0.6, 0.7, 0.7, 0.4, 0.2, 0.2],
    "Dünger":           [0.3, 0.5, 1.3, 2.2, 2.1, 1.6, 1.0, 0.8, 1.0, 0.7, 0.3, 0.2],
    "Pflanzenschutz":   [0.2, 0.3, 0.9, 1.9, 2.2, 2.1, 1.6, 1.1, 0.8, 0.5, 0.2, 0.2],
    "Erden & Substrate": [0.3, 0.5, 1.5, 2.5, 2.3, 1.3, 0.8, 0.7, 0.8, 0.7, 0.4, 0.3],
    "Werkzeug":         [0.5, 0.6, 1.1, 1.5, 1.3, 1.0, 0.9, 0.8, 1.0, 1.1, 0.9, 1.3],
    "Bewässerung":      [0.2, 0.2, 0.5, 1.0, 1.6, 2.3, 2.5, 2.0, 0.9, 0.4, 0.2, 0.2],
    "Tierfutter":       [1.1, 1.0, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0, 1.1, 1.2],
    "Heimtierbedarf":   [0.9, 0.9, 1.0, 1.0, 1.0, 0.9, 0.9, 0.9, 1.0, 1.0, 1.1, 1.4],
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def ean13(first12: str) -> str:
    """Appends the EAN-13 check digit (weights 1,3,1,3,... from the left)."""
    assert len(first12) == 12 and first12.isdigit()
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def decimal_comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def stock_figures(rng: random.Random, daily: float, lead: int, pack: int, low: bool):
    """Returns (stock, reorder_point) that fit the article's sales rate and lead time."""
    if daily <= 0:
        return rng.randint(1, 4), 0
    # Cover demand over the lead time plus three days of safety stock.
    reorder_point = max(1, math.ceil(daily * (lead + 3)))
    if low:
        return rng.randint(max(0, reorder_point - max(2, reorder_point // 2)), reorder_point), reorder_point
    cover_days = rng.randint(14, 45)
    stock = reorder_point + max(pack, math.ceil(daily * cover_days))
    return stock, reorder_point


def build_rows():
    rng = random.Random(49377)
    rows = []
    for block, (category, default_vat, default_supplier, items) in enumerate(CATALOGUE):
        for index, item in enumerate(items, start=1):
            name, unit, price, daily, pack, description = item[:6]
            extra = item[6] if len(item) > 6 else {}
            supplier_key = extra.get("sup", default_supplier)
            supplier_name, lead, ean_prefix = SUPPLIERS[supplier_key]
            vat = extra.get("vat", default_vat)
            number = 10000 + block * 1000 + index
            sku = f"GF-{number}"
            ean = ean13(f"{ean_prefix}{number:05d}")
            low = extra.get("low", rng.random() < 0.07)
            stock, reorder_point = stock_figures(rng, daily, lead, pack, low)
            net = price / (1 + vat / 100)
            purchase = round(net * rng.uniform(0.45, 0.65), 2)
            rows.append([
                sku, ean, name, description, category, unit, decimal_comma(price), str(vat),
                str(stock), str(reorder_point), supplier_name, str(lead), str(pack),
                decimal_comma(purchase), decimal_comma(daily),
            ])
    return rows


def seasonality_rows():
    rows = []
    for category, shape in SEASON_SHAPES.items():
        mean = sum(shape) / len(shape)
        factors = [round(v / mean, 2) for v in shape]
        # Put the rounding remainder on the peak month so the mean is exactly 1.00.
        peak = factors.index(max(factors))
        factors[peak] = round(factors[peak] + (12 - sum(factors)), 2)
        rows.append([category] + [decimal_comma(f) for f in factors])
    return rows


def write_csv(path: Path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main():
    rows = build_rows()
    write_csv(HERE / "articles.csv", HEADER, rows)
    write_csv(HERE / "seasonality.csv", ["category"] + MONTHS, seasonality_rows())
    print(f"articles.csv: {len(rows)} articles; seasonality.csv: {len(SEASON_SHAPES)} categories")


if __name__ == "__main__":
    main()
