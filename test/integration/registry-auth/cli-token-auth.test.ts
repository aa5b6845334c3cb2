import { rm } from "node:fs/promises";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../grader/registry/index.js";
import { registryAuth } from "../../../runner/credentials/registry-auth.js";
import { RegistryWriter } from "../../../runner/registry-client/index.js";
import { DISTRIBUTION_BINARY, type RunningDistribution } from "../../support/distribution.js";
import { assertRequirement, requireAll, requireCommand, skipUnless } from "../../support/requirements.js";
import { CLI, runLabs, tempLabsHome } from "../../support/run-cli.js";
import { dockerConfigEnv } from "./docker-config.js";
import { startTokenRegistry, type TokenRegistry } from "./token-registry.js";
import type { RunningTokenServer } from "./token-server.js";

const req = requireAll(
  requireCommand(DISTRIBUTION_BINARY, ["--version"]),
  requireCommand("openssl", ["version"]),
  requireCommand(process.execPath, [CLI, "--help"]),
);

// Copies `from:tag` to `to:tag` byte for byte (an index, its children and their blobs), as a mirror tool would.
async function mirror(reader: RegistryClient, writer: RegistryWriter, from: string, to: string, tag: string) {
  const copy = async (reference: string, asTag?: string): Promise<void> => {
    const fetched = await reader.manifest(from, reference);
    const value = fetched.value as { manifests?: { digest: string }[]; config?: { digest: string; size: number } };
    for (const child of value.manifests ?? []) await copy(child.digest);
    const layers = (fetched.value as { layers?: { digest: string; size: number }[] }).layers ?? [];
    for (const blob of value.config ? [value.config, ...layers] : []) {
      const bytes = await reader.blob(from, blob as never);
      await writer.pushBlob(to, bytes, blob.digest as never);
    }
    await writer.putManifest(to, asTag ?? fetched.digest, fetched.raw, fetched.mediaType);
  };
  await copy(tag, tag);
}

describe.skipIf(skipUnless(req))("labs start and check against a token-auth registry", { timeout: 180_000 }, () => {
  let dir: string;
  let tokens: RunningTokenServer;
  let registry: RunningDistribution;
  let running: TokenRegistry | undefined;
  const home = tempLabsHome();

  beforeAll(async () => {
    assertRequirement(req);
    running = await startTokenRegistry({ ada: "correct horse" });
    ({ dir, tokens, registry } = running);
  });
  afterAll(async () => {
    await running?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it("seeds and grades lab 9 with credentials from DOCKER_CONFIG; a wrong password gets a sentence", async () => {
    const env = await dockerConfigEnv(dir, "ok", registry.url, "ada", "correct horse");
    const started = await runLabs(home, ["start", "9", "--registry", registry.url], env);
    expect(started.exitCode, started.stderr).toBe(0);
    const prefix = /\/(\S+)\/src\/app:v1/.exec(started.stdout)?.[1];
    expect(prefix).toBeDefined();
    expect(tokens.grants.some((g) => g.account === "ada" && g.scopes.some((s) => s.endsWith(":pull,push")))).toBe(true);

    const before = await runLabs(home, ["check", "9", "--json"], env);
    expect(before.exitCode, before.stderr).toBe(1);
    expect(JSON.parse(before.stdout).status).toBe("fail");

    const reader = new RegistryClient(registry.url, { auth: registryAuth(registry.url, { env }) });
    const writer = new RegistryWriter(registry.url, { auth: registryAuth(registry.url, { env, push: true }) });
    await mirror(reader, writer, `${prefix}/src/app`, `${prefix}/mirror/app`, "v1");
    await mirror(reader, writer, `${prefix}/src/app`, `${prefix}/mirror/app`, "v1-legacy");
    const after = await runLabs(home, ["check", "9", "--json"], env);
    expect(after.exitCode, after.stdout).toBe(0);
    expect(JSON.parse(after.stdout).status).toBe("pass");

    const wrongEnv = await dockerConfigEnv(dir, "wrong", registry.url, "ada", "wrong");
    const wrong = await runLabs(home, ["check", "9"], wrongEnv);
    expect(wrong.exitCode).toBe(3);
    expect(wrong.stderr).toContain("refused these credentials");
    expect(wrong.stderr).toContain(`docker login ${new URL(registry.url).host}`);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    expect(wrong.stderr).not.toContain("unexpected error");

    const flags = await execa(
      process.execPath,
      [CLI, "check", "9", "--json", "--username", "ada", "--password-stdin"],
      {
        env: { ...wrongEnv, LABS_HOME: home, NO_COLOR: "1" },
        input: "correct horse\n",
        reject: false,
      },
    );
    expect(flags.exitCode, flags.stderr).toBe(0);
  });
});
