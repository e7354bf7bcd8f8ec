#!/usr/bin/env node
// Generates the OCSF JSON Schema the stream tests validate against (issue 22), from a
// checkout of github.com/ocsf/ocsf-schema, the way the OCSF server's JSON Schema export
// encodes a class (lib/schema/json_schema.ex in ocsf/ocsf-server: draft-07, "required"
// from each attribute's requirement, integer enums as enum/const, objects under $defs),
// and stricter where the source says more: derived types keep their regex, length and
// range, arrays are arrays of their type, string enums are enums, the at_least_one and
// just_one constraints become anyOf/oneOf, and a class or object with attributes takes
// no attribute it does not define (profiles included, as schema.ocsf.io shows them).
//
//   node scripts/ocsf-json-schema.mjs <ocsf-schema checkout> <out.json> authentication account_change …
//
// The output is vendored in vendor/ocsf/ (see its README for the commit it came from).
import fs from "node:fs";
import path from "node:path";

const [root, out, ...classNames] = process.argv.slice(2);
if (!root || !out || classNames.length === 0) {
  console.error("usage: node scripts/ocsf-json-schema.mjs <ocsf-schema checkout> <out.json> <class name>…");
  process.exit(2);
}

const read = (file) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));
const version = read("version.json").version;
const dictionary = read("dictionary.json");
const dict = dictionary.attributes;
const types = dictionary.types.attributes;
const categories = read("categories.json").attributes;

const byName = (dir) => {
  const found = new Map();
  const walk = (d) => {
    for (const entry of fs.readdirSync(path.join(root, d), { withFileTypes: true })) {
      const rel = path.join(d, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".json")) {
        const json = read(rel);
        if (json.name) found.set(json.name, json);
      }
    }
  };
  walk(dir);
  return found;
};
const objects = byName("objects");
const events = byName("events");

/** One attribute's definition over another's: later keys win, enums add up. */
function mergeAttr(base = {}, over = {}) {
  const merged = { ...base, ...over };
  if (base.enum || over.enum) merged.enum = { ...(base.enum ?? {}), ...(over.enum ?? {}) };
  return merged;
}

function mergeAttrs(base, over) {
  const merged = { ...base };
  for (const [k, v] of Object.entries(over)) merged[k] = mergeAttr(merged[k], v);
  return merged;
}

/**
 * A definition's attributes with its $include files (profiles) expanded under its own.
 * A profile's attributes are allowed but not required: they are required only of an
 * event that applies the profile (metadata.profiles), and these events apply none.
 */
function ownAttributes(attributes = {}) {
  let merged = {};
  for (const file of attributes.$include ?? []) {
    const profile = read(file);
    const marked = Object.fromEntries(Object.entries(ownAttributes(profile.attributes)).map(([k, v]) => [k, { profile: profile.name, ...v }]));
    merged = mergeAttrs(merged, marked);
  }
  const own = { ...attributes };
  delete own.$include;
  return mergeAttrs(merged, own);
}

function resolve(map, name, seen = []) {
  const def = map.get(name);
  if (!def) throw new Error(`OCSF ${map === objects ? "object" : "class"} ${name} is not in ${root}`);
  if (seen.includes(name)) throw new Error(`extends cycle at ${name}`);
  const parent = def.extends ? resolve(map, def.extends, [...seen, name]) : { attributes: {}, constraints: undefined, category: undefined };
  return {
    ...def,
    category: def.category ?? parent.category,
    constraints: def.constraints ?? parent.constraints,
    attributes: mergeAttrs(parent.attributes, ownAttributes(def.attributes)),
  };
}

const defs = {};
const pending = [];
const ref = (objectName) => {
  if (!(objectName in defs) && !pending.includes(objectName)) pending.push(objectName);
  return { $ref: `#/$defs/${objectName}` };
};

