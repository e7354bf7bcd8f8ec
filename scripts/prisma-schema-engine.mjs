#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, running Prisma's
// WebAssembly build of the same engine (@prisma/schema-engine-wasm) on top of the
// `pg` driver adapter.
//
// Why: the Prisma 7 CLI downloads a native schema engine for `generate`,
// `migrate *` and `db *`, which is impossible offline. It still honours
// PRISMA_SCHEMA_ENGINE_BINARY (prisma.config.ts points it here) and talks to the
// binary only through this contract:
//   schema-engine [--datamodels FILE]... --datasource JSON    JSON-RPC 2.0 server on stdio
//   schema-engine --datasource JSON cli can-connect-to-database|create-database|drop-database
//   schema-engine --version
// Requests and responses are JSON lines on stdin/stdout; logs are JSON lines on
// stderr, in the native engine's tracing format, which the CLI parses.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);
// pg's own connection-string parser (a dependency of pg, resolved from there).
const { parse: parseConnectionString } = createRequire(require.resolve("pg"))("pg-connection-string");

// For `cli` subcommands the CLI skips the first stderr line and JSON-parses every
// other one, looking for an ERROR from `schema_engine::logger` with an error_code.
function log(level, fields, target = "schema_engine") {
  process.stderr.write(JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target }) + "\n");
}

function parseArgs(argv) {
  const args = { datamodels: [], datasource: {}, cli: null, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--datamodels" || arg === "-d") args.datamodels.push(argv[++i]);
    else if (arg === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++; // nothing to do for PostgreSQL
    else if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "cli") args.cli = argv[++i];
    else throw new Error(`Unknown argument: ${arg}`);
  }
  return args;
}

// ---------------------------------------------------------------------------
// The wasm engine

// The engine's panic hook records the panic message here; without it a panic is
// only "RuntimeError: unreachable".
globalThis.PRISMA_WASM_PANIC_REGISTRY = { message: "", set_message(m) { this.message = m; } };

