import type { TarEntry, TarEntryType } from "../oci/tar.js";
import type { LayerFinding } from "./content-merged.js";
import { textDifference } from "./diagnose-content-text.js";

// Predicates over layer entries (image-spec layer.md): what kind of entry, which mode, which content, and the
// classic mistakes (a path archived under a directory prefix, an executable bit set or missing, a file deleted in
// a later layer whose bytes stay in the layer below).

/** What a layer-file check expects of the entry it finds. */
export interface EntryExpectations {
  readonly type?: Exclude<TarEntryType, "other">;
  readonly target?: string;
  readonly content?: string;
  readonly matches?: RegExp;
  readonly mode?: number;
}

/** One way the entry differs from the expectations. */
export interface EntryMismatch {
  readonly what: string;
  readonly expected: string;
  readonly actual: string;
  readonly diagnosis?: string;
  readonly hint: string;
}

const TYPE_WORDS: Readonly<Record<TarEntryType, string>> = {
  file: "a regular file",
  dir: "a directory",
  symlink: "a symbolic link",
  hardlink: "a hard link",
  other: "a special file",
};

// "a regular file", "a directory", ….
export function describeEntryType(type: TarEntryType): string {
  return TYPE_WORDS[type];
}

// Permission bits as four octal digits: 0644.
export function formatMode(mode: number): string {
  return mode.toString(8).padStart(4, "0");
}

// The first way `entry` (with `content` for files) differs from `expect`, or undefined when it matches.
export function entryMismatch(
  expect: EntryExpectations,
  entry: TarEntry,
  content: Uint8Array | undefined,
): EntryMismatch | undefined {
  if (expect.type && entry.type !== expect.type) {
    return {
      what: "type",
      expected: TYPE_WORDS[expect.type],
      actual: TYPE_WORDS[entry.type],
      hint: `Make it ${TYPE_WORDS[expect.type]}.`,
    };
  }
  if (expect.target !== undefined && entry.linkname !== expect.target) {
    return {
      what: "link target",
      expected: `\`${expect.target}\``,
      actual: `\`${entry.linkname}\``,
      hint: "Point the link at the expected target.",
    };
  }
  if (expect.mode !== undefined && entry.mode !== expect.mode) return modeMismatch(expect.mode, entry.mode);
  if (expect.content === undefined && expect.matches === undefined) return undefined;
  if (!content) {
    return {
      what: "content",
      expected: "a regular file with content",
      actual: TYPE_WORDS[entry.type],
      hint: "Store the file itself, not a link or a directory.",
    };
  }
  return contentMismatch(expect, content);
}

function modeMismatch(expected: number, actual: number): EntryMismatch {
  const exec = (m: number) => (m & 0o111) !== 0;
  let diagnosis: string | undefined;
  if (exec(actual) && !exec(expected)) diagnosis = "The file is executable, but it should not be.";
  else if (!exec(actual) && exec(expected)) diagnosis = "The file is not executable, but it should be.";
  else if ((actual & 0o022) !== 0 && (expected & 0o022) === 0) diagnosis = "Group or others may write the file.";
  return {
    what: "mode",
    expected: formatMode(expected),
    actual: formatMode(actual),
    ...(diagnosis ? { diagnosis } : {}),
    hint: `Set the mode before archiving (\`chmod ${formatMode(expected)} FILE\`): a layer keeps the mode each tar entry has.`,
  };
}

function contentMismatch(expect: EntryExpectations, bytes: Uint8Array): EntryMismatch | undefined {
  const text = new TextDecoder().decode(bytes);
  if (expect.content !== undefined && text !== expect.content) {
    const near = textDifference(expect.content, text, "The content");
    return {
      what: "content",
      expected: JSON.stringify(expect.content),
      actual: `${bytes.byteLength} bytes that differ`,
      ...(near ? { diagnosis: near.diagnosis } : {}),
      hint: near?.hint ?? "Write exactly the content the task asks for.",
    };
  }
  if (expect.matches && !expect.matches.test(text)) {
    return {
      what: "content",
      expected: `text matching /${expect.matches.source}/`,
      actual: `${bytes.byteLength} bytes that do not match`,
      hint: "Write the content the task asks for.",
    };
  }
  return undefined;
}

// The whiteout lesson: the merged view no longer shows the path, but lower layer blobs still hold its bytes.
export function hiddenBytesDiagnosis(path: string, hidden: LayerFinding, copies: readonly LayerFinding[]): string {
  const layers = copies.map((c) => c.layer).join(", ");
  return (
    `\`${path}\` is not in the merged filesystem because layer ${hidden.layer} deletes it (\`${hidden.hiddenBy}\`), ` +
    `but the bytes are still in layer ${layers}: anyone can pull that layer blob and read them.`
  );
}

// The path was archived under another directory (paths in a layer are relative to the image root).
export function sameNameDiagnosis(path: string, findings: readonly LayerFinding[]): string | undefined {
  const hit = findings.find((f) => f.sameName.length > 0);
  if (!hit) return undefined;
  return `Layer ${hit.layer} has \`${hit.sameName[0]}\` instead of \`${path}\`: paths inside a layer are relative to the image root (archive with \`tar -C DIR\`).`;
}