/** The JSON Schema of a scalar type, derived types carrying their constraints. */
function scalar(typeName) {
  const t = types[typeName];
  const base = { boolean_t: { type: "boolean" }, float_t: { type: "number" }, integer_t: { type: "integer" }, long_t: { type: "integer" }, string_t: { type: "string" }, json_t: {}, object_t: { type: "object" } }[typeName];
  if (base) return { ...base };
  if (!t?.type) throw new Error(`unknown OCSF type ${typeName}`);
  const schema = scalar(t.type);
  if (t.regex) schema.pattern = t.regex;
  if (t.max_len) schema.maxLength = t.max_len;
  if (Array.isArray(t.range)) [schema.minimum, schema.maximum] = t.range;
  return schema;
}

function attributeSchema(name, def) {
  const typeName = def.type;
  let schema;
  if (typeName in types || ["boolean_t", "float_t", "integer_t", "long_t", "string_t", "json_t", "object_t"].includes(typeName)) {
    schema = scalar(typeName);
    if (def.enum) {
      const values = Object.keys(def.enum).map((k) => (schema.type === "integer" ? Number(k) : k));
      if (values.length === 1) schema.const = values[0];
      else schema.enum = values;
    }
  } else if (objects.has(typeName)) {
    schema = ref(typeName);
  } else {
    throw new Error(`attribute ${name} has type ${typeName}, neither a type nor an object`);
  }
  if (def.caption) schema = schema.$ref ? { ...schema } : { title: def.caption, ...schema };
  return def.is_array ? { type: "array", items: schema } : schema;
}

function shape(attributes, constraints, extra = {}) {
  const properties = {};
  const required = [];
  for (const [name, own] of Object.entries(attributes)) {
    const def = mergeAttr(dict[name], own);
    if (!def.type) throw new Error(`attribute ${name} is not in the dictionary`);
    properties[name] = attributeSchema(name, def);
    if (own.requirement === "required" && !own.profile) required.push(name);
  }
  Object.assign(properties, extra);
  const schema = { type: "object", properties };
  if (Object.keys(properties).length > 0) schema.additionalProperties = false;
  if (required.length > 0) schema.required = required.sort();
  if (constraints?.at_least_one) schema.anyOf = constraints.at_least_one.map((k) => ({ required: [k] }));
  if (constraints?.just_one) schema.oneOf = constraints.just_one.map((k) => ({ required: [k] }));
  return schema;
}

const classes = {};
for (const name of classNames) {
  const c = resolve(events, name);
  const category = categories[c.category];
  if (!category) throw new Error(`class ${name} has no category`);
  const classUid = category.uid * 1000 + c.uid;
  const activities = Object.keys(mergeAttr(dict.activity_id, c.attributes.activity_id).enum ?? {}).map(Number);
  const schema = shape(c.attributes, c.constraints);
  schema.properties.class_uid = { title: "Class ID", type: "integer", const: classUid };
  schema.properties.category_uid = { title: "Category ID", type: "integer", const: category.uid };
  schema.properties.type_uid = { title: "Type ID", type: "integer", enum: activities.map((a) => classUid * 100 + a) };
  classes[`class_${name}`] = { title: `${c.caption} [${classUid}] (OCSF ${version})`, ...schema };
}
while (pending.length > 0) {
  const name = pending.shift();
  const o = resolve(objects, name);
  defs[name] = { title: o.caption, ...shape(o.attributes, o.constraints) };
}

const sorted = Object.fromEntries([...Object.entries(classes), ...Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))]);
const schema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: `https://schema.ocsf.io/${version}/hr-governance-classes.json`,
  title: `OCSF ${version}: ${classNames.join(", ")}`,
  $comment: "Generated by scripts/ocsf-json-schema.mjs from github.com/ocsf/ocsf-schema; validate an event against #/$defs/class_<name>.",
  $defs: sorted,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(schema, null, 1)}\n`);
console.log(`${out}: OCSF ${version}, ${Object.keys(classes).length} classes, ${Object.keys(defs).length} objects, ${fs.statSync(out).size} bytes`);
