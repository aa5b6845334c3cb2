import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { portCheck } from "../../../runner/doctor/checks/port.js";
import { isPortFree } from "../../../runner/registry/port.js";
import { writeState } from "../../../runner/state/state.js";
import { fakeContext, fakeDeps, fakeRunner } from "./fake-deps.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

// Listens on a free loopback port, as another program would.
async function occupyPort(): Promise<number> {
  server = createServer();
  await new Promise<void>((resolve) => server!.listen({ host: "127.0.0.1", port: 0 }, resolve));
  return (server.address() as { port: number }).port;
}

// Dependencies whose state file says this home's registry uses `port` (so the port is no longer a first choice).
async function homeUsing(port: number) {
  const deps = fakeDeps({ isPortFree, run: fakeRunner({}).run });
  await writeState(deps.home.stateFile, { schemaVersion: 1, labs: {}, port });
  return deps;
}

describe("port check", () => {
  it("warns when another program holds the port this home's registry uses", async () => {
    const port = await occupyPort();
    const result = await portCheck.run(fakeContext(await homeUsing(port)));
    expect(result.status).toBe("warn");
    expect(result.summary).toContain(`Port ${port}`);
    expect(result.summary).toContain("taken by another program");
    expect(result.fix).toContain(`ss -ltnp 'sport = :${port}'`);
  });

  it("names the program holding the port when ss can tell", async () => {
    const port = await occupyPort();
    const ss = { stdout: `LISTEN 0 511 127.0.0.1:${port} 0.0.0.0:* users:(("node",pid=4242,fd=21))\n` };
    const deps = { ...(await homeUsing(port)), run: fakeRunner({ ss }).run };
    expect((await portCheck.run(fakeContext(deps))).summary).toContain("taken by node (pid 4242)");
  });

  it("is ok when the port is free", async () => {
    const port = await occupyPort();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const result = await portCheck.run(fakeContext(await homeUsing(port)));
    expect(result).toMatchObject({ status: "ok", summary: `Port ${port} on 127.0.0.1 is free for the lab registry.` });
  });

  it("only notes a taken first choice: `labs start` moves on to the next free port", async () => {
    const result = await portCheck.run(fakeContext({ isPortFree: async () => false, choosePort: async () => 5222 }));
    expect(result.status).toBe("info");
    expect(result.summary).toContain("will use 5222");
  });

  it("fails when no port in the range is free: no registry can start", async () => {
    const result = await portCheck.run(
      fakeContext({ isPortFree: async () => false, choosePort: async () => undefined }),
    );
    expect(result.status).toBe("fail");
  });
});
