import { describe, expect, it } from "vitest";
import { decodeDescriptor, decodeImageConfig, decodeManifest } from "../../../grader/oci/decode.js";
import { digestOf } from "../../../grader/oci/digest.js";
import { OciFormatError, type OciFormatErrorCode } from "../../../grader/oci/format-error.js";
import { MediaType } from "../../../grader/oci/media-types.js";

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
const D1 = digestOf("config");
const D2 = digestOf("layer");
const desc = (mediaType: string, digest = D1, size = 6) => ({ mediaType, digest, size });

const manifest = {
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: desc(MediaType.ociConfig),
  layers: [desc(MediaType.ociLayerGzip, D2, 5)],
};
const index = {
  schemaVersion: 2,
  mediaType: MediaType.ociIndex,
  manifests: [{ ...desc(MediaType.ociManifest), platform: { os: "linux", architecture: "arm64", variant: "v8" } }],
};

function failure(run: () => unknown): OciFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof OciFormatError) return error;
    throw error;
  }
  throw new Error("expected an OciFormatError");
}

describe("decodeManifest: accepted documents", () => {
  it("decodes an OCI image manifest, computing the digest over the raw bytes", () => {
    const raw = bytes(manifest);
    const fetched = decodeManifest(raw, MediaType.ociManifest);
    expect(fetched.digest).toBe(digestOf(raw));
    expect(fetched.raw).toBe(raw);
    expect(fetched.mediaType).toBe(MediaType.ociManifest);
    expect(fetched.value).toEqual({ kind: "manifest", ...manifest });
  });

  it("gives different digests to the same document serialised differently", () => {
    const compact = decodeManifest(bytes(manifest), MediaType.ociManifest);
    const pretty = decodeManifest(bytes(JSON.stringify(manifest, null, 3)), MediaType.ociManifest);
    expect(pretty.value).toEqual(compact.value);
    expect(pretty.digest).not.toBe(compact.digest);
  });

  it("decodes an OCI index and a Docker manifest list", () => {
    expect(decodeManifest(bytes(index), MediaType.ociIndex).value.kind).toBe("index");
    const list = { ...index, mediaType: MediaType.dockerManifestList };
    expect(decodeManifest(bytes(list), `${MediaType.dockerManifestList}; charset=utf-8`).mediaType).toBe(
      MediaType.dockerManifestList,
    );
  });

  it("decodes a Docker schema 2 manifest", () => {
    const docker = { ...manifest, mediaType: MediaType.dockerManifest, config: desc(MediaType.dockerConfig) };
    expect(decodeManifest(bytes(docker), MediaType.dockerManifest).value.kind).toBe("manifest");
  });

  it("accepts a manifest without a mediaType field when the Content-Type names it", () => {
    const { mediaType: _, ...bare } = manifest;
    const fetched = decodeManifest(bytes(bare), MediaType.ociManifest);
    expect(fetched.mediaType).toBe(MediaType.ociManifest);
    expect(fetched.value.mediaType).toBeUndefined();
  });

  it("falls back to the mediaType field when the Content-Type is not a manifest type", () => {
    expect(decodeManifest(bytes(index), "application/octet-stream").value.kind).toBe("index");
    expect(decodeManifest(bytes(manifest), "").value.kind).toBe("manifest");
  });

  it("ignores unknown fields and keeps subject, artifactType and annotations", () => {
    const doc = {
      ...manifest,
      artifactType: "application/vnd.example+json",
      subject: desc(MediaType.ociManifest, D2, 5),
      annotations: { a: "b" },
      newUnspecifiedField: { x: 1 },
      layers: [{ ...desc(MediaType.ociLayerGzip, D2, 5), extra: true }],
    };
    const { value } = decodeManifest(bytes(doc), MediaType.ociManifest);
    expect(value).not.toHaveProperty("newUnspecifiedField");
    expect(value.kind === "manifest" && value.layers[0]).not.toHaveProperty("extra");
    expect(value).toMatchObject({ artifactType: doc.artifactType, subject: doc.subject, annotations: { a: "b" } });
  });

  it("treats null optional fields as absent, as Go decoders do", () => {
    const { value } = decodeManifest(bytes({ ...manifest, annotations: null }), MediaType.ociManifest);
    expect(value.annotations).toBeUndefined();
  });

  it("accepts embedded data that matches digest and size", () => {
    const data = Buffer.from("{}").toString("base64");
    const d = decodeDescriptor({ mediaType: MediaType.ociEmpty, digest: digestOf("{}"), size: 2, data });
    expect(d.data).toBe(data);
  });
});

