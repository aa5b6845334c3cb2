import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningDistribution, startDistribution } from "../../support/distribution.js";
import { type RunningTokenServer, startTokenServer } from "./token-server.js";

/** distribution 2.8.2 behind token auth, with its token server and a scratch folder. */
export interface TokenRegistry {
  readonly dir: string;
  readonly tokens: RunningTokenServer;
  readonly registry: RunningDistribution;
  stop(): Promise<void>;
}

// Starts a token server for `users` and a distribution that trusts it.
export async function startTokenRegistry(users: Readonly<Record<string, string>>): Promise<TokenRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "labs-token-auth-"));
  const tokens = await startTokenServer(dir, users);
  const { realm, service, issuer, certPath } = tokens;
  const registry = await startDistribution({ token: { realm, service, issuer, rootCertBundle: certPath } });
  return {
    dir,
    tokens,
    registry,
    async stop() {
      await registry.stop();
      await tokens.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
