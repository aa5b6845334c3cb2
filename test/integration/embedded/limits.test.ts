import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { blobOf, pushBlob } from "./support/oci.js";
import { startTempRegistry } from "./support/server.js";

// Quotas: open uploads, blob size, stored bytes, free disk; and the sweep of stale upload sessions.

function pathOf(location: string | undefined): string {
  const url = new URL(location ?? "", "http://x");
  return `${url.pathname}${url.search}`;
}

describe("quotas", { timeout: 30_000 }, () => {
  it("refuses more open uploads than the limit with 429 and Retry-After", async () => {
    await using reg = await startTempRegistry({ limits: { maxOpenUploads: 2 } });
    for (let i = 0; i < 2; i++)
      expect((await reg.client("/v2/q/app/blobs/uploads/", { method: "POST" })).status).toBe(202);
    const third = await reg.client("/v2/q/app/blobs/uploads/", { method: "POST" });
    expect([third.status, third.codes, third.header("retry-after")]).toEqual([429, ["TOOMANYREQUESTS"], "5"]);
  });

  it("refuses a chunk that takes a blob over the size limit (413) and keeps what arrived before", async () => {
    await using reg = await startTempRegistry({ limits: { maxBlobBytes: 1000 } });
    const blob = blobOf(1000);
    const opened = await reg.client("/v2/q/big/blobs/uploads/", { method: "POST" });
    const url = pathOf(opened.header("location"));
    expect((await reg.client(url, { method: "PATCH", body: blob.bytes.subarray(0, 600) })).status).toBe(202);
    const over = await reg.client(url, {
      method: "PATCH",
      body: Buffer.concat([blob.bytes.subarray(600), Buffer.alloc(1)]),
    });
    expect([over.status, over.codes]).toEqual([413, ["SIZE_INVALID"]]);
    expect((await reg.client(url)).header("range")).toBe("0-599");
    const done = await reg.client(`${url}?digest=${blob.digest}`, { method: "PUT", body: blob.bytes.subarray(600) });
    expect(done.status).toBe(201);
    expect((await reg.client(`/v2/q/big/blobs/${blob.digest}`)).body.equals(blob.bytes)).toBe(true);
  });

  it("refuses uploads past the stored-bytes quota with 507", async () => {
    await using reg = await startTempRegistry({ limits: { maxStoreBytes: 1500 } });
    await pushBlob(reg.client, "q/store", blobOf(1000));
    const next = blobOf(1000);
    const reply = await reg.client(`/v2/q/store/blobs/uploads/?digest=${next.digest}`, {
      method: "POST",
      body: next.bytes,
    });
    expect([reply.status, reply.codes]).toEqual([507, ["DENIED"]]);
    expect((await reg.client(`/v2/q/store/blobs/${next.digest}`, { method: "HEAD" })).status).toBe(404);
  });

  it("refuses uploads when the disk is short of free space", async () => {
    await using reg = await startTempRegistry({ limits: { minFreeDiskBytes: Number.MAX_SAFE_INTEGER } });
    const reply = await reg.client("/v2/q/full/blobs/uploads/", { method: "POST" });
    expect([reply.status, reply.codes]).toEqual([507, ["DENIED"]]);
  });
});

describe("stale uploads", { timeout: 30_000 }, () => {
  it("removes upload sessions idle for longer than the limit", async () => {
    await using reg = await startTempRegistry({ limits: { uploadIdleMs: 100, uploadSweepMs: 50 } });
    const opened = await reg.client("/v2/q/stale/blobs/uploads/", { method: "POST" });
    const url = pathOf(opened.header("location"));
    expect((await reg.client(url)).status).toBe(204);
    await sleep(400);
    expect((await reg.client(url)).codes).toEqual(["BLOB_UPLOAD_UNKNOWN"]);
  });
});
