import { describe, expect, it } from "vitest";
import { parseEnvFile } from "../../../grader/checks/parse-env-file.js";

describe("parseEnvFile", () => {
  it("reads plain, exported, quoted and commented assignments", () => {
    const text = [
      "# deployment",
      "",
      "IMAGE=localhost:5000/lab02/api@sha256:abc",
      "export MODE=prod",
      'GREETING="hello # not a comment"',
      "SINGLE='a \\n b'",
      "TRAIL=value   # a comment",
      'ESCAPED="line1\\nline2 \\"q\\""',
      "SPACED = x",
      "EMPTY=",
    ].join("\n");
    const { entries, problems } = parseEnvFile(text);
    expect(problems).toEqual([]);
    expect(Object.fromEntries(entries.map((e) => [e.key, e.value]))).toEqual({
      IMAGE: "localhost:5000/lab02/api@sha256:abc",
      MODE: "prod",
      GREETING: "hello # not a comment",
      SINGLE: "a \\n b",
      TRAIL: "value",
      ESCAPED: 'line1\nline2 "q"',
      SPACED: "x",
      EMPTY: "",
    });
    expect(entries[0]?.line).toBe(3);
  });

  it("keeps repeated keys, in order, so a caller can refuse them", () => {
    const { entries } = parseEnvFile("IMAGE=a\r\nIMAGE=b\r\n");
    expect(entries.map((e) => [e.key, e.value, e.line])).toEqual([
      ["IMAGE", "a", 1],
      ["IMAGE", "b", 2],
    ]);
  });

  it("accepts a trailing newline or none, and a byte-order mark", () => {
    expect(parseEnvFile("\uFEFFA=1").entries).toEqual([{ key: "A", value: "1", line: 1 }]);
    expect(parseEnvFile("A=1\n").entries).toEqual([{ key: "A", value: "1", line: 1 }]);
  });

  it.each([
    ["a line without =", "JUSTAKEY", "expected KEY=VALUE"],
    ["an unterminated quote", 'A="open', "no closing"],
    ["text after a closing quote", "A='x' y", "unexpected text"],
    ["a key starting with a digit", "1A=x", "expected KEY=VALUE"],
  ])("reports %s with its line", (_name, text, message) => {
    const { entries, problems } = parseEnvFile(`OK=1\n${text}\n`);
    expect(entries).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(2);
    expect(problems[0]?.message).toContain(message);
  });
});
