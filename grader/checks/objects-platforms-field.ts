import type { Platform } from "../oci/types.js";
import { platformKey } from "./diagnose-objects-platform.js";
import type { CheckScope, FieldProblem } from "./kind.js";
import { parsePlatformText } from "./objects-fields.js";

// The `platforms` field of the platforms check: a list (`[linux/amd64, linux/arm64]`) or a map from platform to
// the seeded image that must be selected for it (`{linux/amd64: app_amd64}`).

/** One wanted platform, and the seeded image it must select when the field is a map. */
export interface WantedPlatform {
  readonly platform: Platform;
  readonly seed?: string;
}

// Reads the field; duplicates after normalisation (arm64 and arm64/v8) are a problem.
export function platformsField(
  fields: Readonly<Record<string, unknown>>,
  scope: CheckScope,
  problems: FieldProblem[],
): readonly WantedPlatform[] | undefined {
  const value = fields.platforms;
  const before = problems.length;
  const wanted = Array.isArray(value) ? fromList(value, problems) : fromMap(value, scope, problems);
  if (!wanted) return undefined;
  if (wanted.length === 0) problems.push({ path: ["platforms"], message: "`platforms` names no platform" });
  const keys = wanted.map((w) => platformKey(w.platform));
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) problems.push({ path: ["platforms"], message: `\`platforms\` names ${twice} twice` });
  return problems.length > before ? undefined : wanted;
}

function fromList(value: readonly unknown[], problems: FieldProblem[]): WantedPlatform[] | undefined {
  const wanted = value.map((v, i) => parsePlatformText(v, ["platforms", i], problems));
  return wanted.every((p) => p !== undefined)
    ? wanted.map((platform) => ({ platform: platform as Platform }))
    : undefined;
}

function fromMap(value: unknown, scope: CheckScope, problems: FieldProblem[]): WantedPlatform[] | undefined {
  if (typeof value !== "object" || value === null) {
    problems.push({
      path: ["platforms"],
      message: "`platforms` is a list of platforms, or a map from platform to the seeded image it must select",
    });
    return undefined;
  }
  const wanted: WantedPlatform[] = [];
  for (const [text, seed] of Object.entries(value)) {
    const platform = parsePlatformText(text, ["platforms", text], problems);
    if (typeof seed !== "string" || !scope.seedNames.has(seed)) {
      problems.push({
        path: ["platforms", text],
        message: `${JSON.stringify(seed)} is not the name of a seeded object`,
      });
      continue;
    }
    if (platform) wanted.push({ platform, seed });
  }
  return wanted.length === Object.keys(value).length ? wanted : undefined;
}
