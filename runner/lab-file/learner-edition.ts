import { isMap, isSeq, parseDocument, type YAMLMap } from "yaml";

// A lab file as learners get it: the same text and comments, without the instructor material (the solution,
// the wrong attempts and hidden checks), marked `edition: learner`. Course staff keep the full edition to grade.

const INSTRUCTOR_KEYS = ["solution", "solutionAfterChecks", "wrongAttempts"];

// The learner edition of a lab file's text, and how many hidden checks it left out.
export function learnerEdition(text: string): { text: string; hiddenChecks: number } {
  const doc = parseDocument(text);
  const root = doc.contents;
  if (!isMap(root)) throw new Error("a lab file is a mapping at the top level");
  for (const key of INSTRUCTOR_KEYS) root.delete(key);
  let hiddenChecks = 0;
  const tasks = root.get("tasks");
  for (const task of isSeq(tasks) ? tasks.items : []) {
    const checks = isMap(task) ? task.get("checks") : undefined;
    if (!isSeq(checks)) continue;
    const kept = checks.items.filter((check) => !(isMap(check) && (check as YAMLMap).get("hidden") === true));
    hiddenChecks += checks.items.length - kept.length;
    checks.items = kept;
  }
  root.delete("edition");
  const at = Math.max(
    0,
    root.items.findIndex((pair) => String((pair.key as { value?: unknown })?.value) === "formatVersion") + 1,
  );
  root.items.splice(at, 0, doc.createPair("edition", "learner") as (typeof root.items)[number]);
  return { text: doc.toString({ lineWidth: 0 }), hiddenChecks };
}
