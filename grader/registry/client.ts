import type { Digest } from "../oci/digest.js";
import type { Descriptor, Fetched, Manifest } from "../oci/types.js";
import { getBlob, headBlob, streamBlob } from "./blobs.js";
import { createTransport, type Transport, type TransportOptions } from "./http.js";
import { getManifest, headManifest, type ManifestHead, type ManifestResponse } from "./manifests.js";
import { type PingResult, pingTransport } from "./ping.js";
import { listReferrers } from "./referrers.js";
import type { ObjectSource } from "./source.js";
import { listTags } from "./tags.js";

/** Options of the read-only client. */
export interface RegistryClientOptions extends TransportOptions {
  /** Default cap of `blob()` when the caller gives none (64 MiB). */
  readonly maxBlobBytes?: number;
  /** `n` sent with tag listing (default 1000); pagination follows `Link` or `last` either way. */
  readonly tagPageSize?: number;
}

/** Read-only distribution API client for one registry; verifies every byte it returns. */
export class RegistryClient implements ObjectSource {
  readonly transport: Transport;
  private readonly maxBlobBytes: number | undefined;
  private readonly tagPageSize: number;

  constructor(baseUrl: string, options: RegistryClientOptions = {}) {
    this.transport = createTransport(baseUrl, options);
    this.maxBlobBytes = options.maxBlobBytes;
    this.tagPageSize = options.tagPageSize ?? 1000;
  }

  /** The registry's origin, e.g. `http://127.0.0.1:5000`. */
  get url(): string {
    return this.transport.origin.origin;
  }

  async manifest(repository: string, reference: string): Promise<Fetched<Manifest>> {
    return (await getManifest(this.transport, repository, reference)).manifest;
  }

  /** The verified manifest plus the unverified `Docker-Content-Digest`, for diagnostics. */
  manifestResponse(repository: string, reference: string): Promise<ManifestResponse> {
    return getManifest(this.transport, repository, reference);
  }

  /** HEAD on a manifest: its headers, or undefined on 404. */
  headManifest(repository: string, reference: string): Promise<ManifestHead | undefined> {
    return headManifest(this.transport, repository, reference);
  }

  async manifestExists(repository: string, reference: string): Promise<boolean> {
    return (await headManifest(this.transport, repository, reference)) !== undefined;
  }

  blob(repository: string, descriptor: Pick<Descriptor, "digest" | "size">, maxBytes?: number): Promise<Uint8Array> {
    return getBlob(this.transport, repository, descriptor, maxBytes ?? this.maxBlobBytes);
  }

  blobStream(repository: string, descriptor: Pick<Descriptor, "digest" | "size">): AsyncIterable<Uint8Array> {
    return streamBlob(this.transport, repository, descriptor);
  }

  blobExists(repository: string, digest: Digest): Promise<boolean> {
    return headBlob(this.transport, repository, digest);
  }

  tags(repository: string): Promise<string[]> {
    return listTags(this.transport, repository, this.tagPageSize);
  }

  referrers(repository: string, subject: Digest, artifactType?: string): Promise<Descriptor[]> {
    return listReferrers(this.transport, repository, subject, artifactType);
  }

  /** GET /v2/ with this client's credentials. */
  ping(): Promise<PingResult> {
    return pingTransport(this.transport);
  }
}
