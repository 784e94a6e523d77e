// Back office: customers (list, create, CSV import) and leads moved through the pipeline.
import { field, h, mount } from "../dom";
import { t } from "../i18n";
import { backoffice } from "../api/backOffice";
import type { Lead, LeadStatus } from "../api/bindings";
import { readFile, statusLine, table } from "./common";

/** The statuses a lead may move to next (conversion has its own button). */
export function nextStatuses(status: LeadStatus): LeadStatus[] {
  switch (status) {
    case "new":
      return ["contacted", "lost"];
    case "contacted":
      return ["qualified", "lost"];
    case "qualified":
      return ["lost"];
    case "lost":
      return ["new"];
    case "converted":
      return [];
  }
}

export function canConvert(status: LeadStatus): boolean {
  return status === "contacted" || status === "qualified" || status === "new";
}

export function crmPage(root: HTMLElement): void {
  const status = statusLine("crm-status");
  const customersBox = h("div", { id: "customers" });
  const leadsBox = h("div", { id: "leads" });
  const customerForm = h(
    "form",
    { id: "customer-form", class: "inline-form" },
    h("h3", {}, t("crm.newCustomer")),
    h("input", { name: "name", placeholder: t("crm.name"), "aria-label": t("crm.name") }),
    h("input", { name: "email", placeholder: t("crm.email"), "aria-label": t("crm.email") }),
    h("input", { name: "postal_code", placeholder: t("crm.postalCode"), "aria-label": t("crm.postalCode") }),
    h("input", { name: "city", placeholder: t("crm.city"), "aria-label": t("crm.city") }),
    h("button", { type: "submit", class: "primary" }, t("crm.create")),
  ) as HTMLFormElement;
  const leadForm = h(
    "form",
    { id: "lead-form", class: "inline-form" },
    h("h3", {}, t("crm.newLead")),
    h("input", { name: "name", placeholder: t("crm.name"), "aria-label": t("crm.name") }),
    h("input", { name: "company", placeholder: t("crm.company"), "aria-label": t("crm.company") }),
    h("input", { name: "interest", placeholder: t("crm.interest"), "aria-label": t("crm.interest") }),
    h("button", { type: "submit", class: "primary" }, t("crm.create")),
  ) as HTMLFormElement;
  const customerFile = h("input", { id: "customer-import", type: "file", accept: ".csv,text/csv", "aria-label": t("crm.import") });

  async function load(): Promise<void> {
    try {
      const [customers, leads] = await Promise.all([backoffice.customers(), backoffice.leads()]);
      mount(
        customersBox,
        h("h3", {}, t("crm.customers", { n: customers.length })),
        table(
          [t("crm.no"), t("crm.name"), t("crm.city"), t("crm.type")],
          customers.map((c) => [c.customer_no, c.name, [c.postal_code, c.city].filter(Boolean).join(" "), c.customer_type]),
          { id: "customers-table" },
        ),
      );
      mount(leadsBox, h("h3", {}, t("crm.leads", { n: leads.length })), pipeline(leads));
    } catch (error) {
      status.fail(error);
    }
  }

  function pipeline(leads: Lead[]): HTMLElement {
    const columns: LeadStatus[] = ["new", "contacted", "qualified", "converted", "lost"];
    return h(
      "div",
      { class: "pipeline", id: "pipeline" },
      columns.map((col) =>
        h(
          "section",
          { class: "stage", "data-status": col },
          h("h4", {}, t(`lead.${col}` as "lead.new")),
          leads
            .filter((l) => l.status === col)
            .map((l) =>
              h(
                "article",
                { class: "lead", "data-id": l.id },
                h("strong", {}, l.name),
                l.company ? h("small", {}, l.company) : null,
                l.interest ? h("small", {}, l.interest) : null,
                l.customer_no ? h("small", {}, `→ ${l.customer_no}`) : null,
                h(
                  "div",
                  { class: "lead-actions" },
                  nextStatuses(l.status).map((next) =>
                    h("button", { "data-to": next, onclick: () => void move(l.id, next) }, `→ ${t(`lead.${next}` as "lead.new")}`),
                  ),
                  canConvert(l.status) ? h("button", { class: "primary convert", onclick: () => void convert(l.id) }, t("crm.convert")) : null,
                ),
              ),
            ),
        ),
      ),
    );
  }

  async function move(id: number, to: LeadStatus): Promise<void> {
    try {
      await backoffice.leadStatus(id, to);
      await load();
    } catch (error) {
      status.fail(error);
    }
  }

  async function convert(id: number): Promise<void> {
    try {
      const { customer } = await backoffice.convertLead(id);
      status.ok(t("crm.converted", { no: customer.customer_no, name: customer.name }));
      await load();
    } catch (error) {
      status.fail(error);
    }
  }

  customerForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const c = await backoffice.addCustomer({ name: field(customerForm, "name"), email: field(customerForm, "email"), postal_code: field(customerForm, "postal_code"), city: field(customerForm, "city") });
      status.ok(t("crm.customerCreated", { no: c.customer_no, name: c.name }));
      customerForm.reset();
      await load();
    } catch (error) {
      status.fail(error);
    }
  });
  leadForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const l = await backoffice.addLead({ name: field(leadForm, "name"), company: field(leadForm, "company"), interest: field(leadForm, "interest") });
      status.ok(t("crm.leadCreated", { name: l.name }));
      leadForm.reset();
      await load();
    } catch (error) {
      status.fail(error);
    }
  });
  customerFile.addEventListener("change", async () => {
    const file = customerFile.files?.[0];
    if (!file) return;
    try {
      const s = await backoffice.importCustomers((await readFile(file, () => {})).text);
      status.ok(t("import.summary", { rows: s.rows, created: s.created, updated: s.updated, unchanged: s.unchanged, rejected: s.errors.length }) + s.errors.map((e) => ` · ${t("import.line")} ${e.line}: ${e.reason}`).join(""));
      await load();
    } catch (error) {
      status.fail(error);
    } finally {
      customerFile.value = "";
    }
  });

  mount(
    root,
    status.el,
    h("div", { class: "two-col" }, h("div", {}, customerForm, h("label", { class: "file" }, t("crm.import"), customerFile), customersBox), h("div", {}, leadForm, leadsBox)),
  );
  void load();
}
