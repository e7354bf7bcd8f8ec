import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// schema.prisma and the migrations must describe the same database. The Prisma CLI
// applies every migration to a temporary shadow database and compares the result with
// the schema; --exit-code makes it exit 2 when they differ.
const root = path.resolve(import.meta.dirname, "..");
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "prisma-drift-"));

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function migrateDiff(schema: string): Promise<{ code: number; output: string }> {
  const args = [cli, "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", schema, "--exit-code"];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      // The owner role: the shadow database needs CREATEDB, which the runtime role lacks.
      { cwd: root, env: { ...process.env, DATABASE_URL: process.env.TEST_OWNER_DATABASE_URL, MIGRATION_DATABASE_URL: process.env.TEST_OWNER_DATABASE_URL, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, timeout: 50_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe("schema drift", () => {
  it("finds no difference between the migrations and schema.prisma", { timeout: 60_000 }, async () => {
    const { code, output } = await migrateDiff("prisma/schema.prisma");
    expect(output).toContain("No difference detected");
    expect(code).toBe(0);
  });

  it("fails when a model field is added to the schema without a migration", { timeout: 60_000 }, async () => {
    const schema = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
    const drifted = schema.replace(/^model Department \{\n/m, "model Department {\n  nickname String?\n");
    expect(drifted).not.toBe(schema);
    const copy = path.join(tmp, "schema.prisma");
    fs.writeFileSync(copy, drifted);

    const { code, output } = await migrateDiff(copy);
    expect(output).toMatch(/Changed the `departments` table[\s\S]*Added column `nickname`/);
    expect(code).toBe(2);
  });
});
