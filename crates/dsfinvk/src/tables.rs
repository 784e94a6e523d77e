//! The DSFinV-K 2.x tables: file name, table name, and the columns in the spec's order with their
//! data type (text with maximum length, or number with a fixed count of decimals).

/// A column's data type as index.xml declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// AlphaNumeric, with MaxLength when the spec limits it.
    Text(Option<usize>),
    /// Numeric with this many decimals (Accuracy).
    Number(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnKind,
}

/// Which of the three DSFinV-K modules a table belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// Einzelaufzeichnungsmodul: the receipts.
    SingleRecords,
    /// Stammdatenmodul: master data per closing.
    MasterData,
    /// Kassenabschlussmodul: the closing's totals.
    Closing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// The file name in the archive (the spec's, e.g. `lines.csv`).
    pub file: &'static str,
    /// The spec's table name, e.g. `Bonpos`.
    pub name: &'static str,
    pub description: &'static str,
    pub module: Module,
    pub columns: &'static [Column],
}

const fn text(name: &'static str, max: usize) -> Column {
    Column {
        name,
        kind: ColumnKind::Text(Some(max)),
    }
}

const fn free_text(name: &'static str) -> Column {
    Column {
        name,
        kind: ColumnKind::Text(None),
    }
}

const fn number(name: &'static str, decimals: u8) -> Column {
    Column {
        name,
        kind: ColumnKind::Number(decimals),
    }
}

/// Z_KASSE_ID, Z_ERSTELLUNG, Z_NR: the key every table starts with.
macro_rules! closing_key {
    ($($rest:expr),* $(,)?) => {
        &[text("Z_KASSE_ID", 50), free_text("Z_ERSTELLUNG"), number("Z_NR", 0), $($rest),*]
    };
}

pub const LINES: Table = Table {
    file: "lines.csv",
    name: "Bonpos",
    description: "Bonpositionen",
    module: Module::SingleRecords,
    columns: closing_key![
        text("BON_ID", 40),
        text("POS_ZEILE", 50),
        text("GUTSCHEIN_NR", 50),
        text("ARTIKELTEXT", 255),
        text("POS_TERMINAL_ID", 50),
        text("GV_TYP", 30),
        text("GV_NAME", 40),
        number("INHAUS", 0),
        number("P_STORNO", 0),
        number("AGENTUR_ID", 0),
        text("ART_NR", 50),
        text("GTIN", 50),
        text("WARENGR_ID", 40),
        text("WARENGR", 50),
        number("MENGE", 3),
        number("FAKTOR", 3),
        text("EINHEIT", 50),
        number("STK_BR", 5),
    ],
};

pub const LINES_VAT: Table = Table {
    file: "lines_vat.csv",
    name: "Bonpos_USt",
    description: "Bonpositionen: Umsatzsteuer je Position",
    module: Module::SingleRecords,
    columns: closing_key![
        text("BON_ID", 40),
        text("POS_ZEILE", 50),
        number("UST_SCHLUESSEL", 0),
        number("POS_BRUTTO", 5),
        number("POS_NETTO", 5),
        number("POS_UST", 5),
    ],
};

pub const ITEM_AMOUNTS: Table = Table {
    file: "itemamounts.csv",
    name: "Bonpos_Preisfindung",
    description: "Bonpositionen: Preisfindung (Basispreis, Rabatte, Zuschläge)",
    module: Module::SingleRecords,
    columns: closing_key![
        text("BON_ID", 40),
        text("POS_ZEILE", 50),
        text("TYP", 20),
        number("UST_SCHLUESSEL", 0),
        number("PF_BRUTTO", 5),
        number("PF_NETTO", 5),
        number("PF_UST", 5),
    ],
};

pub const SUB_ITEMS: Table = Table {
    file: "subitems.csv",
    name: "Bonpos_Zusatzinfo",
    description: "Bonpositionen: Zusatzinformationen (Bestandteile)",
    module: Module::SingleRecords,
    columns: closing_key![
        text("BON_ID", 40),
        text("POS_ZEILE", 50),
        text("ZI_ART_NR", 50),
        text("ZI_GTIN", 50),
        text("ZI_NAME", 50),
        text("ZI_WARENGR_ID", 40),
        text("ZI_WARENGR", 50),
        number("ZI_MENGE", 3),
        number("ZI_FAKTOR", 3),
        text("ZI_EINHEIT", 50),
        number("ZI_UST_SCHLUESSEL", 0),
        number("ZI_BASISPREIS_BRUTTO", 5),
        number("ZI_BASISPREIS_NETTO", 5),
        number("ZI_BASISPREIS_UST", 5),
    ],
};

