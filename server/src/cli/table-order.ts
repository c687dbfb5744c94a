/**
 * Orders tables so that every table comes after the tables it references (self-references and
 * cycles aside: those are appended in name order, and the copy runs with triggers off anyway).
 */
export function copyOrder(tables: readonly string[], foreignKeys: ReadonlyArray<{ child: string; parent: string }>) {
  const known = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of foreignKeys) {
    if (child !== parent && known.has(child) && known.has(parent)) parents.get(child)!.add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  const remaining = [...tables].sort();
  let progress = true;
  while (remaining.length && progress) {
    progress = false;
    for (const t of [...remaining]) {
      if ([...parents.get(t)!].every((p) => placed.has(p))) {
        ordered.push(t);
        placed.add(t);
        remaining.splice(remaining.indexOf(t), 1);
        progress = true;
      }
    }
  }
  return [...ordered, ...remaining];
}
