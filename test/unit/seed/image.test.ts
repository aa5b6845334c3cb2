import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { type Blob, buildImage, type ImageSpec } from "../../../runner/seed/index.js";
import { goldenImageSpec } from "./golden-spec.js";

const sha256 = (bytes: Uint8Array | string) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const parse = (blob: Blob) => JSON.parse(new TextDecoder().decode(blob.bytes));

describe("buildImage golden digests", () => {
  it.each([
    {
      flavour: "oci" as const,
      manifest: "sha256:549dbb21e430170535d3d55b49f8c7b762e1b15cce96e7a2d5117e3d350de398",
      config: "sha256:c509f2dd17ba03402f88c812368be20024e8305225f20ab74e62dc07ede23b96",
    },
    {
      flavour: "docker" as const,
      manifest: "sha256:477b2318e45fb980b7d3d89c88035f49af98135b7b00cd89bb5fcf7ba4e611ac",
      config: "sha256:c509f2dd17ba03402f88c812368be20024e8305225f20ab74e62dc07ede23b96",
    },
  ])("$flavour image has the golden manifest and config digests", ({ flavour, manifest, config }) => {
    const image = buildImage(goldenImageSpec(flavour));
    expect(image.manifest.digest).toBe(manifest);
    expect(image.config.digest).toBe(config);
    expect(image.layers.map((l) => l.digest)).toEqual([
      "sha256:16cc1f86a3fbd72e0d8dc4e3b467550d8555de5f70d58384ee8e0444e774d7de",
      "sha256:288f994031ae7bd2734ef19fd4be22b01795abaff307fe8ace9fa04336575d62",
    ]);
  });
});

