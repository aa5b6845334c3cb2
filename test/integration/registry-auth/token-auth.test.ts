import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../grader/registry/index.js";
import { registryAuth } from "../../../runner/credentials/registry-auth.js";
import { LabsError } from "../../../runner/errors.js";
import { RegistryWriter } from "../../../runner/registry-client/index.js";
import { DISTRIBUTION_BINARY, type RunningDistribution } from "../../support/distribution.js";
import { assertRequirement, requireAll, requireCommand, skipUnless } from "../../support/requirements.js";
import { makeImageParts, makeManifest, toPushItems } from "../registry-client/fixtures.js";
import { dockerConfigEnv } from "./docker-config.js";
import { startTokenRegistry, type TokenRegistry } from "./token-registry.js";
import type { RunningTokenServer } from "./token-server.js";

const req = requireAll(requireCommand(DISTRIBUTION_BINARY, ["--version"]), requireCommand("openssl", ["version"]));

describe.skipIf(skipUnless(req))(
  "token auth against distribution 2.8 (client and writer)",
  { timeout: 120_000 },
  () => {
    let dir: string;
    let tokens: RunningTokenServer;
    let registry: RunningDistribution;
    let running: TokenRegistry | undefined;

    beforeAll(async () => {
      assertRequirement(req);
      running = await startTokenRegistry({ ada: "correct horse" });
      ({ dir, tokens, registry } = running);
    });
    afterAll(async () => {
      await running?.stop();
    });

    it("pushes with a pull,push token and reads with a pull token, one token per scope set", async () => {
      const env = await dockerConfigEnv(dir, "ok", registry.url, "ada", "correct horse");
      const writer = new RegistryWriter(registry.url, { auth: registryAuth(registry.url, { env, push: true }) });
      const parts = makeImageParts("oci");
      const manifest = makeManifest("oci", parts);
      tokens.grants.length = 0;
      await writer.pushAll("labs/app", toPushItems(parts, manifest, "v1"));
      expect(tokens.grants.filter((g) => g.scopes.includes("repository:labs/app:pull,push"))).toHaveLength(1);

      const client = new RegistryClient(registry.url, { auth: registryAuth(registry.url, { env }) });
      expect(await client.tags("labs/app")).toEqual(["v1"]);
      expect((await client.manifest("labs/app", "v1")).digest).toBe(manifest.digest);
      expect(Buffer.from(await client.blob("labs/app", parts.layer)).equals(parts.layer.bytes)).toBe(true);
      const pulls = tokens.grants.filter((g) => g.scopes.join(" ") === "repository:labs/app:pull");
      expect(pulls).toEqual([{ account: "ada", scopes: ["repository:labs/app:pull"], status: 200 }]);
    });

    it("is refused without credentials: anonymous tokens grant nothing", async () => {
      const env = await dockerConfigEnv(dir, "none");
      const client = new RegistryClient(registry.url, { auth: registryAuth(registry.url, { env }) });
      const error = await client.tags("labs/app").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LabsError);
      expect((error as LabsError).message).toContain("wants credentials for repository `labs/app`");
    });

    it("turns a wrong password into a sentence that names the repository and the credentials file", async () => {
      const env = await dockerConfigEnv(dir, "wrong", registry.url, "ada", "wrong");
      const client = new RegistryClient(registry.url, { auth: registryAuth(registry.url, { env }) });
      const error = await client.tags("labs/app").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LabsError);
      const host = new URL(registry.url).host;
      expect((error as LabsError).message).toBe(
        `The registry at ${host} refused these credentials for repository \`labs/app\` (credentials from ${join(dir, "wrong", "config.json")}).`,
      );
      expect((error as LabsError).hint).toContain(`docker login ${host}`);
    });
  },
);
