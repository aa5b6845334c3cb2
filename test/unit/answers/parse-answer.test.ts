import { describe, expect, it } from "vitest";
import { parseAnswer } from "../../../runner/answers/parse-answer.js";
import { LabsError } from "../../../runner/errors.js";

const hex = "a".repeat(64);

describe("parsing answers by declared type", () => {
  it("accepts a digest and refuses malformed ones with a hint", () => {
    expect(parseAnswer("d", { type: "digest", title: "" }, ` sha256:${hex} `)).toBe(`sha256:${hex}`);
    for (const bad of [hex, `sha256:${hex.toUpperCase()}`, `sha256:${hex.slice(0, 12)}`, `md5:${hex}`]) {
      expect(() => parseAnswer("d", { type: "digest", title: "" }, bad)).toThrow(LabsError);
    }
    try {
      parseAnswer("d", { type: "digest", title: "" }, hex);
    } catch (error) {
      expect((error as LabsError).hint).toContain(`sha256:${hex}`);
    }
  });

  it("reads numbers, sets and maps in both written forms", () => {
    expect(parseAnswer("n", { type: "number", title: "" }, "14")).toBe(14);
    expect(() => parseAnswer("n", { type: "number", title: "" }, "fourteen")).toThrow(LabsError);
    expect(parseAnswer("s", { type: "set", title: "" }, "linux/arm64, linux/amd64,linux/amd64")).toEqual([
      "linux/amd64",
      "linux/arm64",
    ]);
    expect(parseAnswer("s", { type: "set", title: "" }, '["b","a"]')).toEqual(["a", "b"]);
    expect(parseAnswer("m", { type: "map", title: "" }, "a=1, b=2")).toEqual({ a: "1", b: "2" });
    expect(parseAnswer("m", { type: "map", title: "" }, '{"a":"1"}')).toEqual({ a: "1" });
    expect(() => parseAnswer("m", { type: "map", title: "" }, '{"a":1}')).toThrow(LabsError);
    expect(() => parseAnswer("m", { type: "map", title: "" }, "a")).toThrow(LabsError);
  });
});
