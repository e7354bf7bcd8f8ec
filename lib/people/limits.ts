// Plain numbers a browser form may import without pulling in zod: zod probes for eval
// when it builds an object schema, which the CSP refuses (and reports as a violation).
export const CAPACITY_MIN_HOURS = 1;
export const CAPACITY_MAX_HOURS = 80;
