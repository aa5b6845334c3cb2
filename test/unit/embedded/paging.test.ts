import { describe, expect, it } from "vitest";
import {
  compareBytes,
  formatNextLink,
  paginate,
  parsePageSize,
} from "../../../runner/registry/embedded/http/paging.js";

const id = (s: string) => s;

describe("byte order", () => {
  it("sorts digits before upper case before underscore before lower case", () => {
    expect(["b", "_x", "B", "a", "1", "A", "a.1", "a-1"].sort(compareBytes)).toEqual([
      "1",
      "A",
      "B",
      "_x",
      "a",
      "a-1",
      "a.1",
      "b",
    ]);
  });
});

describe("paginate", () => {
  const tags = ["a", "b", "c", "d", "e"];

  it("returns everything up to the maximum without n", () => {
    expect(paginate(tags, id, { n: undefined, last: null, max: 100 })).toEqual({ items: tags });
    expect(paginate(tags, id, { n: undefined, last: null, max: 2 })).toEqual({ items: ["a", "b"], next: "b" });
  });

  it("returns n entries and where to continue when more remain", () => {
    expect(paginate(tags, id, { n: 2, last: null, max: 100 })).toEqual({ items: ["a", "b"], next: "b" });
    expect(paginate(tags, id, { n: 2, last: "b", max: 100 })).toEqual({ items: ["c", "d"], next: "d" });
    expect(paginate(tags, id, { n: 2, last: "d", max: 100 })).toEqual({ items: ["e"] });
  });

  it("gives no next page when the page ends exactly at the end", () => {
    expect(paginate(tags, id, { n: 5, last: null, max: 100 })).toEqual({ items: tags });
    expect(paginate(tags, id, { n: 3, last: "b", max: 100 })).toEqual({ items: ["c", "d", "e"] });
  });

  it("starts after `last` even when `last` is not in the list", () => {
    expect(paginate(tags, id, { n: 10, last: "bb", max: 100 })).toEqual({ items: ["c", "d", "e"] });
    expect(paginate(tags, id, { n: 10, last: "z", max: 100 })).toEqual({ items: [] });
  });

  it("answers n=0 with an empty list and no next page", () => {
    expect(paginate(tags, id, { n: 0, last: null, max: 100 })).toEqual({ items: [] });
  });
});

describe("parsePageSize", () => {
  it("reads absent and non-negative integers", () => {
    expect(parsePageSize(null)).toBeUndefined();
    expect(parsePageSize("0")).toBe(0);
    expect(parsePageSize("25")).toBe(25);
  });

  it.each(["-1", "1.5", "abc", "", "1e3", "9999999999"])("rejects %j", (value) => {
    expect(() => parsePageSize(value)).toThrow(/PAGINATION_NUMBER_INVALID/);
  });
});

describe("formatNextLink", () => {
  it("builds a relative RFC 5988 link with n and last", () => {
    expect(formatNextLink("/v2/a/tags/list", 2, "b")).toBe('</v2/a/tags/list?n=2&last=b>; rel="next"');
    expect(formatNextLink("/v2/a/referrers/x", 1, "sha256:0", { artifactType: "t/x" })).toBe(
      '</v2/a/referrers/x?artifactType=t%2Fx&n=1&last=sha256%3A0>; rel="next"',
    );
  });
});
