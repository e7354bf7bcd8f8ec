import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { folderGraph, folderPath } from "./eslint-rules/lib-folder-cycles.mjs";

// The boundary rules of eslint.config.mjs, checked with the real config: a page or a
// component that reaches past the read and action layers fails lint.
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname) });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(import.meta.dirname, filePath) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const PAGE = "app/(app)/lint-fixture/page.tsx";

describe("import boundaries", () => {
  it("refuses lib/db in a page", async () => {
    const messages = await restricted(PAGE, 'import { db } from "@/lib/db";\nexport default async function Page() { return String(await db.user.count()); }\n');
    expect(messages).toEqual([expect.stringContaining("never lib/db")]);
  });

  it("refuses the generated client, a service and the data-access recorder in pages and components", async () => {
    for (const file of [PAGE, "components/lint-fixture/widget.tsx"]) {
      const code = [
        'import type { TaskStatus } from "@/lib/generated/prisma/enums";',
        'import { createTask } from "@/lib/tasks/service";',
        'import { recordDataAccess } from "@/lib/audit/write/data-access";',
        "export const x: [TaskStatus | null, unknown, unknown] = [null, createTask, recordDataAccess];",
        "",
      ].join("\n");
      expect(await restricted(file, code)).toHaveLength(3);
    }
  });

  it("lets pages use queries and actions, and server action files and routes call services but not the database", async () => {
    expect(await restricted(PAGE, 'import { listMyOpenTasks } from "@/lib/tasks/queries";\nimport { startTaskAction } from "@/lib/tasks/actions";\nexport const x = [listMyOpenTasks, startTaskAction];\n')).toEqual([]);
    expect(await restricted("app/(app)/lint-fixture/actions.ts", '"use server";\nimport { endSession } from "@/lib/auth/service";\nexport const x = endSession;\n')).toEqual([]);
    expect(await restricted("app/api/lint-fixture/route.ts", 'import { db } from "@/lib/db";\nexport const x = db;\n')).toHaveLength(1);
  });

  it("refuses components in lib and in route handlers: data is shaped in lib, components render it", async () => {
    const code = 'import { Badge } from "@/components/ui/badge";\nexport const x = Badge;\n';
    for (const file of ["lib/lint-fixture/shape.ts", "app/api/lint-fixture/route.ts"]) {
      expect(await restricted(file, code)).toEqual([expect.stringContaining("never import from components/")]);
    }
  });
});

describe("no import cycles between lib/ folders", () => {
  const cycles = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.resolve(import.meta.dirname, filePath) });
    return result!.messages.filter((m) => m.ruleId === "house/lib-folder-cycles").map((m) => m.message);
  };

  it("refuses an import that closes a cycle, naming the way back", async () => {
    // lib/audit reads permissions and scope from lib/access; lib/access importing lib/audit closes the loop.
    const messages = await cycles("lib/access/lint-fixture.ts", 'import { listAuditEntries } from "@/lib/audit/search/query";\nexport const x = listAuditEntries;\n');
    expect(messages).toEqual([expect.stringContaining("lib/access imports lib/audit, but lib/audit already depends on lib/access (lib/audit → lib/access")]);
    expect(await cycles("lib/access/lint-fixture.ts", 'import { listAuditEntries } from "../audit/search/query";\nexport const x = listAuditEntries;\n')).toHaveLength(1);
  });

  it("lets a folder import one that does not depend on it, and anything import within its own folder", async () => {
    expect(await cycles("lib/audit/lint-fixture.ts", 'import { can } from "@/lib/access/permissions";\nimport { entryHead } from "./search/query";\nexport const x = [can, entryHead];\n')).toEqual([]);
  });

  it("finds no cycle in the tree as it is", () => {
    const graph = folderGraph(path.resolve(import.meta.dirname));
    const inCycle = [...graph.keys()].filter((folder) => [...(graph.get(folder)?.keys() ?? [])].some((to) => folderPath(graph, to, folder)));
    expect(inCycle).toEqual([]);
  });
});
