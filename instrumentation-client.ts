// Runs in the browser before the app's own modules. zod compiles object parsers with
// `new Function` unless told not to, and probes for it as soon as a schema is built;
// under this app's CSP (no 'unsafe-eval') that probe is refused and reported as a
// violation. The browser parses only small payloads (the alert contract's realtime
// event, list cursors), so the interpreted parser costs nothing that matters.
import { z } from "zod";

z.config({ jitless: true });
