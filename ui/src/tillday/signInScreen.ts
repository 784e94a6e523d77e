// The sign-in and lock screen of the till: name and PIN. A wrong PIN says how many attempts are
// left; a locked cashier says until when. Shown at start, after "Kasse sperren" and when the till
// locked itself after the idle time.
import { field, h, mount } from "../dom";
import { t } from "../i18n";
import type { TillScreen } from "../api/bindings";
import { toUiError } from "../api/ipc";
import { explainRefusal } from "../api/refusal";
import { tillDay } from "../api/tillDay";

export interface SignInOptions {
  tillName: string;
  /** Why the till is locked (shown above the form), if it locked itself. */
  notice: string | null;
  signedIn: (screen: TillScreen) => void;
}

export function signInScreen(root: HTMLElement, options: SignInOptions): void {
  const problem = h("p", { id: "signin-error", class: "error-banner", role: "alert", hidden: true });
  const name = h("input", { id: "signin-name", name: "name", autocomplete: "username", "aria-label": t("signin.name") });
  const pin = h("input", { id: "signin-pin", name: "pin", type: "password", inputmode: "numeric", autocomplete: "off", "aria-label": t("signin.pin") });
  let busy = false;

  const form = h(
    "form",
    {
      class: "signin-form",
      "data-testid": "signin",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void submit();
      },
    },
    h("h2", {}, t("signin.title")),
    h("p", { class: "hint" }, options.tillName),
    options.notice ? h("p", { id: "signin-notice", class: "ok-banner" }, options.notice) : null,
    h("label", { for: "signin-name" }, t("signin.name")),
    name,
    h("label", { for: "signin-pin" }, t("signin.pin")),
    pin,
    problem,
    h("button", { type: "submit", id: "signin-submit", class: "primary big" }, t("signin.submit")),
  );

  async function submit(): Promise<void> {
    const typedName = field(form, "name");
    const typedPin = field(form, "pin");
    if (typedName === "" || typedPin === "") {
      problem.hidden = false;
      problem.dataset.code = "invalid_input";
      problem.textContent = t("signin.missing");
      return;
    }
    if (busy) return;
    busy = true;
    try {
      const screen = await tillDay.signIn(typedName, typedPin);
      options.signedIn(screen);
    } catch (error) {
      const e = toUiError(error);
      pin.value = "";
      problem.hidden = false;
      problem.dataset.code = e.code;
      problem.textContent = explainRefusal(e);
      pin.focus();
    } finally {
      busy = false;
    }
  }

  mount(root, h("div", { class: "till-center" }, form));
  root.dataset.ready = "sign-in";
  name.focus();
}
