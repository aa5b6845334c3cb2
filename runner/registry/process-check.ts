import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

// The command line of a running process, or undefined when no such process exists.
export function processCommandLine(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    if (process.platform === "linux") return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    return (
      execFileSync("ps", ["-p", String(pid), "-o", "command="], { encoding: "utf8", timeout: 2_000 }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

// True when `pid` is alive and its command line contains every marker (so a reused pid is never signalled).
export function isOurProcess(pid: number, markers: readonly string[]): boolean {
  const line = processCommandLine(pid);
  return line !== undefined && markers.every((m) => line.includes(m));
}
