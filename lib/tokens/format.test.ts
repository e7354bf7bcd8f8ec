import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateToken, hashToken, isWellFormedToken, TOKEN_PREFIX } from "./format";

describe("API token text", () => {
  it("is hrg_ and 36 base62 characters whose last six check the rest, hashed with SHA-256", () => {
    const { token, hash, hint } = generateToken();
    expect(token).toMatch(/^hrg_[0-9A-Za-z]{36}$/);
    expect(isWellFormedToken(token)).toBe(true);
    expect(hash.toString("hex")).toBe(hashToken(token).toString("hex"));
    expect(hash).toHaveLength(32);
    expect(hint).toBe(token.slice(0, 8));
    expect(new Set(Array.from({ length: 2000 }, () => generateToken().token)).size).toBe(2000);
  });

  it("refuses any single changed character, a wrong prefix and a wrong length", () => {
    const { token } = generateToken();
    fc.assert(
      fc.property(fc.integer({ min: TOKEN_PREFIX.length, max: token.length - 1 }), fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"), (i, c) => {
        fc.pre(token[i] !== c);
        expect(isWellFormedToken(token.slice(0, i) + c + token.slice(i + 1))).toBe(false);
      }),
    );
    expect(isWellFormedToken(`ghp_${token.slice(4)}`)).toBe(false);
    expect(isWellFormedToken(token.slice(0, -1))).toBe(false);
    expect(isWellFormedToken(`${token}0`)).toBe(false);
  });
});
