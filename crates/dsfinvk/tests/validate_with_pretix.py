"""Checks a DSFinV-K export ZIP with code written elsewhere: pretix's `dsfinvk` package (its
validator, `dsfinvk.validate.validate_zip`, and its table definitions in `dsfinvk.models`),
lxml for index.xml against the GDPdU DTD in the archive, and sums recomputed here with Decimal.

Usage: validate_with_pretix.py EXPORT.zip
Prints a JSON summary on success; exits 1 with the problems on stderr otherwise.
"""

import contextlib
import csv
import inspect
import io
import json
import re
import sys
import zipfile
from collections import defaultdict
from decimal import Decimal

import dsfinvk.models
import dsfinvk.validate
from dsfinvk.fields import StringField
from dsfinvk.table import Model
from lxml import etree

COUNTED = {"Beleg", "AVRechnung", "AVSachbezug"}
LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LOCAL_TIME_COLUMNS = {"Z_ERSTELLUNG", "BON_START", "BON_ENDE", "REF_DATUM"}
UTC_TIME_COLUMNS = {"TSE_TA_START", "TSE_TA_ENDE"}

problems = []


def problem(text):
    problems.append(text)


def pretix_tables():
    """{file name: (model class, [column names])} from the package's definitions."""
    tables = {}
    for _, cls in inspect.getmembers(dsfinvk.models, inspect.isclass):
        if issubclass(cls, Model) and cls is not Model and isinstance(cls.__dict__.get("_filename"), str):
            tables[cls._filename] = (cls, [f.name for f in cls._fields])
    return tables


def read_tables(archive):
    rows = {}
    for name in archive.namelist():
        if name.endswith(".csv"):
            text = archive.read(name).decode("utf-8")
            if "\r\n" not in text:
                problem(f"{name}: records are not delimited by CRLF")
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
            rows[name] = list(reader)
    return rows


def check_against_definitions(tables, index_root):
    definitions = pretix_tables()
    if set(tables) != set(definitions):
        problem(f"tables differ from dsfinvk.models: extra {sorted(set(tables) - set(definitions))}, "
                f"missing {sorted(set(definitions) - set(tables))}")
    urls = [t.find("./URL").text for t in index_root.findall("./Media/Table")]
    if sorted(urls) != sorted(definitions):
        problem(f"index.xml lists {sorted(urls)}")
    for name, (cls, columns) in definitions.items():
        rows = tables.get(name)
        if not rows:
            continue
        if rows[0] != columns:
            problem(f"{name}: header {rows[0]} is not the spec's {columns}")
            continue
        string_fields = {f.name for f in cls._fields if isinstance(f, StringField)}
        for number, row in enumerate(rows[1:], start=2):
            record = cls()
            for column, value in zip(columns, row):
                if column in string_fields and value != "":
                    try:
                        setattr(record, column, value)
                    except ValueError as error:
                        problem(f"{name} line {number}: {error}")
                if column in LOCAL_TIME_COLUMNS and value and not LOCAL_TIME.match(value):
                    problem(f"{name} line {number}: {column} {value!r} is not YYYY-MM-DDThh:mm:ss")
                if column in UTC_TIME_COLUMNS and value and not UTC_TIME.match(value):
                    problem(f"{name} line {number}: {column} {value!r} is not ISO 8601 UTC")
                if column == "Z_BUCHUNGSTAG" and value and not DAY.match(value):
                    problem(f"{name} line {number}: Z_BUCHUNGSTAG {value!r} is not YYYY-MM-DD")


def check_numbers(tables, index_root):
    """Every Numeric column strictly: optional minus, digits, the declared decimal symbol and places."""
    for table in index_root.findall("./Media/Table"):
        url = table.find("./URL").text
        symbol = re.escape(table.find("./DecimalSymbol").text)
        columns = table.findall("./VariableLength/VariableColumn")
        for index, column in enumerate(columns):
            numeric = column.find("./Numeric")
            if numeric is None:
                continue
            accuracy = numeric.find("./Accuracy")
            places = int(accuracy.text) if accuracy is not None else 0
            pattern = re.compile(r"^-?[0-9]+" + (symbol + "[0-9]{%d}" % places if places else "") + "$")
            for number, row in enumerate(tables.get(url, [])[1:], start=2):
                if row[index] and not pattern.match(row[index]):
                    problem(f"{url} line {number}: {column.find('./Name').text} {row[index]!r} "
                            f"is not a number with {places} decimals")


