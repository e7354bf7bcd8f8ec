// Runs once when the Next.js server starts. Audit partitions and signed checkpoints
// are scheduled jobs (npm run audit:maintain, started by the demo on a timer), not work
// of the web process: the web app holds no signing key.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so the requests it serves carry the facts the audit log records.
  const { installRequestStamp } = await import("@/lib/auth/request-stamp");
  installRequestStamp();
}
