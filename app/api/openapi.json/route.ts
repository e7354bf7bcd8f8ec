// GET /api/openapi.json: the API's OpenAPI 3.1 document, built from the operations the
// route handlers run (lib/contract). Public, as a published API description is: it
// holds the shape of the API and no data.
import { openApiDocument } from "@/lib/contract/document";

export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff" } });
}
