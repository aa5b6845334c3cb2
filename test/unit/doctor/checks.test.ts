import { describe, expect, it } from "vitest";
import { containersInsecureCheck } from "../../../runner/doctor/checks/containers-insecure.js";
import { diskCheck } from "../../../runner/doctor/checks/disk.js";
import { dockerEngineCheck } from "../../../runner/doctor/checks/docker-engine.js";
import { enginePushCheck } from "../../../runner/doctor/checks/engine-push.js";
import { labRegistryCheck } from "../../../runner/doctor/checks/lab-registry.js";
import { nodeCheck } from "../../../runner/doctor/checks/node.js";
import { toolChecks } from "../../../runner/doctor/checks/tools.js";
import { writeState } from "../../../runner/state/state.js";
import { DOCKER_INFO_DOWN, DOCKER_INFO_OK, fakeContext, fakeDeps, fakeRunner, labUsing } from "./fake-deps.js";

describe("node check", () => {
  it.each([
    { version: "20.11.1", status: "ok" },
    { version: "22.3.0", status: "ok" },
    { version: "18.19.0", status: "fail" },
    { version: "16.20.2", status: "fail" },
  ])("Node $version is $status", async ({ version, status }) => {
    const result = await nodeCheck.run(fakeContext({ nodeVersion: version }));
    expect(result.status).toBe(status);
    if (status === "fail") expect(result.fix).toMatch(/Node\.js 20/);
  });
});

describe("tool checks", () => {
  const tool = (id: string) => toolChecks().find((c) => c.id === id)!;
  const labs = async () => [labUsing(3, ["crane", "jq"]), labUsing(5, ["jq"], ["oras"])];

  it("reports an installed tool with the version it prints and the labs that use it", async () => {
    const run = fakeRunner({ "jq --version": { stdout: "jq-1.6\n" } }).run;
    const result = await tool("tool-jq").run(fakeContext({ run, loadLabs: labs }));
    expect(result).toMatchObject({ status: "ok", summary: "jq 1.6 (used by labs 3, 5)." });
  });

  it("warns about a missing tool a lab's solution needs, naming the lab and how to install it", async () => {
    const result = await tool("tool-crane").run(fakeContext({ run: fakeRunner({}).run, loadLabs: labs }));
    expect(result.status).toBe("warn");
    expect(result.summary).toContain("lab 3");
    expect(result.fix).toContain("go-containerregistry");
  });

  it("only notes a missing tool that self-tests alone use, or that no lab uses", async () => {
    const ctx = fakeContext({ run: fakeRunner({}).run, loadLabs: labs });
    const oras = await tool("tool-oras").run(ctx);
    expect(oras).toMatchObject({ status: "info" });
    expect(oras.summary).toContain("`labs test` of lab 5");
    const umoci = await tool("tool-umoci").run(ctx);
    expect(umoci).toMatchObject({ status: "info", summary: "umoci is not installed (no lab needs it)." });
    expect(umoci.fix).toContain("sudo apt-get install umoci");
  });

  it("warns when a tool is there but its version command fails", async () => {
    const run = fakeRunner({
      "skopeo --version": { exitCode: 127, stderr: "error while loading shared libraries" },
    }).run;
    const result = await tool("tool-skopeo").run(fakeContext({ run }));
    expect(result).toMatchObject({ status: "warn", detail: "error while loading shared libraries" });
  });
});

describe("docker engine check", () => {
  it("reports the engine's version and that a new registry runs in a container", async () => {
    const result = await dockerEngineCheck.run(fakeContext());
    expect(result.status).toBe("ok");
    expect(result.summary).toContain("20.10.24");
    expect(result.detail).toContain("127.0.0.0/8");
  });

  it("warns when the engine does not answer and says the embedded registry is used", async () => {
    const run = fakeRunner({ "docker info": DOCKER_INFO_DOWN }).run;
    const result = await dockerEngineCheck.run(fakeContext({ run }));
    expect(result.status).toBe("warn");
    expect(result.summary).toContain("embedded registry");
    expect(result.detail).toContain("Cannot connect");
    expect(result.fix).toContain("systemctl start docker");
  });

  it("tells a socket permission problem apart", async () => {
    const stderr =
      "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock";
    const run = fakeRunner({ "docker info": { exitCode: 1, stderr } }).run;
    expect((await dockerEngineCheck.run(fakeContext({ run }))).fix).toContain("usermod -aG docker");
  });

  it("falls back to the socket check when the docker command is missing", async () => {
    const none = await dockerEngineCheck.run(
      fakeContext({ run: fakeRunner({}).run, engineAnswers: async () => false }),
    );
    expect(none.status).toBe("info");
    const socketOnly = await dockerEngineCheck.run(
      fakeContext({ run: fakeRunner({}).run, engineAnswers: async () => true }),
    );
    expect(socketOnly).toMatchObject({ status: "warn" });
    expect(socketOnly.fix).toContain("docker.io");
  });

  it("reports a hanging engine as not answering in time", async () => {
    const run = fakeRunner({ "docker info": { exitCode: undefined, timedOut: true } }).run;
    const result = await dockerEngineCheck.run(fakeContext({ run }));
    expect(result).toMatchObject({ status: "warn", detail: "`docker info` did not answer in time" });
  });
});

