import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { jsonBlob, makeBlob, toDescriptor } from "../../../runner/seed/index.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

describe("makeBlob", () => {
  it("stores strings as UTF-8 and computes digest and size from the bytes", () => {
    const blob = makeBlob("text/plain", "é");
    expect([...blob.bytes]).toEqual([0xc3, 0xa9]);
    expect(blob).toMatchObject({ mediaType: "text/plain", size: 2, digest: sha256(blob.bytes) });
  });
});

describe("jsonBlob", () => {
  it("serialises with the given format", () => {
    expect(new TextDecoder().decode(jsonBlob("application/json", { a: 1 }, { indent: 2 }).bytes)).toBe(
      '{\n  "a": 1\n}',
    );
  });
});

describe("toDescriptor", () => {
  const blob = makeBlob("text/plain", "x");

  it("describes the blob by media type, digest and size", () => {
    expect(toDescriptor(blob)).toEqual({ mediaType: "text/plain", digest: blob.digest, size: 1 });
  });

  it("adds extra fields and lets them override (a deliberate lie)", () => {
    expect(toDescriptor(blob, { size: 99, annotations: { a: "b" } })).toEqual({
      mediaType: "text/plain",
      digest: blob.digest,
      size: 99,
      annotations: { a: "b" },
    });
  });
});
