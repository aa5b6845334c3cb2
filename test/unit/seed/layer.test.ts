import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { buildLayer, buildTar, type TarEntry } from "../../../runner/seed/index.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const files: TarEntry[] = [{ type: "file", path: "etc/hostname", content: "lab\n" }];

describe("buildLayer", () => {
  it("gzips the tar at level 9 as an OCI layer by default, with the DiffID of the plain tar", () => {
    const layer = buildLayer({ files });
    expect(layer.blob.mediaType).toBe(MediaType.ociLayerGzip);
    expect(layer.diffId).toBe(sha256(buildTar(files)));
    expect(sha256(gunzipSync(layer.blob.bytes))).toBe(layer.diffId);
    expect(layer.blob.bytes[8]).toBe(2); // XFL of level 9
  });

  it("uses the Docker layer type for the docker flavour, with the same bytes", () => {
    const docker = buildLayer({ files, mediaTypeFlavour: "docker" });
    expect(docker.blob.mediaType).toBe(MediaType.dockerLayerGzip);
    expect(docker.blob.digest).toBe(buildLayer({ files }).blob.digest);
  });

  it("honours addParents and the gzip level", () => {
    expect(buildLayer({ files, addParents: true }).diffId).toBe(sha256(buildTar(files, { addParents: true })));
    expect(buildLayer({ files, level: 1 }).blob.bytes[8]).toBe(4); // XFL of level 1
  });

  it("stores an uncompressed layer whose digest equals its DiffID", () => {
    const plain = buildLayer({ files, compression: "none" });
    expect(plain.blob.mediaType).toBe(MediaType.ociLayer);
    expect(plain.blob.digest).toBe(plain.diffId);
  });
});
