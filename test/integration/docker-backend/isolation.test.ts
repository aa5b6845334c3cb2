import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDockerRegistry, startDockerRegistry, stopDockerRegistry } from "../../../runner/registry/docker/index.js";
import {
  inspectContainer,
  newTestRun,
  removeHome,
  removeTestRun,
  tempHome,
  testEnv,
  volumeExists,
} from "../../support/docker.js";
import { assertRequirement, requireDocker, skipUnless } from "../../support/requirements.js";

const req = requireDocker();

describe.skipIf(skipUnless(req))("docker registry backend: one container per labs home", { timeout: 120_000 }, () => {
  const run = newTestRun();
  let homeA: string;
  let homeB: string;

  beforeAll(async () => {
    assertRequirement(req);
    [homeA, homeB] = await Promise.all([tempHome(), tempHome()]);
  });

  afterAll(async () => {
    removeTestRun(run);
    await Promise.all([homeA && removeHome(homeA), homeB && removeHome(homeB)]);
  });

  it("gives two homes separate containers, ports and volumes, and stopping one leaves the other running", async () => {
    const a = await startDockerRegistry({ home: homeA, env: testEnv(run) });
    const b = await startDockerRegistry({ home: homeB, env: testEnv(run) });
    expect(b.id).not.toBe(a.id);
    expect(b.port).not.toBe(a.port);

    expect(await stopDockerRegistry(homeA, { purge: true })).toEqual({ containersRemoved: 1, volumeRemoved: true });
    expect(await findDockerRegistry(homeA)).toBeUndefined();
    expect(inspectContainer(b.id).State.Running).toBe(true);
    expect((await fetch(`${b.url}/v2/`)).status).toBe(200);
    expect(volumeExists(`oci-labs-${inspectContainer(b.id).Config.Labels["dev.oci-labs.home"]}`)).toBe(true);
    expect(await findDockerRegistry(homeB)).toMatchObject({ id: b.id });
  });
});
