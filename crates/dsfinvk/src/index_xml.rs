//! index.xml, the GDPdU description of the export: every table with its file, name, validity
//! (the business days covered), encoding UTF-8, decimal symbol, header row to skip, column and
//! record delimiters, text encapsulator and each column's data type; and the DTD it refers to.

use crate::format::{DECIMAL_SYMBOL, DIGIT_GROUPING_SYMBOL};
use crate::model::{Address, ExportInput};
use crate::tables::{ALL_TABLES, ColumnKind};
use chrono::NaiveDate;
use std::fmt::Write;

/// The DTD's file name, as index.xml's DOCTYPE names it.
pub const DTD_FILE: &str = "gdpdu-01-08-2002.dtd";
/// The GDPdU document type (Beschreibungsstandard 01.08.2002) shipped next to index.xml.
pub const DTD: &str = include_str!("gdpdu-01-08-2002.dtd");

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

fn one_line(address: &Address) -> String {
    format!(
        "{}, {} {}, {}",
        address.street, address.postcode, address.city, address.country
    )
}

/// The first and last business day of the export (Z_BUCHUNGSTAG, else the closing's date).
pub(crate) fn covered_days(input: &ExportInput) -> Option<(NaiveDate, NaiveDate)> {
    let days = input
        .closings
        .iter()
        .map(|c| c.business_day.unwrap_or(c.created_at.date()));
    let first = days.clone().min()?;
    let last = days.max()?;
    Some((first, last))
}

/// The text of index.xml for this input.
pub(crate) fn index_xml(input: &ExportInput) -> String {
    let mut xml = String::new();
    let company = &input.company;
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n\
         <!DOCTYPE DataSet SYSTEM \"{DTD_FILE}\">\r\n\
         <DataSet>\r\n\
         \x20 <Version>1.0</Version>\r\n\
         \x20 <DataSupplier>\r\n\
         \x20   <Name>{}</Name>\r\n\
         \x20   <Location>{}</Location>\r\n\
         \x20   <Comment>DSFinV-K {}; StNr {}; USt-IdNr {}</Comment>\r\n\
         \x20 </DataSupplier>\r\n\
         \x20 <Media>\r\n\
         \x20   <Name>DSFinV-K</Name>\r\n",
        escape(&company.name),
        escape(&one_line(&company.address)),
        escape(&input.taxonomy_version),
        escape(&company.tax_number),
        escape(&company.vat_id),
    );
    let validity = covered_days(input).map(|(first, last)| {
        format!(
            "      <Validity>\r\n        <Range>\r\n          <From>{}</From>\r\n          <To>{}</To>\r\n        </Range>\r\n        <Format>DD.MM.YYYY</Format>\r\n      </Validity>\r\n",
            first.format("%d.%m.%Y"),
            last.format("%d.%m.%Y"),
        )
    });
    for table in ALL_TABLES {
        let _ = write!(
            xml,
            "    <Table>\r\n\
             \x20     <URL>{}</URL>\r\n\
             \x20     <Name>{}</Name>\r\n\
             \x20     <Description>{}</Description>\r\n\
             {}\
             \x20     <UTF8/>\r\n\
             \x20     <DecimalSymbol>{DECIMAL_SYMBOL}</DecimalSymbol>\r\n\
             \x20     <DigitGroupingSymbol>{DIGIT_GROUPING_SYMBOL}</DigitGroupingSymbol>\r\n\
             \x20     <Range>\r\n\
             \x20       <From>2</From>\r\n\
             \x20     </Range>\r\n\
             \x20     <VariableLength>\r\n\
             \x20       <ColumnDelimiter>;</ColumnDelimiter>\r\n\
             \x20       <RecordDelimiter>&#13;&#10;</RecordDelimiter>\r\n\
             \x20       <TextEncapsulator>&quot;</TextEncapsulator>\r\n",
            table.file,
            escape(table.name),
            escape(table.description),
            validity.as_deref().unwrap_or_default(),
        );
        for column in table.columns {
            let kind = match column.kind {
                ColumnKind::Text(Some(max)) => {
                    format!("<AlphaNumeric/>\r\n          <MaxLength>{max}</MaxLength>")
                }
                ColumnKind::Text(None) => "<AlphaNumeric/>".to_owned(),
                ColumnKind::Number(0) => "<Numeric/>".to_owned(),
                ColumnKind::Number(decimals) => {
                    format!(
                        "<Numeric>\r\n            <Accuracy>{decimals}</Accuracy>\r\n          </Numeric>"
                    )
                }
            };
            let _ = write!(
                xml,
                "        <VariableColumn>\r\n          <Name>{}</Name>\r\n          {kind}\r\n        </VariableColumn>\r\n",
                column.name
            );
        }
        xml.push_str("      </VariableLength>\r\n    </Table>\r\n");
    }
    xml.push_str("  </Media>\r\n</DataSet>\r\n");
    xml
}
