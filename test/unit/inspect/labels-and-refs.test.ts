import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import { LabsError } from "../../../runner/errors.js";
import { parseLabReference } from "../../../runner/inspect/lab-ref.js";
import { formatBytes, shortMediaType } from "../../../runner/inspect/media-label.js";

describe("shortMediaType", () => {
  it.each([
    [MediaType.ociIndex, "OCI index"],
    [MediaType.dockerManifestList, "Docker manifest list"],
    [MediaType.ociManifest, "OCI manifest"],
    [MediaType.dockerManifest, "Docker manifest"],
    [MediaType.ociConfig, "OCI config"],
    [MediaType.ociLayerGzip, "layer tar+gzip"],
    [MediaType.ociLayer, "layer tar"],
    [MediaType.ociLayerZstd, "layer tar+zstd"],
    [MediaType.dockerLayerGzip, "Docker layer tar+gzip"],
    [MediaType.dockerLayerForeignGzip, "Docker foreign layer tar+gzip"],
    [MediaType.inTotoLayer, "in-toto statement"],
    ["application/vnd.example+json", "application/vnd.example+json"],
    ["", "unknown type"],
  ])("%s → %s", (mediaType, expected) => {
    expect(shortMediaType(mediaType)).toBe(expected);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [20 * 1024, "20 KiB"],
    [5 * 1024 * 1024, "5.0 MiB"],
  ])("%d → %s", (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe("parseLabReference", () => {
  const host = "127.0.0.1:5111";
  it.each([
    ["lab09/src/app:v1", { repository: "lab09/src/app", reference: "v1" }],
    ["lab09/src/app", { repository: "lab09/src/app", reference: "latest" }],
    [`${host}/lab09/src/app:v1`, { repository: "lab09/src/app", reference: "v1" }],
    ["localhost:5111/lab09/src/app:v1", { repository: "lab09/src/app", reference: "v1" }],
    [`lab09/src/app@sha256:${"a".repeat(64)}`, { repository: "lab09/src/app", reference: `sha256:${"a".repeat(64)}` }],
  ])("%s", (text, expected) => {
    expect(parseLabReference(text, host, "usage")).toEqual(expected);
  });

  it.each([
    ["docker.io/library/alpine:3", /not the lab registry/],
    ["127.0.0.1:5000/lab09/src/app:v1", /not the lab registry/],
    ["Lab09/App:v1", /not a reference/],
    ["lab09/src/app@sha256:abc", /not a reference/],
  ])("rejects %s", (text, message) => {
    const attempt = () => parseLabReference(text, host, "usage");
    expect(attempt).toThrow(LabsError);
    expect(attempt).toThrow(message);
  });
});
