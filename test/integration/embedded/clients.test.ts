import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { assertRequirement, requireAll, requireCommand, skipUnless } from "../../support/requirements.js";
import { sha256 } from "./support/oci.js";
import { startTempRegistry, tempDir } from "./support/server.js";
import { run, toolSandbox } from "./support/tools.js";

// Real clients push into the embedded registry and read back identical digests.

interface LayoutEntry {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

async function layoutIndex(layout: string): Promise<{ manifests: LayoutEntry[] }> {
  return JSON.parse(await readFile(join(layout, "index.json"), "utf8"));
}

async function refDigest(layout: string, ref: string): Promise<LayoutEntry> {
  const entry = (await layoutIndex(layout)).manifests.find(
    (m) => m.annotations?.["org.opencontainers.image.ref.name"] === ref,
  );
  if (!entry) throw new Error(`no ${ref} in ${layout}`);
  return entry;
}

// An OCI layout with images for amd64 and arm64 (umoci) and an index `multi` over both.
async function buildLayout(dir: string): Promise<string> {
  const layout = join(dir, "layout");
  await run("umoci", ["init", "--layout", layout]);
  await writeFile(join(dir, "hello.txt"), "hello from umoci\n");
  for (const arch of ["amd64", "arm64"]) {
    await run("umoci", ["new", "--image", `${layout}:${arch}`]);
    await run("umoci", ["insert", "--image", `${layout}:${arch}`, join(dir, "hello.txt"), `/hello-${arch}.txt`]);
    await run("umoci", ["config", "--image", `${layout}:${arch}`, "--architecture", arch, "--os", "linux"]);
  }
  const children = await Promise.all(["amd64", "arm64"].map((arch) => refDigest(layout, arch)));
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: children.map((c, i) => ({
        mediaType: c.mediaType,
        digest: c.digest,
        size: c.size,
        platform: { architecture: i === 0 ? "amd64" : "arm64", os: "linux" },
      })),
    }),
  );
  const digest = sha256(index);
  await writeFile(join(layout, "blobs", "sha256", digest.slice(7)), index);
  const top = await layoutIndex(layout);
  top.manifests.push({
    mediaType: MediaType.ociIndex,
    digest,
    size: index.length,
    annotations: { "org.opencontainers.image.ref.name": "multi" },
  });
  await writeFile(join(layout, "index.json"), JSON.stringify(top));
  return layout;
}

const skopeoReq = requireAll(requireCommand("skopeo"), requireCommand("umoci", ["--version"]));

