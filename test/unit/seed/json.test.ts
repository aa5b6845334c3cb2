import { describe, expect, it } from "vitest";
import { encodeJson, formatJson } from "../../../runner/seed/index.js";

const value = { schemaVersion: 2, mediaType: "m", layers: [{ b: 1, a: "é" }], empty: {}, none: [] };

describe("formatJson", () => {
  it("writes compact JSON with no spaces, keys in insertion order", () => {
    expect(formatJson(value)).toBe(
      '{"schemaVersion":2,"mediaType":"m","layers":[{"b":1,"a":"é"}],"empty":{},"none":[]}',
    );
  });

  it.each([2, 3, 4])("writes pretty JSON with indent %i that parses to the same value", (indent) => {
    const text = formatJson(value, { indent });
    expect(JSON.parse(text)).toEqual(value);
    expect(text.split("\n")[1]).toBe(`${" ".repeat(indent)}"schemaVersion": 2,`);
    expect(text.endsWith("}")).toBe(true);
  });

  it("appends exactly one newline when asked, compact or pretty", () => {
    expect(formatJson([1], { trailingNewline: true })).toBe("[1]\n");
    expect(formatJson([1], { indent: 3, trailingNewline: true })).toBe("[\n   1\n]\n");
  });

  it("drops undefined object fields (optional spec fields)", () => {
    expect(formatJson({ a: 1, b: undefined, c: 2 })).toBe('{"a":1,"c":2}');
  });

  it.each<{ name: string; input: unknown; format?: { indent: number }; message: RegExp }>([
    { name: "NaN", input: { size: Number.NaN }, message: /cannot represent/ },
    { name: "Infinity", input: [Number.POSITIVE_INFINITY], message: /cannot represent/ },
    { name: "undefined in an array", input: [1, undefined], message: /undefined/ },
    { name: "a Map", input: { m: new Map([["a", 1]]) }, message: /Map, not a plain object/ },
    { name: "a top-level undefined", input: undefined, message: /must be an object/ },
    { name: "indent 0", input: {}, format: { indent: 0 }, message: /indent/ },
    { name: "indent 11", input: {}, format: { indent: 11 }, message: /indent/ },
    { name: "indent 2.5", input: {}, format: { indent: 2.5 }, message: /indent/ },
  ])("rejects $name", ({ input, format, message }) => {
    expect(() => formatJson(input, format)).toThrow(message);
  });
});

describe("encodeJson", () => {
  it("returns UTF-8 bytes with non-ASCII characters unescaped", () => {
    expect([...encodeJson("é")]).toEqual([0x22, 0xc3, 0xa9, 0x22]);
  });
});
