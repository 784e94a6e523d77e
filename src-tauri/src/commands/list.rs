//! The cashier window's commands, listed once. The shell (`commands/mod.rs`) turns the list into
//! the invoke handler and the generated TypeScript (`ui/src/api/bindings.ts`); `build.rs` turns it
//! into Tauri's app manifest and the cashier window's capability. Each passes its own macro to
//! [`with_commands`], which calls it with every command as a `module::command` path.

/// Calls `$then!` with every command of the cashier window.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            till::display_endpoint,
            till::till_show,
            till::till_scan,
            till::till_set_quantity,
            till::till_remove,
            till::till_discount,
            till::till_attach_customer,
            till::till_clear,
            till::till_start_payment,
            till::till_pay,
            till::receipt_show,
            search::articles_filter,
            search::search_articles,
            back_office::store_overview,
            back_office::articles_list,
            back_office::article_save,
            back_office::articles_import,
            back_office::customers_import,
            back_office::stock_low,
            back_office::stock_receive,
            back_office::stock_adjust,
            back_office::customers_list,
            back_office::customer_add,
            back_office::leads_list,
            back_office::lead_add,
            back_office::lead_status,
            back_office::lead_convert,
            back_office::journal_show,
            back_office::receipt_refundable,
            back_office::receipt_refund,
            back_office::audit_log,
            back_office::audit_verify,
            purchasing::reorder_list,
            purchasing::reorder_show,
            purchasing::reorder_start,
            purchasing::reorder_approve,
            purchasing::reorder_reject,
            purchasing::reorder_sales_history,
            staff::staff_list,
            staff::staff_add,
            staff::staff_reset_pin,
            staff::staff_set_role,
            sync::sync_status,
            sync::outbox_retry,
            probe::probe_ready,
            probe::probe_report,
            purchasing::orders_list,
            purchasing::order_show,
            purchasing::order_receive,
            purchasing::order_cancel,
            purchasing::order_documents,
        }
    };
}

pub(crate) use with_commands;
