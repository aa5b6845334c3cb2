import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { isProcessRunning, processStartToken } from "../../../runner/registry/embedded/process-identity.js";

describe("telling whether a lock's owner still runs", () => {
  it("counts this process, with its own start token, as running", () => {
    expect(isProcessRunning(process.pid, processStartToken(process.pid))).toBe(true);
    expect(isProcessRunning(process.pid, "linux:0")).toBe(false);
  });

  it("counts an exited process nobody reaped (a zombie, as after kill -9 under an init that never reaps) as gone", async () => {
    // `sh` starts a short `sleep` in the background, prints its pid, then becomes a long `sleep`, which never
    // reaps it. The child outlives the `exec`, so the shell cannot reap it first.
    const parent = spawn("sh", ["-c", "sleep 0.3 & echo $!; exec sleep 10"], { stdio: ["ignore", "pipe", "ignore"] });
    const [line] = (await once(parent.stdout, "data")) as [Buffer];
    const zombie = Number(line.toString().trim());
    try {
      let state = "";
      for (let i = 0; i < 150 && state !== "Z"; i++) {
        state = processState(zombie);
        if (state !== "Z") await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(state).toBe("Z");
      expect(processStartToken(zombie)).toBeUndefined();
      expect(isProcessRunning(zombie)).toBe(false);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});

// The first letter of `ps`'s state for a pid ("Z" for a zombie), or "gone" when no such process exists.
function processState(pid: number): string {
  try {
    return execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" })
      .trim()
      .charAt(0);
  } catch {
    return "gone";
  }
}
