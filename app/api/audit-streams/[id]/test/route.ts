// POST: send a test event to a destination and answer what its receiver said.
import { apiRoute } from "@/lib/api/handler";
import { testAuditStream } from "@/lib/contract/streams";
import { testStream } from "@/lib/streams/service";

export const dynamic = "force-dynamic";

export const POST = apiRoute(testAuditStream, async ({ ctx, params }) => ({ data: await testStream({ ...ctx, id: params.id }) }));
