import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAuditLog, startEmbeddedRegistry } from "../../../runner/registry/embedded/index.js";
import { clientFor } from "./support/http.js";
import { blobOf, prepareImage, pushBlob, putManifest } from "./support/oci.js";
import { startTempRegistry, tempDir } from "./support/server.js";

// The audit log: one JSON line per state change and per content read, readable by a later check.

describe("audit log", { timeout: 30_000 }, () => {
  it("records uploads, mounts, manifest pushes and reads, deletes and refusals", async () => {
    await using reg = await startTempRegistry();
    const image = await prepareImage(reg.client, "audit/src", "audited");
    await putManifest(reg.client, "audit/src", "v1", image.manifest);
    const agent = { "User-Agent": "audit-test/1.0" };
    await reg.client(`/v2/audit/dst/blobs/uploads/?mount=${image.layer.digest}&from=audit/src`, {
      method: "POST",
      headers: agent,
    });
    await reg.client("/v2/audit/src/manifests/v1", { headers: agent });
    await reg.client(`/v2/audit/src/blobs/${image.layer.digest}`, { method: "HEAD" });
    await reg.client("/v2/audit/src/manifests/v1", { method: "DELETE" });
    await reg.client("/v2/", { headers: { Origin: "http://evil.example" } });
    await reg.registry.close();

    const entries = await readAuditLog(reg.root);
    const upload = entries.filter((e) => e.kind === "upload-complete");
    expect(upload.map((e) => e.digest)).toEqual([image.config.digest, image.layer.digest]);
    expect(upload[1]).toMatchObject({ method: "PUT", status: 201, repository: "audit/src", bytes: image.layer.size });
    expect(entries.find((e) => e.kind === "mount")).toMatchObject({
      method: "POST",
      status: 201,
      repository: "audit/dst",
      digest: image.layer.digest,
      from: "audit/src",
      userAgent: "audit-test/1.0",
    });
    expect(entries.find((e) => e.kind === "manifest-put")).toMatchObject({
      reference: "v1",
      digest: image.manifest.digest,
      status: 201,
    });
    expect(entries.find((e) => e.kind === "manifest-get")).toMatchObject({
      reference: "v1",
      digest: image.manifest.digest,
      bytes: image.manifest.bytes.length,
    });
    expect(entries.find((e) => e.kind === "blob-head")).toMatchObject({ status: 200, digest: image.layer.digest });
    expect(entries.find((e) => e.kind === "tag-delete")).toMatchObject({
      reference: "v1",
      digest: image.manifest.digest,
      status: 202,
    });
    expect(entries.find((e) => e.kind === "denied")).toMatchObject({ status: 403, error: "DENIED" });
    for (const entry of entries) expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
  });

  it("records failures with their error code", async () => {
    await using reg = await startTempRegistry();
    await reg.client(`/v2/audit/x/manifests/v1`, {
      method: "PUT",
      headers: { "Content-Type": "application/vnd.oci.image.manifest.v1+json" },
      body: "{",
    });
    await reg.registry.close();
    const [entry] = (await readAuditLog(reg.root)).filter((e) => e.kind === "manifest-put");
    expect(entry).toMatchObject({ status: 400, error: "MANIFEST_INVALID" });
  });

  it("rotates at the size limit, keeps N files, reads them oldest first, and skips a torn last line", async () => {
    await using dir = await tempDir();
    const registry = await startEmbeddedRegistry({ root: dir.path, limits: { auditMaxBytes: 2000, auditKeep: 2 } });
    const client = clientFor(registry.url);
    const blob = blobOf("rotation");
    await pushBlob(client, "audit/rot", blob);
    for (let i = 0; i < 40; i++) await client(`/v2/audit/rot/blobs/${blob.digest}?i=${i}`, { method: "HEAD" });
    await registry.close();
    await appendFile(join(dir.path, "audit.log"), '{"time":"2024-01-01T00:00:00Z","kind":"blob-get","meth');
    const entries = await readAuditLog(dir.path);
    const heads = entries.filter((e) => e.kind === "blob-head");
    // only the newest files are kept: the oldest heads were rotated away, the rest are in order
    expect(heads.length).toBeGreaterThan(5);
    expect(heads.length).toBeLessThan(40);
    const times = entries.map((e) => Date.parse(e.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(dir.path)).filter((f) => f.startsWith("audit.log")).sort()).toEqual([
      "audit.log",
      "audit.log.1",
      "audit.log.2",
    ]);
  });

  it("writes nothing when the audit log is off", async () => {
    await using reg = await startTempRegistry({ auditLog: false });
    await pushBlob(reg.client, "audit/off", blobOf("quiet"));
    await reg.registry.close();
    expect(await readAuditLog(reg.root)).toEqual([]);
  });
});
