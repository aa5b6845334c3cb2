import type { CommandContext } from "../commands/context.js";
import { LabsError } from "../errors.js";
import { GLYPH, paint } from "./style.js";

// An error as the learner sees it: what happened, then what to do; a stack only with LABS_DEBUG=1.
export function renderError(error: unknown, ctx: CommandContext): string {
  const c = paint(ctx.stderr, ctx.env);
  const lines: string[] = [];
  if (error instanceof LabsError) {
    lines.push(c.red(`${GLYPH.fail} ${error.message}`));
    if (error.hint) lines.push(`${c.cyan("what to do:")} ${error.hint}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(c.red(`${GLYPH.fail} labs stopped on an unexpected error: ${message}`));
    lines.push(`${c.cyan("what to do:")} run again with LABS_DEBUG=1 and report the output; your work is untouched.`);
  }
  if (ctx.env.LABS_DEBUG === "1" && error instanceof Error && error.stack) lines.push(c.dim(error.stack));
  return `${lines.join("\n")}\n`;
}

// The same error for machines (`--json`): a versioned object with a stable code, what happened and what to do.
export function renderErrorJson(error: unknown): string {
  const known = error instanceof LabsError;
  const body = {
    schemaVersion: 1,
    error: {
      code: known ? error.code : "UNEXPECTED",
      message: error instanceof Error ? error.message : String(error),
      whatToDo: known
        ? (error.hint ?? "")
        : "Run again with LABS_DEBUG=1 and report the output; your work is untouched.",
      exitCode: known ? error.exitCode : 3,
    },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
