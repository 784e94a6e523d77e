// The staff page's commands. A manager's name and PIN go along with every change; the core checks
// them and never hands a PIN back.
import { commands } from "./bindings";
import type { Role } from "./bindings";
import { call } from "./ipc";
import type { ManagerPin } from "./till";

export const staffApi = {
  list: () => call(commands.staffList()),
  add: (name: string, role: Role, pin: string, approval: ManagerPin | null) =>
    call(commands.staffAdd(name, role, pin, approval?.manager ?? null, approval?.pin ?? null)),
  resetPin: (name: string, pin: string, approval: ManagerPin) => call(commands.staffResetPin(name, pin, approval.manager, approval.pin)),
  setRole: (name: string, role: Role, approval: ManagerPin) => call(commands.staffSetRole(name, role, approval.manager, approval.pin)),
};
