import { describe, expect, it } from "vitest";
import { escapeXmlAttribute, escapeXmlText } from "../../../runner/junit/escape-xml.js";

describe("XML escaping", () => {
  it("turns markup characters into character references", () => {
    expect(escapeXmlText(`a<b>&"c'`)).toBe("a&#60;b&#62;&#38;&#34;c&#39;");
  });

  it("drops characters XML 1.0 forbids, even as references, and keeps the rest", () => {
    expect(escapeXmlText("a\u0000b\u0007c\u001bd\ufffee\uffff")).toBe("abcde");
    expect(escapeXmlText("lone \ud800 high, lone \udc00 low")).toBe("lone  high, lone  low");
    expect(escapeXmlText("tab\tlf\ncr\r emoji 🐳 é")).toBe("tab\tlf\ncr\r emoji 🐳 é");
  });

  it("keeps tab, LF and CR in attribute values as references", () => {
    expect(escapeXmlAttribute("a\tb\nc\rd\u0001<")).toBe("a&#9;b&#10;c&#13;d&#60;");
  });
});
