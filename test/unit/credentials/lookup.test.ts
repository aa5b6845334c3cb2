import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authFilePaths, findCredentials } from "../../../runner/credentials/lookup.js";
import { LabsError } from "../../../runner/errors.js";

const HOST = "reg.test:5000";
const b64 = (text: string) => Buffer.from(text).toString("base64");
let root: string;
let bin: string;

// A fake `docker-credential-fake`: answers from $FAKE_HELPER_DB (server URL → "user secret"), logs what it was asked.
const HELPER = `#!/bin/sh
read -r server
echo "$1 $server" >> "$FAKE_HELPER_LOG"
line=$(grep -F "$server " "$FAKE_HELPER_DB" | head -n 1)
if [ -z "$line" ]; then echo "credentials not found in native keychain"; exit 1; fi
set -- $line
printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}' "$1" "$2" "$3"
`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "labs-credentials-"));
  bin = join(root, "bin");
  await mkdir(bin);
  for (const name of ["fake", "slow"]) {
    const script = name === "slow" ? "#!/bin/sh\nexec sleep 5\n" : HELPER;
    await writeFile(join(bin, `docker-credential-${name}`), script);
    await chmod(join(bin, `docker-credential-${name}`), 0o755);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

// A fresh home with the given files (paths relative to it) and an environment pointing at it.
async function home(files: Record<string, unknown>, helperDb = "", extraEnv: Record<string, string> = {}) {
  const dir = await mkdtemp(join(root, "home-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), typeof content === "string" ? content : JSON.stringify(content));
  }
  await writeFile(join(dir, "helper-db"), helperDb);
  const env = {
    HOME: dir,
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_HELPER_DB: join(dir, "helper-db"),
    FAKE_HELPER_LOG: join(dir, "helper-log"),
    ...extraEnv,
  };
  return { dir, env };
}

describe("credential lookup", () => {
  it("lists podman's REGISTRY_AUTH_FILE, Docker's config, then podman's auth.json files", () => {
    const env = { HOME: "/h", REGISTRY_AUTH_FILE: "/a.json", DOCKER_CONFIG: "/d", XDG_RUNTIME_DIR: "/run/u" };
    expect(authFilePaths(env)).toEqual([
      "/a.json",
      "/d/config.json",
      "/run/u/containers/auth.json",
      "/h/.config/containers/auth.json",
    ]);
    expect(authFilePaths({ HOME: "/h" })).toEqual(["/h/.docker/config.json", "/h/.config/containers/auth.json"]);
  });

  it("reads `auth` (base64 user:password) and username/password entries from Docker's config.json", async () => {
    const { env } = await home({
      ".docker/config.json": {
        auths: { [HOST]: { auth: b64("ada:pa:ss") }, "other.test": { username: "bo", password: "x" } },
      },
    });
    expect(await findCredentials(HOST, env)).toEqual({
      credentials: { username: "ada", password: "pa:ss" },
      source: join(env.HOME, ".docker/config.json"),
    });
    expect((await findCredentials("other.test", env))?.credentials).toEqual({ username: "bo", password: "x" });
    expect(await findCredentials("missing.test", env)).toBeUndefined();
  });

  it("keeps an identitytoken for the OAuth2 flow and matches keys written as URLs", async () => {
    const { env } = await home({
      ".docker/config.json": { auths: { "https://reg.test:5000/v1/": { auth: b64("ada:"), identitytoken: "rt" } } },
    });
    expect((await findCredentials(HOST, env))?.credentials).toEqual({
      username: "ada",
      password: "",
      identityToken: "rt",
    });
  });

  it("lets flags win, then $REGISTRY_AUTH_FILE, then $DOCKER_CONFIG, then podman's auth.json", async () => {
    const entry = (user: string) => ({ auths: { [HOST]: { auth: b64(`${user}:pw`) } } });
    const { dir, env } = await home({
      "explicit.json": entry("from-registry-auth-file"),
      "dockercfg/config.json": entry("from-docker-config"),
      ".docker/config.json": entry("from-default-docker"),
      "run/containers/auth.json": entry("from-runtime-podman"),
      ".config/containers/auth.json": entry("from-podman"),
    });
    const full = { ...env, REGISTRY_AUTH_FILE: join(dir, "explicit.json"), DOCKER_CONFIG: join(dir, "dockercfg") };
    const user = async (e: NodeJS.ProcessEnv, flags?: { username: string; password: string }) =>
      (await findCredentials(HOST, e, flags))?.credentials.username;
    expect(await user(full, { username: "from-flags", password: "p" })).toBe("from-flags");
    expect(await user(full)).toBe("from-registry-auth-file");
    expect(await user({ ...full, REGISTRY_AUTH_FILE: "" })).toBe("from-docker-config");
    expect(await user(env)).toBe("from-default-docker");
    await rm(join(dir, ".docker"), { recursive: true });
    expect(await user({ ...env, XDG_RUNTIME_DIR: join(dir, "run") })).toBe("from-runtime-podman");
    expect(await user(env)).toBe("from-podman");
  });

  it("asks credHelpers before credsStore before `auths`, passing the server URL on stdin", async () => {
    const { dir, env } = await home(
      {
        ".docker/config.json": {
          credsStore: "fake",
          credHelpers: { "helped.test": "fake" },
          auths: { [HOST]: { auth: b64("file:pw") }, "docker-only.test": { auth: b64("file:pw") } },
        },
      },
      `helped.test helper-user s1\n${HOST} store-user s2\nhttps://index.docker.io/v1/ <token> refresh\n`,
    );
    expect(await findCredentials("helped.test", env)).toMatchObject({
      credentials: { username: "helper-user", password: "s1" },
      source: expect.stringMatching(/^docker-credential-fake \(credHelpers in /),
    });
    expect((await findCredentials(HOST, env))?.credentials).toEqual({ username: "store-user", password: "s2" });
    expect((await findCredentials("docker.io", env))?.credentials).toEqual({
      username: "",
      password: "",
      identityToken: "refresh",
    });
    expect((await findCredentials("docker-only.test", env))?.credentials.username).toBe("file");
    const { readFile } = await import("node:fs/promises");
    expect((await readFile(join(dir, "helper-log"), "utf8")).trim().split("\n")).toEqual([
      "get helped.test",
      `get ${HOST}`,
      "get https://index.docker.io/v1/",
      "get docker-only.test",
    ]);
  });

  it("fails clearly when a helper is missing or hangs past its timeout", async () => {
    const missing = await home({ ".docker/config.json": { credsStore: "absent" } });
    await expect(findCredentials(HOST, missing.env)).rejects.toThrow(/docker-credential-absent/);
    const { runCredentialHelper } = await import("../../../runner/credentials/helper.js");
    const slow = await home({});
    const error = await runCredentialHelper("slow", HOST, slow.env, 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabsError);
    expect((error as Error).message).toMatch(/did not answer within 0.2 s/);
  });

  it("rejects a config file that is not a JSON object and an `auth` without a colon", async () => {
    const broken = await home({ ".docker/config.json": "{ not json" });
    await expect(findCredentials(HOST, broken.env)).rejects.toBeInstanceOf(LabsError);
    const badAuth = await home({ ".docker/config.json": { auths: { [HOST]: { auth: b64("nocolon") } } } });
    await expect(findCredentials(HOST, badAuth.env)).rejects.toThrow(/not base64 of user:password/);
  });
});
