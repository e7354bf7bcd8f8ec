// Brings a database to the current migrations: the one in DATABASE_URL (with
// MIGRATION_DATABASE_URL for the owner) when set, otherwise a database on the embedded
// PostgreSQL, set up with the two roles. Shared by the demo command, the e2e server,
// the test setup and the benchmark.
import { spawnSync } from "node:child_process";
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  OWNER_ROLE, RUNTIME_ROLE, SUPERUSER, createDatabase, databaseExists, dropDatabase, ensureRoles, installSuperuserGuards,
  reachableDataDir, roleUrl, startEmbeddedPostgres, urlFor, withAdminClient, withDatabase,
} from "./pg.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function runPrisma(args, env) {
  const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    env: { ...process.env, ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

const password = () => randomBytes(24).toString("base64url");

function newSigningKey() {
  const { privateKey } = generateKeyPairSync("ed25519");
  return privateKey.export({ type: "pkcs8", format: "der" }).toString("base64");
}

/** Every secret the embedded set-up needs, random, kept in memory only (tests, e2e). */
export function ephemeralSecrets() {
  return {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUDIT_SIGNING_KEY: newSigningKey(),
    STREAM_SECRET_KEY: randomBytes(32).toString("base64"),
    PG_SUPERUSER_PASSWORD: password(),
    PG_OWNER_PASSWORD: password(),
    PG_APP_PASSWORD: password(),
  };
}

/**
 * Secrets of this checkout's demo, created once into the git-ignored .data/secrets.json
 * (mode 0600): the Auth.js secret, the audit signing key, and the passwords of the
 * database's three roles. No password is fixed anywhere. The audit public key is also
 * written to .data/audit-public-key.pem for `audit:verify --public-key`.
 */
export function localSecrets() {
  const file = path.join(root, ".data", "secrets.json");
  let secrets = {};
  if (fs.existsSync(file)) secrets = JSON.parse(fs.readFileSync(file, "utf8"));
  const fresh = ephemeralSecrets();
  let changed = false;
  for (const key of Object.keys(fresh)) {
    if (!secrets[key]) {
      secrets[key] = fresh[key];
      changed = true;
    }
  }
  // A cluster made before the passwords were random still has the old superuser
  // password; prepareDatabase() replaces it with this one on first start.
  if (changed) {
    // The folder stays enterable (the embedded PostgreSQL keeps its data in .data/pg);
    // the secrets file itself is 0600.
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  fs.chmodSync(file, 0o600);
  fs.writeFileSync(path.join(root, ".data", "audit-public-key.pem"), publicKeyPem(secrets.AUDIT_SIGNING_KEY));
  return secrets;
}

function publicKeyPem(privateKeyBase64) {
  const key = createPrivateKey({ key: Buffer.from(privateKeyBase64, "base64"), format: "der", type: "pkcs8" });
  return String(createPublicKey(key).export({ type: "spki", format: "pem" }));
}

/**
 * The web app's environment: it verifies with the public key and never holds the
 * signing key (only the maintenance and archive commands sign).
 */
export function appEnv(secrets) {
  const env = { AUTH_SECRET: process.env.AUTH_SECRET || secrets.AUTH_SECRET, STREAM_SECRET_KEY: process.env.STREAM_SECRET_KEY || secrets.STREAM_SECRET_KEY };
  if (!process.env.AUDIT_PUBLIC_KEYS && !process.env.AUDIT_SIGNING_KEY) env.AUDIT_PUBLIC_KEYS = publicKeyPem(secrets.AUDIT_SIGNING_KEY);
  // Checkpoints signed before Ed25519 keys (HMAC) keep verifying with their key.
  if (secrets.AUDIT_HMAC_KEY && !process.env.AUDIT_HMAC_KEY) env.AUDIT_HMAC_KEY = secrets.AUDIT_HMAC_KEY;
  return env;
}

/** The environment of the commands that sign (audit maintenance, archive). */
export function signerEnv(secrets) {
  return { ...appEnv(secrets), AUDIT_SIGNING_KEY: process.env.AUDIT_SIGNING_KEY || secrets.AUDIT_SIGNING_KEY };
}

/** The app's runtime login on the database of `superUrl`. */
export function runtimeUrl(superUrl, secrets) {
  return roleUrl(superUrl, RUNTIME_ROLE, secrets.PG_APP_PASSWORD);
}

/** The owner's login (migrations) on the database of `superUrl`. */
export function ownerUrl(superUrl, secrets) {
  return roleUrl(superUrl, OWNER_ROLE, secrets.PG_OWNER_PASSWORD);
}

/**
 * Sets up one database on a cluster we hold the superuser of: the roles, the database
 * (owned by the owner role), the migrations run as the owner, the superuser-only
 * guards, and partitions for the coming months (created by the runtime role through
 * audit_ensure_partitions(), as the app does).
 */
export async function setUpDatabase({ superUrl, database, secrets, fresh = false }) {
  await ensureRoles(superUrl, { ownerPassword: secrets.PG_OWNER_PASSWORD, runtimePassword: secrets.PG_APP_PASSWORD });
  if (fresh) await dropDatabase(superUrl, database);
  if (!(await databaseExists(superUrl, database))) await createDatabase(superUrl, database);
  const superDbUrl = withDatabase(superUrl, database);
  const owner = ownerUrl(superDbUrl, secrets);
  // An older database (objects owned by the superuser) moves to the owner role first.
  await installSuperuserGuards(superDbUrl);
  runPrisma(["migrate", "deploy"], { DATABASE_URL: owner, MIGRATION_DATABASE_URL: owner });
  await installSuperuserGuards(superDbUrl);
  const url = runtimeUrl(superDbUrl, secrets);
  await ensurePartitions(url);
  return { url, ownerUrl: owner, superUrl: superDbUrl };
}

/**
 * @param {{ dataDir: string, port: number, database: string, secrets: Record<string, string>, fresh?: boolean, fsync?: boolean }} options
 * @returns {Promise<{ url: string, ownerUrl: string, superUrl: string | null, embedded: boolean, stop: () => Promise<void> }>}
 */
export async function prepareDatabase({ dataDir, port, database, secrets, fresh = false, fsync = true }) {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    const owner = process.env.MIGRATION_DATABASE_URL || url;
    runPrisma(["migrate", "deploy"], { DATABASE_URL: owner, MIGRATION_DATABASE_URL: owner });
    await ensurePartitions(url);
    return { url, ownerUrl: owner, superUrl: null, embedded: false, stop: async () => {} };
  }
  const initialised = fs.existsSync(path.join(reachableDataDir(dataDir), "PG_VERSION"));
  const server = await startEmbeddedPostgres({ dataDir, port, fsync, superPassword: secrets.PG_SUPERUSER_PASSWORD });
  try {
    await adoptLegacyCluster(server, port, secrets, initialised);
    const db = await setUpDatabase({ superUrl: server.url("postgres"), database, secrets, fresh });
    return { ...db, embedded: true, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

// Clusters made before this change had the superuser password "postgres": replace it.
async function adoptLegacyCluster(server, port, secrets, initialised) {
  if (!initialised) return;
  try {
    await withAdminClient(server.url("postgres"), (c) => c.query("SELECT 1"));
  } catch (error) {
    if (!/password authentication failed/.test(String(error?.message))) throw error;
    const legacy = urlFor({ port, database: "postgres", user: SUPERUSER, password: "postgres" });
    await withAdminClient(legacy, (c) => c.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${secrets.PG_SUPERUSER_PASSWORD.replaceAll("'", "''")}'`));
  }
}

/** Monthly audit partitions from last month to three months ahead. */
export async function ensurePartitions(url) {
  await withAdminClient(url, (c) =>
    c.query("SELECT audit_ensure_partitions(now() - interval '1 month', now() + interval '3 months')"),
  );
}
