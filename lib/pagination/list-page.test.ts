import { describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/errors";
import { timeIdCursor } from "./cursor";
import { INVALID_CURSOR_NOTICE, readListPage } from "./list-page";

const codec = timeIdCursor("numbers");
const ROWS = [5, 4, 3, 2, 1];

/** A list of numbers, newest (largest) first, paged two at a time by the shared codec. */
async function read(cursor: string | undefined) {
  const after = codec.parse(cursor);
  const rows = ROWS.filter((n) => !after || n < after.at.getTime()).slice(0, 2);
  const last = rows.at(-1);
  return { rows, next: last ? codec.encode({ at: new Date(last), id: "0190aaaa-0000-7000-8000-000000000001" }) : null };
}

describe("readListPage", () => {
  it("reads the first page without a cursor and the next one with it", async () => {
    const first = await readListPage(undefined, read);
    expect(first).toEqual({ list: { rows: [5, 4], next: expect.any(String) }, cursor: undefined, notice: null });
    const second = await readListPage(first.list.next!, read);
    expect(second).toMatchObject({ list: { rows: [3, 2] }, cursor: first.list.next, notice: null });
    expect(await readListPage([first.list.next!, "ignored"], read)).toMatchObject({ list: { rows: [3, 2] } });
    expect(await readListPage("", read)).toMatchObject({ list: { rows: [5, 4] }, cursor: undefined, notice: null });
  });

  it("shows the first page with a notice for a cursor the list refuses", async () => {
    const other = timeIdCursor("letters").encode({ at: new Date(3), id: "0190aaaa-0000-7000-8000-000000000001" });
    for (const bad of ["garbage", other, `${other}x`, "A".repeat(5000)]) {
      expect(await readListPage(bad, read)).toEqual({ list: { rows: [5, 4], next: expect.any(String) }, cursor: undefined, notice: INVALID_CURSOR_NOTICE });
    }
  });

  it("lets any other failure through", async () => {
    const refuse = async () => {
      throw new ServiceError("You are not allowed to view people.", "forbidden");
    };
    await expect(readListPage("garbage", refuse)).rejects.toThrow("You are not allowed to view people.");
  });
});
