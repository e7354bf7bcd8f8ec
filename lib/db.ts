import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// Named (prepared) statements let PostgreSQL plan each distinct query once per
// connection instead of on every call; for the partitioned audit insert that halves
// its cost. The name is derived from the SQL text, so one name never means two
// queries. Past a bound, rare queries simply stay unnamed.
const MAX_NAMED_STATEMENTS = 2000;
const statementNames = new Map<string, string>();

function statementName({ sql }: { sql: string }): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    if (statementNames.size >= MAX_NAMED_STATEMENTS) return "";
    name = `q${createHash("sha1").update(sql).digest("base64url")}`;
    statementNames.set(sql, name);
  }
  return name;
}

function createClient() {
  const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: 20 }, { statementNameGenerator: statementName });
  return new PrismaClient({ adapter });
}

// One client per process; dev hot reload would otherwise open a pool per edit.
const globalForDb = globalThis as unknown as { __db?: PrismaClient };
export const db: PrismaClient = globalForDb.__db ?? createClient();
if (env.NODE_ENV === "development") globalForDb.__db = db;
