import type { Digest } from "../../grader/oci/digest.js";
import { RegistryClient, type RegistryClientOptions, type Transport } from "../../grader/registry/index.js";
import { deleteBlob, deleteManifest, putManifest } from "./manifests.js";
import { type MountResult, mountBlob } from "./mount.js";
import { type PushItem, type PushSummary, pushAll } from "./push-all.js";
import { assertBytesMatch, type UploadOptions, uploadBlob } from "./upload.js";

/** pushBlob options: the upload flow, and whether to skip a blob the repository already has (default true). */
export interface PushBlobOptions extends UploadOptions {
  readonly skipExisting?: boolean;
}

/** Writes to one registry (seeding, tests); reads go through `reader`, the grader's verified client. */
export class RegistryWriter {
  readonly reader: RegistryClient;
  private readonly transport: Transport;

  constructor(baseUrl: string, options: RegistryClientOptions = {}) {
    this.reader = new RegistryClient(baseUrl, options);
    this.transport = this.reader.transport;
  }

  /** Uploads a blob unless it exists; "exists" when skipped. */
  async pushBlob(
    repository: string,
    bytes: Uint8Array,
    digest: Digest,
    options: PushBlobOptions = {},
  ): Promise<"pushed" | "exists"> {
    assertBytesMatch(bytes, digest, `blob for ${repository}`);
    if ((options.skipExisting ?? true) && (await this.reader.blobExists(repository, digest))) return "exists";
    await uploadBlob(this.transport, repository, bytes, digest, options);
    return "pushed";
  }

  /** Mounts a blob from another repository; falls back to uploading `bytes` when the registry does not mount. */
  mountBlob(repository: string, digest: Digest, fromRepository: string, bytes?: Uint8Array): Promise<MountResult> {
    return mountBlob(this.transport, repository, digest, fromRepository, bytes);
  }

  /** PUTs manifest bytes under a tag or digest; returns (and checks the registry's report of) their digest. */
  putManifest(repository: string, reference: string, bytes: Uint8Array, mediaType: string): Promise<Digest> {
    return putManifest(this.transport, repository, reference, bytes, mediaType);
  }

  /** Deletes a manifest by digest (or by tag, where the registry supports it). */
  deleteManifest(repository: string, digestOrTag: string): Promise<void> {
    return deleteManifest(this.transport, repository, digestOrTag);
  }

  /** Unlinks a blob from a repository. */
  deleteBlob(repository: string, digest: Digest): Promise<void> {
    return deleteBlob(this.transport, repository, digest);
  }

  /** Pushes blobs, then child manifests by digest, then roots by tag. */
  pushAll(
    repository: string,
    items: readonly PushItem[],
    options?: UploadOptions & { concurrency?: number },
  ): Promise<PushSummary> {
    return pushAll(this, repository, items, options);
  }
}
