import { fork, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { LOCK_STALE_MS } from "../../../runner/state/lock.js";
import { type LabsState, readState, updateState } from "../../../runner/state/state.js";

const BUILT_STATE = resolve(import.meta.dirname, "../../../dist/runner/state/state.js");

function tempStateFile(): string {
  return join(mkdtempSync(join(tmpdir(), "labs-state-lock-")), "state.json");
}

function increment(state: LabsState): LabsState {
  const progress = state.labs["1"] ?? { startedAt: "2025-01-01T00:00:00.000Z", prefix: "lab01", checks: 0 };
  return { ...state, labs: { ...state.labs, "1": { ...progress, checks: progress.checks + 1 } } };
}

/** A forked process that does its increments once told to go. */
interface Incrementer {
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  go(): void;
}

// A process doing `times` increments through the built state module (vitest's TypeScript loader is not
// available to a forked Node); it starts when told, so that both processes really run at once.
function incrementer(stateFile: string, times: number): Incrementer {
  const script = join(mkdtempSync(join(tmpdir(), "labs-incrementer-")), "increment.mjs");
  writeFileSync(
    script,
    `import { updateState } from ${JSON.stringify(pathToFileURL(BUILT_STATE).href)};
const increment = ${increment.toString()};
process.once("message", async () => {
  for (let i = 0; i < ${times}; i++) await updateState(${JSON.stringify(stateFile)}, increment);
  process.disconnect();
});
process.send("ready");
`,
  );
  const child = fork(script, { stdio: "inherit" });
  return {
    ready: new Promise((done) => child.once("message", () => done())),
    exited: new Promise((done) => child.on("exit", (code) => done(code))),
    go: () => child.send("go"),
  };
}

function writeLock(stateFile: string, pid: number, at: number): void {
  writeFileSync(`${stateFile}.lock`, JSON.stringify({ pid, at, nonce: "someone-else" }));
}

function deadPid(): number {
  const gone = spawnSync(process.execPath, ["-e", ""]);
  return gone.pid;
}

describe("updateState under concurrent processes", () => {
  it("two processes doing 50 increments each end at exactly 100", { timeout: 60_000 }, async () => {
    expect(existsSync(BUILT_STATE), "run `npm run build` first").toBe(true);
    const file = tempStateFile();
    const processes = [incrementer(file, 50), incrementer(file, 50)];
    await Promise.all(processes.map((p) => p.ready));
    for (const p of processes) p.go();
    expect(await Promise.all(processes.map((p) => p.exited))).toEqual([0, 0]);
    expect((await readState(file)).labs["1"]?.checks).toBe(100);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe("the state lock", () => {
  it("takes over a lock whose holder's pid is gone", async () => {
    const file = tempStateFile();
    writeLock(file, deadPid(), Date.now());
    const started = Date.now();
    const state = await updateState(file, increment);
    expect(state.labs["1"]?.checks).toBe(1);
    expect(Date.now() - started).toBeLessThan(LOCK_STALE_MS / 2);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("takes over a lock held past the stale time even by a live process", async () => {
    const file = tempStateFile();
    writeLock(file, process.pid, Date.now() - LOCK_STALE_MS - 1_000);
    expect((await updateState(file, increment)).labs["1"]?.checks).toBe(1);
  });

  it("waits for a live, fresh holder and goes on once it releases", async () => {
    const file = tempStateFile();
    writeLock(file, process.pid, Date.now());
    let releasedAt = 0;
    const release = setTimeout(async () => {
      releasedAt = Date.now();
      await import("node:fs/promises").then((fs) => fs.unlink(`${file}.lock`));
    }, 300);
    onTestFinished(() => clearTimeout(release));
    await updateState(file, increment);
    const doneAt = Date.now();
    expect(releasedAt).toBeGreaterThan(0);
    expect(doneAt).toBeGreaterThanOrEqual(releasedAt);
    expect(JSON.parse(await readFile(file, "utf8")).labs["1"].checks).toBe(1);
  });

  it("releases the lock when the change throws", async () => {
    const file = tempStateFile();
    await expect(
      updateState(file, () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect((await updateState(file, increment)).labs["1"]?.checks).toBe(1);
  });
});
