import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { blobOf, pushBlob, sha256 } from "./support/oci.js";
import { startTempRegistry } from "./support/server.js";

// distribution-spec "Push": every way to upload a blob, with the statuses and headers of each step.

function pathOf(location: string | undefined): string {
  const url = new URL(location ?? "", "http://x");
  return `${url.pathname}${url.search}`;
}

function withDigest(location: string | undefined, digest: string): string {
  const url = new URL(location ?? "", "http://x");
  url.searchParams.set("digest", digest);
  return `${url.pathname}${url.search}`;
}

describe("blob uploads", { timeout: 30_000 }, () => {
  it("POST then PUT (monolithic): 202 with an absolute Location, then 201 with Location and digest", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf("monolithic bytes");
    const opened = await reg.client("/v2/flows/mono/blobs/uploads/", { method: "POST" });
    expect(opened.status).toBe(202);
    expect(opened.header("location")).toMatch(
      new RegExp(`^${reg.registry.url}/v2/flows/mono/blobs/uploads/[0-9a-f-]{36}$`),
    );
    expect(opened.header("range")).toBe("0-0");
    expect(opened.header("docker-upload-uuid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(opened.header("docker-distribution-api-version")).toBe("registry/2.0");
    const done = await reg.client(withDigest(opened.header("location"), blob.digest), {
      method: "PUT",
      body: blob.bytes,
    });
    expect(done.status).toBe(201);
    expect(done.header("location")).toBe(`${reg.registry.url}/v2/flows/mono/blobs/${blob.digest}`);
    expect(done.header("docker-content-digest")).toBe(blob.digest);
    const fetched = await reg.client(`/v2/flows/mono/blobs/${blob.digest}`);
    expect(fetched.body.equals(blob.bytes)).toBe(true);
  });

  it("single POST with ?digest= and a body: 201", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf(4096);
    const done = await reg.client(`/v2/flows/single/blobs/uploads/?digest=${blob.digest}`, {
      method: "POST",
      body: blob.bytes,
    });
    expect(done.status).toBe(201);
    expect(done.header("docker-content-digest")).toBe(blob.digest);
    expect((await reg.client(`/v2/flows/single/blobs/${blob.digest}`, { method: "HEAD" })).status).toBe(200);
  });

  it("single POST whose body does not match the digest: 400 DIGEST_INVALID and nothing stored", async () => {
    await using reg = await startTempRegistry();
    const wrong = sha256("something else");
    const reply = await reg.client(`/v2/flows/single/blobs/uploads/?digest=${wrong}`, {
      method: "POST",
      body: "actual",
    });
    expect(reply.status).toBe(400);
    expect(reply.codes).toEqual(["DIGEST_INVALID"]);
    expect((await reg.client(`/v2/flows/single/blobs/${wrong}`, { method: "HEAD" })).status).toBe(404);
    expect((await reg.client(`/v2/flows/single/blobs/${sha256("actual")}`, { method: "HEAD" })).status).toBe(404);
  });

  it("chunked PATCH with Content-Range, status GET, then the last chunk in the PUT", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf(3000);
    const opened = await reg.client("/v2/flows/chunked/blobs/uploads/", {
      method: "POST",
      headers: { "Content-Length": 0 },
    });
    let location = opened.header("location");
    const chunks = [blob.bytes.subarray(0, 1000), blob.bytes.subarray(1000, 2000)];
    let offset = 0;
    for (const chunk of chunks) {
      const reply = await reg.client(pathOf(location), {
        method: "PATCH",
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Range": `${offset}-${offset + chunk.length - 1}`,
        },
        body: chunk,
      });
      offset += chunk.length;
      expect(reply.status).toBe(202);
      expect(reply.header("range")).toBe(`0-${offset - 1}`);
      location = reply.header("location");
    }
    const status = await reg.client(pathOf(location));
    expect(status.status).toBe(204);
    expect(status.header("range")).toBe("0-1999");
    expect(status.header("location")).toBe(location);
    const last = blob.bytes.subarray(2000);
    const done = await reg.client(withDigest(location, blob.digest), {
      method: "PUT",
      headers: { "Content-Range": "2000-2999" },
      body: last,
    });
    expect(done.status).toBe(201);
    expect((await reg.client(`/v2/flows/chunked/blobs/${blob.digest}`)).body.equals(blob.bytes)).toBe(true);
  });

  it("streamed PATCH without Content-Range (what Docker and containerd send) is appended", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf(10_000);
    const opened = await reg.client("/v2/flows/stream/blobs/uploads/", { method: "POST" });
    const first = await reg.client(pathOf(opened.header("location")), {
      method: "PATCH",
      body: blob.bytes.subarray(0, 6000),
    });
    expect(first.status).toBe(202);
    expect(first.header("range")).toBe("0-5999");
    const second = await reg.client(pathOf(first.header("location")), {
      method: "PATCH",
      body: blob.bytes.subarray(6000),
    });
    expect(second.header("range")).toBe("0-9999");
    const done = await reg.client(withDigest(second.header("location"), blob.digest), { method: "PUT" });
    expect(done.status).toBe(201);
  });

  it("an out-of-order chunk and the first chunk sent again both get 416, and the upload stays usable", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf(200);
    const opened = await reg.client("/v2/flows/order/blobs/uploads/", { method: "POST" });
    const url = pathOf(opened.header("location"));
    const patch = (range: string, body: Buffer) =>
      reg.client(url, { method: "PATCH", headers: { "Content-Range": range }, body });
    const skipped = await patch("100-199", blob.bytes.subarray(100));
    expect(skipped.status).toBe(416);
    expect(skipped.header("range")).toBe("0-0");
    expect((await patch("0-99", blob.bytes.subarray(0, 100))).status).toBe(202);
    const again = await patch("0-99", blob.bytes.subarray(0, 100));
    expect(again.status).toBe(416);
    expect(again.header("range")).toBe("0-99");
    expect((await patch("100-199", blob.bytes.subarray(100))).status).toBe(202);
    expect((await reg.client(withDigest(url, blob.digest), { method: "PUT" })).status).toBe(201);
  });

  it("a Content-Length that disagrees with Content-Range is SIZE_INVALID; a malformed range is BLOB_UPLOAD_INVALID", async () => {
    await using reg = await startTempRegistry();
    const opened = await reg.client("/v2/flows/size/blobs/uploads/", { method: "POST" });
    const url = pathOf(opened.header("location"));
    const mismatch = await reg.client(url, { method: "PATCH", headers: { "Content-Range": "0-9" }, body: "12345" });
    expect([mismatch.status, mismatch.codes]).toEqual([400, ["SIZE_INVALID"]]);
    const malformed = await reg.client(url, {
      method: "PATCH",
      headers: { "Content-Range": "bytes=0-4" },
      body: "12345",
    });
    expect([malformed.status, malformed.codes]).toEqual([400, ["BLOB_UPLOAD_INVALID"]]);
  });

  it("a PUT without a digest, or with one the bytes do not match, is DIGEST_INVALID; the mismatch drops the session", async () => {
    await using reg = await startTempRegistry();
    const opened = await reg.client("/v2/flows/digest/blobs/uploads/", { method: "POST" });
    const url = pathOf(opened.header("location"));
    const missing = await reg.client(url, { method: "PUT", body: "abc" });
    expect([missing.status, missing.codes]).toEqual([400, ["DIGEST_INVALID"]]);
    const malformed = await reg.client(`${url}?digest=sha256:1234`, { method: "PUT", body: "abc" });
    expect([malformed.status, malformed.codes]).toEqual([400, ["DIGEST_INVALID"]]);
    const wrong = await reg.client(withDigest(url, sha256("not abc")), { method: "PUT", body: "abc" });
    expect([wrong.status, wrong.codes]).toEqual([400, ["DIGEST_INVALID"]]);
    const gone = await reg.client(url);
    expect([gone.status, gone.codes]).toEqual([404, ["BLOB_UPLOAD_UNKNOWN"]]);
  });

  it("an upload of another repository, an unknown upload and a cancelled upload are BLOB_UPLOAD_UNKNOWN", async () => {
    await using reg = await startTempRegistry();
    const opened = await reg.client("/v2/flows/a/blobs/uploads/", { method: "POST" });
    const id = new URL(opened.header("location") ?? "").pathname.split("/").at(-1);
    expect((await reg.client(`/v2/flows/b/blobs/uploads/${id}`)).codes).toEqual(["BLOB_UPLOAD_UNKNOWN"]);
    expect((await reg.client("/v2/flows/a/blobs/uploads/00000000-0000-0000-0000-000000000000")).status).toBe(404);
    expect((await reg.client(`/v2/flows/a/blobs/uploads/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await reg.client(`/v2/flows/a/blobs/uploads/${id}`)).codes).toEqual(["BLOB_UPLOAD_UNKNOWN"]);
  });

  it("a sha512 digest is verified too", async () => {
    await using reg = await startTempRegistry();
    const { createHash } = await import("node:crypto");
    const bytes = Buffer.from("sha512 content");
    const digest = `sha512:${createHash("sha512").update(bytes).digest("hex")}`;
    const done = await reg.client(`/v2/flows/sha512/blobs/uploads/?digest=${digest}`, { method: "POST", body: bytes });
    expect(done.status).toBe(201);
    expect((await reg.client(`/v2/flows/sha512/blobs/${digest}`)).body.equals(bytes)).toBe(true);
  });
});

describe("cross-repository mount", { timeout: 30_000 }, () => {
  it("mounts with from: 201, Location in the target repository, Docker-Content-Digest", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf("shared layer");
    await pushBlob(reg.client, "mount/src", blob);
    const reply = await reg.client(`/v2/mount/dst/blobs/uploads/?mount=${blob.digest}&from=mount/src`, {
      method: "POST",
    });
    expect(reply.status).toBe(201);
    expect(new URL(reply.header("location") ?? "").pathname).toBe(`/v2/mount/dst/blobs/${blob.digest}`);
    expect(reply.header("docker-content-digest")).toBe(blob.digest);
    expect((await reg.client(`/v2/mount/dst/blobs/${blob.digest}`)).body.equals(blob.bytes)).toBe(true);
  });

  it("mounts without from when no auth is configured", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf("findable");
    await pushBlob(reg.client, "mount/somewhere", blob);
    const reply = await reg.client(`/v2/mount/other/blobs/uploads/?mount=${blob.digest}`, { method: "POST" });
    expect(reply.status).toBe(201);
  });

  it("opens an upload (202) when the blob is unknown, absent from `from`, or `from` is invalid", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf("only in src");
    await pushBlob(reg.client, "mount/src", blob);
    for (const query of [
      `mount=${sha256("never pushed")}`,
      `mount=${sha256("never pushed")}&from=mount/src`,
      `mount=${blob.digest}&from=mount/empty`,
      `mount=${blob.digest}&from=Not_Valid`,
      "mount=not-a-digest&from=mount/src",
    ]) {
      const reply = await reg.client(`/v2/mount/dst/blobs/uploads/?${query}`, { method: "POST" });
      expect(reply.status, query).toBe(202);
      expect(reply.header("location"), query).toMatch(/\/v2\/mount\/dst\/blobs\/uploads\/[0-9a-f-]{36}$/);
    }
    expect((await reg.client(`/v2/mount/dst/blobs/${blob.digest}`, { method: "HEAD" })).status).toBe(404);
  });

  it("with auth on, requires from (a mount without it opens an upload)", async () => {
    const auth = { username: "u", password: "p" };
    await using reg = await startTempRegistry({ auth });
    const authorization = `Basic ${Buffer.from("u:p").toString("base64")}`;
    const blob = blobOf("authenticated");
    const push = await reg.client(`/v2/mount/src/blobs/uploads/?digest=${blob.digest}`, {
      method: "POST",
      headers: { authorization },
      body: blob.bytes,
    });
    expect(push.status).toBe(201);
    const without = await reg.client(`/v2/mount/dst/blobs/uploads/?mount=${blob.digest}`, {
      method: "POST",
      headers: { authorization },
    });
    expect(without.status).toBe(202);
    const withFrom = await reg.client(`/v2/mount/dst/blobs/uploads/?mount=${blob.digest}&from=mount/src`, {
      method: "POST",
      headers: { authorization },
    });
    expect(withFrom.status).toBe(201);
  });
});

describe("blob reads", { timeout: 30_000 }, () => {
  it("serves HEAD, full GET, single ranges (206) and refuses ranges past the end (416)", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf("0123456789");
    await pushBlob(reg.client, "reads/app", blob);
    const head = await reg.client(`/v2/reads/app/blobs/${blob.digest}`, { method: "HEAD" });
    expect([head.status, head.header("content-length"), head.body.length]).toEqual([200, "10", 0]);
    expect(head.header("docker-content-digest")).toBe(blob.digest);
    const part = await reg.client(`/v2/reads/app/blobs/${blob.digest}`, { headers: { Range: "bytes=2-5" } });
    expect([part.status, part.body.toString(), part.header("content-range")]).toEqual([206, "2345", "bytes 2-5/10"]);
    const suffix = await reg.client(`/v2/reads/app/blobs/${blob.digest}`, { headers: { Range: "bytes=-3" } });
    expect(suffix.body.toString()).toBe("789");
    const past = await reg.client(`/v2/reads/app/blobs/${blob.digest}`, { headers: { Range: "bytes=10-" } });
    expect([past.status, past.header("content-range")]).toEqual([416, "bytes */10"]);
  });

  it("serves a multi-megabyte blob whole and in ranges that cross chunk boundaries, and survives a client leaving", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf(5 * 1024 * 1024 + 123);
    await pushBlob(reg.client, "reads/big", blob);
    const whole = await reg.client(`/v2/reads/big/blobs/${blob.digest}`);
    expect(sha256(whole.body)).toBe(blob.digest);
    const from = 1024 * 1024 - 10;
    const part = await reg.client(`/v2/reads/big/blobs/${blob.digest}`, {
      headers: { Range: `bytes=${from}-${3 * 1024 * 1024}` },
    });
    expect(part.body.equals(blob.bytes.subarray(from, 3 * 1024 * 1024 + 1))).toBe(true);
    await new Promise<void>((resolve) => {
      const req = request(new URL(`/v2/reads/big/blobs/${blob.digest}`, reg.registry.url), (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => {});
      req.end();
    });
    expect((await reg.client(`/v2/reads/big/blobs/${blob.digest}`, { method: "HEAD" })).status).toBe(200);
  });

  it("is BLOB_UNKNOWN for a blob of another repository, an unknown blob and an unknown repository", async () => {
    await using reg = await startTempRegistry();
    const blob = blobOf("private");
    await pushBlob(reg.client, "reads/a", blob);
    for (const path of [
      `/v2/reads/b/blobs/${blob.digest}`,
      `/v2/reads/a/blobs/${sha256("x")}`,
      `/v2/nope/blobs/${blob.digest}`,
    ]) {
      const reply = await reg.client(path);
      expect([reply.status, reply.codes], path).toEqual([404, ["BLOB_UNKNOWN"]]);
    }
    const bad = await reg.client("/v2/reads/a/blobs/sha256:zz");
    expect([bad.status, bad.codes]).toEqual([400, ["DIGEST_INVALID"]]);
  });
});
