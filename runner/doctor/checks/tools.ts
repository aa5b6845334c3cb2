// The container tools: found (with their version) or missing, and which labs need the missing ones.

import type { LabDefinition } from "../../../grader/lab/types.js";
import { KNOWN_TOOLS } from "../../lab-file/lint.js";
import { parseToolVersion, TOOL_INFO } from "../tool-catalog.js";
import type { DoctorCheck, DoctorResult } from "../types.js";

const VERSION_TIMEOUT_MS = 2_000;

/** Which labs use a tool: in their solution (what learners type) or only in self-tests (`labs test`). */
export interface ToolNeeds {
  readonly solutions: readonly number[];
  readonly selfTests: readonly number[];
}

// One check per tool a lab file may name, in the order of KNOWN_TOOLS.
export function toolChecks(): DoctorCheck[] {
  return KNOWN_TOOLS.map((tool) => ({
    id: `tool-${tool}`,
    async run(ctx) {
      const info = TOOL_INFO[tool] ?? { versionArgs: ["--version"], install: `install ${tool}` };
      const out = await ctx.run(tool, info.versionArgs, { timeoutMs: VERSION_TIMEOUT_MS });
      const needs = toolNeeds(await ctx.labs(), tool);
      if (out.notFound) return missing(tool, needs, info.install);
      const version = parseToolVersion(`${out.stdout}\n${out.stderr}`);
      if (out.exitCode === 0 && version) {
        return { id: `tool-${tool}`, status: "ok", summary: `${tool} ${version}${usedBy(needs)}.` };
      }
      return {
        id: `tool-${tool}`,
        status: "warn",
        summary: `${tool} is installed but \`${tool} ${info.versionArgs.join(" ")}\` ${out.timedOut ? "did not answer in time" : "failed"}.`,
        detail: (out.stderr || out.stdout).trim().split("\n").slice(0, 3).join("\n") || undefined,
        fix: `Reinstall it: ${info.install}.`,
      };
    },
  }));
}

// The labs whose solution, or whose wrong attempts only, declare `tools: [tool]`.
export function toolNeeds(labs: readonly LabDefinition[], tool: string): ToolNeeds {
  const solutions = labs.filter((lab) => lab.solution?.tools.includes(tool)).map((lab) => lab.number);
  const selfTests = labs
    .filter((lab) => !solutions.includes(lab.number) && lab.wrongAttempts.some((w) => w.tools.includes(tool)))
    .map((lab) => lab.number);
  return { solutions, selfTests };
}

function missing(tool: string, needs: ToolNeeds, install: string): DoctorResult {
  const id = `tool-${tool}`;
  const fix = `Install it: ${install}.`;
  if (needs.solutions.length > 0) {
    return {
      id,
      status: "warn",
      summary: `${tool} is not installed; the solutions of ${labList(needs.solutions)} use it.`,
      fix,
    };
  }
  if (needs.selfTests.length > 0) {
    return {
      id,
      status: "info",
      summary: `${tool} is not installed; only \`labs test\` of ${labList(needs.selfTests)} uses it.`,
      fix,
    };
  }
  return { id, status: "info", summary: `${tool} is not installed (no lab needs it).`, fix };
}

function usedBy(needs: ToolNeeds): string {
  return needs.solutions.length > 0 ? ` (used by ${labList(needs.solutions)})` : "";
}

function labList(numbers: readonly number[]): string {
  return numbers.length === 1 ? `lab ${numbers[0]}` : `labs ${numbers.join(", ")}`;
}
