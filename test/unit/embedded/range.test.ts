import { describe, expect, it } from "vitest";
import {
  formatUploadRange,
  parseRangeHeader,
  parseUploadContentRange,
} from "../../../runner/registry/embedded/http/range.js";

describe("upload Content-Range", () => {
  it("reads <start>-<end>", () => {
    expect(parseUploadContentRange("0-1023")).toEqual({ start: 0, end: 1023 });
    expect(parseUploadContentRange("1024-1024")).toEqual({ start: 1024, end: 1024 });
  });

  it.each(["bytes 0-10", "bytes=0-10", "10-5", "0-", "-5", "a-b", "", "0-10/20"])("rejects %j", (header) => {
    expect(() => parseUploadContentRange(header)).toThrow(/BLOB_UPLOAD_INVALID/);
  });

  it("reports what an upload holds as 0-<last byte>", () => {
    expect(formatUploadRange(0)).toBe("0-0");
    expect(formatUploadRange(1)).toBe("0-0");
    expect(formatUploadRange(1024)).toBe("0-1023");
  });
});

describe("blob GET Range", () => {
  it("serves everything without a usable header", () => {
    expect(parseRangeHeader(undefined, 10)).toBeUndefined();
    expect(parseRangeHeader("bytes=0-1,4-5", 10)).toBeUndefined();
    expect(parseRangeHeader("items=0-1", 10)).toBeUndefined();
    expect(parseRangeHeader("bytes=5-2", 10)).toBeUndefined();
  });

  it("reads first-last, open-ended and suffix ranges, clamping the end", () => {
    expect(parseRangeHeader("bytes=2-4", 10)).toEqual({ start: 2, end: 4 });
    expect(parseRangeHeader("bytes=7-", 10)).toEqual({ start: 7, end: 9 });
    expect(parseRangeHeader("bytes=-3", 10)).toEqual({ start: 7, end: 9 });
    expect(parseRangeHeader("bytes=-30", 10)).toEqual({ start: 0, end: 9 });
    expect(parseRangeHeader("bytes=5-100", 10)).toEqual({ start: 5, end: 9 });
  });

  it("is unsatisfiable past the end or for an empty suffix", () => {
    expect(parseRangeHeader("bytes=10-", 10)).toBe("unsatisfiable");
    expect(parseRangeHeader("bytes=-0", 10)).toBe("unsatisfiable");
    expect(parseRangeHeader("bytes=0-", 0)).toBe("unsatisfiable");
  });
});
