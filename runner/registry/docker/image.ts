// Which distribution image runs the lab registry, and making sure it is on this machine.

import { type ContainerRuntimeClient, ImageName } from "testcontainers";
import { imageMissingError } from "./errors.js";

/**
 * The official CNCF distribution 2.8.3 image, pinned by the digest of its multi-platform index. Offline machines
 * build `oci-labs/registry:2.8.2-debian` with scripts/build-registry-image.sh and set LABS_REGISTRY_IMAGE.
 */
export const DEFAULT_REGISTRY_IMAGE =
  "docker.io/library/registry:2.8.3@sha256:a3d8aaa63ed8681a604f1dea0aa03f100d5895b6a58ace528858a7b332415373";

/** Environment variable that overrides the registry image. */
export const REGISTRY_IMAGE_ENV = "LABS_REGISTRY_IMAGE";

// The image to run: an explicit choice, else $LABS_REGISTRY_IMAGE, else the pinned default.
export function registryImage(env: NodeJS.ProcessEnv, image?: string): string {
  return image ?? (env[REGISTRY_IMAGE_ENV] || DEFAULT_REGISTRY_IMAGE);
}

// Pulls the image when it is missing; REGISTRY_IMAGE_MISSING (with how to build one) when that fails.
export async function ensureImage(client: ContainerRuntimeClient, image: string): Promise<void> {
  const name = ImageName.fromString(image);
  if (await client.image.exists(name)) return;
  let cause: unknown;
  try {
    await client.image.pull(name, { force: false, platform: undefined });
  } catch (error) {
    cause = error;
  }
  if (!(await client.image.exists(name))) throw imageMissingError(image, cause);
}
