import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import house from "./eslint-rules/lib-folder-cycles.mjs";

// House rule (ARCHITECTURE.md): pages and components render. They read through
// lib/<domain>/queries.ts (viewer-scoped) and change things through actions; they never
// reach the database, the generated Prisma client, a service or the data-access
// recorder themselves.
const DATA_LAYER = [
  { group: ["@/lib/db", "@/lib/db.*"], message: "Pages and components read through lib/<domain>/queries.ts, never lib/db." },
  { group: ["@/lib/generated/**", "**/lib/generated/**"], message: "Pages and components never import the generated Prisma client; take types from lib/<domain> modules." },
  { group: ["@/lib/audit/write/data-access"], message: "Data-access logging happens in the read function that serves the read, not in a page." },
];
// Data is shaped in lib/ (for pages and the JSON API alike); components render it.
const COMPONENTS = [
  { group: ["@/components/*", "@/components/**"], message: "lib/ and route handlers never import from components/; shape data in lib/ and let components import it." },
];
const SERVICES = [
  { group: ["@/lib/*/service", "@/lib/*/service.*", "@/lib/**/service"], message: "Pages and components never call a service; forms go through lib/<domain>/actions.ts." },
];

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ["lib/generated/**", ".next/**", ".data/**", ".scratch/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [...DATA_LAYER, ...SERVICES] }] },
  },
  {
    // Route handlers and "use server" action files are the documented callers of
    // services (app/api/** through lib/api; actions like lib/<domain>/actions.ts). They
    // still may not reach the database or the generated client directly.
    files: ["app/api/**/route.ts", "app/**/actions.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...DATA_LAYER, ...COMPONENTS] }] },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: COMPONENTS }] },
  },
  {
    // No import cycles between lib/ folders (eslint-rules/lib-folder-cycles.mjs).
    files: ["lib/**/*.{ts,tsx,mjs}"],
    ignores: ["lib/generated/**", "**/*.test.ts"],
    plugins: { house },
    rules: { "house/lib-folder-cycles": "error" },
  },
];

export default config;
