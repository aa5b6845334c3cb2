import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { type ChildScript, runChild, writeChildScript } from "./child-process.js";

// A remote registry speaks https: the client goes through node:https with the same keep-alive pool and exits
// promptly. The certificate is self-signed for 127.0.0.1 and trusted through NODE_EXTRA_CA_CERTS, which node reads
// at start-up only, hence the separate process.

const req = requireCommand("openssl", ["version"]);

const CHILD = `
import { RegistryClient } from "./grader/registry/index.js";
const client = new RegistryClient(process.argv[2]);
try {
  const ping = await client.ping();
  console.log("done", ping.status, JSON.stringify(await client.tags("app")));
} catch (error) {
  console.log("failed", error.code, error.reason);
}
`;

describe.skipIf(skipUnless(req))("https registries", { timeout: 60_000 }, () => {
  let dir = "";
  let script: ChildScript;
  let server: Server;
  let url = "";
  const remotePorts: number[] = [];

  beforeAll(async () => {
    assertRequirement(req);
    dir = mkdtempSync(join(tmpdir(), "labs-tls-"));
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
        ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
      ],
      { stdio: "ignore" },
    );
    server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) });
    server.on("request", (request, response) => {
      remotePorts.push(request.socket.remotePort ?? 0);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(request.url === "/v2/" ? "{}" : JSON.stringify({ name: "app", tags: ["v2", "v1"] }));
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    script = writeChildScript(CHILD);
  });

  afterAll(async () => {
    script?.remove();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads over TLS on one kept-alive connection and exits within 1 s", async () => {
    remotePorts.length = 0;
    const run = await runChild(script, [url], { NODE_EXTRA_CA_CERTS: join(dir, "cert.pem") });
    expect(run.output).toContain('done 200 ["v1","v2"]');
    expect(run.code).toBe(0);
    expect(run.lingerMs).toBeLessThan(1_000);
    expect(remotePorts).toHaveLength(2);
    expect(new Set(remotePorts).size).toBe(1);
  });

  it("refuses a certificate it does not trust, as a network failure", async () => {
    const run = await runChild(script, [url]);
    expect(run.output).toContain("failed REGISTRY_UNREACHABLE network");
    expect(run.code).toBe(0);
  });
});
