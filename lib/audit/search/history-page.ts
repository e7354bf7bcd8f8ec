// One page of a record's history as the entry view shows it: newest first, ten steps at
// a time, optionally only one action's steps. The history itself (the newest 500
// entries, oldest first, with the state after each) is read whole, because each step's
// state depends on the steps before it; the page is cut from it, addressed by the step
// it starts after or before (keyset over the steps, never an offset in the address).
import { isUuid } from "@/lib/uuid";
import type { HistoryStep } from "./history";

export const HISTORY_PAGE_SIZE = 10;

export type HistoryPageParams = {
  /** Start after this step (the older page). */
  before?: string | null;
  /** End before this step (the newer page). */
  after?: string | null;
  /** Only this action's steps. */
  action?: string | null;
  /** With no position, the page that holds this step (the entry being shown). */
  around?: string | null;
};

export type HistoryPage<E> = {
  /** Newest first; `number` counts from the oldest step of the whole history (1). */
  steps: Array<HistoryStep<E> & { number: number }>;
  /** Steps matching the filter, and in all. */
  matching: number;
  total: number;
  /** Actions present in the history, for the filter. */
  actions: string[];
  action: string | null;
  /** The step ids to page by: newer page = `after` this, older page = `before` this. */
  newer: string | null;
  older: string | null;
};

export function historyPage<E extends { id: string; action: string }>(steps: ReadonlyArray<HistoryStep<E>>, params: HistoryPageParams, size = HISTORY_PAGE_SIZE): HistoryPage<E> {
  const numbered = steps.map((s, i) => ({ ...s, number: i + 1 })).reverse();
  const actions = [...new Set(steps.map((s) => s.entry.action))].sort();
  const action = params.action && actions.includes(params.action) ? params.action : null;
  const list = action ? numbered.filter((s) => s.entry.action === action) : numbered;
  const at = (id: string | null | undefined) => (id ? list.findIndex((s) => s.entry.id === id) : -1);
  let start = 0;
  if (at(params.before) >= 0) start = at(params.before) + 1;
  else if (at(params.after) >= 0) start = Math.max(0, at(params.after) - size);
  else if (at(params.around) >= 0) start = Math.floor(at(params.around) / size) * size;
  const page = list.slice(start, start + size);
  return {
    steps: page,
    matching: list.length,
    total: steps.length,
    actions,
    action,
    newer: start > 0 && page.length > 0 ? page[0]!.entry.id : null,
    older: start + size < list.length && page.length > 0 ? page.at(-1)!.entry.id : null,
  };
}

/** The history params of an address (hist_before, hist_after, hist_action); anything else ignored. */
export function readHistoryParams(raw: Record<string, string | string[] | undefined>): HistoryPageParams {
  const one = (k: string) => {
    const v = raw[k];
    return typeof v === "string" ? v : undefined;
  };
  const id = (k: string) => {
    const v = one(k);
    return v && isUuid(v) ? v : null;
  };
  const action = one("hist_action");
  return { before: id("hist_before"), after: id("hist_after"), action: action && action.length <= 200 ? action : null };
}
