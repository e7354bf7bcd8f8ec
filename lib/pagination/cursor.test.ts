import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorResponse, toApiError } from "@/lib/api/errors";
import { defineCursor, InvalidCursorError, keyPart, MAX_CURSOR_LENGTH, parseInOrder, timeIdCursor } from "./cursor";

const ID = "0190aaaa-0000-7000-8000-000000000001";
const AT = "2026-01-31T18:30:00.123Z";

const tasks = timeIdCursor("tasks");
const feed = defineCursor("feed", { pinned: keyPart.flag, start: keyPart.time, id: keyPart.id });
const people = defineCursor("people", { name: keyPart.text(200), id: keyPart.id });
const audit = defineCursor("audit", { at: keyPart.time, id: keyPart.id, order: keyPart.order });

/** What the codec would write for this JSON, valid or not. */
const wire = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
const reason = (text: string) => {
  const decoded = tasks.decode(text);
  return decoded.ok ? "ok" : decoded.reason;
};

describe("cursor codec", () => {
  it("round-trips each list's key as opaque, versioned base64url", () => {
    const key = { at: new Date(AT), id: ID };
    const text = tasks.encode(key);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(text, "base64url").toString("utf8"))).toEqual({ v: 1, l: "tasks", k: [AT, ID] });
    expect(tasks.decode(text)).toEqual({ ok: true, key });
    expect(tasks.parse(text)).toEqual(key);
    for (const pinned of [true, false]) expect(feed.parse(feed.encode({ pinned, start: new Date(AT), id: ID }))).toEqual({ pinned, start: new Date(AT), id: ID });
    expect(people.parse(people.encode({ name: "Zoë O'Brien \"Z\" 山田", id: ID }))).toEqual({ name: "Zoë O'Brien \"Z\" 山田", id: ID });
    expect(audit.parse(audit.encode({ at: new Date(AT), id: ID, order: "asc" }))).toEqual({ at: new Date(AT), id: ID, order: "asc" });
  });

  it("reads no cursor as the first page", () => {
    expect(tasks.parse(undefined)).toBeUndefined();
    expect(tasks.parse(null)).toBeUndefined();
    expect(tasks.parse("")).toBeUndefined();
  });

  it("names why it refuses a cursor it did not write", () => {
    const good = tasks.encode({ at: new Date(AT), id: ID });
    const cases: Array<[string, string]> = [
      ["not a cursor", "malformed"],
      ["%%%", "malformed"],
      [`${good}=`, "malformed"], // padding: not the text the codec writes
      [good.slice(0, -1) + (good.endsWith("A") ? "B" : "A"), "malformed"], // a tampered last character
      [wire("x"), "malformed"],
      [wire([1, "tasks", [AT, ID]]), "malformed"],
      [Buffer.from("{not json").toString("base64url"), "malformed"],
      [wire({ l: "tasks", k: [AT, ID] }), "version"],
      [wire({ v: 2, l: "tasks", k: [AT, ID] }), "version"],
      [wire({ v: "1", l: "tasks", k: [AT, ID] }), "version"],
      [wire({ v: 1, l: "alerts", k: [AT, ID] }), "other_list"],
      [feed.encode({ pinned: true, start: new Date(AT), id: ID }), "other_list"],
      [wire({ v: 1, l: "tasks", k: [AT] }), "key"],
      [wire({ v: 1, l: "tasks", k: [AT, ID, "extra"] }), "key"],
      [wire({ v: 1, l: "tasks", k: [AT, ID], extra: 1 }), "key"],
      [wire({ v: 1, l: "tasks", k: { at: AT, id: ID } }), "key"],
      [wire({ v: 1, l: "tasks", k: [ID, AT] }), "key"],
      [wire({ v: 1, l: "tasks", k: ["yesterday", ID] }), "key"],
      [wire({ v: 1, l: "tasks", k: ["2026-02-30T00:00:00.000Z", ID] }), "key"], // no such day
      [wire({ v: 1, l: "tasks", k: ["2026-01-31T25:00:00.000Z", ID] }), "key"],
      [wire({ v: 1, l: "tasks", k: ["2026-01-31T18:30:00Z", ID] }), "key"], // not the precision the codec writes
      [wire({ v: 1, l: "tasks", k: ["2026-01-31T23:30:00.123+05:00", ID] }), "key"], // not UTC
      [wire({ v: 1, l: "tasks", k: [1769884200123, ID] }), "key"],
      [wire({ v: 1, l: "tasks", k: [AT, "1; DROP TABLE users"] }), "key"],
      [wire({ v: 1, l: "tasks", k: [AT, null] }), "key"],
      ["A".repeat(MAX_CURSOR_LENGTH + 1), "too_long"],
    ];
    for (const [text, why] of cases) expect([text, reason(text)]).toEqual([text, why]);
    expect(feed.decode(wire({ v: 1, l: "feed", k: [1, AT, ID] }))).toEqual({ ok: false, reason: "key" });
    expect(people.decode(wire({ v: 1, l: "people", k: ["x".repeat(201), ID] }))).toEqual({ ok: false, reason: "key" });
    expect(audit.decode(wire({ v: 1, l: "audit", k: [AT, ID, "sideways"] }))).toEqual({ ok: false, reason: "key" });
  });

  it("throws InvalidCursorError from parse, which the API answers with 400 and the error body", async () => {
    const error = (() => {
      try {
        tasks.parse("garbage");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidCursorError);
    expect(error).toMatchObject({ reason: "malformed", code: "invalid" });
    const res = errorResponse(toApiError(error, () => undefined));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "invalid_input", message: "That page link is not valid; start again from the first page." } });
  });

  it("refuses a cursor read in the other order where the key carries one", () => {
    const desc = audit.encode({ at: new Date(AT), id: ID, order: "desc" });
    expect(parseInOrder(audit, desc, "desc")).toMatchObject({ order: "desc" });
    expect(parseInOrder(audit, desc, undefined)).toMatchObject({ order: "desc" });
    expect(() => parseInOrder(audit, desc, "asc")).toThrow(expect.objectContaining({ reason: "order" }));
    expect(parseInOrder(audit, undefined, "asc")).toBeUndefined();
  });

  it("will not write a cursor it could not read back", () => {
    expect(() => tasks.encode({ at: new Date(Number.NaN), id: ID })).toThrow();
    expect(() => tasks.encode({ at: new Date(AT), id: "not-a-uuid" })).toThrow();
    expect(() => people.encode({ name: "x".repeat(201), id: ID })).toThrow();
  });

  it("round-trips any key, and refuses or reads any text without throwing", () => {
    const date = fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true });
    fc.assert(fc.property(fc.boolean(), date, fc.uuid(), (pinned, start, id) => {
      expect(feed.parse(feed.encode({ pinned, start, id }))).toEqual({ pinned, start, id });
    }));
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: "grapheme" }).filter((s) => s.length <= 200), fc.uuid(), (name, id) => {
      expect(people.parse(people.encode({ name, id }))).toEqual({ name, id });
    }));
    fc.assert(fc.property(fc.oneof(fc.string(), fc.base64String(), fc.string({ unit: "binary" })), (text) => {
      const decoded = tasks.decode(text);
      expect(decoded.ok === false || tasks.encode(decoded.key) === text).toBe(true);
    }));
    // A cursor with any one character changed is refused or names another valid key, never a crash.
    const good = tasks.encode({ at: new Date(AT), id: ID });
    fc.assert(fc.property(fc.nat(good.length - 1), fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), (i, c) => {
      const tampered = good.slice(0, i) + c + good.slice(i + 1);
      const decoded = tasks.decode(tampered);
      expect(decoded.ok === false || tasks.encode(decoded.key) === tampered).toBe(true);
    }));
  });
});
