import type { Digest } from "../oci/digest.js";
import type { Descriptor, Fetched, Manifest } from "../oci/types.js";

/**
 * Read-only access to OCI objects, by repository. Implemented by the HTTP registry client and by an
 * OCI image layout reader. Every method verifies what it returns: manifest and blob bytes hash to the
 * digest asked for (or, for a tag, the returned digest is computed over the bytes), and sizes agree with
 * the descriptor. Implementations never follow descriptor `urls`.
 */
export interface ObjectSource {
  /** A manifest by tag or digest; the four manifest types only. Throws RegistryError (404 → MANIFEST_UNKNOWN). */
  manifest(repository: string, reference: string): Promise<Fetched<Manifest>>;
  /** Whether a manifest exists (HEAD), and its digest as computed or reported. */
  manifestExists(repository: string, reference: string): Promise<boolean>;
  /** A blob's bytes, verified against the descriptor's digest and size; at most `maxBytes`. */
  blob(repository: string, descriptor: Pick<Descriptor, "digest" | "size">, maxBytes?: number): Promise<Uint8Array>;
  /** A blob as a stream of verified chunks: the digest is checked when the stream ends, and it errors on mismatch. */
  blobStream(repository: string, descriptor: Pick<Descriptor, "digest" | "size">): AsyncIterable<Uint8Array>;
  /** Whether a blob exists in the repository (HEAD). */
  blobExists(repository: string, digest: Digest): Promise<boolean>;
  /** Every tag of a repository, following pagination; an unknown repository gives []. */
  tags(repository: string): Promise<string[]>;
  /** Referrers of a subject (API, or the `sha256-<hex>` fallback tag), optionally filtered by artifact type. */
  referrers(repository: string, subject: Digest, artifactType?: string): Promise<Descriptor[]>;
}
