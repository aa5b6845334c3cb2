import { createReadStream } from "node:fs";
import { type Digest, digestAlgorithm, digestOfStream } from "../../../../grader/oci/digest.js";
import { RegistryError } from "../http/errors.js";
import type { Quota } from "../quota.js";
import type { Store } from "../storage/store.js";
import type { UploadSession, UploadSessions } from "./sessions.js";

async function uploadedDigest(session: UploadSession, expected: Digest): Promise<Digest> {
  const algorithm = digestAlgorithm(expected);
  if (algorithm === "sha256") return `sha256:${session.hash.digest("hex")}` as Digest;
  const stream = createReadStream(session.path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Uint8Array>;
  return (await digestOfStream(stream, algorithm)).digest;
}

// Finishes an upload: the bytes must hash to `expected` (else DIGEST_INVALID and the session is dropped, as
// distribution does); the file is renamed into the blob store (or dropped if the blob is already there) and the
// blob is linked into the session's repository. Call under the repository's shared lock.
export async function commitUpload(
  store: Store,
  sessions: UploadSessions,
  quota: Quota,
  session: UploadSession,
  expected: Digest,
): Promise<{ readonly created: boolean; readonly size: number }> {
  const actual = await uploadedDigest(session, expected);
  if (actual !== expected) {
    await sessions.discard(session);
    throw new RegistryError("DIGEST_INVALID", "the uploaded content does not match the digest", {
      detail: { expected, actual, size: session.received },
    });
  }
  sessions.forget(session);
  const result = await store.blobs.commit(session.path, expected);
  if (result.created) quota.added(result.size);
  await store.links.link(session.repository, expected);
  return result;
}