describe("lab registry check", () => {
  it("says which backend `labs start` will use when none was started", async () => {
    const down = fakeRunner({ "docker info": DOCKER_INFO_DOWN }).run;
    const withoutDocker = await labRegistryCheck.run(fakeContext({ run: down }));
    expect(withoutDocker).toMatchObject({ status: "info" });
    expect(withoutDocker.summary).toContain("embedded registry");
    const withDocker = await labRegistryCheck.run(fakeContext());
    expect(withDocker.summary).toContain("container in Docker");
  });

  it("warns when the recorded registry does not answer, and says how to bring it back", async () => {
    const deps = fakeDeps();
    await writeState(deps.home.stateFile, {
      schemaVersion: 1,
      labs: {},
      registry: {
        kind: "embedded",
        url: "http://127.0.0.1:1",
        hostPort: "127.0.0.1:1",
        id: "1",
        capabilities: {},
        startedAt: "2026-01-01T00:00:00Z",
      },
    });
    const result = await labRegistryCheck.run(fakeContext(deps));
    expect(result).toMatchObject({
      status: "warn",
      summary: "The embedded lab registry recorded at 127.0.0.1:1 does not answer.",
    });
    expect(result.fix).toContain("labs start N");
  });
});

describe("engine push check", () => {
  it("is not tried without a running lab registry", async () => {
    const recorder = fakeRunner({ "docker info": DOCKER_INFO_OK });
    const result = await enginePushCheck.run(fakeContext({ run: recorder.run }));
    expect(result.status).toBe("info");
    expect(recorder.calls.some((c) => c.startsWith("docker push"))).toBe(false);
  });
});

describe("disk check", () => {
  it("warns under 1 GiB free and says how much is left", async () => {
    const statfs = async () => ({ bavail: 100 * 256, bsize: 4096 });
    const result = await diskCheck.run(fakeContext({ statfs }));
    expect(result.status).toBe("warn");
    expect(result.summary).toContain("100 MiB");
  });

  it("is fine with 1 GiB or more", async () => {
    const statfs = async () => ({ bavail: 1024 ** 3 / 4096, bsize: 4096 });
    expect((await diskCheck.run(fakeContext({ statfs }))).status).toBe("ok");
  });

  it("measures the closest existing folder when the labs home does not exist yet", async () => {
    const asked: string[] = [];
    const deps = fakeDeps();
    const statfs = async (path: string) => {
      asked.push(path);
      if (path === deps.home.root) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      return { bavail: 1024 ** 2, bsize: 4096 };
    };
    const result = await diskCheck.run(fakeContext({ ...deps, statfs }));
    expect(result.status).toBe("ok");
    expect(asked.at(-1)).not.toBe(deps.home.root);
  });

  it("fails when the labs home cannot be written: nothing can run", async () => {
    const result = await diskCheck.run(fakeContext({ isWritable: async () => false }));
    expect(result.status).toBe("fail");
    expect(result.fix).toContain("LABS_HOME");
  });
});

describe("containers insecure check", () => {
  const conf = (text: string) => async (path: string) =>
    path === "/etc/containers/registries.conf" ? text : undefined;

  it("is ok when the system registries.conf marks the lab registry's address insecure", async () => {
    const deps = fakeDeps();
    await writeState(deps.home.stateFile, { schemaVersion: 1, labs: {}, port: 5123 });
    const readText = conf('[[registry]]\nlocation = "127.0.0.1:5123"\ninsecure = true\n');
    const result = await containersInsecureCheck.run(fakeContext({ ...deps, readText }));
    expect(result.status).toBe("ok");
    expect(result.detail).toContain("/etc/containers/registries.conf");
  });

  it("otherwise notes the --tls-verify=false the steps pass and gives the exact TOML to add", async () => {
    const deps = fakeDeps();
    await writeState(deps.home.stateFile, { schemaVersion: 1, labs: {}, port: 5123 });
    const readText = conf('[[registry]]\nlocation = "127.0.0.1:5000"\ninsecure = true\n');
    const result = await containersInsecureCheck.run(fakeContext({ ...deps, readText }));
    expect(result.status).toBe("info");
    expect(result.summary).toContain("--tls-verify=false");
    expect(result.fix).toContain('[[registry]]\nlocation = "127.0.0.1:5123"\ninsecure = true');
    expect(result.fix).toContain(".config/containers/registries.conf.d/");
  });
});
