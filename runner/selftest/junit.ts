import type { CaseResult } from "./self-test.js";

// JUnit XML for self-test results: one suite per lab and backend, one case per scenario.
export function formatJunit(results: readonly CaseResult[], backend: string): string {
  const byLab = new Map<number, CaseResult[]>();
  for (const r of results) byLab.set(r.lab, [...(byLab.get(r.lab) ?? []), r]);
  const suites = [...byLab].map(([lab, cases]) => {
    const failures = cases.filter((c) => c.status === "fail").length;
    const skipped = cases.filter((c) => c.status === "n/a").length;
    const time = cases.reduce((s, c) => s + c.durationMs, 0) / 1000;
    const body = cases.map((c) => formatCase(c, lab, backend)).join("\n");
    return `  <testsuite name="lab ${lab} (${backend})" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${time}">\n${body}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join("\n")}\n</testsuites>\n`;
}

function formatCase(c: CaseResult, lab: number, backend: string): string {
  const open = `    <testcase classname="labs.lab${lab}.${backend}" name="${xml(c.name)}" time="${c.durationMs / 1000}"`;
  if (c.status === "pass") return `${open}/>`;
  if (c.status === "n/a") return `${open}>\n      <skipped message="${xml(c.detail)}"/>\n    </testcase>`;
  return `${open}>\n      <failure message="${xml(c.detail.split("\n")[0] ?? "")}">${xml(c.detail)}</failure>\n    </testcase>`;
}

function xml(text: string): string {
  return text
    .replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}
