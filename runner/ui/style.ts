import { Chalk, type ChalkInstance } from "chalk";

/** Status glyphs and words: meaning never rests on colour alone. */
export const GLYPH = { pass: "✔", fail: "✘", error: "!", skipped: "–", info: "›" } as const;

// A chalk instance that colours only a TTY, and never when NO_COLOR is set (any value but empty).
export function paint(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): ChalkInstance {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0";
  return new Chalk({ level: !noColor && (stream.isTTY === true || forced) ? 1 : 0 });
}
