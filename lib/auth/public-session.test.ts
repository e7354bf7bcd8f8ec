import { describe, expect, it } from "vitest";
import { publicSession } from "./public-session";

describe("the session page scripts get (GET /api/auth/session)", () => {
  it("names who is signed in and carries no credential: no session id, no password stamp (issue 25)", () => {
    const token = { uid: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", role: "manager", sid: "live-session-id", pws: "stamp-of-the-password" };
    const session = publicSession({ session: { expires: "2026-12-08T10:00:00.000Z", user: { name: "Daniyal Qureshi", email: "manager@acme.test" } } as never, token });
    expect(session).toEqual({
      expires: "2026-12-08T10:00:00.000Z",
      user: { id: token.uid, role: "manager", name: "Daniyal Qureshi", email: "manager@acme.test" },
    });
    const text = JSON.stringify(session);
    expect(text).not.toContain("live-session-id");
    expect(text).not.toContain("stamp-of-the-password");
  });

  it("gives an unknown role as the least one", () => {
    expect(publicSession({ session: { expires: "x", user: {} } as never, token: { uid: "u", role: "superuser" } }).user.role).toBe("employee");
  });
});
