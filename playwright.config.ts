import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// Playwright cannot download its own browser offline; Debian's chromium works.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? systemChromium;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // No retries: the flows change state (a locked account, an approved leave), so a retry would not be the same test.
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node --import tsx scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${port}/sign-in`,
    timeout: 300_000,
    // E2E_REUSE=1 runs the specs against a server you already started (e.g. `npm run demo` with E2E_PORT=3000).
    reuseExistingServer: Boolean(process.env.E2E_REUSE),
    stdout: "pipe",
    stderr: "pipe",
    // Let the server stop its cluster and delete its data (about 600 MB a run);
    // Playwright's default is SIGKILL, which left them in /tmp.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
