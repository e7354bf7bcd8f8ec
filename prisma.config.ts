import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// The CLI would otherwise download a native schema engine, which is impossible
// offline; this script runs Prisma's WebAssembly build of the same engine over
// the pg driver adapter. An explicit PRISMA_SCHEMA_ENGINE_BINARY still wins.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= fileURLToPath(new URL("./scripts/prisma-schema-engine.mjs", import.meta.url));

// Prisma's version check phones home; offline it only adds a failed DNS lookup.
process.env.CHECKPOINT_DISABLE ||= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  // `prisma generate` needs no database, so DATABASE_URL may be unset; the
  // commands that do need one report the missing url themselves. Without a
  // shadowDatabaseUrl the engine creates and drops a temporary shadow database.
  datasource: {
    // Migrations run as the owner role (MIGRATION_DATABASE_URL); the app connects as the
    // runtime role (DATABASE_URL). One URL serves both only where they are the same login.
    url: process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL,
  },
});
