import { beforeAll, describe, expect, it } from "vitest";
import { pingRegistry, RegistryClient, RegistryError } from "../../../grader/registry/index.js";
import { RegistryWriter } from "../../../runner/registry-client/index.js";
import { DISTRIBUTION_BINARY, startDistribution } from "../../support/distribution.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { makeImageParts, makeManifest, toPushItems } from "./fixtures.js";

const req = requireCommand(DISTRIBUTION_BINARY, ["--version"]);
const credentials = { username: "learner", password: "correct horse" };

describe.skipIf(skipUnless(req))("basic auth against distribution 2.8 with htpasswd", { timeout: 120_000 }, () => {
  beforeAll(() => assertRequirement(req));

  it("refuses anonymous and wrong credentials with 401 UNAUTHORIZED and accepts the right ones", async () => {
    await using registry = await startDistribution({
      auth: { user: credentials.username, password: credentials.password },
    });
    const ping = await pingRegistry(registry.url);
    expect(ping).toMatchObject({ ok: false, status: 401 });

    const anonymous = await new RegistryClient(registry.url).tags("app").catch((e: unknown) => e);
    expect(anonymous).toBeInstanceOf(RegistryError);
    expect(anonymous).toMatchObject({ status: 401 });
    expect((anonymous as RegistryError).hasCode("UNAUTHORIZED")).toBe(true);

    const wrong = { credentials: { ...credentials, password: "wrong" } };
    await expect(new RegistryClient(registry.url, wrong).tags("app")).rejects.toMatchObject({ status: 401 });
    await expect(
      new RegistryWriter(registry.url, wrong).putManifest("app", "v1", Buffer.from("{}"), "x/y"),
    ).rejects.toMatchObject({
      status: 401,
    });

    const writer = new RegistryWriter(registry.url, { credentials });
    const parts = makeImageParts("oci");
    const manifest = makeManifest("oci", parts);
    await writer.pushAll("app", toPushItems(parts, manifest, "v1"));
    const client = new RegistryClient(registry.url, { credentials });
    expect((await client.ping()).ok).toBe(true);
    expect(await client.tags("app")).toEqual(["v1"]);
    expect((await client.manifest("app", "v1")).digest).toBe(manifest.digest);
    expect(Buffer.from(await client.blob("app", parts.layer)).equals(parts.layer.bytes)).toBe(true);
  });
});
