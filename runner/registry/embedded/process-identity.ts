import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// Identifies a process across pid reuse: the pid plus a token for when the process started. On Linux the token
// is the start time in clock ticks from /proc/<pid>/stat (field 22); elsewhere, `ps -o lstart=`.

// The start token of a running process, or undefined when there is no such process.
export function processStartToken(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (process.platform === "linux") return linuxStartToken(pid);
  try {
    // loaded only here: the registry's own start (Linux) should not pay for child_process
    const { execFileSync } = createRequire(import.meta.url)(
      "node:child_process",
    ) as typeof import("node:child_process");
    const started = execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8", timeout: 5000 });
    return started.trim() === "" ? undefined : `ps:${started.trim()}`;
  } catch {
    return undefined;
  }
}

// A zombie (state Z or X: exited, not yet reaped, as under a container init that never reaps) has no token: it
// holds no lock and serves nothing.
function linuxStartToken(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return undefined;
    const startTicks = fields[19];
    return startTicks === undefined ? undefined : `linux:${startTicks}`;
  } catch {
    return undefined;
  }
}

// True when `pid` runs and, if a token is given, is the same process that token was taken from.
export function isProcessRunning(pid: number, token?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (process.platform === "linux" && linuxStartToken(pid) === undefined) return false;
  return token === undefined || processStartToken(pid) === token;
}
