import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import { type ChildScript, runChild, writeChildScript } from "./child-process.js";

// `labs check` is a short-lived process: once its requests are done it must exit at once, even though the
// registry keeps the connection open (keep-alive) or a body was left unread. These tests run a tiny script in a
// separate `node` and time how long it lingers after printing its result.

const blob = Buffer.alloc(64 * 1024, 5);
const descriptor = { digest: digestOf(blob), size: blob.length };
const LINGER_LIMIT_MS = 1_000;

const CHILD = `
import { RegistryClient } from "./grader/registry/index.js";
const [url, mode, digest, size] = process.argv.slice(2);
const client = new RegistryClient(url, { timeoutMs: 30_000 });
if (mode === "complete") {
  await client.ping();
  console.log("done", JSON.stringify(await client.tags("app")));
}
if (mode === "abandon") {
  const chunks = client.blobStream("app", { digest, size: Number(size) })[Symbol.asyncIterator]();
  const first = await chunks.next();
  console.log("done", first.value.byteLength > 0);
}
if (mode === "queued") {
  const lists = await Promise.all(Array.from({ length: 12 }, () => client.tags("app")));
  console.log("done", lists.length, JSON.stringify(lists[11]));
}
`;

let script: ChildScript;
const servers: Server[] = [];

beforeAll(() => {
  script = writeChildScript(CHILD);
});

afterAll(async () => {
  script?.remove();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

// A registry that never closes idle connections. Tags come after `delayMs`, their body in two parts `delayMs`
// apart; a blob stalls after 16 KiB.
async function startRegistry(delayMs = 0): Promise<string> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, delayMs));
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.includes("/blobs/")) {
      res.writeHead(200, { "content-length": String(blob.length) });
      res.write(blob.subarray(0, 16 * 1024));
      return;
    }
    const body = req.url === "/v2/" ? "{}" : JSON.stringify({ name: "app", tags: ["v1"] });
    await pause();
    res.writeHead(200, { "content-type": "application/json" });
    res.write(body.slice(0, 5));
    await pause();
    res.end(body.slice(5));
  });
  server.keepAliveTimeout = 60_000;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("a short-lived process using the registry client", { timeout: 30_000 }, () => {
  let registry = "";
  let slowRegistry = "";

  beforeAll(async () => {
    registry = await startRegistry();
    slowRegistry = await startRegistry(200);
  });

  it("exits within 1 s of its last request although the registry keeps the connection open", async () => {
    const run = await runChild(script, [registry, "complete"]);
    expect(run.output).toContain('done ["v1"]');
    expect(run.code).toBe(0);
    expect(run.lingerMs).toBeLessThan(LINGER_LIMIT_MS);
  });

  it("exits within 1 s when it abandons a blob body the registry is still sending", async () => {
    const run = await runChild(script, [registry, "abandon", descriptor.digest, String(descriptor.size)]);
    expect(run.output).toContain("done true");
    expect(run.code).toBe(0);
    expect(run.lingerMs).toBeLessThan(LINGER_LIMIT_MS);
  });

  it("stays alive while it waits for slow answers, including requests queued behind the connection limit", async () => {
    const single = await runChild(script, [slowRegistry, "complete"]);
    expect(single.output).toContain('done ["v1"]');
    expect(single.code).toBe(0);
    const queued = await runChild(script, [slowRegistry, "queued"]);
    expect(queued.output).toContain('done 12 ["v1"]');
    expect(queued.code).toBe(0);
    expect(queued.lingerMs).toBeLessThan(LINGER_LIMIT_MS);
  });
});
