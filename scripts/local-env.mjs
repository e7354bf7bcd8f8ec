// For the command-line tools (audit:verify, audit:archive, audit:maintain): with no
// DATABASE_URL, use the database that `npm run demo` runs (embedded PostgreSQL, which
// must be running) as the app's runtime role, with the demo's keys. Import it first.
import { urlFor } from "./pg.mjs";
import { localSecrets, runtimeUrl, signerEnv } from "./prepare-db.mjs";

if (!process.env.DATABASE_URL) {
  const secrets = localSecrets();
  const superUrl = urlFor({ port: Number(process.env.PG_PORT ?? 54329), database: "hr_governance", user: "postgres", password: secrets.PG_SUPERUSER_PASSWORD });
  process.env.DATABASE_URL = runtimeUrl(superUrl, secrets);
  // The demo's keys belong to the demo's database only: another database's checkpoints
  // were signed with its own key, which must then be configured as well.
  Object.assign(process.env, signerEnv(secrets));
  console.error(`Using the demo database (${process.env.DATABASE_URL.replace(/:[^:@/]*@/, ":•••@")}); set DATABASE_URL to use another.`);
}
