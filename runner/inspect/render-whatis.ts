import { GLYPH } from "../ui/style.js";
import type { TreeStyle } from "./render-tree.js";
import type { WhatisAnswer } from "./whatis-explain.js";

// The answer of `labs whatis` for the terminal: a glyph and the summary, the note, then where it is reached.

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

// The answer as text, ending with a newline.
export function renderWhatis(answer: WhatisAnswer, style: TreeStyle): string {
  const glyph = answer.kind === "unknown" ? GLYPH.fail : answer.kind === "ambiguous" ? GLYPH.error : GLYPH.info;
  const lines = [`${answer.kind === "unknown" ? style.bad(glyph) : glyph} ${style.strong(answer.summary)}`];
  if (answer.digest && answer.kind !== "unknown" && answer.query !== answer.digest) {
    lines.push(`  \`${answer.query}\` is short for \`${answer.digest}\`.`);
  }
  if (answer.note) lines.push(`  ${answer.note}`);
  if (answer.where.length > 0) {
    lines.push(answer.kind === "ambiguous" ? "  Candidates:" : "  Reached from:");
    lines.push(...answer.where.map((w) => `    ${w}`));
  }
  const { repositories, tags, complete } = answer.searched;
  const partial = complete ? "" : " (stopped at the deadline)";
  lines.push(
    style.dim(
      `  Searched ${plural(repositories.length, "repository", "repositories")}, ${plural(tags, "tag", "tags")}${partial}.`,
    ),
  );
  return `${lines.join("\n")}\n`;
}
