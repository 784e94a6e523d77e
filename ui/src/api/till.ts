// The till's commands, as the cashier screen uses them: the cart of one terminal, the manager's
// discount, payment, receipts and where the customer display listens.
import { commands } from "./bindings";
import type { TenderInput } from "./bindings";
import { call } from "./ipc";

/** A manager's name and PIN, sent along with what the cashier may not do alone. */
export interface ManagerPin {
  manager: string;
  pin: string;
}

export const till = {
  show: (terminal: string) => call(commands.tillShow(terminal)),
  scan: (terminal: string, code: string, quantity = 1) => call(commands.tillScan(terminal, code, quantity)),
  setQuantity: (terminal: string, sku: string, quantity: number) => call(commands.tillSetQuantity(terminal, sku, quantity)),
  remove: (terminal: string, sku: string) => call(commands.tillRemove(terminal, sku)),
  discount: (terminal: string, sku: string, discountCents: number, manager?: ManagerPin) =>
    call(commands.tillDiscount(terminal, sku, discountCents, manager?.manager ?? null, manager?.pin ?? null)),
  attachCustomer: (terminal: string, customerNo: string | null) => call(commands.tillAttachCustomer(terminal, customerNo)),
  clear: (terminal: string) => call(commands.tillClear(terminal)),
  startPayment: (terminal: string, tender: TenderInput) => call(commands.tillStartPayment(terminal, tender)),
  pay: (terminal: string, tender: TenderInput) => call(commands.tillPay(terminal, tender)),
};

export const receipt = (receiptNo: number) => call(commands.receiptShow(receiptNo));
export const displayEndpoint = () => call(commands.displayEndpoint());
