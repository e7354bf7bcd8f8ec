import type { SearchError } from "./parse";

/** A search the parser refused, thrown by the read side; the API answers 400 invalid_query. */
export class SearchQueryError extends Error {
  constructor(readonly detail: SearchError) {
    super(detail.reason);
    this.name = "SearchQueryError";
  }
}
