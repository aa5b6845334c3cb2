import { describe, expect, it } from "vitest";
import { OciFormatError } from "../../../grader/oci/format-error.js";
import { parseStrictJson } from "../../../grader/oci/strict-json.js";

function failure(input: string | Uint8Array, options?: { maxDepth?: number }): OciFormatError {
  try {
    parseStrictJson(input, options);
  } catch (error) {
    if (error instanceof OciFormatError) return error;
    throw error;
  }
  throw new Error("expected parseStrictJson to throw");
}

describe("parseStrictJson: valid documents parse as JSON.parse does", () => {
  it.each([
    "null",
    "true",
    " false ",
    "0",
    "-0.5e10",
    "1E+2",
    '"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"',
    "[]",
    "{}",
    '{"a":[1,2,{"b":null}],"c":"é","d":{"e":{}}}',
    '\n\t{ "schemaVersion" : 2 ,\r\n "layers" : [ ] }\n',
  ])("%s", (text) => {
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it("reads UTF-8 bytes", () => {
    expect(parseStrictJson(new TextEncoder().encode('{"name":"héllo ✓"}'))).toEqual({ name: "héllo ✓" });
  });

  it("keeps `__proto__` as an own key without touching the prototype", () => {
    const value = parseStrictJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("parseStrictJson: duplicate keys", () => {
  it("rejects a duplicate at the top level with the key and its byte offset", () => {
    const error = failure('{"a":1,"a":2}');
    expect(error.code).toBe("DUPLICATE_KEY");
    expect(error.reason).toContain('"a"');
    expect(error.offset).toBe(7);
    expect(error.path).toBe("");
  });

  it("rejects a duplicate deep inside, naming the object's path", () => {
    const text = '{"manifests":[{"digest":"x"},{"annotations":{"k":"1","k":"2"}}]}';
    const error = failure(text);
    expect(error.code).toBe("DUPLICATE_KEY");
    expect(error.path).toBe("manifests[1].annotations");
    expect(error.offset).toBe(text.lastIndexOf('"k"'));
  });

  it('counts escaped-equal keys ("a" and "\\u0061") as duplicates', () => {
    expect(failure('{"a":1,"\\u0061":2}').code).toBe("DUPLICATE_KEY");
  });

  it("gives byte offsets, not character offsets, after multi-byte characters", () => {
    const error = failure('{"é":1,"é":2}');
    expect(error.offset).toBe(Buffer.byteLength('{"é":1,'));
    expect(error.offset).toBe(8);
  });

  it("allows the same key in sibling objects", () => {
    expect(parseStrictJson('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
  });
});

describe("parseStrictJson: nesting depth", () => {
  const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

  it("accepts 64 levels and rejects 65 by default", () => {
    expect(() => parseStrictJson(nested(64))).not.toThrow();
    expect(failure(nested(65)).code).toBe("TOO_DEEP");
  });

  it("honours a configured depth", () => {
    expect(() => parseStrictJson('{"a":{"b":1}}', { maxDepth: 2 })).not.toThrow();
    expect(failure('{"a":{"b":[1]}}', { maxDepth: 2 })).toMatchObject({ code: "TOO_DEEP", path: "a.b" });
  });

  it("rejects a 100 000-level document without overflowing the stack", () => {
    expect(failure(nested(100_000)).code).toBe("TOO_DEEP");
  });
});

describe("parseStrictJson: rejects what is not JSON", () => {
  it.each([
    { name: "empty input", text: "" },
    { name: "a trailing comma in an object", text: '{"a":1,}' },
    { name: "a trailing comma in an array", text: "[1,]" },
    { name: "single quotes", text: "{'a':1}" },
    { name: "a comment", text: '{"a":1 /* c */}' },
    { name: "NaN", text: "NaN" },
    { name: "a leading zero", text: "01" },
    { name: "a bare decimal point", text: "1." },
    { name: "a leading plus", text: "+1" },
    { name: "an unescaped control character", text: '"a\u0001b"' },
    { name: "an unknown escape", text: '"\\x41"' },
    { name: "a short unicode escape", text: '"\\u12"' },
    { name: "an unterminated string", text: '"abc' },
    { name: "an unterminated object", text: '{"a":1' },
    { name: "data after the value", text: "{} {}" },
    { name: "a non-string key", text: "{1:2}" },
    { name: "a missing colon", text: '{"a" 1}' },
    { name: "a number out of range", text: "1e400" },
    { name: "a byte order mark", text: "\ufeff{}" },
    { name: "a misspelt literal", text: "nul" },
  ])("$name", ({ text }) => {
    expect(failure(text).code).toBe("INVALID_JSON");
  });

  it.each([
    { name: "a stray 0xff byte", bytes: [0x22, 0xff, 0x22] },
    { name: "an overlong encoding of /", bytes: [0x22, 0xc0, 0xaf, 0x22] },
    { name: "an encoded surrogate", bytes: [0x22, 0xed, 0xa0, 0x80, 0x22] },
    { name: "a truncated sequence", bytes: [0x22, 0xe2, 0x82, 0x22] },
  ])("invalid UTF-8: $name", ({ bytes }) => {
    expect(failure(Uint8Array.from(bytes)).code).toBe("INVALID_UTF8");
  });

  it("reports where the syntax error is", () => {
    expect(failure('{"a":[1,2,x]}')).toMatchObject({ code: "INVALID_JSON", path: "a[2]", offset: 10 });
  });
});
