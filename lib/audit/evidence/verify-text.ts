// VERIFY.md: what a bundle holds and how to check it, in plain words, for someone
// outside the company who has never seen the app.

export function verifyMarkdown(o: { entries: number; checkpointId: string; keyId: string; query: string; masked: number; notYetProvable: number; archive?: string | null }): string {
  const n = o.entries.toLocaleString("en-US");
  return `# How to verify this audit evidence bundle

This bundle holds ${n} entries of an HR Governance audit log${o.archive ? `: ${o.archive}, every entry of the month as it left the database` : o.query ? `, the result of the search \`${o.query.replaceAll("`", "'")}\`` : ""}.
You can check, on your own computer and without access to the company's systems,
that every entry is exactly as the audit log recorded it, and that none was changed,
added or left out of the file without it showing.

## Run the check

You need Node.js 20 or later (https://nodejs.org). Nothing else is installed.

1. Unzip the bundle into a folder.
2. In that folder, run:

       node verify-bundle.mjs --public-key COMPANY-KEY.pem

   where \`COMPANY-KEY.pem\` is the audit signing public key the company gave you
   separately (by email from a known person, on its website, or on paper). Without
   \`--public-key\`, the check uses \`public-keys.pem\` from this bundle, which proves the
   bundle is consistent but not that it comes from the company: compare the key id it
   prints (this bundle's checkpoint was signed with \`${o.keyId}\`) with the one the company published.

You can also check the zip without unzipping it: \`node verify-bundle.mjs BUNDLE.zip\`.

## What the answer means

- **Exit status 0, "Verified"**: every entry's fields hash to the entry's recorded
  hash, that hash sits in the log's Merkle tree signed by checkpoint #${o.checkpointId} (an
  inclusion proof), the checkpoint carries a valid signature, and every file matches
  the SHA-256 the manifest lists.
- **Exit status 1, "Does not verify"**: the message names the first entry (by its id
  and line) or file that fails, and why: a changed field, a line removed or added, a
  proof that belongs to another entry, a forged signature, a changed file.
- **Exit status 2**: the bundle could not be read (not a bundle, or a damaged zip).
- **Exit status 3, "Partly verified"**: everything in the bundle checks out, but some
  entries were written after the checkpoint and carry no proof yet. A new checkpoint is
  signed on a schedule; a bundle exported after it proves them.

## What is in the bundle

| File | What it holds |
| --- | --- |
| \`entries.ndjson\` | One entry per line: its \`row\`, every hashed field exactly as the database prints the entry as one record (the columns in the order \`manifest.json\` lists as \`hashedColumns\`; NULL is an empty field, text with spaces, commas, quotes or parentheses is quoted), the entry's time, the previous entry's hash in its chain, its own hash, its leaf number in the Merkle tree and its inclusion proof (RFC 9162 section 2.1.3: sibling hashes, nearest first, 44 base64 characters each) up to its page of 16 leaves. |
| \`upper-paths.ndjson\` | The rest of those proofs, shared: one line per page (from the page up to its block of 1,024 leaves) and one per block (from the block up to the tree's root). |
| \`checkpoint.json\` | The signed checkpoint: each chain's newest position and hash, and the Merkle tree's size and root, signed with Ed25519. |
| \`public-keys.pem\` | The public keys of the audit log's signing key. |
| \`manifest.json\` | Who made this bundle, when, from which search, how many entries, and the SHA-256 of every file. It is not signed: it shows the files arrived as they were made; the proof that entries are the log's own is the checkpoint's signature. |
| \`verify-bundle.mjs\` | The checker: one file, no dependencies, readable. |

## How the proof works

Each entry's content hash is SHA-256 over its row (UTF-8), its hashed fields exactly
as PostgreSQL prints them as one record. The entry's hash is SHA-256 over the previous entry's hash in its chain,
that content hash and the entry's time in milliseconds. Every entry hash is a leaf of
one Merkle tree built as Certificate Transparency's (RFC 9162): leaves are hashed with
a 0x00 prefix, inner nodes with 0x01. The checkpoint signs the tree's root, so an
entry that was changed, or never in the log, cannot produce a proof that reaches it.
${o.masked > 0 ? `
## Masked values

${o.masked.toLocaleString("en-US")} entries show some values as "••••••" because the person who made this bundle
may not read them. Those entries carry their stored content hash instead: the check
proves the entry is in the log at its place and time; the values shown for it are not
re-hashed.
` : ""}${o.notYetProvable > 0 ? `
## Not yet provable

${o.notYetProvable.toLocaleString("en-US")} entries were written after checkpoint #${o.checkpointId} and carry no proof yet
(\`"provable": false\`). The check lists them and exits with status 3.
` : ""}`;
}
