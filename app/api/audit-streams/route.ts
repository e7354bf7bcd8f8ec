// GET: the audit stream destinations and their health. POST: add one (201, its secret shown once).
import { apiRoute } from "@/lib/api/handler";
import { createAuditStream, listAuditStreams } from "@/lib/contract/streams";
import { listStreams } from "@/lib/streams/queries";
import { createStream } from "@/lib/streams/service";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listAuditStreams, async ({ ctx }) => ({ data: await listStreams(ctx) }));

export const POST = apiRoute(createAuditStream, async ({ ctx, body }) => {
  const { stream, secret } = await createStream({ ...ctx, input: body });
  return Response.json({ data: stream, secret }, { status: 201, headers: { Location: `/api/audit-streams/${stream.id}` } });
});
