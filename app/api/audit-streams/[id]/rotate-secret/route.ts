// POST: a new signing secret, shown this once; the previous one keeps signing for 24 hours.
import { apiRoute } from "@/lib/api/handler";
import { rotateAuditStreamSecret } from "@/lib/contract/streams";
import { rotateStreamSecret } from "@/lib/streams/service";

export const dynamic = "force-dynamic";

export const POST = apiRoute(rotateAuditStreamSecret, async ({ ctx, params }) => {
  const { stream, secret } = await rotateStreamSecret({ ...ctx, id: params.id });
  return { data: stream, secret };
});
