import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// Named (prepared) statements let PostgreSQL plan each distinct query once per
// connection instead of on every call; for the partitioned audit insert that halves
// its cost. The name is derived from the SQL text, so one name never means two
// queries. Past a bound, rare queries simply stay unnamed.
const MAX_NAMED_STATEMENTS = 2000;
const statementNames = new Map<string, string>();

/**
 * Starts a query that must be planned for its values every time (CUSTOM_PLAN in a
 * $queryRaw): a named statement is planned generically after five runs, and a
 * generic plan cannot use what only the values tell, such as the index range of a
 * `LIKE 'leave_request.%'` or how many entries a word matches. The audit search and
 * its charts (lib/audit/search) start this way; writes keep their cached plans.
 */
export const CUSTOM_PLAN_MARK = "/* custom plan */";
export const CUSTOM_PLAN = Prisma.raw(CUSTOM_PLAN_MARK);

export function statementName({ sql }: { sql: string }): string {
  if (sql.startsWith(CUSTOM_PLAN_MARK)) return "";
  let name = statementNames.get(sql);
  if (name === undefined) {
    if (statementNames.size >= MAX_NAMED_STATEMENTS) return "";
    name = `q${createHash("sha1").update(sql).digest("base64url")}`;
    statementNames.set(sql, name);
  }
  return name;
}

function createClient() {
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 20 });
  // An idle connection dropped by the server must not take the process down.
  pool.on("error", (error) => console.error("[db] idle connection error:", error.message));
  const adapter = new PrismaPg(pool, { statementNameGenerator: statementName, disposeExternalPool: true });
  return { db: new PrismaClient({ adapter }), pool };
}

// One client per process; dev hot reload would otherwise open a pool per edit.
const globalForDb = globalThis as unknown as { __db?: ReturnType<typeof createClient> };
const client = globalForDb.__db ?? createClient();
if (env.NODE_ENV === "development") globalForDb.__db = client;

export const db: PrismaClient = client.db;

/**
 * The connection pool under `db`, for the few hot statements that are worth running
 * without Prisma's per-query overhead (about 0.1 ms of CPU a query, a quarter of an
 * audited check-in's cost): lib/audit/write/statement.ts. Everything else uses `db`.
 */
export const pool: pg.Pool = client.pool;
