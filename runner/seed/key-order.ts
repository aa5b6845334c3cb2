import type { Descriptor, Platform } from "../../grader/oci/types.js";
import type { Flavour } from "./flavour.js";

// Fixed key orders for spec objects, copied from the Go structs that real tools marshal, so seeded JSON reads
// like what learners meet in the wild. JSON.stringify drops the keys whose value is undefined.

// A platform as {architecture, os, os.version, os.features, variant, features} (image-spec and distribution).
export function orderPlatform(platform: Platform): Platform {
  return {
    architecture: platform.architecture,
    os: platform.os,
    "os.version": platform["os.version"],
    "os.features": platform["os.features"],
    variant: platform.variant,
    features: platform.features,
  };
}

// A descriptor in the order of its flavour: OCI {mediaType, digest, size, …} (image-spec specs-go), Docker
// {mediaType, size, digest, …} (distribution schema 2).
export function orderDescriptor(descriptor: Descriptor, flavour: Flavour): Descriptor {
  const platform = descriptor.platform && orderPlatform(descriptor.platform);
  const { mediaType, digest, size, urls, annotations } = descriptor;
  if (flavour === "docker") return { mediaType, size, digest, urls, annotations, platform };
  const { data, artifactType } = descriptor;
  return { mediaType, digest, size, urls, annotations, data, platform, artifactType };
}
