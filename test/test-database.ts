// A copy of the migrated template database for tests, and the URLs of its three roles.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDatabase, dropDatabase, withDatabase } from "@/scripts/pg.mjs";
import { ownerUrl, runtimeUrl } from "@/scripts/prepare-db.mjs";

export type TestDatabase = {
  name: string;
  /** The app's runtime role: what DATABASE_URL is in tests. */
  url: string;
  /** The owner role, which ran the migrations. */
  ownerUrl: string;
  /** The cluster's superuser, for tests that play an attacker with full access. */
  superUrl: string;
};

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const superUrl = inject("superUrl");
  for (let attempt = 0; ; attempt++) {
    try {
      await createDatabase(superUrl, name, { template: inject("templateDatabase") });
      break;
    } catch (error) {
      // Two files cloning the template at the same instant can collide; try again.
      if (attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
    }
  }
  const superDbUrl = withDatabase(superUrl, name);
  const secrets = inject("testSecrets");
  return { name, url: runtimeUrl(superDbUrl, secrets), ownerUrl: ownerUrl(superDbUrl, secrets), superUrl: superDbUrl };
}

export async function dropTestDatabase(name: string) {
  await dropDatabase(inject("superUrl"), name);
}
