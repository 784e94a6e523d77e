// The store manager's purchase orders: list and detail, goods receipt against an order,
// cancellation, and the order's documents for the supplier (CSV and printable page).
import { commands } from "./bindings";
import type { OrderDetail, OrderSummary, ReceiptLineInput, ReceiptOutcome, ReceiveOptions } from "./bindings";
import { call } from "./ipc";

export type { OrderDetail, OrderLineView, OrderState, OrderSummary, ReceiptLineInput, ReceiptOutcome, ReceiveOptions } from "./bindings";

/** The commands the orders page needs; tests and the real core both provide them. */
export interface OrdersApi {
  list(openOnly: boolean): Promise<OrderSummary[]>;
  show(orderNo: string): Promise<OrderDetail>;
  receive(orderNo: string, lines: ReceiptLineInput[], options: ReceiveOptions): Promise<ReceiptOutcome>;
  cancel(orderNo: string, by: string): Promise<OrderDetail>;
  documents(orderNo: string): Promise<{ csv: string; page: string }>;
}

export const ordersApi: OrdersApi = {
  list: (openOnly) => call(commands.ordersList(openOnly)),
  show: (orderNo) => call(commands.orderShow(orderNo)),
  receive: (orderNo, lines, options) => call(commands.orderReceive(orderNo, lines, options)),
  cancel: (orderNo, by) => call(commands.orderCancel(orderNo, by)),
  documents: (orderNo) => call(commands.orderDocuments(orderNo)),
};
