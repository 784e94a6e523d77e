// The cashier's article search: the typeahead and the plain filter it is measured against.
import { commands } from "./bindings";
import type { ArticleSearch } from "./bindings";
import { call } from "./ipc";

export type { ArticleSearch };

/** A function the typeahead asks for articles matching a query. */
export type SearchArticles = (query: string, limit?: number) => Promise<ArticleSearch>;

/**
 * The cashier's instant article search: an exact SKU or EAN first, then the hybrid search over
 * the catalogue (lexical when no embedding model is loaded).
 */
export const searchArticles: SearchArticles = (query, limit = 12) => call(commands.searchArticles(query, limit));

/** The plain substring filter over the catalogue (the benchmark's baseline). */
export const filterArticles: SearchArticles = async (query, limit = 12) => ({
  mode: "filter",
  articles: await call(commands.articlesFilter(query, limit)),
});
