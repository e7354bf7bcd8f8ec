import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "./errors";
import { parseBody } from "./body";

const schema = z.object({ note: z.string().max(5, "Too long.").optional() }).strict().optional();

function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  return new Request("http://127.0.0.1/x", { method: "POST", body, headers });
}

async function refusal(request: Request, format: "json" | "form" = "json", limit?: number, bodySchema: z.ZodType = schema) {
  const error = await parseBody(request, bodySchema, format, limit).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  const { status, code, message, details } = error as ApiError;
  return { status, code, message, details };
}

/** A body sent in pieces with no Content-Length, as a chunked upload is. */
function streamed(chunks: number, size: number) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) return controller.close();
      sent++;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { request: new Request("http://127.0.0.1/x", { method: "POST", body: stream, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit), sent: () => sent };
}

describe("parseBody", () => {
  it("parses a JSON object, with or without a charset", async () => {
    expect(await parseBody(post('{"note":"ok"}', { "content-type": "application/json" }), schema)).toEqual({ note: "ok" });
    expect(await parseBody(post('{"note":"ok"}', { "Content-Type": "Application/JSON; charset=utf-8" }), schema)).toEqual({ note: "ok" });
  });

  it("gives no body as undefined, for the schema to accept or refuse", async () => {
    expect(await parseBody(post(null), schema)).toBeUndefined();
    const required = z.object({ note: z.string() });
    expect(await refusal(post(null), "json", undefined, required)).toMatchObject({ status: 400, code: "invalid_input" });
  });

  it("refuses malformed JSON and JSON that is not an object with 400", async () => {
    for (const text of ['{"note":', "null", "[]", '"note"', "3"]) {
      const r = await refusal(post(text, { "content-type": "application/json" }));
      expect({ text, status: r.status, code: r.code }).toEqual({ text, status: 400, code: "invalid_input" });
    }
  });

  it("refuses another content type, or a body with none, with 415", async () => {
    const cases: Array<[BodyInit, Record<string, string>]> = [
      ['{"note":"x"}', { "content-type": "text/plain" }],
      ["note=x", { "content-type": "application/x-www-form-urlencoded" }],
      [new Blob(['{"note":"x"}']), {}],
    ];
    for (const [body, headers] of cases) expect(await refusal(post(body, headers))).toMatchObject({ status: 415, code: "unsupported_media_type" });
  });

  it("reads a form only where the route asks for one", async () => {
    expect(await parseBody(post("note=hi", { "content-type": "application/x-www-form-urlencoded" }), schema, "form")).toEqual({ note: "hi" });
    expect(await refusal(post('{"note":"hi"}', { "content-type": "application/json" }), "form")).toMatchObject({ status: 415 });
  });

  it("names each field the schema refuses", async () => {
    const r = await refusal(post('{"note":"far too long","extra":1}', { "content-type": "application/json" }));
    expect(r).toMatchObject({ status: 400, code: "invalid_input" });
    expect((r.details as { issues: Array<{ field: string }> }).issues.map((i) => i.field).sort()).toEqual(["body", "note"]);
  });

  it("refuses a body past the limit with 413: a declared length at once, a streamed one without reading on", async () => {
    expect(await refusal(post("x".repeat(2048), { "content-type": "application/json" }), "json", 1024)).toMatchObject({ status: 413, code: "payload_too_large" });
    const { request, sent } = streamed(100, 512);
    expect(await refusal(request, "json", 1024)).toMatchObject({ status: 413 });
    expect(sent()).toBeLessThan(10);
  });

  it("answers a body cut off by the client (aborted) as a cancelled request, not as an error of ours", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("socket_id=1.2&chan"));
        controller.error(new Error("aborted"));
      },
    });
    const request = new Request("http://127.0.0.1/x", { method: "POST", body: stream, headers: { "content-type": "application/x-www-form-urlencoded" }, duplex: "half" } as RequestInit);
    expect(await refusal(request, "form")).toMatchObject({ status: 400, code: "invalid_input", message: "The request body did not arrive: the request was cancelled." });
  });
});
