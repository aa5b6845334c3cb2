import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../grader/registry/client.js";
import { pushAll } from "../../../runner/registry-client/push-all.js";
import { RegistryWriter } from "../../../runner/registry-client/writer.js";
import type { BuiltImage } from "../../../runner/seed/built.js";
import { buildImage, type ImageSpec } from "../../../runner/seed/image.js";
import { pushItems } from "../../../runner/seeding/push-items.js";
import { ALL_REGISTRIES, type TestRegistry } from "../../support/registries.js";
import { assertRequirement, requireAll, requireCommand, skipUnless } from "../../support/requirements.js";

// Golden bytes: where a lab seeds what a real tool would have written (lab 10's skopeo-converted config, lab 6's
// umoci layout), the builder's output is compared with that tool's output, byte for byte.

const run = promisify(execFile);
const AMD64 = { os: "linux", architecture: "amd64" } as const;
const LAYERS: ImageSpec["layers"] = [
  { files: [{ type: "file", path: "etc/os-release", content: "ID=forensics\n" }] },
  { files: [{ type: "file", path: "app/run", content: "#!/bin/sh\necho run\n", mode: 0o755 }] },
];
const RUNTIME = { Env: ["PATH=/usr/bin:/bin"], Cmd: ["/app/run"] };
const CREATED = "2024-01-01T00:00:00Z";
const DOCKER_ONLY = {
  container: "3f1c2a9e5b7d",
  container_config: { Hostname: "3f1c2a9e5b7d", Cmd: ["/bin/sh", "-c", '#(nop) CMD ["/app/run"]'] },
  docker_version: "20.10.24",
};

/** A Docker image whose config carries Docker-only fields, as `docker build` (classic builder) writes it. */
const dockerBuilt = buildImage({
  flavour: "docker",
  platform: AMD64,
  layers: LAYERS,
  config: RUNTIME,
  created: CREATED,
  configExtra: DOCKER_ONLY,
});
/** What the seeder writes for `skopeo copy --format oci` of it: OCI types, the Docker-only fields dropped. */
const skopeoConverted = buildImage({
  flavour: "oci",
  platform: AMD64,
  layers: LAYERS,
  config: RUNTIME,
  created: CREATED,
});

const skopeo = requireCommand("skopeo");

describe.each(ALL_REGISTRIES.slice(0, 1))("skopeo 1.9's OCI conversion on $name", (kind) => {
  const req = requireAll(kind.requirement, skopeo);
  let registry: TestRegistry;
  beforeAll(async () => {
    assertRequirement(req);
    registry = await kind.start();
    await pushAll(new RegistryWriter(registry.url), "golden/src", pushItems(dockerBuilt, "f"));
  }, 60_000);
  afterAll(async () => {
    await registry?.[Symbol.asyncDispose]();
  });

  it.skipIf(skipUnless(req))("rewrites the Docker config exactly as the seeder's converted image", async () => {
    const src = `docker://${registry.hostPort}/golden/src:f`;
    const dst = `docker://${registry.hostPort}/golden/mirror:f`;
    await run("skopeo", [
      "copy",
      "--quiet",
      "--format",
      "oci",
      "--src-tls-verify=false",
      "--dest-tls-verify=false",
      src,
      dst,
    ]);
    const reader = new RegistryClient(registry.url);
    const copied = await reader.manifest("golden/mirror", "f");
    expect(copied.digest).toBe(skopeoConverted.manifest.digest);
    expect(copied.digest).not.toBe(dockerBuilt.manifest.digest);
    expect(configDigest(skopeoConverted)).not.toBe(configDigest(dockerBuilt));
    expect(skopeoConverted.diffIds).toEqual(dockerBuilt.diffIds);
  });
});

const umoci = requireCommand("umoci");

describe("umoci 0.4's manifest and config bytes", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "labs-umoci-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skipUnless(umoci))("match an image built without mediaType and with trailing newlines", async () => {
    assertRequirement(umoci);
    const layout = join(dir, "layout");
    await run("umoci", ["init", "--layout", layout]);
    await run("umoci", ["new", "--image", `${layout}:local`]);
    const config = ["config", "--no-history", "--image", `${layout}:local`, "--created", CREATED];
    await run("umoci", [...config, "--config.cmd", "/app/run"]);
    const index = JSON.parse(await readFile(join(layout, "index.json"), "utf8"));
    const ours = buildImage({
      flavour: "oci",
      platform: AMD64,
      layers: [],
      history: [],
      config: { Cmd: ["/app/run"] },
      created: CREATED,
      mediaTypeField: false,
      json: { trailingNewline: true },
      configJson: { trailingNewline: true },
    });
    expect(index.manifests[0].digest).toBe(ours.manifest.digest);
    const theirs = await readFile(join(layout, "blobs", "sha256", ours.manifest.digest.slice(7)));
    expect(theirs.at(-1)).toBe(0x0a);
    expect(JSON.parse(theirs.toString("utf8")).mediaType).toBeUndefined();
  });
});

function configDigest(image: BuiltImage): string {
  return image.config.digest;
}
