//! Build script of the desktop shell: Tauri's code generation, with the capabilities under src-tauri/.

/// Every app command; each must also be allowed in a capability (src-tauri/capabilities/).
const COMMANDS: &[&str] = &[
    "store_overview",
    "display_endpoint",
    "articles_filter",
    "search_articles",
    "till_show",
    "till_scan",
    "till_set_quantity",
    "till_remove",
    "till_discount",
    "till_attach_customer",
    "till_clear",
    "till_start_payment",
    "till_pay",
    "receipt_show",
    "articles_list",
    "article_save",
    "articles_import",
    "customers_import",
    "stock_low",
    "stock_receive",
    "stock_adjust",
    "customers_list",
    "customer_add",
    "leads_list",
    "lead_add",
    "lead_status",
    "lead_convert",
    "journal_show",
    "sync_status",
    "outbox_retry",
    "reorder_list",
    "reorder_show",
    "reorder_start",
    "reorder_approve",
    "reorder_reject",
    "reorder_sales_history",
    "receipt_refundable",
    "receipt_refund",
    "staff_list",
    "staff_add",
    "staff_reset_pin",
    "staff_set_role",
    "audit_log",
    "audit_verify",
    "probe_ready",
    "probe_report",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build configuration");
}
