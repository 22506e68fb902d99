/**
 * Which reserved name a property's name is a slip of: a case difference, or
 * a small edit (a letter missed, added, changed or two swapped).
 */

/**
 * The reserved name `name` is close to but not equal to, if any: one that
 * differs from it in case only, or, for names of five letters or more, by
 * one edit (two for names of eight or more). Short names (`pkg`, `type`)
 * are compared by case only: one edit away from them are ordinary words
 * (`pkgs`, `types`).
 */
export function nearReservedName(name: string, reserved: readonly string[]): string | undefined {
  // A deployment repeats the same few property names in every service.
  let known = answers.get(reserved);
  if (known === undefined) answers.set(reserved, (known = new Map()));
  if (known.has(name)) return known.get(name);
  const near = nearestReserved(name, reserved);
  known.set(name, near);
  return near;
}

/** What `nearReservedName` gave, by list of reserved names and name asked. */
const answers = new WeakMap<readonly string[], Map<string, string | undefined>>();

function nearestReserved(name: string, reserved: readonly string[]): string | undefined {
  if (reserved.includes(name)) return undefined;
  const lower = name.toLowerCase();
  for (const candidate of reserved) {
    if (candidate.toLowerCase() === lower) return candidate;
  }
  for (const candidate of reserved) {
    const allowed = candidate.length >= 8 ? 2 : candidate.length >= 5 ? 1 : 0;
    if (allowed === 0 || Math.abs(candidate.length - name.length) > allowed) continue;
    if (editDistance(lower, candidate.toLowerCase()) <= allowed) return candidate;
  }
  return undefined;
}

/**
 * The optimal string alignment distance of `a` and `b`: the edits (insert,
 * delete, replace, swap of two neighbours) that make one the other, which
 * counts `sytem` for `system` as the one slip it is.
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}
