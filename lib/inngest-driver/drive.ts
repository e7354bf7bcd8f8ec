// The part of an Inngest server the embedded default needs: start a run of a function
// with the scheduled-timer event, replay the step results the SDK hands back (HTTP 206
// with step ops) until it answers 200, retry a failed attempt with backoff. Request
// shape as Inngest's executor sends it to an SDK in dev mode (issue 11); `ctx.fn_id` is
// left out, or the v4 SDK tries to checkpoint to a server.
import { randomUUID } from "node:crypto";

export type DriveTarget = (request: { fnId: string; body: string }) => Promise<{ status: number; text: string }>;

export type DriveOptions = {
  appId: string;
  functionId: string;
  cron: string;
  target: DriveTarget;
  /** Attempts after the first (the function's `retries`). */
  retries?: number;
  /** Wait before retry n (1-based), ms. */
  backoffMs?: (attempt: number) => number;
  now?: () => number;
};

export type DriveResult = { ok: boolean; status: number; output: unknown; requests: number; attempts: number; error?: string };

type StepOp = { id: string; op: string; data?: unknown; error?: unknown };

const MAX_REQUESTS = 200;

export async function driveScheduledRun(o: DriveOptions): Promise<DriveResult> {
  const event = { name: "inngest/scheduled.timer", data: { cron: o.cron }, id: randomUUID(), ts: (o.now ?? Date.now)() };
  const runId = randomUUID();
  const steps: Record<string, { type: "data"; data: unknown }> = {};
  const stack: string[] = [];
  const retries = o.retries ?? 3;
  const backoff = o.backoffMs ?? ((n) => Math.min(30_000, 1000 * 2 ** (n - 1)));
  let requests = 0;
  let attempt = 0;
  let lastError = "";
  let lastStatus = 0;
  while (requests < MAX_REQUESTS) {
    const body = JSON.stringify({
      version: 2,
      event,
      events: [event],
      steps,
      ctx: { run_id: runId, attempt, disable_immediate_execution: false, use_api: false, stack: { stack, current: stack.length } },
    });
    requests++;
    const res = await o.target({ fnId: `${o.appId}-${o.functionId}`, body });
    lastStatus = res.status;
    if (res.status === 200) return { ok: true, status: 200, output: parse(res.text), requests, attempts: attempt + 1 };
    let failed = res.status >= 400;
    if (res.status === 206) {
      const ops = (parse(res.text) as StepOp[] | null) ?? [];
      for (const op of ops) {
        if (op.error !== undefined || op.op === "StepError" || op.op === "StepFailed") {
          failed = true;
          lastError = JSON.stringify(op.error ?? op).slice(0, 500);
          continue;
        }
        // A step that finished: memoize its result so the next request skips it.
        steps[op.id] = { type: "data", data: op.data ?? null };
        if (!stack.includes(op.id)) stack.push(op.id);
      }
      if (!failed) continue;
    } else if (failed) {
      lastError = res.text.slice(0, 500);
    } else {
      return { ok: false, status: res.status, output: null, requests, attempts: attempt + 1, error: `unexpected status ${res.status}` };
    }
    if (attempt >= retries) break;
    attempt++;
    await new Promise((r) => setTimeout(r, backoff(attempt)));
  }
  return { ok: false, status: lastStatus, output: null, requests, attempts: attempt + 1, error: lastError || "too many requests" };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A target that POSTs to a served route (`/api/inngest`), presenting the local token. */
export function httpTarget(url: string, token: string | undefined): DriveTarget {
  return async ({ fnId, body }) => {
    const target = new URL(url);
    target.searchParams.set("fnId", fnId);
    target.searchParams.set("stepId", "step");
    const res = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { "x-inngest-local-token": token } : {}) },
      body,
      signal: AbortSignal.timeout(5 * 60_000),
    });
    return { status: res.status, text: await res.text() };
  };
}

/** A target that calls a serve() handler in this process (the driver's own signer functions, tests). */
export function handlerTarget(handler: (req: Request) => Promise<Response>, token?: string): DriveTarget {
  return async ({ fnId, body }) => {
    const url = `http://127.0.0.1/api/inngest?fnId=${encodeURIComponent(fnId)}&stepId=step`;
    const res = await handler(new Request(url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { "x-inngest-local-token": token } : {}) }, body }));
    return { status: res.status, text: await res.text() };
  };
}
