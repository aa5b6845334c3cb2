import { formatJunitDocument, type JunitCase, type JunitSuite } from "../junit/write-junit.js";
import type { CaseResult } from "./self-test.js";

// JUnit XML for self-test results: one suite per lab and backend, one case per scenario.
export function formatJunit(results: readonly CaseResult[], backend: string): string {
  const byLab = new Map<number, CaseResult[]>();
  for (const r of results) byLab.set(r.lab, [...(byLab.get(r.lab) ?? []), r]);
  const suites = [...byLab].map(
    ([lab, cases]): JunitSuite => ({
      name: `lab ${lab} (${backend})`,
      timeMs: cases.reduce((s, c) => s + c.durationMs, 0),
      cases: cases.map((c) => junitCase(c, lab, backend)),
    }),
  );
  return formatJunitDocument(suites);
}

function junitCase(c: CaseResult, lab: number, backend: string): JunitCase {
  const base = { classname: `labs.lab${lab}.${backend}`, name: c.name, timeMs: c.durationMs };
  if (c.status === "pass") return base;
  if (c.status === "n/a") return { ...base, outcome: { kind: "skipped", message: c.detail } };
  return { ...base, outcome: { kind: "failure", message: c.detail.split("\n")[0] ?? "", text: c.detail } };
}
