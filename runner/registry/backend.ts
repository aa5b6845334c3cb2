// The contract every registry backend (docker container, embedded server, remote registry) implements.

/** Where a lab registry runs: a distribution container, the in-process server, or a registry we only talk to. */
export type BackendKind = "docker" | "embedded" | "remote";

/**
 * What a running registry supports, found by probing it (see probe.ts), so labs and the grader can adapt:
 * distribution 2.8 cannot delete a tag, distribution 3 and most clouds can.
 */
export interface RegistryCapabilities {
  /** `DELETE /v2/<name>/manifests/<tag>` removes just the tag (distribution 3; 2.8 answers 400 DIGEST_INVALID). */
  readonly deleteByTag: boolean;
  /** `DELETE /v2/<name>/manifests/<digest>` removes the manifest and every tag pointing at it. */
  readonly deleteManifest: boolean;
  /** `DELETE /v2/<name>/blobs/<digest>` unlinks a blob from the repository. */
  readonly deleteBlob: boolean;
  /** `GET /v2/<name>/referrers/<digest>` answers with an index (distribution spec 1.1). */
  readonly referrersApi: boolean;
  /** `GET /v2/<name>/tags/list?n=1` honours `n`. */
  readonly tagPaging: boolean;
  /** Unreferenced blobs can be reclaimed on request (the container runs distribution's `garbage-collect`). */
  readonly garbageCollection: boolean;
  /** A Docker v2s2 manifest fetched by tag with only schema 1 accepted comes back converted to schema 1. */
  readonly schema1Conversion: boolean;
}

/** A running registry as learners and the grader reach it. */
export interface RegistryEndpoint {
  readonly kind: BackendKind;
  /** Base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `127.0.0.1:PORT`: what learners type in image references. */
  readonly hostPort: string;
  /** Container id (docker) or process id (embedded). */
  readonly id: string;
  readonly capabilities: RegistryCapabilities;
}

/** Capabilities a registry shows over HTTP; garbage collection is a property of the backend, not of the API. */
export type HttpCapabilities = Omit<RegistryCapabilities, "garbageCollection">;

// The endpoint of a registry listening on 127.0.0.1:port.
export function loopbackEndpoint(
  kind: BackendKind,
  port: number,
  id: string,
  capabilities: RegistryCapabilities,
): RegistryEndpoint {
  const hostPort = `127.0.0.1:${port}`;
  return { kind, url: `http://${hostPort}`, hostPort, id, capabilities };
}
