import { describeMediaType } from "../oci/media-types.js";
import { formatPlatform } from "../oci/platform.js";
import type { Platform } from "../oci/types.js";

// Wording shared by check messages: short digests, object kinds and platforms, always in backticks.
export { shortDigest } from "../oci/walk-problems.js";

// "an OCI image index" / "a Docker manifest list".
export function describeKind(mediaType: string): string {
  const name = describeMediaType(mediaType);
  return /^[aeiouAEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}

// `linux/arm64/v8`, or "an unknown platform".
export function describePlatform(platform: Platform | undefined): string {
  return platform ? `\`${formatPlatform(platform)}\`` : "an unknown platform";
}

// Joins names for a sentence: "a, b and c".
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
