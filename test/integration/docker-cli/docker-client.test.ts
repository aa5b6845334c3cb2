import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../grader/registry/client.js";
import { pushAll } from "../../../runner/registry-client/push-all.js";
import { RegistryWriter } from "../../../runner/registry-client/writer.js";
import { buildImage } from "../../../runner/seed/image.js";
import { pushItems } from "../../../runner/seeding/push-items.js";
import { BACKENDS, type TestRegistry } from "../../support/registries.js";
import { assertRequirement, requireAll, requireDocker, skipUnless } from "../../support/requirements.js";

const run = promisify(execFile);
const req = requireAll(requireDocker());

// The machine's docker CLI, with a throwaway config so the user's credentials and settings are untouched.
async function docker(config: string, ...args: string[]): Promise<string> {
  const { stdout } = await run("docker", ["--config", config, ...args], {
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

describe.each(BACKENDS)("the docker CLI and dockerd against the $name registry", (kind) => {
  let registry: TestRegistry;
  let config: string;
  const repo = `dockercli/app-${process.pid}`;
  const local = `labs-docker-cli-test:${process.pid}`;

  beforeAll(async () => {
    assertRequirement(req);
    assertRequirement(kind.requirement);
    registry = await kind.start();
    config = await mkdtemp(join(tmpdir(), "labs-docker-config-"));
    await writeFile(join(config, "config.json"), "{}\n");
    // A tiny image made locally (no Docker Hub): `docker import` of a one-file tar.
    const dir = await mkdtemp(join(tmpdir(), "labs-docker-rootfs-"));
    await writeFile(join(dir, "hello.txt"), `hello from ${kind.name}\n`);
    await run("tar", ["-C", dir, "-cf", join(dir, "rootfs.tar"), "hello.txt"]);
    await docker(config, "import", "--change", 'CMD ["/hello.txt"]', join(dir, "rootfs.tar"), local);
    await rm(dir, { recursive: true, force: true });
  }, 180_000);

  afterAll(async () => {
    await docker(config, "image", "rm", "-f", local, `${registry.hostPort}/${repo}:v1`).catch(() => "");
    await registry?.[Symbol.asyncDispose]();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it.skipIf(skipUnless(req))(
    "docker push then pull by digest reads back the same manifest",
    { timeout: 180_000 },
    async () => {
      const target = `${registry.hostPort}/${repo}:v1`;
      await docker(config, "tag", local, target);
      const pushed = await docker(config, "push", target);
      const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
      expect(digest, pushed).toBeDefined();
      const stored = await new RegistryClient(registry.url).manifest(repo, "v1");
      expect(stored.digest).toBe(digest);
      await docker(config, "image", "rm", target);
      const pulled = await docker(config, "pull", `${registry.hostPort}/${repo}@${digest}`);
      expect(pulled).toContain(digest);
    },
  );

  it.skipIf(skipUnless(req))(
    "docker manifest create/push --insecure makes an index whose children keep their digests",
    { timeout: 180_000 },
    async () => {
      const writer = new RegistryWriter(registry.url);
      const platforms = [
        { os: "linux", architecture: "amd64" },
        { os: "linux", architecture: "arm64", variant: "v8" },
      ];
      const children = platforms.map((platform) =>
        buildImage({
          flavour: "oci",
          platform,
          layers: [{ files: [{ type: "file", path: "arch", content: platform.architecture }] }],
        }),
      );
      for (const [i, child] of children.entries()) await pushAll(writer, repo, pushItems(child, `child-${i}`));
      const list = `${registry.hostPort}/${repo}:multi`;
      const sources = children.map((_, i) => `${registry.hostPort}/${repo}:child-${i}`);
      await docker(config, "manifest", "create", "--insecure", list, ...sources);
      await docker(config, "manifest", "push", "--insecure", "--purge", list);
      const index = await new RegistryClient(registry.url).manifest(repo, "multi");
      expect(index.value.kind).toBe("index");
      if (index.value.kind !== "index") return;
      expect(index.value.manifests.map((m) => m.digest).sort()).toEqual(children.map((c) => c.manifest.digest).sort());
      expect(index.value.manifests.map((m) => m.platform?.architecture).sort()).toEqual(["amd64", "arm64"]);
    },
  );
});
