import type { Digest } from "../../../../grader/oci/digest.js";
import type { Exchange } from "../http/exchange.js";
import { formatUploadRange } from "../http/range.js";
import type { UploadSession } from "../uploads/sessions.js";

// Absolute URLs in Location headers, built from the Host header the client used (as distribution does).

// The URL of an upload session.
function uploadLocation(ex: Exchange, session: UploadSession): string {
  return `${ex.origin}/v2/${session.repository}/blobs/uploads/${session.id}`;
}

// The URL of a blob in a repository.
export function blobLocation(ex: Exchange, name: string, digest: Digest): string {
  return `${ex.origin}/v2/${name}/blobs/${digest}`;
}

// Headers describing an open session: where to send the next chunk and what has arrived so far.
export function sessionHeaders(ex: Exchange, session: UploadSession): Record<string, string> {
  return {
    Location: uploadLocation(ex, session),
    Range: formatUploadRange(session.received),
    "Docker-Upload-UUID": session.id,
  };
}
