import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertRequirement, requireAll, requireCommand, skipUnless } from "../support/requirements.js";
import { CLI, runLabs, tempLabsHome } from "../support/run-cli.js";
import { skopeoCopy } from "../support/skopeo.js";

const req = requireAll(requireCommand("tmux", ["-V"]), requireCommand("skopeo"));
// A tmux server of its own, so the test never touches the user's sessions.
const SOCKET = `labs-watch-test-${process.pid}`;
const SESSION = "watch";

function tmux(...args: string[]) {
  return execa("tmux", ["-L", SOCKET, ...args], { reject: false });
}

async function pane(): Promise<string> {
  return (await tmux("capture-pane", "-p", "-t", SESSION)).stdout;
}

describe.skipIf(skipUnless(req))("labs watch in a real terminal (tmux) on the embedded registry", () => {
  const home = tempLabsHome();

  beforeAll(() => assertRequirement(req));
  afterAll(async () => {
    await tmux("kill-server");
    await runLabs(home, ["stop", "--purge"]);
  });

  it("turns the task green after the push that completes it, and `q` quits", { timeout: 120_000 }, async () => {
    const start = await runLabs(home, ["start", "9", "--registry", "embedded"]);
    expect(start.exitCode, start.stderr).toBe(0);
    const registry = /Registry ready at (127\.0\.0\.1:\d+)/.exec(start.stdout)![1]!;

    const command = `env LABS_HOME=${home} NO_COLOR=1 ${process.execPath} ${CLI} watch 9; echo "watch exited $?"; sleep 60`;
    const opened = await tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", command);
    expect(opened.exitCode, opened.stderr).toBe(0);
    await expect
      .poll(pane, { timeout: 30_000, interval: 100 })
      .toMatch(/✘ FAIL\s+Mirror v1 with its digest intact\s+2 points/);
    expect(await pane()).toContain("watching (registry events)");

    const copy = await skopeoCopy(registry, "lab09/src/app:v1", "lab09/mirror/app:v1");
    expect(copy.exitCode, copy.stderr).toBe(0);

    await expect
      .poll(pane, { timeout: 10_000, interval: 50 })
      .toMatch(/✔ pass\s+Mirror v1 with its digest intact\s+2 points/);
    const screen = await pane();
    expect(screen).toMatch(/✘ FAIL\s+Mirror the Docker manifest list too/);
    expect(screen).toContain("2/3 tasks passed, 2/3 points");

    await tmux("send-keys", "-t", SESSION, "q");
    await expect.poll(pane, { timeout: 10_000, interval: 50 }).toContain("watch exited 0");
    expect(await pane()).not.toContain("r check afresh"); // the alternate screen is gone
  });
});
