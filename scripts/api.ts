// A small client for the JSON API: `npm run api -- GET "/api/audit-logs?q=risk:>=high"`.
// Reads the token from HRG_TOKEN and the server from HRG_URL (default the demo's
// http://localhost:3000); a body for POST/PATCH is the third argument, as JSON. Prints
// the answer as indented JSON (or as it came, for CSV and NDJSON) and exits 1 on an
// error status, so it composes with shell scripts.
import process from "node:process";

const [method = "", path = "", body] = process.argv.slice(2);
const token = process.env.HRG_TOKEN;
const base = process.env.HRG_URL ?? "http://localhost:3000";

if (!/^(GET|POST|PATCH|DELETE)$/i.test(method) || !path.startsWith("/")) {
  console.error('usage: npm run api -- GET|POST|PATCH|DELETE /api/… [\'{"json":"body"}\']   (HRG_TOKEN, HRG_URL)');
  process.exit(2);
}
if (!token) {
  console.error("Set HRG_TOKEN to an API token (make one on the API tokens page).");
  process.exit(2);
}

const response = await fetch(new URL(path, base), {
  method: method.toUpperCase(),
  headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
  body: body ?? undefined,
}).catch((error: unknown) => {
  console.error(`Could not reach ${base}: ${(error as Error).cause ?? (error as Error).message}`);
  process.exit(1);
});
const type = response.headers.get("content-type") ?? "";
const text = await response.text();
const out = type.includes("application/json") && text ? JSON.stringify(JSON.parse(text), null, 2) : text;
(response.ok ? console.log : console.error)(out);
const limit = response.headers.get("ratelimit");
if (limit) console.error(`${response.status} ${response.statusText} · RateLimit: ${limit}`);
process.exit(response.ok ? 0 : 1);
