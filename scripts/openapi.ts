// Writes the OpenAPI document (the same one /api/openapi.json serves) to a file or stdout:
//   npm run openapi -- openapi.json
import fs from "node:fs";
import { openApiDocument } from "@/lib/contract/document";

const out = process.argv[2];
const text = `${JSON.stringify(openApiDocument(), null, 2)}\n`;
if (out) fs.writeFileSync(out, text);
else process.stdout.write(text);
