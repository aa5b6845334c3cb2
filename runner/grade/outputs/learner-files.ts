import type { LearnerResult } from "../result.js";

// File names for per-learner outputs. Learner ids come from submissions, so they are untrusted: a name keeps
// letters, digits, dot, dash and underscore, never starts with a dot, and repeats get a numeric suffix.
export function learnerFileNames(results: readonly LearnerResult[]): string[] {
  const used = new Set<string>();
  return results.map((r) => {
    const base =
      r.learner
        .replace(/[^A-Za-z0-9._-]/g, "_")
        .replace(/^\.+/, "_")
        .slice(0, 100) || "_";
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}
