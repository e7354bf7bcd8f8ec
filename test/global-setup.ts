// Integration tests run against a real PostgreSQL 18: the embedded one in a throwaway
// data directory (or the server in TEST_DATABASE_URL, a superuser URL). The cluster
// gets the same two roles as production; migrations are applied once, as the owner,
// to a template database; each test file then gets its own copy and connects as the
// runtime role (test/database-per-file.ts), so every test runs under the real grants.
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { dropDatabase, startEmbeddedPostgres, stopAndRemove } from "../scripts/pg.mjs";
import { ephemeralSecrets, setUpDatabase } from "../scripts/prepare-db.mjs";

export default async function setup(project: TestProject) {
  const secrets = ephemeralSecrets();
  let superUrl: string;
  let stop = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    superUrl = process.env.TEST_DATABASE_URL;
  } else {
    // Clear of the fixed ports: demo 54329, e2e 54360, bench 54370.
    const port = 55000 + Math.floor(Math.random() * 1000);
    const dataDir = path.join(os.tmpdir(), `hr-governance-test-${process.pid}`, "data");
    const server = await startEmbeddedPostgres({ dataDir, port, fsync: false, superPassword: secrets.PG_SUPERUSER_PASSWORD });
    superUrl = server.url("postgres");
    stop = () => stopAndRemove(server, path.dirname(dataDir));
  }
  const template = `hr_template_${randomBytes(4).toString("hex")}`;
  await setUpDatabase({ superUrl, database: template, secrets });

  project.provide("superUrl", superUrl);
  project.provide("templateDatabase", template);
  project.provide("testSecrets", secrets);
  return async () => {
    await dropDatabase(superUrl, template);
    await stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    superUrl: string;
    templateDatabase: string;
    testSecrets: Record<string, string>;
  }
}
