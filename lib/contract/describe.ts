// A request as a person reads it: an API call by what it does ("Resolve an alert"),
// from the operations' own summaries; any other path with its ids left out
// ("/audit/…"), since an id means nothing to a reader and the record is named elsewhere.
import { UUID_PATTERN_SOURCE } from "@/lib/uuid";
import { OPERATIONS } from "./operations";

const ID_SEGMENT = new RegExp(`/${UUID_PATTERN_SOURCE}(?=/|$)`, "gi");

const TEMPLATES = OPERATIONS.map((op) => ({
  method: op.method,
  pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}$`),
  summary: op.summary,
}));

/** "/api/alerts/0193…/resolve" → "/api/alerts/…/resolve". */
export function withoutIds(path: string): string {
  return path.replace(ID_SEGMENT, "/…");
}

/** The operation's summary for an API call, or null for a path that is not one. */
export function operationSummary(method: string, path: string): string | null {
  const bare = path.split("?")[0] ?? path;
  return TEMPLATES.find((t) => t.method === method.toUpperCase() && t.pattern.test(bare))?.summary ?? null;
}

/** "Resolve an alert (POST /api/alerts/…/resolve)", or the path without its ids. */
export function describeRequest(method: string, path: string): string {
  const summary = operationSummary(method, path);
  const shown = withoutIds(path.split("?")[0] ?? path);
  return summary ? `${summary} (${method.toUpperCase()} ${shown})` : shown;
}
