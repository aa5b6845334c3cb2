import { describe, expect, it } from "vitest";
import { digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import {
  formatPlatform,
  isAttestationDescriptor,
  normalizePlatform,
  PlatformFormatError,
  parsePlatform,
  platformOfConfig,
  platformsEqual,
  runnablePlatforms,
} from "../../../grader/oci/platform.js";
import type { Descriptor, Platform } from "../../../grader/oci/types.js";

describe("parsePlatform / formatPlatform", () => {
  it.each([
    { input: "linux/amd64", expected: { os: "linux", architecture: "amd64" } },
    { input: "linux/arm64/v8", expected: { os: "linux", architecture: "arm64", variant: "v8" } },
    { input: "Linux/ARM/v7", expected: { os: "linux", architecture: "arm", variant: "v7" } },
    { input: "windows/amd64", expected: { os: "windows", architecture: "amd64" } },
  ])("$input", ({ input, expected }) => {
    expect(parsePlatform(input)).toEqual(expected);
    expect(formatPlatform(parsePlatform(input))).toBe(input.toLowerCase());
  });

  it.each(["", "linux", "linux/", "/amd64", "linux/arm/v7/extra", "linux/amd 64", "linux//v7"])(
    "rejects %j",
    (input) => {
      expect(() => parsePlatform(input)).toThrow(PlatformFormatError);
    },
  );
});

describe("normalizePlatform / platformsEqual", () => {
  it.each([
    { input: { os: "linux", architecture: "arm64" }, expected: "linux/arm64/v8" },
    { input: { os: "linux", architecture: "arm" }, expected: "linux/arm/v7" },
    { input: { os: "linux", architecture: "arm", variant: "v6" }, expected: "linux/arm/v6" },
    { input: { os: "linux", architecture: "amd64", variant: "v1" }, expected: "linux/amd64" },
    { input: { os: "linux", architecture: "amd64", variant: "v3" }, expected: "linux/amd64/v3" },
    { input: { os: "Linux", architecture: "AMD64" }, expected: "linux/amd64" },
    { input: { os: "linux", architecture: "x86_64" }, expected: "linux/x86_64" },
  ])("$expected", ({ input, expected }) => {
    expect(formatPlatform(normalizePlatform(input))).toBe(expected);
  });

  it("keeps os.version and features", () => {
    const p: Platform = { os: "windows", architecture: "amd64", "os.version": "10.0.17763.1", features: ["x"] };
    expect(normalizePlatform(p)).toEqual(p);
  });

  it.each([
    { a: "linux/arm64", b: "linux/arm64/v8", equal: true },
    { a: "linux/arm", b: "linux/arm/v7", equal: true },
    { a: "linux/amd64/v1", b: "linux/amd64", equal: true },
    { a: "linux/arm", b: "linux/arm/v6", equal: false },
    { a: "linux/amd64", b: "linux/arm64", equal: false },
    { a: "linux/amd64", b: "windows/amd64", equal: false },
    { a: "linux/arm64/v8", b: "linux/arm64/v9", equal: false },
  ])("$a vs $b → $equal", ({ a, b, equal }) => {
    expect(platformsEqual(parsePlatform(a), parsePlatform(b))).toBe(equal);
  });
});

const entry = (platform?: Platform, annotations?: Record<string, string>): Descriptor => ({
  mediaType: MediaType.ociManifest,
  digest: digestOf(JSON.stringify([platform, annotations])),
  size: 1,
  ...(platform ? { platform } : {}),
  ...(annotations ? { annotations } : {}),
});
const amd64 = entry({ os: "linux", architecture: "amd64" });
const arm64 = entry({ os: "linux", architecture: "arm64", variant: "v8" });
const attestation = entry(
  { os: "unknown", architecture: "unknown" },
  { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": amd64.digest },
);

describe("attestations", () => {
  it.each([
    { name: "BuildKit's unknown/unknown entry with its annotation", d: attestation, expected: true },
    { name: "unknown/unknown alone", d: entry({ os: "unknown", architecture: "unknown" }), expected: true },
    {
      name: "the annotation alone",
      d: entry(undefined, { "vnd.docker.reference.type": "attestation-manifest" }),
      expected: true,
    },
    { name: "a platform image", d: amd64, expected: false },
    {
      name: "another reference type",
      d: entry({ os: "linux", architecture: "amd64" }, { "vnd.docker.reference.type": "other" }),
      expected: false,
    },
    { name: "unknown os only", d: entry({ os: "unknown", architecture: "amd64" }), expected: false },
    { name: "no platform", d: entry(), expected: false },
  ])("$name → $expected", ({ d, expected }) => {
    expect(isAttestationDescriptor(d)).toBe(expected);
  });

  it("runnablePlatforms leaves attestations out", () => {
    const attestation2 = entry(
      { os: "unknown", architecture: "unknown" },
      { "vnd.docker.reference.digest": arm64.digest },
    );
    expect(runnablePlatforms({ manifests: [amd64, arm64, attestation, attestation2] })).toEqual([amd64, arm64]);
  });
});

describe("platformOfConfig", () => {
  it("reads os, architecture, variant and os.version", () => {
    expect(platformOfConfig({ os: "linux", architecture: "arm", variant: "v7" })).toEqual({
      os: "linux",
      architecture: "arm",
      variant: "v7",
    });
    expect(platformOfConfig({ os: "windows", architecture: "amd64", "os.version": "10.0" })).toEqual({
      os: "windows",
      architecture: "amd64",
      "os.version": "10.0",
    });
  });

  it("is undefined without os or architecture", () => {
    expect(platformOfConfig({ architecture: "amd64" })).toBeUndefined();
    expect(platformOfConfig({ os: "linux" })).toBeUndefined();
  });
});
