// Escaping for XML 1.0 documents that carry arbitrary text (learner names, command output, check summaries).

// Characters XML 1.0 cannot carry at all, not even as a reference: C0 controls other than tab, LF and CR,
// lone surrogates, U+FFFE and U+FFFF. They are dropped.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/gu;

// Text content: markup characters become character references; forbidden characters are dropped.
export function escapeXmlText(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`).replace(FORBIDDEN, "");
}

// An attribute value: as text, plus tab, LF and CR as references, which a parser would otherwise turn into spaces.
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/[\t\n\r]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
