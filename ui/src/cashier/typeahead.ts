// The typeahead's rule: every keystroke asks, but only the newest question may answer. A slow
// answer to "ra" that arrives after the answer to "rasen" is dropped, never shown.

export interface Typeahead {
  /** Asks for `query`; resolves to whether its answer was shown (false when overtaken). */
  ask(query: string): Promise<boolean>;
}

export function typeahead<R>(
  search: (query: string) => Promise<R>,
  show: (query: string, result: R) => void,
  fail: (error: unknown) => void,
): Typeahead {
  let newest = 0;
  return {
    async ask(query: string): Promise<boolean> {
      const seq = ++newest;
      try {
        const result = await search(query);
        if (seq !== newest) return false;
        show(query, result);
        return true;
      } catch (error) {
        if (seq === newest) fail(error);
        return false;
      }
    },
  };
}
