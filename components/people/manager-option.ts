/** A possible manager as the choice reads: "Name (Title)". */
export function managerOption(m: { id: string; name: string; title: string | null }) {
  return { value: m.id, label: m.title ? `${m.name} (${m.title})` : m.name };
}
