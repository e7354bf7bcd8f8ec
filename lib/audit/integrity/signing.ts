import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, timingSafeEqual, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "./canonical";

// Checkpoints and archive records are signed with Ed25519 by whoever holds the private
// key (the maintenance and archive commands), and checked with public keys only, so an
// auditor can verify the log without being able to forge it, and old checkpoints keep
// verifying after a rotation as long as their public key stays in the keyring. A key's
// id is derived from the public key itself, so an id can never name the wrong key.
// Checkpoints from before Ed25519 were signed with a shared HMAC key ("hmac-sha256");
// they verify when that key is configured (AUDIT_HMAC_KEY with its AUDIT_HMAC_KEY_ID).
// This module reads no environment and no database: audit:verify --public-key uses it alone.


export type Signer = { keyId: string; algorithm: "ed25519"; publicKey: KeyObject; sign: (payload: unknown) => string };

export type Keyring = { ed25519: Map<string, KeyObject>; hmac: Map<string, string> };

export type SignatureCheck = "valid" | "invalid" | "unknown_key";

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SigningKeyError";
  }
}

/** `ed25519:` and the first 16 hex digits of the SHA-256 of the public key (SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return `ed25519:${createHash("sha256").update(der).digest("hex").slice(0, 16)}`;
}

function asEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") throw new SigningKeyError(`${what} is a ${key.asymmetricKeyType ?? "symmetric"} key, not Ed25519`);
  return key;
}

/** A private key as PEM (PKCS#8) or as base64 of its PKCS#8 DER. */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  try {
    const key = trimmed.startsWith("-----")
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, "base64"), format: "der", type: "pkcs8" });
    return asEd25519(key, "AUDIT_SIGNING_KEY");
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError("AUDIT_SIGNING_KEY is not an Ed25519 private key (PEM, or base64 of PKCS#8 DER)");
  }
}

/** Public keys as PEM blocks and/or base64 SPKI DER strings, separated by commas or white space. */
export function parsePublicKeys(text: string): KeyObject[] {
  const keys: KeyObject[] = [];
  const pem = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;
  for (const block of text.match(pem) ?? []) keys.push(asEd25519(createPublicKey(block), "A public key"));
  for (const token of text.replace(pem, " ").split(/[\s,]+/).filter(Boolean)) {
    try {
      keys.push(asEd25519(createPublicKey({ key: Buffer.from(token, "base64"), format: "der", type: "spki" }), "A public key"));
    } catch (error) {
      if (error instanceof SigningKeyError) throw error;
      throw new SigningKeyError(`Not an Ed25519 public key: ${token.slice(0, 24)}…`);
    }
  }
  return keys;
}

export function publicKeyPem(key: KeyObject): string {
  return String(key.export({ type: "spki", format: "pem" }));
}

export function signerFrom(privateKeyText: string): Signer {
  const privateKey = parsePrivateKey(privateKeyText);
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    algorithm: "ed25519",
    publicKey,
    sign: (payload) => sign(null, Buffer.from(canonicalJson(payload)), privateKey).toString("base64url"),
  };
}

/** A new key pair: the private key as base64 PKCS#8 DER (for AUDIT_SIGNING_KEY), the public key as PEM. */
export function generateSigningKey(): { privateKey: string; publicKeyPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"),
    publicKeyPem: publicKeyPem(publicKey),
    keyId: keyIdOf(publicKey),
  };
}

export function makeKeyring(o: { publicKeys?: KeyObject[]; hmac?: { keyId: string; key: string } | null }): Keyring {
  const ring: Keyring = { ed25519: new Map(), hmac: new Map() };
  for (const key of o.publicKeys ?? []) ring.ed25519.set(keyIdOf(key), key);
  if (o.hmac) ring.hmac.set(o.hmac.keyId, o.hmac.key);
  return ring;
}

export function hmacSign(key: string, payload: unknown): string {
  return createHmac("sha256", key).update(canonicalJson(payload)).digest("base64url");
}

export function checkSignature(
  ring: Keyring,
  record: { algorithm: string; keyId: string; signature: string },
  payload: unknown,
): SignatureCheck {
  if (record.algorithm === "ed25519") {
    const key = ring.ed25519.get(record.keyId);
    if (!key) return "unknown_key";
    try {
      return verify(null, Buffer.from(canonicalJson(payload)), key, Buffer.from(record.signature, "base64url")) ? "valid" : "invalid";
    } catch {
      return "invalid";
    }
  }
  if (record.algorithm === "hmac-sha256") {
    const key = ring.hmac.get(record.keyId);
    if (key === undefined) return "unknown_key";
    const expected = Buffer.from(hmacSign(key, payload));
    const given = Buffer.from(record.signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? "valid" : "invalid";
  }
  return "invalid";
}

/**
 * The verifying keyring from the environment's own strings (AUDIT_PUBLIC_KEYS, the
 * public half of AUDIT_SIGNING_KEY, the legacy HMAC key): for auditKeyring() and for
 * the verify command, which must not need the app's other settings.
 */
export function keyringFromSettings(s: { publicKeys?: string; signingKey?: string; hmacKey?: string; hmacKeyId?: string }): { keyring: Keyring; keys: number } {
  const publicKeys = parsePublicKeys(s.publicKeys ?? "");
  if (s.signingKey) publicKeys.push(createPublicKey(parsePrivateKey(s.signingKey)));
  const hmac = s.hmacKey ? { keyId: s.hmacKeyId || "k1", key: s.hmacKey } : null;
  return { keyring: makeKeyring({ publicKeys, hmac }), keys: publicKeys.length + (hmac ? 1 : 0) };
}
