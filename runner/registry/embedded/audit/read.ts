import { join } from "node:path";
import { readIfExists } from "../storage/fs-util.js";
import type { AuditEntry } from "./entry.js";
import { rotatedName } from "./log.js";

const AUDIT_FILE = "audit.log";
const MAX_ROTATED = 100;

// Every audit entry under a registry root, oldest first (rotated files, then audit.log). A line cut short by a
// kill -9 is skipped.
export async function readAuditLog(root: string): Promise<AuditEntry[]> {
  const file = join(root, AUDIT_FILE);
  const texts: string[] = [];
  for (let i = MAX_ROTATED; i >= 0; i--) {
    const bytes = await readIfExists(rotatedName(file, i));
    if (bytes) texts.push(bytes.toString("utf8"));
  }
  return texts.flatMap((text) => text.split("\n").flatMap(parseLine));
}

function parseLine(line: string): AuditEntry[] {
  if (line.trim() === "") return [];
  try {
    const value = JSON.parse(line) as AuditEntry;
    return typeof value.kind === "string" && typeof value.time === "string" ? [value] : [];
  } catch {
    return [];
  }
}
