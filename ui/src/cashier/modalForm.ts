// The keyboard of a modal form in the till: Enter submits, Escape cancels, and no key reaches the
// till's shortcuts while the form is open.

/** `onsubmit` and `onkeydown` for a modal form's attributes. */
export function modalFormHandlers(confirm: () => void, cancel: () => void) {
  return {
    onsubmit: (e: Event) => {
      e.preventDefault();
      confirm();
    },
    onkeydown: (e: Event) => {
      // The dialog owns the keyboard while it is open: no till shortcut reaches the cart.
      e.stopPropagation();
      if ((e as KeyboardEvent).key === "Escape") {
        e.preventDefault();
        cancel();
      }
    },
  };
}
