import type { Digest } from "../../grader/oci/digest.js";
import {
  assertRepository,
  discardBody,
  expectStatus,
  send,
  type Transport,
  uploadsUrl,
} from "../../grader/registry/index.js";
import { assertBytesMatch, finishUpload, readSession } from "./upload.js";

/** `mounted`: 201, the blob now is in the repository. `upload-started`: 202, the registry opened an upload
 * session instead; the given bytes were uploaded through it, or, without bytes, the session was cancelled. */
export type MountResult = "mounted" | "upload-started";

// POST …/uploads/?mount=<d>&from=<repo> (distribution-spec "Mounting a blob from another repository").
export async function mountBlob(
  t: Transport,
  repository: string,
  digest: Digest,
  fromRepository: string,
  bytes?: Uint8Array,
): Promise<MountResult> {
  if (bytes !== undefined) assertBytesMatch(bytes, digest, `blob for ${repository}`);
  const url = uploadsUrl(t.origin, repository, { mount: digest, from: assertRepository(fromRepository) });
  const res = await send(t, { method: "POST", url, body: new Uint8Array(0) });
  await expectStatus(res, 201, 202);
  await discardBody(res);
  if (res.status === 201) return "mounted";
  const session = readSession(t, res);
  if (bytes !== undefined) {
    await finishUpload(t, session, digest, bytes);
  } else {
    const cancel = await send(t, { method: "DELETE", url: session.location });
    await discardBody(cancel);
  }
  return "upload-started";
}