describe("decodeManifest: rejections name the field and the reason", () => {
  const ct = MediaType.ociManifest;
  const layer = (patch: object) => ({ ...manifest, layers: [{ ...desc(MediaType.ociLayerGzip, D2, 5), ...patch }] });
  const cases: { name: string; doc: unknown; ct?: string; code: OciFormatErrorCode; path?: string; reason?: RegExp }[] =
    [
      { name: "an array", doc: [manifest], code: "INVALID_FIELD", path: "", reason: /JSON object/ },
      { name: "a string", doc: '"manifest"', code: "INVALID_FIELD" },
      { name: "schema 1 by field", doc: { schemaVersion: 1, name: "x", fsLayers: [] }, code: "SCHEMA_1" },
      { name: "schema 1 by Content-Type", doc: manifest, ct: MediaType.dockerManifestSchema1Signed, code: "SCHEMA_1" },
      { name: "schemaVersion 3", doc: { ...manifest, schemaVersion: 3 }, code: "INVALID_FIELD", path: "schemaVersion" },
      {
        name: "no schemaVersion",
        doc: { ...manifest, schemaVersion: undefined },
        code: "INVALID_FIELD",
        path: "schemaVersion",
      },
      {
        name: "a mediaType field contradicting the Content-Type",
        doc: manifest,
        ct: MediaType.dockerManifest,
        code: "MEDIA_TYPE_MISMATCH",
        path: "mediaType",
      },
      { name: "an index served as a manifest", doc: index, ct: MediaType.ociManifest, code: "MEDIA_TYPE_MISMATCH" },
      {
        name: "no type at all",
        doc: { ...manifest, mediaType: undefined },
        ct: "application/json",
        code: "UNSUPPORTED_MEDIA_TYPE",
      },
      {
        name: "an unknown mediaType field",
        doc: { ...manifest, mediaType: "text/plain" },
        ct: "",
        code: "UNSUPPORTED_MEDIA_TYPE",
      },
      {
        name: "a mediaType field that is not a string",
        doc: { ...manifest, mediaType: 7 },
        code: "INVALID_FIELD",
        path: "mediaType",
      },
      {
        name: "an index with config",
        doc: { ...index, config: manifest.config },
        ct: MediaType.ociIndex,
        code: "INVALID_FIELD",
        path: "config",
      },
      {
        name: "an index with layers",
        doc: { ...index, layers: [] },
        ct: MediaType.ociIndex,
        code: "INVALID_FIELD",
        path: "layers",
      },
      {
        name: "a manifest with manifests",
        doc: { ...manifest, manifests: [] },
        code: "INVALID_FIELD",
        path: "manifests",
      },
      {
        name: "a manifest without config",
        doc: { ...manifest, config: undefined },
        code: "INVALID_FIELD",
        path: "config",
      },
      { name: "layers that are not an array", doc: { ...manifest, layers: {} }, code: "INVALID_FIELD", path: "layers" },
      {
        name: "an index without manifests",
        doc: { ...index, manifests: undefined },
        ct: MediaType.ociIndex,
        code: "INVALID_FIELD",
        path: "manifests",
      },
      {
        name: "a layer without digest",
        doc: layer({ digest: undefined }),
        code: "INVALID_FIELD",
        path: "layers[0].digest",
        reason: /required/,
      },
      {
        name: "an upper-case digest",
        doc: layer({ digest: D2.toUpperCase() }),
        code: "INVALID_FIELD",
        path: "layers[0].digest",
      },
      {
        name: "a sha384 digest",
        doc: layer({ digest: `sha384:${"a".repeat(96)}` }),
        code: "INVALID_FIELD",
        path: "layers[0].digest",
        reason: /sha384/,
      },
      { name: "a negative size", doc: layer({ size: -1 }), code: "INVALID_FIELD", path: "layers[0].size" },
      { name: "a fractional size", doc: layer({ size: 1.5 }), code: "INVALID_FIELD", path: "layers[0].size" },
      { name: "a size string", doc: layer({ size: "5" }), code: "INVALID_FIELD", path: "layers[0].size" },
      { name: "an unsafe size", doc: layer({ size: 2 ** 53 }), code: "INVALID_FIELD", path: "layers[0].size" },
      { name: "a numeric mediaType", doc: layer({ mediaType: 1 }), code: "INVALID_FIELD", path: "layers[0].mediaType" },
      {
        name: "a mediaType without subtype",
        doc: layer({ mediaType: "layer" }),
        code: "INVALID_FIELD",
        path: "layers[0].mediaType",
      },
      {
        name: "a non-string annotation",
        doc: layer({ annotations: { "a.b": 1 } }),
        code: "INVALID_FIELD",
        path: 'layers[0].annotations["a.b"]',
      },
      {
        name: "urls that are not strings",
        doc: layer({ urls: [1] }),
        code: "INVALID_FIELD",
        path: "layers[0].urls[0]",
      },
      {
        name: "data not matching the size",
        doc: layer({ data: "e30=" }),
        code: "INVALID_FIELD",
        path: "layers[0].data",
        reason: /2 bytes, but size says 5/,
      },
      { name: "data that is not base64", doc: layer({ data: "!!" }), code: "INVALID_FIELD", path: "layers[0].data" },
      {
        name: "a bad subject",
        doc: { ...manifest, subject: { mediaType: ct } },
        code: "INVALID_FIELD",
        path: "subject.digest",
      },
      {
        name: "a platform without os",
        doc: { ...index, manifests: [{ ...desc(ct), platform: { architecture: "amd64" } }] },
        ct: MediaType.ociIndex,
        code: "INVALID_FIELD",
        path: "manifests[0].platform.os",
      },
      {
        name: "a bad digest in the second entry",
        doc: { ...index, manifests: [desc(ct), { ...desc(ct), digest: "sha256:abc" }] },
        ct: MediaType.ociIndex,
        code: "INVALID_FIELD",
        path: "manifests[1].digest",
        reason: /64 hex characters, got 3/,
      },
      { name: "a duplicate key", doc: '{"schemaVersion":2,"schemaVersion":2}', code: "DUPLICATE_KEY" },
      { name: "invalid JSON", doc: "{", code: "INVALID_JSON" },
    ];

  it.each(cases)("$name", ({ doc, ct: contentType, code, path, reason }) => {
    const error = failure(() => decodeManifest(bytes(doc), contentType ?? ct));
    expect(error.code).toBe(code);
    if (path !== undefined) expect(error.path).toBe(path);
    if (reason) expect(error.message).toMatch(reason);
  });

  it("rejects invalid UTF-8", () => {
    expect(failure(() => decodeManifest(Uint8Array.from([0x7b, 0xff, 0x7d]), ct)).code).toBe("INVALID_UTF8");
  });

  it("puts the path in the message", () => {
    const error = failure(() => decodeManifest(bytes(layer({ size: -1 })), ct));
    expect(error.message).toMatch(/^layers\[0\]\.size: must be a non-negative integer/);
  });
});

