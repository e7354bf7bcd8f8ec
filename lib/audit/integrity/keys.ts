import { createPublicKey } from "node:crypto";
import { env } from "@/lib/env";
import { makeKeyring, parsePrivateKey, parsePublicKeys, signerFrom, SigningKeyError, type Keyring, type Signer } from "./signing";

/** The signer of checkpoints and archive records, from AUDIT_SIGNING_KEY. */
export function auditSigner(): Signer {
  if (!env.AUDIT_SIGNING_KEY) {
    throw new SigningKeyError("AUDIT_SIGNING_KEY is not set: signing audit checkpoints and archive records needs the Ed25519 private key");
  }
  return signerFrom(env.AUDIT_SIGNING_KEY);
}

/** Every key that may verify: the signing key's public half, AUDIT_PUBLIC_KEYS, and the legacy HMAC key. */
export function auditKeyring(): Keyring {
  const publicKeys = parsePublicKeys(env.AUDIT_PUBLIC_KEYS ?? "");
  if (env.AUDIT_SIGNING_KEY) publicKeys.push(createPublicKey(parsePrivateKey(env.AUDIT_SIGNING_KEY)));
  return makeKeyring({ publicKeys, hmac: env.AUDIT_HMAC_KEY ? { keyId: env.AUDIT_HMAC_KEY_ID, key: env.AUDIT_HMAC_KEY } : null });
}
