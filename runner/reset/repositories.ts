import type { LabDefinition } from "../../grader/lab/types.js";

// The repositories a lab uses (under its prefix): those it seeds or damages and those its checks read.
export function labRepositories(lab: LabDefinition): string[] {
  const names = new Set<string>();
  for (const tag of lab.seed.tags) names.add(tag.repository);
  for (const damage of lab.seed.damage) names.add(damage.repository);
  for (const check of lab.tasks.flatMap((t) => t.checks)) {
    for (const field of ["ref", "other", "subject", "repository"]) {
      const value = check[field];
      if (typeof value === "string") names.add(repositoryOf(value));
    }
  }
  return [...names].filter((n) => n.length > 0).sort();
}

function repositoryOf(text: string): string {
  const at = text.indexOf("@");
  if (at >= 0) return text.slice(0, at);
  const colon = text.lastIndexOf(":");
  return colon > text.lastIndexOf("/") ? text.slice(0, colon) : text;
}