def records(tables, name):
    rows = tables.get(name, [])
    return [dict(zip(rows[0], row)) for row in rows[1:]] if rows else []


def reconcile(tables):
    """Recomputes each closing's totals from its single records and compares."""
    summary = {}
    receipts = records(tables, "transactions.csv")
    counted = {(r["Z_KASSE_ID"], r["Z_NR"], r["BON_ID"]) for r in receipts if r["BON_TYP"] in COUNTED}
    line_case = {(l["Z_KASSE_ID"], l["Z_NR"], l["BON_ID"], l["POS_ZEILE"]): l["GV_TYP"]
                 for l in records(tables, "lines.csv")}
    cases = defaultdict(Decimal)
    for l in records(tables, "lines_vat.csv"):
        receipt = (l["Z_KASSE_ID"], l["Z_NR"], l["BON_ID"])
        if receipt in counted:
            case = line_case[receipt + (l["POS_ZEILE"],)]
            cases[(l["Z_KASSE_ID"], l["Z_NR"], case, l["UST_SCHLUESSEL"])] += Decimal(l["POS_BRUTTO"])
    closing_cases = defaultdict(Decimal)
    for c in records(tables, "businesscases.csv"):
        closing_cases[(c["Z_KASSE_ID"], c["Z_NR"], c["GV_TYP"], c["UST_SCHLUESSEL"])] += Decimal(c["Z_UMS_BRUTTO"])
        if Decimal(c["Z_UMS_NETTO"]) + Decimal(c["Z_UST"]) != Decimal(c["Z_UMS_BRUTTO"]):
            problem(f"businesscases.csv: net + VAT != gross in {c}")
    for key in set(cases) | set(closing_cases):
        if cases[key] != closing_cases[key]:
            problem(f"business case {key}: receipts {cases[key]}, closing {closing_cases[key]}")
    vat_by_receipt = defaultdict(Decimal)
    for v in records(tables, "transactions_vat.csv"):
        vat_by_receipt[(v["Z_KASSE_ID"], v["Z_NR"], v["BON_ID"])] += Decimal(v["BON_BRUTTO"])
    for r in receipts:
        key = (r["Z_KASSE_ID"], r["Z_NR"], r["BON_ID"])
        if vat_by_receipt[key] != Decimal(r["UMS_BRUTTO"]):
            problem(f"receipt {key}: UMS_BRUTTO {r['UMS_BRUTTO']}, VAT rows {vat_by_receipt[key]}")
    paid = defaultdict(Decimal)
    for p in records(tables, "datapayment.csv"):
        if (p["Z_KASSE_ID"], p["Z_NR"], p["BON_ID"]) in counted:
            paid[(p["Z_KASSE_ID"], p["Z_NR"], p["ZAHLART_TYP"], p["ZAHLART_NAME"])] += Decimal(p["BASISWAEH_BETRAG"])
    closing_paid = defaultdict(Decimal)
    for p in records(tables, "payment.csv"):
        closing_paid[(p["Z_KASSE_ID"], p["Z_NR"], p["ZAHLART_TYP"], p["ZAHLART_NAME"])] += Decimal(p["Z_ZAHLART_BETRAG"])
    for key in set(paid) | set(closing_paid):
        if paid[key] != closing_paid[key]:
            problem(f"payment {key}: receipts {paid[key]}, closing {closing_paid[key]}")
    cash_per_currency = {(c["Z_KASSE_ID"], c["Z_NR"]): Decimal(c["ZAHLART_BETRAG_WAEH"])
                         for c in records(tables, "cash_per_currency.csv") if c["ZAHLART_WAEH"] == "EUR"}
    tse_rows = defaultdict(list)
    for t in records(tables, "transactions_tse.csv"):
        tse_rows[(t["Z_KASSE_ID"], t["Z_NR"], t["BON_ID"])].append(t)
    outages = []
    for r in receipts:
        key = (r["Z_KASSE_ID"], r["Z_NR"], r["BON_ID"])
        rows = tse_rows.get(key, [])
        if len(rows) != 1:
            problem(f"receipt {key}: {len(rows)} TSE rows")
        elif rows[0]["TSE_TA_FEHLER"]:
            outages.append(r["BON_ID"])
            if rows[0]["TSE_TA_SIG"] or rows[0]["TSE_TANR"]:
                problem(f"receipt {key}: a TSE outage with a signature")
        elif not (rows[0]["TSE_TA_SIG"] and rows[0]["TSE_TANR"] and rows[0]["TSE_TA_SIGZ"]):
            problem(f"receipt {key}: neither signed nor marked as a TSE outage")
    bon_ids = {(r["Z_KASSE_ID"], r["Z_NR"], r["BON_ID"]) for r in receipts}
    for c in records(tables, "cashpointclosing.csv"):
        closing = (c["Z_KASSE_ID"], c["Z_NR"])
        payments = sum((v for k, v in closing_paid.items() if k[:2] == closing), Decimal(0))
        cash = sum((v for k, v in closing_paid.items() if k[:2] == closing and k[2] == "Bar"), Decimal(0))
        if Decimal(c["Z_SE_ZAHLUNGEN"]) != payments or Decimal(c["Z_SE_BARZAHLUNGEN"]) != cash:
            problem(f"closing {closing}: Z_SE_* {c['Z_SE_ZAHLUNGEN']}/{c['Z_SE_BARZAHLUNGEN']}, payments {payments}/{cash}")
        if cash_per_currency.get(closing, Decimal(0)) != cash:
            problem(f"closing {closing}: cash_per_currency {cash_per_currency.get(closing)}, cash {cash}")
        for column in ("Z_START_ID", "Z_ENDE_ID"):
            if closing + (c[column],) not in bon_ids:
                problem(f"closing {closing}: {column} {c[column]} is not one of its receipts")
        revenue = defaultdict(Decimal)
        for (kasse, z, case, key), amount in closing_cases.items():
            if (kasse, z) == closing and case == "Umsatz":
                revenue[key] += amount
        summary[f"{closing[0]}/{closing[1]}"] = {
            "payments": str(payments),
            "cash": str(cash),
            "receipts": sum(1 for r in receipts if (r["Z_KASSE_ID"], r["Z_NR"]) == closing),
            "revenue_by_vat_key": {k: str(v) for k, v in sorted(revenue.items())},
        }
    return summary, outages


