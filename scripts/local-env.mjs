// For the command-line tools (audit:verify, audit:archive): with no DATABASE_URL, use the
// database that `npm run demo` runs (embedded PostgreSQL, which must be running) and
// the demo's generated secrets, the same way the demo does. Import it first.
import { urlFor } from "./pg.mjs";
import { localSecrets } from "./prepare-db.mjs";

if (!process.env.DATABASE_URL) {
  process.env.DATABASE_URL = urlFor({ port: Number(process.env.PG_PORT ?? 54329), database: "hr_governance" });
  // The demo's keys belong to the demo's database only: another database's checkpoints
  // were signed with its own AUDIT_HMAC_KEY, which must then be set as well.
  Object.assign(process.env, localSecrets());
  console.error(`Using the demo database (${process.env.DATABASE_URL}); set DATABASE_URL to use another.`);
}
