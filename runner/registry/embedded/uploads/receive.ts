import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { truncate } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { bodyTooLarge, pumpBody } from "../http/read-body.js";
import type { UploadSession } from "./sessions.js";

const WRITE_BUFFER_BYTES = 1024 * 1024;

// Appends a request body to an upload session, hashing each chunk as it arrives (a blob is never held in
// memory). All or nothing: when the body fails (client gone, over the limit, disk error) the file is cut back
// and the hash restored, so the session stays at its previous offset and a retry can resume from there.
export async function appendBody(session: UploadSession, req: IncomingMessage, maxBlobBytes: number): Promise<number> {
  const before = session.received;
  const snapshot = session.hash.copy();
  const out = createWriteStream(session.path, { flags: "a", highWaterMark: WRITE_BUFFER_BYTES });
  let total = before;
  try {
    const received = await pumpBody(req, out, (chunk) => {
      total += chunk.byteLength;
      if (total > maxBlobBytes) throw bodyTooLarge("SIZE_INVALID", maxBlobBytes);
      session.hash.update(chunk);
    });
    session.received = before + received;
    return received;
  } catch (err) {
    session.hash = snapshot;
    if (!out.closed) await once(out, "close").catch(() => {});
    await truncate(session.path, before).catch(() => {});
    throw err;
  }
}
