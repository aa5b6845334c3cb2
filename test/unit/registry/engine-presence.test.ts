import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engineLocations, engineMayExist } from "../../../runner/registry/engine-presence.js";

describe("telling, without testcontainers, that no Docker engine can be there", () => {
  const home = mkdtempSync(join(tmpdir(), "engine-presence-"));

  it("looks where testcontainers looks: its properties file, the system socket and the rootless sockets", () => {
    const places = engineLocations({ XDG_RUNTIME_DIR: "/run/user/1234" }, home);
    expect(places).toEqual(
      expect.arrayContaining([
        join(home, ".testcontainers.properties"),
        "/var/run/docker.sock",
        "/run/user/1234/docker.sock",
        join(home, ".docker", "run", "docker.sock"),
        join(home, ".docker", "desktop", "docker.sock"),
      ]),
    );
  });

  it("says no engine when none of the places exists and DOCKER_HOST is unset", () => {
    expect(engineMayExist({}, [join(home, "absent.sock"), join(home, "also-absent.sock")])).toBe(false);
  });

  it("says an engine may answer when one place exists", () => {
    const socket = join(home, "docker.sock");
    writeFileSync(socket, "");
    expect(engineMayExist({}, [join(home, "absent.sock"), socket])).toBe(true);
  });

  it("leaves DOCKER_HOST to testcontainers, wherever it points", () => {
    expect(engineMayExist({ DOCKER_HOST: "tcp://10.0.0.9:2375" }, [])).toBe(true);
  });
});