// The package entry imports the .wasm file as an ES module, which Node 20 only
// allows behind --experimental-wasm-modules, so wire the glue code up by hand.
async function loadWasmEngine() {
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = fs.readFileSync(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

// ---------------------------------------------------------------------------
// The driver adapter handed to the engine

// Connection settings as separate fields: with a `connectionString`, pg ignores
// `database`, and we need to point at other databases on the same server. The
// `?schema=` parameter is Prisma's, not libpq's: the adapter reports it to the
// engine, which emits unqualified DDL, so it also becomes the search_path (as
// the native engine does).
function connectionConfig(url, database) {
  const { schema, ...config } = parseConnectionString(url);
  if (database !== undefined) config.database = database;
  if (schema) config.options = [config.options, `-c search_path="${schema}"`].filter(Boolean).join(" ");
  return { config, schema };
}

function pgAdapterFactory(url, database) {
  const { config, schema } = connectionConfig(url, database);
  return new PrismaPg(config, schema ? { schema } : undefined);
}

const PG_CHAR_OID = 18; // PostgreSQL's internal one-byte `"char"` type
const PG_TEXT_OID = 25;

// adapter-pg rejects result columns of type `"char"` (it has no mapping for the
// oid), yet the engine's catalog queries select them (pg_constraint.contype,
// pg_class.relkind, ...) and read them as Prisma `Character` values. So let the
// adapter convert such a column as text, then retype it. Patched on the shared
// prototype because transactions are created inside the adapter; the query
// object, passed from queryRaw to performIO, ties the two halves together.
function readCharColumns(adapter) {
  const queryable = Object.getPrototypeOf(Object.getPrototypeOf(adapter));
  if (queryable.readsCharColumns) return;
  const { performIO, queryRaw } = queryable;
  if (typeof performIO !== "function") throw new Error('@prisma/adapter-pg changed: update readCharColumns() for "char" columns');
  const charColumns = new WeakMap();
  queryable.performIO = async function (query) {
    const result = await performIO.call(this, query);
    const indexes = [];
    // (A multi-statement script yields an array of results, without `fields`.)
    result.fields?.forEach((field, i) => {
      if (field.dataTypeID !== PG_CHAR_OID) return;
      field.dataTypeID = PG_TEXT_OID;
      indexes.push(i);
    });
    if (indexes.length > 0) charColumns.set(query, indexes);
    return result;
  };
  queryable.queryRaw = async function (query) {
    const result = await queryRaw.call(this, query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  queryable.readsCharColumns = true;
}

// adapter-pg's executeScript splits scripts on every `;`, which breaks
// migrations with functions, DO blocks or semicolons inside strings. Like the
// native engine, send the whole script as one simple query.
function runScriptsWhole(adapter) {
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error); // rethrows in the adapter's error format
    }
  };
  return adapter;
}

async function connect(factory) {
  const adapter = await factory.connect();
  readCharColumns(adapter);
  return runScriptsWhole(adapter);
}

function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

async function withClient(url, fn, database) {
  const client = new pg.Client(connectionConfig(url, database).config);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Temporary shadow databases still alive, to drop if the engine panics before
// disposing of them.
const shadowDatabaseDrops = new Set();

function createAdapterFactory({ url, shadowDatabaseUrl }) {
  if (!url) {
    throw new Error("The datasource.url property is required in the Prisma config file for this command (the schema engine needs a database server).");
  }
  const main = pgAdapterFactory(url);
  return bindMigrationAwareSqlAdapterFactory({
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => connect(main),
    // adapter-pg's own connectToShadowDb loses the database name when given a
    // URL (the shadow database would be the main one) and drops the database
    // while its pool is still connected, so the temporary one is managed here.
    connectToShadowDb: async () => {
      if (shadowDatabaseUrl) return connect(pgAdapterFactory(shadowDatabaseUrl));
      const name = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
      const drop = () => withClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
      await withClient(url, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      shadowDatabaseDrops.add(drop);
      const adapter = await connect(pgAdapterFactory(url, name));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose(); // closes the pool first
        shadowDatabaseDrops.delete(drop);
        await drop();
      };
      return adapter;
    },
  });
}

// ---------------------------------------------------------------------------
// `cli` subcommands. The wasm engine cannot create or drop databases, so these
// talk to PostgreSQL directly and report failures with Prisma's error codes; the
// CLI relies on them (e.g. P1003 makes `migrate dev` create the database).

function userFacingError(error, url) {
  const { host, port, user, database } = connectionConfig(url).config;
  const at = `${host}:${port}`;
  switch (error.code) {
    case "3D000":
      return { error_code: "P1003", message: `Database \`${database}\` does not exist on the database server at \`${at}\`.` };
    case "42P04":
      return { error_code: "P1009", message: `Database \`${database}\` already exists on the database server at \`${at}\`` };
    case "28P01":
    case "28000":
      return {
        error_code: "P1000",
        message: `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
      };
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EHOSTUNREACH":
    case "ETIMEDOUT":
      return { error_code: "P1001", message: `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.` };
    default:
      return { error_code: "", message: error.message };
  }
}

// CREATE/DROP DATABASE must run from another database; try the usual ones.
async function withMaintenanceClient(url, fn) {
  try {
    return await withClient(url, fn, "postgres");
  } catch (error) {
    if (error.code !== "3D000") throw error;
    return withClient(url, fn, "template1");
  }
}

const cliCommands = {
  "can-connect-to-database": async (url) => {
    await withClient(url, (c) => c.query("SELECT 1"));
    return "Connection successful";
  },
  "create-database": async (url) => {
    const { database } = connectionConfig(url).config;
    await withMaintenanceClient(url, (c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
    return `Database '${database}' was successfully created.`;
  },
  "drop-database": async (url) => {
    const { database } = connectionConfig(url).config;
    await withMaintenanceClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
    return "The database was successfully dropped.";
  },
};

async function runCli(command, { url }) {
  log("INFO", { message: "Starting schema engine CLI" });
  try {
    if (!cliCommands[command]) throw new Error(`Unknown cli subcommand: ${command}`);
    if (!url) throw new Error("The datasource url is missing.");
    log("INFO", { message: await cliCommands[command](url) });
    return 0;
  } catch (error) {
    log("ERROR", { is_panic: false, ...(url ? userFacingError(error, url) : { error_code: "", message: error.message }) }, "schema_engine::logger");
    return 1;
  }
}

// ---------------------------------------------------------------------------
// JSON-RPC server

function send(message) {
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");
}

// The error shape the CLI unpacks from the native engine: `data.is_panic`,
// `data.message` and, for known errors, `data.error_code`.
function rpcError(error) {
  if (error.rpcCode) return { code: error.rpcCode, message: error.message };
  let data;
  if (error instanceof WebAssembly.RuntimeError) {
    data = { is_panic: true, message: globalThis.PRISMA_WASM_PANIC_REGISTRY.message || error.message, backtrace: error.stack };
  } else if (typeof error?.code === "string" && /^P\d{4}$/.test(error.code)) {
    data = { is_panic: false, message: error.message, error_code: error.code, meta: error.meta ?? null };
  } else {
    data = { is_panic: false, message: withExternalCause(error?.message ?? String(error)), backtrace: error?.stack ?? null };
  }
  // The CLI shows the top-level message for panics, so make it the real one.
  return { code: 4466, message: data.message, data };
}

// A plain JS error thrown inside the adapter (e.g. pg's "permission denied to
// create database") reaches the engine only as an id into the adapter's error
// registry; put its message back.
let errorRegistry;
function withExternalCause(message) {
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const cause = id === undefined ? undefined : errorRegistry?.consumeError(Number(id))?.error;
  return cause ? `${message}\nCaused by: ${cause.message}` : message;
}

function isUncachedShadowSchema(method, error) {
  return (
    (method === "evaluateDataLoss" || method === "createMigration") &&
    /shadow DB must be provided through an external factory/.test(error?.message)
  );
}

async function handle(engine, { method, params, id }, datasource) {
  if (method === "getDatabaseVersion") method = "version"; // the wasm engine's name for it
  if (method === "createDatabase") {
    const url = params?.datasource?.url ?? datasource.url;
    await cliCommands["create-database"](url);
    return { databaseName: connectionConfig(url).config.database };
  }
  if (typeof engine[method] !== "function" || method === "free" || method === "constructor") {
    throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
  }
  // Called on the engine object: the wasm-bindgen methods need `this`.
  const call = () => engine[method](params ?? undefined);
  let result;
  try {
    result = await call();
  } catch (error) {
    if (!isUncachedShadowSchema(method, error)) throw error;
    // The wasm engine reaches a shadow database (through our adapter factory)
    // only in diagnose/devDiagnostic/diff; evaluateDataLoss and createMigration
    // can only reuse the schema those cached for the migrations applied at the
    // time. After `migrate dev` applies pending migrations that cache misses,
    // so diagnose again (now with every migration applied) and retry: both
    // methods are read-only.
    const { migrationsList, filters } = params;
    await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: true, filters });
    result = await call();
  }
  // The native engine hands `diff` output to the CLI in a `print` request (the
  // CLI writes it to stdout, adding the newline back) instead of returning it.
  if (method === "diff" && result.stdout) {
    send({ id: `print-${id}`, method: "print", params: { content: result.stdout.replace(/\n$/, "") } });
    return { ...result, stdout: null };
  }
  return result ?? {};
}

async function startEngine(datamodels, datasource) {
  const glue = await loadWasmEngine();
  const files = datamodels.map((file) => [file, fs.readFileSync(file, "utf8")]);
  const adapterFactory = createAdapterFactory(datasource);
  errorRegistry = adapterFactory.errorRegistry;
  return glue.SchemaEngine.new(
    { datamodels: files.length > 0 ? files : undefined },
    (line) => process.stderr.write(`${line}\n`), // the engine's own logs, already JSON
    adapterFactory,
  );
}

function serve({ datamodels, datasource }) {
  log("INFO", { message: "Starting schema engine RPC server" });
  // Start-up failures (no url, database unreachable, ...) are answered to each
  // request instead of exiting: the CLI does not notice an engine that exits
  // before it is stopped (`migrate diff` then exits 0 with no output).
  const engine = startEngine(datamodels, datasource);
  engine.catch(() => {});

  // A wasm panic is thrown outside the request's promise, which then never
  // settles. Fail the request with it, and every later one too: the engine is
  // unusable after a panic.
  let panic = null;
  let failCurrent = null;
  process.on("uncaughtException", (error) => {
    if (!failCurrent) {
      log("ERROR", { is_panic: false, message: error.message, backtrace: error.stack });
      process.exit(1);
    }
    if (error instanceof WebAssembly.RuntimeError) panic = error;
    const fail = failCurrent;
    Promise.allSettled([...shadowDatabaseDrops].map((drop) => drop())).then(() => fail(error));
  });

  // One request at a time, in order, like the native engine.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const request = JSON.parse(line);
    if (!request.method) return; // the CLI's reply to a `print` request
    queue = queue.then(async () => {
      try {
        const result = await new Promise((resolve, reject) => {
          if (panic) throw panic;
          failCurrent = reject;
          engine.then((e) => handle(e, request, datasource)).then(resolve, reject);
        });
        send({ id: request.id, result });
      } catch (error) {
        send({ id: request.id, error: rpcError(error) });
      } finally {
        failCurrent = null;
      }
    });
  });
  // The wasm engine keeps a timer alive, so exit explicitly once the CLI closes
  // stdin and pending requests are answered.
  lines.on("close", () => queue.then(() => process.exit(0)));
}

// ---------------------------------------------------------------------------

const args = parseArgs(process.argv.slice(2));
if (args.version) {
  const glue = await loadWasmEngine();
  process.stdout.write(`schema-engine-cli ${glue.version()}\n`);
  process.exit(0);
} else if (args.cli) {
  process.exit(await runCli(args.cli, args.datasource));
} else {
  serve(args);
}
