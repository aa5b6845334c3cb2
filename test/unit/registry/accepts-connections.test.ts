import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { acceptsConnections } from "../../../runner/registry/port.js";

describe("telling whether a loopback registry port is open", () => {
  it("answers yes while a server listens there, and no after it closed, on the refusal, not the timeout", {
    timeout: 10_000,
  }, async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as { port: number };
    expect(await acceptsConnections("127.0.0.1", port)).toBe(true);
    await new Promise<void>((done) => server.close(() => done()));
    // A minute's timeout: only the refusal can settle this within the test's ten seconds.
    expect(await acceptsConnections("127.0.0.1", port, 60_000)).toBe(false);
  });
});