pub const TRANSACTIONS: Table = Table {
    file: "transactions.csv",
    name: "Bonkopf",
    description: "Bonkopf",
    module: Module::SingleRecords,
    columns: closing_key![
        text("BON_ID", 40),
        number("BON_NR", 0),
        text("BON_TYP", 30),
        text("BON_NAME", 60),
        text("TERMINAL_ID", 50),
        number("BON_STORNO", 0),
        free_text("BON_START"),
        free_text("BON_ENDE"),
        text("BEDIENER_ID", 50),
        text("BEDIENER_NAME", 50),
        number("UMS_BRUTTO", 2),
        text("KUNDE_NAME", 50),
        text("KUNDE_ID", 50),
        text("KUNDE_TYP", 50),
        text("KUNDE_STRASSE", 60),
        text("KUNDE_PLZ", 10),
        text("KUNDE_ORT", 62),
        text("KUNDE_LAND", 3),
        text("KUNDE_USTID", 15),
        text("BON_NOTIZ", 255),
    ],
};

pub const TRANSACTIONS_VAT: Table = Table {
    file: "transactions_vat.csv",
    name: "Bonkopf_USt",
    description: "Bonkopf: Umsatzsteuer je Steuersatz",
    module: Module::SingleRecords,
    columns: closing_key![
        text("BON_ID", 40),
        number("UST_SCHLUESSEL", 0),
        number("BON_BRUTTO", 5),
        number("BON_NETTO", 5),
        number("BON_UST", 5),
    ],
};

pub const ALLOCATION_GROUPS: Table = Table {
    file: "allocation_groups.csv",
    name: "Bonkopf_AbrKreis",
    description: "Bonkopf: Abrechnungskreis",
    module: Module::SingleRecords,
    columns: closing_key![text("BON_ID", 40), text("ABRECHNUNGSKREIS", 50)],
};

pub const DATA_PAYMENT: Table = Table {
    file: "datapayment.csv",
    name: "Bonkopf_Zahlarten",
    description: "Bonkopf: Zahlarten",
    module: Module::SingleRecords,
    columns: closing_key![
        text("BON_ID", 40),
        text("ZAHLART_TYP", 25),
        text("ZAHLART_NAME", 60),
        text("ZAHLWAEH_CODE", 3),
        number("ZAHLWAEH_BETRAG", 2),
        number("BASISWAEH_BETRAG", 2),
    ],
};

pub const REFERENCES: Table = Table {
    file: "references.csv",
    name: "Bon_Referenzen",
    description: "Referenzen auf andere Vorgänge oder externe Belege",
    module: Module::SingleRecords,
    columns: closing_key![
        text("BON_ID", 40),
        free_text("POS_ZEILE"),
        text("REF_TYP", 20),
        text("REF_NAME", 40),
        free_text("REF_DATUM"),
        text("REF_Z_KASSE_ID", 50),
        number("REF_Z_NR", 0),
        text("REF_BON_ID", 40),
    ],
};

pub const TRANSACTIONS_TSE: Table = Table {
    file: "transactions_tse.csv",
    name: "TSE_Transaktionen",
    description: "TSE-Transaktionen",
    module: Module::SingleRecords,
    columns: closing_key![
        text("BON_ID", 40),
        number("TSE_ID", 0),
        number("TSE_TANR", 0),
        free_text("TSE_TA_START"),
        free_text("TSE_TA_ENDE"),
        text("TSE_TA_VORGANGSART", 30),
        number("TSE_TA_SIGZ", 0),
        text("TSE_TA_SIG", 512),
        text("TSE_TA_FEHLER", 200),
        free_text("TSE_VORGANGSDATEN"),
    ],
};

pub const CASHPOINT_CLOSING: Table = Table {
    file: "cashpointclosing.csv",
    name: "Stamm_Abschluss",
    description: "Stammdaten: Kassenabschluss",
    module: Module::MasterData,
    columns: closing_key![
        free_text("Z_BUCHUNGSTAG"),
        text("TAXONOMIE_VERSION", 10),
        text("Z_START_ID", 40),
        text("Z_ENDE_ID", 40),
        text("NAME", 60),
        text("STRASSE", 60),
        text("PLZ", 10),
        text("ORT", 62),
        text("LAND", 3),
        text("STNR", 20),
        text("USTID", 15),
        number("Z_SE_ZAHLUNGEN", 2),
        number("Z_SE_BARZAHLUNGEN", 2),
    ],
};

pub const LOCATION: Table = Table {
    file: "location.csv",
    name: "Stamm_Orte",
    description: "Stammdaten: Standort",
    module: Module::MasterData,
    columns: closing_key![
        text("LOC_NAME", 60),
        text("LOC_STRASSE", 60),
        text("LOC_PLZ", 10),
        text("LOC_ORT", 62),
        text("LOC_LAND", 3),
        text("LOC_USTID", 15),
    ],
};

