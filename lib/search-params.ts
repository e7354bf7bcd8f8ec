/** A page's search parameters as Next.js gives them: a name may repeat. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** One parameter's value: the first when the name repeats. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Every parameter's value, the first when a name repeats. */
export function firstParams(raw: SearchParams): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, firstParam(value)]));
}

/** The named parameters that are present and not empty: a list's filters as its address carries them. */
export function presentParams<K extends string>(raw: SearchParams, names: readonly K[]): Partial<Record<K, string>> {
  return Object.fromEntries(names.map((name) => [name, firstParam(raw[name])]).filter(([, value]) => value)) as Partial<Record<K, string>>;
}
