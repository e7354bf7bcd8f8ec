// What a benchmark started (PostgreSQL, soketi, servers, child processes), stopped in
// reverse order however the run ends: at its end, on Ctrl-C or SIGTERM, or on an
// unhandled rejection. No orphan server is left behind.
const cleanups: Array<() => Promise<void>> = [];

/** Stops everything registered so far, last first; a step that fails does not stop the rest. */
export async function cleanup(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
}

/** Registers a step to run at cleanup. */
export function onCleanup(step: () => Promise<void>): void {
  cleanups.push(step);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void cleanup().then(() => process.exit(130)));
process.on("unhandledRejection", (error) => {
  console.error(error);
  void cleanup().then(() => process.exit(1));
});
