// For scripts that load server modules outside Next.js (bench:tail): `server-only`
// throws unless the bundler's react-server condition is set, and that condition breaks
// the client-side React that next/navigation loads. This resolves `server-only` to an
// empty module, for import and require alike.
import { register } from "node:module";
import { createRequire } from "node:module";

const empty = new URL("./server-only-empty.cjs", import.meta.url).href;
register(
  `data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) {
    if (specifier === "server-only") return { url: ${JSON.stringify(empty)}, shortCircuit: true };
    return next(specifier, context);
  }`)}`,
);
const Module = createRequire(import.meta.url)("node:module");
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "server-only") return new URL(empty).pathname;
  return resolveFilename.call(this, request, ...rest);
};
