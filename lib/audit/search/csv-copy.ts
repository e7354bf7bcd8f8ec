import "server-only";
// The CSV export at the database's own speed: the viewer's search as one
// `COPY (SELECT …) TO STDOUT WITH (FORMAT csv, HEADER)`, streamed to the client as the
// client reads it. Everything the row-by-row CSV did happens in the SELECT: the same
// labelled columns (csv.ts CSV_COLUMNS), PKT times, the same scope and search
// (searchWhere), masking flags, and formula injection neutralized (a leading `'`).
// COPY takes no bind parameters, so the search's values are written in as literals,
// each escaped by pg's escapeLiteral (standard_conforming_strings is on).
import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Viewer } from "@/lib/access/scope";
import { pktIsoSql } from "@/lib/time-sql";
import { CSV_COLUMNS, FORMULA_START } from "./csv";
import type { SearchQuery } from "./parse";
import { maskedSql, searchWhere } from "./where";

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return `${pg.escapeLiteral(value.toISOString())}::timestamptz`;
  if (Array.isArray(value)) {
    const items = value.map((v) => `"${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);
    return pg.escapeLiteral(`{${items.join(",")}}`);
  }
  return pg.escapeLiteral(String(value));
}

/** A parameterized statement with its values written in as escaped literals. */
export function inlineSql(sql: Prisma.Sql): string {
  return sql.text.replace(/\$(\d+)/g, (_, n: string) => literal(sql.values[Number(n) - 1]));
}

// A text cell a spreadsheet would read as a formula gets a leading ' (csv.ts neutralizeCell,
// the same pattern: PostgreSQL's regular expressions read its escapes as JavaScript does).
const cell = (expr: string) => `(CASE WHEN (${expr}) ~ '${FORMULA_START.source}' THEN '''' || (${expr}) ELSE coalesce(${expr}, '') END)`;

// In CSV_COLUMNS order; the header row is the labels (checked in csv-copy's test).
const COLUMN_SQL: Record<(typeof CSV_COLUMNS)[number], string> = {
  "Time (PKT)": pktIsoSql(Prisma.raw("a.event_timestamp")).text,
  "Event type": "a.event_type::text",
  Category: "a.event_category::text",
  Action: cell("a.action_type"),
  Description: cell("a.action_description"),
  Module: cell("a.module_name"),
  Actor: cell("coalesce(nullif(a.user_name, ''), (SELECT u.name FROM users u WHERE u.id = a.user_id), '')"),
  "Actor email": cell("a.user_email"),
  "Actor role": cell("a.user_role"),
  "Record type": cell("a.object_type"),
  Record: cell("a.object_name"),
  "Record ID": cell("a.object_id"),
  About: cell("CASE WHEN a.subject_user_id IS NULL THEN '' ELSE coalesce(subject.name, 'a former user') END"),
  Risk: "a.risk_level::text",
  Outcome: "a.status::text",
  "IP address": cell("a.ip_address"),
  Sensitive: "CASE WHEN a.is_sensitive THEN 'yes' ELSE 'no' END",
  "Values masked for you": "CASE WHEN masked THEN 'yes' ELSE 'no' END",
  "Entry ID": "a.id::text",
};

/** The COPY statement for the viewer's search, newest first (the table's order). */
export function csvCopyStatement(ast: SearchQuery, viewer: Viewer): string {
  const columns = CSV_COLUMNS.map((label) => `${COLUMN_SQL[label]} AS "${label.replace(/"/g, '""')}"`);
  const select = Prisma.sql`SELECT a.*, ${maskedSql(viewer)} AS masked FROM audit_logs a WHERE ${searchWhere(ast, viewer)}`;
  return `COPY (
    SELECT ${columns.join(",\n           ")}
      FROM (${inlineSql(select)}) a
      LEFT JOIN users subject ON subject.id = a.subject_user_id
     ORDER BY a.event_timestamp DESC, a.id DESC
  ) TO STDOUT WITH (FORMAT csv, HEADER)`;
}
