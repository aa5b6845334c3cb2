import { describe, expect, it } from "vitest";
import { MediaType } from "../../../grader/oci/media-types.js";
import {
  type Compression,
  configMediaType,
  type Flavour,
  indexMediaType,
  layerMediaType,
  manifestMediaType,
} from "../../../runner/seed/index.js";

describe("flavour media types", () => {
  it("maps OCI and Docker to their manifest, index, config and layer types", () => {
    expect([manifestMediaType("oci"), indexMediaType("oci"), configMediaType("oci")]).toEqual([
      MediaType.ociManifest,
      MediaType.ociIndex,
      MediaType.ociConfig,
    ]);
    expect([manifestMediaType("docker"), indexMediaType("docker"), configMediaType("docker")]).toEqual([
      MediaType.dockerManifest,
      MediaType.dockerManifestList,
      MediaType.dockerConfig,
    ]);
    expect([layerMediaType("oci", "gzip"), layerMediaType("oci", "none"), layerMediaType("docker", "gzip")]).toEqual([
      MediaType.ociLayerGzip,
      MediaType.ociLayer,
      MediaType.dockerLayerGzip,
    ]);
  });

  it.each<{ name: string; call: () => string; message: RegExp }>([
    {
      name: "an unknown flavour",
      call: () => manifestMediaType("podman" as Flavour),
      message: /unknown flavour "podman"/,
    },
    {
      name: "a prototype key as flavour",
      call: () => indexMediaType("toString" as Flavour),
      message: /unknown flavour/,
    },
    { name: "Docker without compression", call: () => layerMediaType("docker", "none"), message: /gzip-compressed/ },
    {
      name: "zstd",
      call: () => layerMediaType("oci", "zstd" as Compression),
      message: /unsupported compression "zstd"/,
    },
  ])("rejects $name", ({ call, message }) => {
    expect(call).toThrow(message);
  });
});