describe.skipIf(skipUnless(skopeoReq))("skopeo and umoci", { timeout: 180_000 }, () => {
  beforeAll(() => assertRequirement(skopeoReq));

  it("copies one image and an index with --all --preserve-digests, inspects and deletes", async () => {
    await using reg = await startTempRegistry();
    await using dir = await tempDir();
    const layout = await buildLayout(dir.path);
    const host = reg.registry.hostPort;
    const tls = "--dest-tls-verify=false";
    const amd = await refDigest(layout, "amd64");
    await run("skopeo", ["copy", tls, `oci:${layout}:amd64`, `docker://${host}/clients/umoci:amd64`]);
    const pushed = await reg.client("/v2/clients/umoci/manifests/amd64");
    expect(pushed.header("docker-content-digest")).toBe(amd.digest);
    expect(sha256(pushed.body)).toBe(amd.digest);

    const multi = await refDigest(layout, "multi");
    await run("skopeo", [
      "copy",
      "--all",
      "--preserve-digests",
      tls,
      `oci:${layout}:multi`,
      `docker://${host}/clients/umoci:multi`,
    ]);
    const index = await reg.client("/v2/clients/umoci/manifests/multi");
    expect(index.header("docker-content-digest")).toBe(multi.digest);
    expect(index.header("content-type")).toBe(MediaType.ociIndex);
    for (const child of index.json<{ manifests: LayoutEntry[] }>().manifests) {
      expect((await reg.client(`/v2/clients/umoci/manifests/${child.digest}`)).status).toBe(200);
    }

    const inspected = JSON.parse(
      await run("skopeo", ["inspect", "--tls-verify=false", `docker://${host}/clients/umoci:amd64`]),
    );
    expect(inspected.Digest).toBe(amd.digest);
    expect(inspected.Architecture).toBe("amd64");
    const raw = await run("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${host}/clients/umoci:multi`]);
    expect(sha256(raw)).toBe(multi.digest);

    await run("skopeo", ["delete", "--tls-verify=false", `docker://${host}/clients/umoci:amd64`]);
    expect((await reg.client("/v2/clients/umoci/manifests/amd64")).status).toBe(404);
    expect((await reg.client(`/v2/clients/umoci/manifests/${amd.digest}`)).status).toBe(404);
    expect((await reg.client("/v2/clients/umoci/manifests/multi")).status).toBe(200);
  });
});

const buildahReq = requireAll(requireCommand("buildah", ["--version"]), requireCommand("podman", ["--version"]));

describe.skipIf(skipUnless(buildahReq))("buildah and podman", { timeout: 240_000 }, () => {
  beforeAll(() => assertRequirement(buildahReq));

  it("push images and push a manifest list built with `manifest create/add/push`", async () => {
    await using reg = await startTempRegistry();
    await using dir = await tempDir();
    const box = await toolSandbox(dir.path);
    const host = reg.registry.hostPort;
    const buildah = (...args: string[]) => run("buildah", [...box.buildah, ...args], box.env, dir.path);
    const podman = (...args: string[]) => run("podman", [...box.podman, ...args], box.env, dir.path);
    await writeFile(join(dir.path, "hello.txt"), "hello from buildah\n");
    const digests: Record<string, string> = {};
    for (const arch of ["amd64", "arm64"]) {
      const container = (await buildah("from", "scratch")).trim();
      await buildah("copy", container, "hello.txt", `/hello-${arch}.txt`);
      await buildah("config", "--arch", arch, "--os", "linux", "--cmd", '["cat","/hello.txt"]', container);
      await buildah("commit", "--format", "oci", container, `localhost/clients/img:${arch}`);
      const digestFile = join(dir.path, `${arch}.digest`);
      const push = arch === "amd64" ? buildah : podman;
      await push(
        "push",
        "--tls-verify=false",
        "--digestfile",
        digestFile,
        `localhost/clients/img:${arch}`,
        `docker://${host}/clients/img:${arch}`,
      );
      digests[arch] = (await readFile(digestFile, "utf8")).trim();
      const served = await reg.client(`/v2/clients/img/manifests/${arch}`);
      expect(served.header("docker-content-digest"), arch).toBe(digests[arch]);
      expect(sha256(served.body), arch).toBe(digests[arch]);
    }

    await podman("manifest", "create", "localhost/clients/list");
    for (const arch of ["amd64", "arm64"]) {
      await podman(
        "manifest",
        "add",
        "--tls-verify=false",
        "localhost/clients/list",
        `docker://${host}/clients/img:${arch}`,
      );
    }
    const listDigestFile = join(dir.path, "list.digest");
    await podman(
      "manifest",
      "push",
      "--all",
      "--tls-verify=false",
      "--digestfile",
      listDigestFile,
      "localhost/clients/list",
      `docker://${host}/clients/img:multi`,
    );
    const list = await reg.client("/v2/clients/img/manifests/multi");
    expect(list.header("docker-content-digest")).toBe((await readFile(listDigestFile, "utf8")).trim());
    const children = list.json<{ manifests: { digest: string; platform: { architecture: string } }[] }>().manifests;
    expect(Object.fromEntries(children.map((c) => [c.platform.architecture, c.digest]))).toEqual(digests);

    await buildah("manifest", "create", "localhost/clients/blist");
    await buildah(
      "manifest",
      "add",
      "--tls-verify=false",
      "localhost/clients/blist",
      `docker://${host}/clients/img:arm64`,
    );
    await buildah(
      "manifest",
      "push",
      "--all",
      "--tls-verify=false",
      "localhost/clients/blist",
      `docker://${host}/clients/img:bmulti`,
    );
    const blist = await reg.client("/v2/clients/img/manifests/bmulti");
    expect(blist.json<{ manifests: { digest: string }[] }>().manifests.map((m) => m.digest)).toEqual([digests.arm64]);
  });
});

const curlReq = requireCommand("curl");

describe.skipIf(skipUnless(curlReq))("curl by hand", { timeout: 60_000 }, () => {
  beforeAll(() => assertRequirement(curlReq));

  it("uploads blobs (POST + PUT <Location>&digest=) and PUTs a manifest, as the curriculum's flow does", async () => {
    await using reg = await startTempRegistry();
    await using dir = await tempDir();
    const R = reg.registry.url;
    const script = `
set -eu
cd "${dir.path}"
printf 'hello, OCI\\n' > layer.txt
printf '{"architecture":"amd64","os":"linux"}' > config.json
upload() { loc=$(curl -s -D - -o /dev/null -X POST "${R}/v2/curl/byhand/blobs/uploads/" | tr -d '\\r' | awk 'tolower($1)=="location:"{print $2}')
  case "$loc" in /*) loc="${R}$loc";; esac; case "$loc" in *\\?*) sep='&';; *) sep='?';; esac
  curl -s -o /dev/null -w "%{http_code}\\n" -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$1" "$loc\${sep}digest=$2"; }
L=sha256:$(sha256sum < layer.txt | cut -d' ' -f1); C=sha256:$(sha256sum < config.json | cut -d' ' -f1)
upload layer.txt "$L"; upload config.json "$C"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%s}]}' "$C" "$(stat -c%s config.json)" "$L" "$(stat -c%s layer.txt)" > manifest.json
curl -s -o /dev/null -w '%{http_code}\\n' -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary @manifest.json "${R}/v2/curl/byhand/manifests/v1"
curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "${R}/v2/curl/byhand/manifests/v1" | sha256sum | cut -d' ' -f1
sha256sum < manifest.json | cut -d' ' -f1
`;
    const [layer, config, put, served, local] = (await run("bash", ["-c", script])).trim().split("\n");
    expect([layer, config, put]).toEqual(["201", "201", "201"]);
    expect(served).toBe(local);
    const head = await reg.client("/v2/curl/byhand/manifests/v1", { method: "HEAD" });
    expect(head.header("docker-content-digest")).toBe(`sha256:${local}`);
  });
});
