// The TSE's status and the DSFinV-K export (back office).
import { commands } from "./bindings";
import { call } from "./ipc";

export const fiscalApi = {
  tseStatus: () => call(commands.tseStatus()),
  exportDsfinvk: (from: string, to: string, till: string | null) => call(commands.exportDsfinvk(from, to, till)),
};
