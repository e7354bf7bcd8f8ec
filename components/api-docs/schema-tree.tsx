import type { FieldNode } from "@/lib/contract/reference";
import { DocText } from "./doc-text";

// A schema as a nested list of fields: name, type, required or optional, nullable,
// allowed values, bounds, default and description. A nested shape with more than a
// few fields starts collapsed (<details>, no script), as does a long top level.

const COLLAPSE_NESTED_OVER = 4;
const COLLAPSE_ROOT_OVER = 12;

/** "AuditEntryDetail" for a named object, else the type in words. */
export function typeLabel(node: FieldNode): string {
  return node.type === "object" && node.schemaName ? node.schemaName : node.type;
}

function childrenLabel(node: FieldNode): string {
  const n = node.fields.length;
  if (node.type === "one of") return `${n} options`;
  const noun = n === 1 ? "field" : "fields";
  return node.fieldsOf ? `${n} ${noun} of ${node.fieldsOf}` : `${n} ${noun}`;
}

function Chip({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900 [overflow-wrap:anywhere]">{children}</code>;
}

/** Allowed values, bounds, pattern and default, each on its own line when present. */
export function FieldFacts({ node }: { node: FieldNode }) {
  const facts: React.ReactNode[] = [];
  if (node.values?.length) {
    facts.push(
      <p key="values" className="flex flex-wrap items-baseline gap-1">
        <span className="text-slate-700">{node.values.length === 1 ? "Always" : "One of"}</span>
        {node.values.map((v) => (
          <Chip key={v}>{v}</Chip>
        ))}
      </p>,
    );
  }
  if (node.constraints.length) facts.push(<p key="constraints" className="text-slate-700">{node.constraints.join("; ")}</p>);
  if (node.pattern) {
    facts.push(
      <p key="pattern" className="text-slate-700">
        Matches <Chip>{node.pattern}</Chip>
      </p>,
    );
  }
  if (node.defaultValue !== undefined) {
    facts.push(
      <p key="default" className="text-slate-700">
        Default <Chip>{node.defaultValue}</Chip>
      </p>,
    );
  }
  if (!facts.length) return null;
  return <div className="mt-1 space-y-1 text-xs">{facts}</div>;
}

function FieldList({ fields, depth }: { fields: FieldNode[]; depth: number }) {
  return (
    <ul className="mt-1 space-y-2 border-l-2 border-slate-200 pl-3">
      {fields.map((f, i) => (
        <FieldItem key={`${f.name ?? "item"}-${i}`} node={f} depth={depth} />
      ))}
    </ul>
  );
}

function Children({ node, depth, collapseOver }: { node: FieldNode; depth: number; collapseOver: number }) {
  if (!node.fields.length) return null;
  if (node.size <= collapseOver) return <FieldList fields={node.fields} depth={depth + 1} />;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs font-medium text-indigo-800">{childrenLabel(node)}</summary>
      <FieldList fields={node.fields} depth={depth + 1} />
    </details>
  );
}

function FieldItem({ node, depth }: { node: FieldNode; depth: number }) {
  return (
    <li className="text-sm">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <code className="font-mono font-semibold text-slate-900 [overflow-wrap:anywhere]">{node.name}</code>
        <span className="font-mono text-xs text-indigo-900 [overflow-wrap:anywhere]">
          {typeLabel(node)}
          {node.format ? ` (${node.format})` : ""}
        </span>
        {node.required ? <span className="text-xs font-medium text-red-800">required</span> : <span className="text-xs text-slate-600">optional</span>}
        {node.nullable ? <span className="text-xs text-slate-600">nullable</span> : null}
      </div>
      <DocText markdown={node.description} className="mt-0.5 text-xs text-slate-700" />
      <FieldFacts node={node} />
      {node.recursive ? <p className="mt-1 text-xs text-slate-600">Contains itself: the same fields as {node.type} above.</p> : null}
      <Children node={node} depth={depth} collapseOver={COLLAPSE_NESTED_OVER} />
    </li>
  );
}

/** A whole schema: what it is, then its fields. */
export function SchemaTree({ root }: { root: FieldNode }) {
  return (
    <div className="text-sm" data-testid="schema-tree">
      <p className="flex flex-wrap items-baseline gap-x-2">
        <span className="text-slate-700">Schema</span>
        <span className="font-mono text-xs font-semibold text-indigo-900 [overflow-wrap:anywhere]">
          {typeLabel(root)}
          {root.format ? ` (${root.format})` : ""}
        </span>
        {root.nullable ? <span className="text-xs text-slate-600">nullable</span> : null}
      </p>
      <DocText markdown={root.description} className="mt-0.5 text-xs text-slate-700" />
      <FieldFacts node={root} />
      <Children node={root} depth={0} collapseOver={root.fields.length > COLLAPSE_ROOT_OVER ? 0 : Infinity} />
    </div>
  );
}
