import { timingSafeEqual } from "node:crypto";
import { serve } from "inngest/next";
import type { NextRequest } from "next/server";
import { inngest, schedulerMode } from "@/inngest/client";
import { functions } from "@/inngest/registry";
import { env } from "@/lib/env";

const handler = serve({ client: inngest, functions });

// Cloud mode: the SDK verifies Inngest's signature on every request. Local mode: the
// SDK's dev mode checks nothing, so only the local driver, presenting the token it was
// started with, gets through; without a token the route is closed.
function localDriverAllowed(request: Request): boolean {
  const expected = env.INNGEST_LOCAL_TOKEN;
  const given = request.headers.get("x-inngest-local-token");
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function guarded(method: (req: NextRequest, ctx: unknown) => Promise<Response>) {
  return async (req: NextRequest, ctx: unknown): Promise<Response> => {
    if (schedulerMode === "local" && !localDriverAllowed(req)) {
      return Response.json({ error: { code: "forbidden", message: "Scheduled functions are run by the local driver only." } }, { status: 403 });
    }
    return method(req, ctx);
  };
}

export const GET = guarded(handler.GET);
export const POST = guarded(handler.POST);
export const PUT = guarded(handler.PUT);
