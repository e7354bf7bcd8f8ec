// Integration tests: every answer a route gives through the API wrapper is held to the
// OpenAPI document (lib/contract/check.ts). A breach fails the test that caused it,
// naming the operation, the status and what does not match.
import { afterEach, expect } from "vitest";
import type { Operation } from "@/lib/api/operation";
import { contractBreaches } from "@/lib/contract/check";

const breaches: string[] = [];

(globalThis as { __apiContractCheck?: (operation: Operation, response: Response) => Promise<void> }).__apiContractCheck = async (operation, response) => {
  breaches.push(...(await contractBreaches(operation, response)));
};

afterEach(() => {
  const found = breaches.splice(0);
  expect(found, "answers that breach the OpenAPI document").toEqual([]);
});
