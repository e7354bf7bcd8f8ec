// The UUID text form, in one place. Pure (no Node imports), so client components and
// the realtime channel names use it too; ids are made in lib/uuidv7.ts.
/** The pattern without anchors, to find UUIDs inside text. */
export const UUID_PATTERN_SOURCE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const UUID_RE = new RegExp(`^${UUID_PATTERN_SOURCE}$`, "i");

/** Whether `value` is a UUID in its canonical text form (any version), so a `::uuid` cast of it cannot fail. */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
