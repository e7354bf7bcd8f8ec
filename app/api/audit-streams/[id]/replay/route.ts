// POST: deliver again from a point in time still in the log.
import { apiRoute } from "@/lib/api/handler";
import { replayAuditStream } from "@/lib/contract/streams";
import { replayStream } from "@/lib/streams/service";

export const dynamic = "force-dynamic";

export const POST = apiRoute(replayAuditStream, async ({ ctx, params, body }) => ({ data: await replayStream({ ...ctx, id: params.id, from: new Date(body.from) }) }));
