// Environment errors of the docker backend, each saying what to do next.

import { LabsError } from "../../errors.js";

/** The registry's loopback port is held by another program. */
export class PortInUseError extends LabsError {
  constructor(
    readonly port: number,
    options?: { cause?: unknown },
  ) {
    super(
      "ENVIRONMENT",
      `Port ${port} on 127.0.0.1 is already in use, so the lab registry cannot listen there.`,
      `Stop the program using it (\`ss -ltnp 'sport = :${port}'\` shows it) or choose another port, then start again.`,
      options,
    );
    this.name = "PortInUseError";
  }
}

// No Docker engine answered.
export function noEngineError(cause?: unknown): LabsError {
  return new LabsError(
    "NO_ENGINE",
    "No Docker engine answers, so the lab registry container cannot start.",
    "Start Docker (`sudo systemctl start docker`) and check it with `docker info`, or use the embedded registry.",
    { cause },
  );
}

// The registry image is neither present nor pullable.
export function imageMissingError(image: string, cause?: unknown): LabsError {
  return new LabsError(
    "REGISTRY_IMAGE_MISSING",
    `The registry image \`${image}\` is not on this machine and could not be pulled.`,
    "Build a local one from Debian's docker-registry package with `scripts/build-registry-image.sh` and run " +
      "`export LABS_REGISTRY_IMAGE=oci-labs/registry:2.8.2-debian`, or pull the image when you are online.",
    { cause },
  );
}

// The container was created but did not come up.
export function startFailedError(detail: string, cause?: unknown): LabsError {
  return new LabsError(
    "ENVIRONMENT",
    `The lab registry container did not start: ${detail}.`,
    "Look at `docker ps -a --filter label=dev.oci-labs.role=registry` and `docker logs <container>`, then try again.",
    { cause },
  );
}

// Whether the engine answered 404: the container or volume is not there (any more, or not yet).
export function isEngineNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 404;
}
