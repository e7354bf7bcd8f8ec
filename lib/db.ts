import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function createClient() {
  const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: 20 });
  return new PrismaClient({ adapter });
}

// One client per process; dev hot reload would otherwise open a pool per edit.
const globalForDb = globalThis as unknown as { __db?: PrismaClient };
export const db: PrismaClient = globalForDb.__db ?? createClient();
if (env.NODE_ENV === "development") globalForDb.__db = db;