describe.each(["oci", "docker"] as const)("buildImage (%s), checked independently", (flavour) => {
  const image = buildImage(goldenImageSpec(flavour));
  const manifest = parse(image.manifest);
  const config = parse(image.config);
  const types =
    flavour === "oci"
      ? { manifest: MediaType.ociManifest, config: MediaType.ociConfig, layer: MediaType.ociLayerGzip }
      : { manifest: MediaType.dockerManifest, config: MediaType.dockerConfig, layer: MediaType.dockerLayerGzip };

  it("labels every blob with the flavour's media types", () => {
    expect(image.manifest.mediaType).toBe(types.manifest);
    expect(manifest.mediaType).toBe(types.manifest);
    expect(manifest.schemaVersion).toBe(2);
    expect(manifest.config.mediaType).toBe(types.config);
    expect(manifest.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual([types.layer, types.layer]);
  });

  it("describes each blob by the sha256 and length of its bytes", () => {
    for (const blob of [image.manifest, image.config, ...image.layers]) {
      expect(blob.digest).toBe(sha256(blob.bytes));
      expect(blob.size).toBe(blob.bytes.byteLength);
    }
    expect(manifest.config).toMatchObject({ digest: image.config.digest, size: image.config.size });
    expect(manifest.layers.map((l: { digest: string }) => l.digest)).toEqual(image.layers.map((l) => l.digest));
  });

  it("lists diff_ids equal to the sha256 of each decompressed layer (node:zlib)", () => {
    const diffIds = image.layers.map((l) => sha256(gunzipSync(l.bytes)));
    expect(config.rootfs).toEqual({ type: "layers", diff_ids: diffIds });
    expect(image.diffIds).toEqual(diffIds);
  });

  it("computes ChainIDs as sha256 of '<parent chain id> <diff id>'", () => {
    const d0 = image.diffIds[0]!;
    const d1 = image.diffIds[1]!;
    expect(image.chainIds).toEqual([d0, sha256(`${d0} ${d1}`)]);
  });

  it("writes the config fields in the fixed order, runtime config as given, one history entry per layer", () => {
    expect(Object.keys(config)).toEqual(["created", "architecture", "os", "config", "rootfs", "history"]);
    expect(config).toMatchObject({ created: "2024-01-01T00:00:00Z", architecture: "amd64", os: "linux" });
    expect(Object.keys(config.config)).toEqual(["User", "ExposedPorts", "Env", "Cmd", "WorkingDir", "Labels"]);
    expect(config.config.Env).toContain("GREETING=hi");
    expect(config.history).toEqual([
      { created: "2024-01-01T00:00:00Z", created_by: "labs seed: layer 0" },
      { created: "2024-01-01T00:00:00Z", created_by: "labs seed: layer 1" },
    ]);
  });

  it("writes compact JSON unless asked otherwise", () => {
    expect(new TextDecoder().decode(image.manifest.bytes)).not.toMatch(/\s/);
    expect(new TextDecoder().decode(image.config.bytes)).not.toMatch(/\n/);
  });
});

describe("buildImage", () => {
  const spec = goldenImageSpec("oci");

  it("gives identical bytes twice and other digests when one file byte changes", () => {
    expect(buildImage(spec).manifest.digest).toBe(buildImage(spec).manifest.digest);
    const changed: ImageSpec = {
      ...spec,
      layers: [spec.layers[0]!, { files: [{ type: "file", path: "app/hello.txt", content: "hello from amd65\n" }] }],
    };
    const other = buildImage(changed);
    expect(other.layers[0]!.digest).toBe(buildImage(spec).layers[0]!.digest);
    expect(other.layers[1]!.digest).not.toBe(buildImage(spec).layers[1]!.digest);
    expect(other.manifest.digest).not.toBe(buildImage(spec).manifest.digest);
  });

  it("shares layer and config bytes between flavours: only descriptors' media types differ", () => {
    const oci = buildImage(spec);
    const docker = buildImage(goldenImageSpec("docker"));
    expect(docker.layers.map((l) => l.digest)).toEqual(oci.layers.map((l) => l.digest));
    expect(docker.config.digest).toBe(oci.config.digest);
    expect(docker.manifest.digest).not.toBe(oci.manifest.digest);
  });

  it("orders OCI descriptors {mediaType, digest, size} and Docker ones {mediaType, size, digest}", () => {
    expect(Object.keys(parse(buildImage(spec).manifest).config)).toEqual(["mediaType", "digest", "size"]);
    expect(Object.keys(parse(buildImage(goldenImageSpec("docker")).manifest).config)).toEqual([
      "mediaType",
      "size",
      "digest",
    ]);
  });

  it("re-serialises the manifest pretty with a newline: same content, new digest, same config", () => {
    const pretty = buildImage({ ...spec, json: { indent: 3, trailingNewline: true } });
    const compact = buildImage(spec);
    expect(parse(pretty.manifest)).toEqual(parse(compact.manifest));
    expect(new TextDecoder().decode(pretty.manifest.bytes)).toMatch(/^\{\n {3}"schemaVersion": 2,\n[\s\S]*\}\n$/);
    expect(pretty.manifest.digest).not.toBe(compact.manifest.digest);
    expect(pretty.config.digest).toBe(compact.config.digest);
  });

  it("changes layer digests but not diff_ids or the config when only the gzip level changes", () => {
    const regz = buildImage({ ...spec, layers: spec.layers.map((l) => ({ ...l, level: 1 })) });
    const base = buildImage(spec);
    expect(regz.layers[0]!.digest).not.toBe(base.layers[0]!.digest);
    expect(regz.diffIds).toEqual(base.diffIds);
    expect(regz.config.digest).toBe(base.config.digest);
  });

  it("writes variant, author, annotations, explicit history with empty_layer, and extra config fields", () => {
    const image = buildImage({
      ...goldenImageSpec("oci", "arm64"),
      author: "labs",
      annotations: { "org.opencontainers.image.created": "2024-01-01T00:00:00Z" },
      history: [
        { created_by: "ENV A=1", empty_layer: true },
        { created_by: "COPY etc /etc", comment: "base" },
        { created_by: "COPY app /app" },
      ],
      configExtra: { docker_version: "20.10.24" },
    });
    const config = parse(image.config);
    expect(Object.keys(config)).toEqual([
      "created",
      "author",
      "architecture",
      "os",
      "variant",
      "config",
      "rootfs",
      "history",
      "docker_version",
    ]);
    expect(config.variant).toBe("v8");
    expect(config.history[0]).toEqual({ created_by: "ENV A=1", empty_layer: true });
    expect(parse(image.manifest).annotations).toEqual({ "org.opencontainers.image.created": "2024-01-01T00:00:00Z" });
  });

  it("stores uncompressed OCI layers whose digest is their diff_id", () => {
    const image = buildImage({ ...spec, layers: spec.layers.map((l) => ({ ...l, compression: "none" as const })) });
    expect(image.layers.map((l) => l.mediaType)).toEqual([MediaType.ociLayer, MediaType.ociLayer]);
    expect(image.layers.map((l) => l.digest)).toEqual(image.diffIds);
  });

  it.each<{ name: string; spec: ImageSpec; message: RegExp }>([
    {
      name: "history with fewer layer entries than layers",
      spec: { ...spec, history: [{ created_by: "only one" }] },
      message: /history has 1 entries for layers.*2 layers/,
    },
    { name: "a platform without os", spec: { ...spec, platform: { architecture: "amd64", os: "" } }, message: /os/ },
    {
      name: "uncompressed Docker layers",
      spec: { ...goldenImageSpec("docker"), layers: [{ files: [], compression: "none" }] },
      message: /docker layers must be gzip-compressed/,
    },
    { name: "an invalid gzip level", spec: { ...spec, layers: [{ files: [], level: 12 }] }, message: /level/ },
  ])("rejects $name", ({ spec: bad, message }) => {
    expect(() => buildImage(bad)).toThrow(message);
  });
});
