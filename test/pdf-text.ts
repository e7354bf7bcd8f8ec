import { inflateSync } from "node:zlib";

/** The text a PDF shows: every content stream inflated, every string of its TJ/Tj operators decoded. */
export function pdfTextOf(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  let text = "";
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1");
    } catch {
      body = m[1]!;
    }
    for (const op of body.matchAll(/\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const parts = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((p) => p[1]!) : [op[2]!];
      text += `${parts.map((h) => Buffer.from(h, "hex").toString("latin1")).join("")}\n`;
    }
  }
  return text;
}

