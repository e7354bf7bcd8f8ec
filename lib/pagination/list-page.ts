// How a page reads a list from the cursor in its URL. A route answers a bad cursor with
// 400 and the error body; a page cannot send a status of its own once it renders, so it
// does what the audit search always did: the list's first page, with a notice that the
// link was not valid (not an error page, and not a silent jump back to the start).
import { InvalidCursorError } from "./cursor";

export const INVALID_CURSOR_NOTICE = "That page link is not valid; showing the first page instead.";

type ListPage<T> = {
  list: T;
  /** The cursor the list was read from; undefined on the first page (also after a refused one). */
  cursor: string | undefined;
  notice: string | null;
};

/** `read` the list from a URL search param's cursor (its first value, if repeated). */
export async function readListPage<T>(param: string | string[] | undefined, read: (cursor: string | undefined) => Promise<T>): Promise<ListPage<T>> {
  const cursor = (Array.isArray(param) ? param[0] : param) || undefined;
  if (!cursor) return { list: await read(undefined), cursor: undefined, notice: null };
  try {
    return { list: await read(cursor), cursor, notice: null };
  } catch (e) {
    if (!(e instanceof InvalidCursorError)) throw e;
    return { list: await read(undefined), cursor: undefined, notice: INVALID_CURSOR_NOTICE };
  }
}