pub const CASH_REGISTER: Table = Table {
    file: "cashregister.csv",
    name: "Stamm_Kassen",
    description: "Stammdaten: Kassen",
    module: Module::MasterData,
    columns: closing_key![
        text("KASSE_BRAND", 50),
        text("KASSE_MODELL", 50),
        text("KASSE_SERIENNR", 70),
        text("KASSE_SW_BRAND", 50),
        text("KASSE_SW_VERSION", 50),
        text("KASSE_BASISWAEH_CODE", 3),
        number("KEINE_UST_ZUORDNUNG", 0),
    ],
};

pub const SLAVES: Table = Table {
    file: "slaves.csv",
    name: "Stamm_Terminals",
    description: "Stammdaten: Terminals",
    module: Module::MasterData,
    columns: closing_key![
        text("TERMINAL_ID", 50),
        text("TERMINAL_BRAND", 50),
        text("TERMINAL_MODELL", 50),
        text("TERMINAL_SERIENNR", 70),
        text("TERMINAL_SW_BRAND", 50),
        text("TERMINAL_SW_VERSION", 50),
    ],
};

pub const AGENCIES: Table = Table {
    file: "pa.csv",
    name: "Stamm_Agenturen",
    description: "Stammdaten: Agenturen",
    module: Module::MasterData,
    columns: closing_key![
        number("AGENTUR_ID", 0),
        text("AGENTUR_NAME", 60),
        text("AGENTUR_STRASSE", 60),
        text("AGENTUR_PLZ", 10),
        text("AGENTUR_ORT", 62),
        text("AGENTUR_LAND", 3),
        text("AGENTUR_STNR", 20),
        text("AGENTUR_USTID", 15),
    ],
};

pub const VAT: Table = Table {
    file: "vat.csv",
    name: "Stamm_USt",
    description: "Stammdaten: Umsatzsteuer",
    module: Module::MasterData,
    columns: closing_key![
        number("UST_SCHLUESSEL", 0),
        number("UST_SATZ", 2),
        text("UST_BESCHR", 55),
    ],
};

pub const TSE: Table = Table {
    file: "tse.csv",
    name: "Stamm_TSE",
    description: "Stammdaten: TSE",
    module: Module::MasterData,
    columns: closing_key![
        number("TSE_ID", 0),
        text("TSE_SERIAL", 68),
        text("TSE_SIG_ALGO", 30),
        free_text("TSE_ZEITFORMAT"),
        text("TSE_PD_ENCODING", 5),
        text("TSE_PUBLIC_KEY", 512),
        text("TSE_ZERTIFIKAT_I", 1000),
        text("TSE_ZERTIFIKAT_II", 1000),
        text("TSE_ZERTIFIKAT_III", 1000),
        text("TSE_ZERTIFIKAT_IV", 1000),
        text("TSE_ZERTIFIKAT_V", 1000),
        text("TSE_ZERTIFIKAT_VI", 1000),
        text("TSE_ZERTIFIKAT_VII", 1000),
    ],
};

pub const BUSINESS_CASES: Table = Table {
    file: "businesscases.csv",
    name: "Z_GV_Typ",
    description: "Kassenabschluss: Summen je Geschäftsvorfalltyp und Steuersatz",
    module: Module::Closing,
    columns: closing_key![
        text("GV_TYP", 30),
        text("GV_NAME", 40),
        number("AGENTUR_ID", 0),
        number("UST_SCHLUESSEL", 0),
        number("Z_UMS_BRUTTO", 5),
        number("Z_UMS_NETTO", 5),
        number("Z_UST", 5),
    ],
};

pub const PAYMENT: Table = Table {
    file: "payment.csv",
    name: "Z_Zahlart",
    description: "Kassenabschluss: Summen je Zahlart",
    module: Module::Closing,
    columns: closing_key![
        text("ZAHLART_TYP", 25),
        text("ZAHLART_NAME", 60),
        number("Z_ZAHLART_BETRAG", 2),
    ],
};

pub const CASH_PER_CURRENCY: Table = Table {
    file: "cash_per_currency.csv",
    name: "Z_Waehrungen",
    description: "Kassenabschluss: Bargeld je Währung",
    module: Module::Closing,
    columns: closing_key![text("ZAHLART_WAEH", 3), number("ZAHLART_BETRAG_WAEH", 2)],
};

/// Every DSFinV-K 2.x table, in the order index.xml lists them.
pub const ALL_TABLES: [Table; 20] = [
    LINES,
    LINES_VAT,
    ITEM_AMOUNTS,
    SUB_ITEMS,
    TRANSACTIONS,
    TRANSACTIONS_VAT,
    ALLOCATION_GROUPS,
    DATA_PAYMENT,
    REFERENCES,
    TRANSACTIONS_TSE,
    CASHPOINT_CLOSING,
    LOCATION,
    CASH_REGISTER,
    SLAVES,
    AGENCIES,
    VAT,
    TSE,
    BUSINESS_CASES,
    PAYMENT,
    CASH_PER_CURRENCY,
];
