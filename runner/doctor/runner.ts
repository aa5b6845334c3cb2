// Runs every doctor check at once, each bounded by a timeout, and collects the results in the checks' order.

import type { DoctorCheck, DoctorContext, DoctorResult } from "./types.js";

/** Version of the `labs doctor --json` object; bump when a field changes meaning or goes away. */
export const DOCTOR_SCHEMA_VERSION = 1;

/** What `labs doctor --json` prints. */
export interface DoctorReport {
  readonly schemaVersion: number;
  readonly checks: readonly DoctorResult[];
}

// Runs the checks concurrently; a check that throws or outlives its timeout (its own, else `timeoutMs`) becomes a
// warning, never a crash.
export async function runDoctor(
  checks: readonly DoctorCheck[],
  ctx: DoctorContext,
  timeoutMs: number,
): Promise<DoctorReport> {
  const results = await Promise.all(checks.map((check) => runOne(check, ctx, check.timeoutMs ?? timeoutMs)));
  return { schemaVersion: DOCTOR_SCHEMA_VERSION, checks: results };
}

// True when a result blocks the labs (Node too old, no registry possible): `labs doctor` then exits non-zero.
export function hasBlockingProblem(report: DoctorReport): boolean {
  return report.checks.some((c) => c.status === "fail");
}

async function runOne(check: DoctorCheck, ctx: DoctorContext, timeoutMs: number): Promise<DoctorResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<DoctorResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          id: check.id,
          status: "warn",
          summary: `This check did not finish within ${(timeoutMs / 1000).toFixed(1)} s.`,
          fix: "Run `labs doctor` again; if it keeps happening, the program this check asks is hanging.",
        }),
      timeoutMs,
    );
  });
  const done = check.run(ctx).catch(
    (error: unknown): DoctorResult => ({
      id: check.id,
      status: "warn",
      summary: `This check could not run: ${(error as Error).message.split("\n")[0]}`,
      fix: "Run `labs doctor` again; report it if it keeps happening.",
    }),
  );
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}
