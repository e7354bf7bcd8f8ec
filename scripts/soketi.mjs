// soketi (a Pusher-protocol server, AGPL, run as a separate process, never linked
// into the app) on loopback, for `npm run demo`, the e2e server, the realtime tests and
// the benchmark. Its settings go in through a config file rather than SOKETI_* env:
// soketi 1.6.1's environment mapping has no way to set the cluster discovery socket's
// bind address (node-discover's `address`, default 0.0.0.0), so that socket would
// listen on every interface and broadcast to 255.255.255.255 every 500 ms. Here it binds
// 127.0.0.1, talks unicast to 127.0.0.1 only, on a UDP port equal to the WebSocket
// port (so two instances never discover each other), and the /usage server binds
// 127.0.0.1 too. `ss -lunp` / `ss -ltnp` show only 127.0.0.1 for soketi-server.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const server = path.join(root, "node_modules", "@soketi", "soketi", "bin", "server.js");

/** Random app credentials for one run (nothing fixed anywhere). */
export function soketiCredentials() {
  return { appId: `app-${randomBytes(4).toString("hex")}`, key: randomBytes(12).toString("hex"), secret: randomBytes(24).toString("base64url") };
}

/** The app's PUSHER_* environment for a soketi on 127.0.0.1:port. */
export function pusherEnv({ port, appId, key, secret }) {
  return { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret, PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(port), PUSHER_TLS: "false", PUSHER_CLUSTER: "local" };
}

async function ready(port, deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`soketi did not become ready on 127.0.0.1:${port}`);
}

/**
 * Starts soketi on 127.0.0.1:`port` (its /usage server on `metricsPort`, default
 * port + 3600: 6001 → 9601) and resolves once it accepts connections.
 * @param {{ port: number, metricsPort?: number, appId: string, key: string, secret: string, maxConnections?: number, quiet?: boolean }} options
 * @returns {Promise<{ port: number, pid: number, stop: () => Promise<void> }>}
 */
export async function startSoketi({ port, metricsPort = port + 3600, appId, key, secret, quiet = true }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "soketi-"));
  const config = {
    host: "127.0.0.1",
    port,
    "metrics.host": "127.0.0.1",
    "metrics.port": metricsPort,
    "cluster.address": "127.0.0.1",
    "cluster.hostname": "127.0.0.1",
    "cluster.unicast": "127.0.0.1",
    "cluster.port": port,
    shutdownGracePeriod: 300,
    "appManager.array.apps.0.id": appId,
    "appManager.array.apps.0.key": key,
    "appManager.array.apps.0.secret": secret,
  };
  const file = path.join(dir, "soketi.json");
  fs.writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  // Only what soketi needs from our environment: no SOKETI_* overrides, no stray .env
  // (it runs in its own temporary folder).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SOKETI_") && !k.startsWith("PUSHER_")));
  const child = spawn(process.execPath, [server, "start", `--config=${file}`], {
    cwd: dir,
    env: { ...env, NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", quiet ? "ignore" : "inherit", quiet ? "pipe" : "inherit"],
  });
  let stderr = "";
  child.stderr?.on("data", (c) => (stderr = (stderr + c).slice(-4000)));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await Promise.race([ready(port, Date.now() + 45_000), exited.then((code) => Promise.reject(new Error(`soketi exited (${code}): ${stderr}`)))]);
  } catch (error) {
    child.kill("SIGKILL");
    cleanup();
    throw error;
  }
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    })();
    return stopping;
  };
  return { port, pid: child.pid, stop };
}

// `node scripts/soketi.mjs [port]`: run one in the foreground (Ctrl+C stops it).
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const port = Number(process.argv[2] ?? process.env.SOKETI_PORT ?? 6001);
  const credentials = soketiCredentials();
  const s = await startSoketi({ port, ...credentials });
  console.log(`soketi on 127.0.0.1:${port} (pid ${s.pid})`, pusherEnv({ port, ...credentials }));
  const shutdown = () => s.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
