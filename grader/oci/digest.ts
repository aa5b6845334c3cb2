import { createHash, type Hash } from "node:crypto";

/** A content digest `algorithm:encoded`, validated by parseDigest. */
export type Digest = string & { readonly __brand: "Digest" };

/** Digest algorithms this project accepts, with the length of their lower-case hex encoding. */
export const DIGEST_ALGORITHMS = { sha256: 64, sha512: 128 } as const;
export type DigestAlgorithm = keyof typeof DIGEST_ALGORITHMS;

/** Raised when a string is not a valid digest; `reason` says what is wrong. */
export class DigestFormatError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid digest ${JSON.stringify(input.slice(0, 200))}: ${reason}`);
    this.name = "DigestFormatError";
  }
}

// Parses `sha256:<64 hex>` or `sha512:<128 hex>`; lower-case hex only, as the image spec requires.
export function parseDigest(input: string): Digest {
  const colon = input.indexOf(":");
  if (colon < 0) throw new DigestFormatError(input, "expected algorithm:hex, for example sha256:<64 hex characters>");
  const algorithm = input.slice(0, colon);
  const encoded = input.slice(colon + 1);
  if (!(algorithm in DIGEST_ALGORITHMS)) {
    throw new DigestFormatError(input, `unsupported algorithm "${algorithm}" (use sha256 or sha512)`);
  }
  const length = DIGEST_ALGORITHMS[algorithm as DigestAlgorithm];
  if (encoded.length !== length) {
    throw new DigestFormatError(input, `${algorithm} needs ${length} hex characters, got ${encoded.length}`);
  }
  if (!/^[0-9a-f]+$/.test(encoded)) {
    throw new DigestFormatError(input, "the hex part must use lower-case 0-9 and a-f only");
  }
  return input as Digest;
}

// True when the input is a valid digest.
export function isDigest(input: unknown): input is Digest {
  if (typeof input !== "string") return false;
  try {
    parseDigest(input);
    return true;
  } catch {
    return false;
  }
}

// The algorithm part of a digest.
export function digestAlgorithm(digest: Digest): DigestAlgorithm {
  return digest.slice(0, digest.indexOf(":")) as DigestAlgorithm;
}

// The encoded (hex) part of a digest.
export function digestHex(digest: Digest): string {
  return digest.slice(digest.indexOf(":") + 1);
}

// Digest of bytes with the given algorithm (sha256 by default).
export function digestOf(bytes: Uint8Array | string, algorithm: DigestAlgorithm = "sha256"): Digest {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}` as Digest;
}

/** Incremental digest over a stream of chunks. */
export interface DigestHasher {
  update(chunk: Uint8Array): void;
  digest(): Digest;
  readonly bytes: number;
}

// A hasher that digests chunks as they arrive, counting bytes.
export function createDigestHasher(algorithm: DigestAlgorithm = "sha256"): DigestHasher {
  const hash: Hash = createHash(algorithm);
  let bytes = 0;
  return {
    update(chunk) {
      bytes += chunk.byteLength;
      hash.update(chunk);
    },
    digest: () => `${algorithm}:${hash.digest("hex")}` as Digest,
    get bytes() {
      return bytes;
    },
  };
}

// Digest of everything an async iterable yields.
export async function digestOfStream(
  chunks: AsyncIterable<Uint8Array>,
  algorithm: DigestAlgorithm = "sha256",
): Promise<{ digest: Digest; size: number }> {
  const hasher = createDigestHasher(algorithm);
  for await (const chunk of chunks) hasher.update(chunk);
  return { digest: hasher.digest(), size: hasher.bytes };
}
