import { escapeXmlAttribute as attr, escapeXmlText as text } from "./escape-xml.js";

// A JUnit XML writer shared by `labs test --junit` and `labs grade --format junit`.

/** Why a test case did not pass; `text` is the element's body (absent: an empty element). */
export interface JunitOutcome {
  readonly kind: "failure" | "error" | "skipped";
  readonly message: string;
  readonly text?: string;
}

/** One <testcase>; no outcome means it passed. */
export interface JunitCase {
  readonly classname: string;
  readonly name: string;
  readonly timeMs?: number;
  readonly outcome?: JunitOutcome;
}

/** One <testsuite>, with optional <properties>. */
export interface JunitSuite {
  readonly name: string;
  readonly timeMs?: number;
  readonly properties?: readonly (readonly [name: string, value: string])[];
  readonly cases: readonly JunitCase[];
}

// A whole JUnit XML document; counts are computed from the cases (`errors` is written when there are any).
export function formatJunitDocument(suites: readonly JunitSuite[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.map(formatSuite).join("\n")}\n</testsuites>\n`;
}

function formatSuite(suite: JunitSuite): string {
  const count = (kind: JunitOutcome["kind"]) => suite.cases.filter((c) => c.outcome?.kind === kind).length;
  const errors = count("error");
  const counts = `tests="${suite.cases.length}" failures="${count("failure")}"${errors > 0 ? ` errors="${errors}"` : ""} skipped="${count("skipped")}"`;
  const open = `  <testsuite name="${attr(suite.name)}" ${counts}${time(suite.timeMs)}>`;
  const properties = suite.properties?.length
    ? [
        "    <properties>",
        ...suite.properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
        "    </properties>",
      ]
    : [];
  return [open, ...properties, ...suite.cases.map(formatCase), "  </testsuite>"].join("\n");
}

function formatCase(c: JunitCase): string {
  const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}"${time(c.timeMs)}`;
  if (!c.outcome) return `${open}/>`;
  const { kind, message } = c.outcome;
  const element =
    c.outcome.text === undefined
      ? `<${kind} message="${attr(message)}"/>`
      : `<${kind} message="${attr(message)}">${text(c.outcome.text)}</${kind}>`;
  return `${open}>\n      ${element}\n    </testcase>`;
}

function time(ms: number | undefined): string {
  return ms === undefined ? "" : ` time="${ms / 1000}"`;
}
