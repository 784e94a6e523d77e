//! An order's documents for the supplier: the CSV in the common supplier format (semicolons,
//! UTF-8, one article per row: article number, supplier article number, EAN, quantity, pack size)
//! and a printable A4 page with the order's head, its lines and the total.

use filiale_domain::Cents;
use filiale_store::purchase_orders::OrderDetail;

/// The CSV's header row.
pub const CSV_HEADER: &str = "Artikelnummer;Lieferantenartikelnummer;EAN;Menge;VPE";

/// A CSV field: quoted when it holds a separator, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The order's lines as the supplier's CSV (CRLF line ends, as spreadsheets and EDI imports expect).
pub fn csv(order: &OrderDetail) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for line in &order.lines {
        let row = [
            field(&line.sku),
            field(line.supplier_sku.as_deref().unwrap_or("")),
            field(line.ean.as_deref().unwrap_or("")),
            line.ordered.to_string(),
            line.pack_size.to_string(),
        ];
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `2025-03-14` as `14.03.2025`; anything else as it is.
fn german_date(day: &str) -> String {
    let day = day.get(..10).unwrap_or(day);
    match day.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => format!("{d}.{m}.{y}"),
        _ => day.to_owned(),
    }
}

/// The order as a self-contained printable page (no scripts, no outside resources).
pub fn page(order: &OrderDetail, store_name: &str, store_id: &str) -> String {
    let s = &order.summary;
    let mut rows = String::new();
    for line in &order.lines {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            line.line_no,
            escape(&line.sku),
            escape(line.supplier_sku.as_deref().unwrap_or("")),
            escape(&line.name),
            escape(line.ean.as_deref().unwrap_or("")),
            line.ordered,
            line.pack_size,
            Cents::new(line.unit_cost_cents * line.ordered).to_german(),
        ));
    }
    let expected = s
        .expected_on
        .as_deref()
        .map(german_date)
        .unwrap_or_default();
    format!(
        r#"<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Bestellung {no}</title>
<style>
@page {{ size: A4; margin: 18mm; }}
body {{ font-family: sans-serif; font-size: 11pt; color: #000; }}
h1 {{ font-size: 16pt; margin: 0 0 4mm; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 6mm; }}
th, td {{ border-bottom: 1px solid #999; padding: 1.5mm 2mm; text-align: left; }}
.n {{ text-align: right; }}
.head td {{ border: none; padding: 0.5mm 4mm 0.5mm 0; }}
</style></head>
<body>
<h1>Bestellung {no}</h1>
<table class="head">
<tr><td>Besteller</td><td>{store} ({store_id})</td></tr>
<tr><td>Lieferant</td><td>{supplier}</td></tr>
<tr><td>Bestelldatum</td><td>{created}</td></tr>
<tr><td>Liefertermin</td><td>{expected}</td></tr>
<tr><td>Freigegeben von</td><td>{decided_by}</td></tr>
<tr><td>Status</td><td>{state}</td></tr>
</table>
<table>
<thead><tr><th>Pos.</th><th>Artikelnummer</th><th>Lief.-Art.-Nr.</th><th>Bezeichnung</th><th>EAN</th><th class="n">Menge</th><th class="n">VPE</th><th class="n">Betrag</th></tr></thead>
<tbody>
{rows}</tbody>
<tfoot><tr><th colspan="7">Summe (netto, Einkauf)</th><th class="n">{total}</th></tr></tfoot>
</table>
</body></html>
"#,
        no = escape(&s.order_no),
        store = escape(store_name),
        store_id = escape(store_id),
        supplier = escape(&s.supplier),
        created = german_date(&s.created_at),
        expected = expected,
        decided_by = escape(&s.decided_by),
        state = s.state.german(),
        rows = rows,
        total = Cents::new(s.total_cents).to_german(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_separators_are_quoted_and_pages_escape_markup() {
        assert_eq!(field("A;B"), "\"A;B\"");
        assert_eq!(field("Topf \"groß\""), "\"Topf \"\"groß\"\"\"");
        assert_eq!(field("GF-1"), "GF-1");
        assert_eq!(escape("<b>&"), "&lt;b&gt;&amp;");
        assert_eq!(german_date("2025-03-14T09:00:00Z"), "14.03.2025");
    }
}
