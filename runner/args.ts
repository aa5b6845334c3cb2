import { type ParseArgsConfig, parseArgs } from "node:util";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

import { usageError } from "./errors.js";

// Parses a command's arguments strictly; unknown flags and bad values are usage errors (exit 2).
export function parseCommandArgs<const O extends OptionsConfig>(args: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError((error as Error).message.replace(/\. To specify.*$/s, "."), `Usage: ${usage}`);
  }
}

// Reads a lab number argument (`9` or `09`).
export function parseLabNumber(text: string | undefined, usage: string): number {
  if (text === undefined)
    throw usageError("Which lab? Give its number.", `Usage: ${usage}. \`labs list\` shows the labs.`);
  if (!/^\d{1,2}$/.test(text)) throw usageError(`"${text}" is not a lab number.`, `Usage: ${usage}`);
  return Number(text);
}