def main():
    path = sys.argv[1]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        errors = dsfinvk.validate.validate_zip(path)
    problems.extend(f"dsfinvk.validate: {e}" for e in errors)
    problems.extend(f"dsfinvk.validate: {line}" for line in printed.getvalue().splitlines())
    with zipfile.ZipFile(path) as archive:
        index = archive.read("index.xml")
        dtd_name = "gdpdu-01-08-2002.dtd"
        if dtd_name not in archive.namelist():
            problem(f"{dtd_name} is missing")
        else:
            dtd = etree.DTD(io.BytesIO(archive.read(dtd_name)))
            root = etree.fromstring(index)
            if root.getroottree().docinfo.system_url != dtd_name:
                problem(f"index.xml's DOCTYPE names {root.getroottree().docinfo.system_url}")
            if not dtd.validate(root):
                problem(f"index.xml against the DTD: {dtd.error_log.filter_from_errors()}")
        tables = read_tables(archive)
    index_root = etree.fromstring(index)
    check_against_definitions(tables, index_root)
    check_numbers(tables, index_root)
    if not problems:
        closings, outages = reconcile(tables)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(json.dumps({
        "closings": closings,
        "outages": outages,
        "tables": {name: len(rows) - 1 for name, rows in sorted(tables.items())},
    }, sort_keys=True))


if __name__ == "__main__":
    main()
