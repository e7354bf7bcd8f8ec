// Integration tests run against a real PostgreSQL 18: the embedded one in a throwaway
// data directory (or the server in TEST_DATABASE_URL). Migrations are applied once to a
// template database; each test file then gets its own copy (test/database-per-file.ts).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, startEmbeddedPostgres } from "../scripts/pg.mjs";
import { ensurePartitions, runPrisma } from "../scripts/prepare-db.mjs";

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    const port = 54339 + Math.floor(Math.random() * 500);
    const dataDir = path.join(os.tmpdir(), `hr-governance-test-${process.pid}`, "data");
    const server = await startEmbeddedPostgres({ dataDir, port, fsync: false });
    adminUrl = server.url("postgres");
    stop = async () => {
      await server.stop();
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    };
  }
  const template = `hr_template_${randomBytes(4).toString("hex")}`;
  await createDatabase(adminUrl, template);
  const templateUrl = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${template}$1`);
  runPrisma(["migrate", "deploy"], { DATABASE_URL: templateUrl });
  await ensurePartitions(templateUrl);

  project.provide("adminUrl", adminUrl);
  project.provide("templateDatabase", template);
  return async () => {
    await dropDatabase(adminUrl, template);
    await stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}