describe("decodeImageConfig", () => {
  const config = {
    architecture: "arm64",
    os: "linux",
    variant: "v8",
    created: "1970-01-01T00:00:00Z",
    config: { Env: ["PATH=/bin"], Cmd: null, Labels: { "org.example": "yes" } },
    rootfs: { type: "layers", diff_ids: [D1, D2] },
    history: [{ created_by: "COPY . /" }],
    container_config: { ignored: true },
  };

  it("decodes the fields the grader reads and ignores the rest", () => {
    const value = decodeImageConfig(bytes(config));
    expect(value).toMatchObject({ architecture: "arm64", os: "linux", variant: "v8" });
    expect(value.rootfs?.diff_ids).toEqual([D1, D2]);
    expect(value.config?.Labels).toEqual({ "org.example": "yes" });
    expect(value).not.toHaveProperty("container_config");
  });

  it.each([
    { name: "not an object", doc: [], path: "" },
    { name: "a numeric os", doc: { ...config, os: 1 }, path: "os" },
    {
      name: "a bad diff_id",
      doc: { ...config, rootfs: { type: "layers", diff_ids: [D1, "sha256:x"] } },
      path: "rootfs.diff_ids[1]",
    },
    { name: "rootfs without diff_ids", doc: { ...config, rootfs: { type: "layers" } }, path: "rootfs.diff_ids" },
    { name: "a non-string label", doc: { ...config, config: { Labels: { a: true } } }, path: "config.Labels.a" },
    { name: "Env that is a string", doc: { ...config, config: { Env: "PATH=/bin" } }, path: "config.Env" },
    { name: "a history entry that is a string", doc: { ...config, history: ["x"] }, path: "history[0]" },
  ])("rejects $name at `$path`", ({ doc, path }) => {
    const error = failure(() => decodeImageConfig(bytes(doc)));
    expect(error).toMatchObject({ code: "INVALID_FIELD", path });
  });
});
