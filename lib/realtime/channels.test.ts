import { describe, expect, it } from "vitest";
import { channelsFor, mayListen, parseChannel, roleChannel, userChannel } from "./channels";
import { realtimeMessageSchema } from "./message";

const ME = { id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", role: "team_lead" as const };
const OTHER = "0193a1b2-c3d4-7e5f-8a9b-ffffffffffff";

describe("channel names", () => {
  it("names a person's and a role's private channel", () => {
    expect(userChannel(ME.id)).toBe(`private-user-${ME.id}`);
    expect(roleChannel("team_lead")).toBe("private-role-team_lead");
    expect(channelsFor(ME)).toEqual([`private-user-${ME.id}`, "private-role-team_lead"]);
  });

  it("refuses to build a channel from anything else", () => {
    expect(() => userChannel("not-a-uuid")).toThrow();
    expect(() => roleChannel("superuser" as never)).toThrow();
  });

  it.each(["private-role-all", "private-role-TEAM_LEAD", "presence-role-admin", "role-admin", `private-user-${ME.id}x`, "private-user-", "private-encrypted-user-x"])("parses %j as none of ours", (name) => {
    expect(parseChannel(name)).toBeNull();
  });
});

describe("mayListen", () => {
  it("allows one's own user channel and one's own role channel", () => {
    expect(mayListen(ME, `private-user-${ME.id}`)).toBe(true);
    expect(mayListen(ME, "private-role-team_lead")).toBe(true);
  });

  it("refuses another user's channel, another role's channel and unknown names", () => {
    expect(mayListen(ME, `private-user-${OTHER}`)).toBe(false);
    expect(mayListen(ME, "private-role-employee")).toBe(false);
    expect(mayListen(ME, "private-role-admin")).toBe(false);
    expect(mayListen(ME, "public-announcements")).toBe(false);
  });
});

describe("realtimeMessageSchema", () => {
  const ok = { channel: "private-role-admin", event: "announcement_created", data: { announcementId: "x" } };
  it("accepts a small event for one of our channels", () => {
    expect(realtimeMessageSchema.parse(ok)).toEqual(ok);
  });
  it("refuses a foreign channel, a bad event name, a preset eventId and data over 8 KB", () => {
    expect(realtimeMessageSchema.safeParse({ ...ok, channel: "public" }).success).toBe(false);
    expect(realtimeMessageSchema.safeParse({ ...ok, event: "Announcement Created" }).success).toBe(false);
    expect(realtimeMessageSchema.safeParse({ ...ok, data: { eventId: "1" } }).success).toBe(false);
    expect(realtimeMessageSchema.safeParse({ ...ok, data: { blob: "x".repeat(9000) } }).success).toBe(false);
  });
});

describe("createSeenIds", () => {
  it("passes each event id once and forgets the oldest past its limit", async () => {
    const { createSeenIds } = await import("./seen");
    const seen = createSeenIds(2);
    expect([seen.firstTime("a"), seen.firstTime("a"), seen.firstTime("b"), seen.firstTime("c"), seen.firstTime("b"), seen.firstTime("a")]).toEqual([true, false, true, true, false, true]);
  });
});
