// Sync with head office: the outbox's figures and rows, and sending a dead letter again.
import { commands } from "./bindings";
import { call } from "./ipc";

export const syncApi = {
  status: (limit = 50) => call(commands.syncStatus(limit)),
  retry: (storeSeq: number) => call(commands.outboxRetry(storeSeq)),
};
