import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32 } from "../../../runner/grade/outputs/crc32.js";

describe("crc32", () => {
  it("gives the check value of the standard and agrees with zlib where Node has it", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
    const data = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff);
    if (native) expect(crc32(data)).toBe(native(data));
    expect(crc32(data)).not.toBe(crc32(data.subarray(1)));
  });
});
