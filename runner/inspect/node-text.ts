import { shortDigest } from "../../grader/oci/walk-problems.js";
import type { InspectNode } from "./graph-model.js";
import { formatBytes } from "./media-label.js";

// The words every renderer uses for a node: its title, its digest (short unless `full`) and its state.

// A digest as shown: `sha256:0123456789ab…`, or whole with `full`.
export function showDigest(digest: string, full: boolean): string {
  return full ? digest : shortDigest(digest);
}

// "OCI manifest linux/amd64", "attestation · OCI manifest", "artifact · application/vnd.example+json".
export function nodeTitle(node: InspectNode): string {
  const platform = node.platform ? ` ${node.platform}` : "";
  if (node.role === "attestation") return `attestation · ${node.type}`;
  if (node.role === "artifact") return `artifact · ${node.artifactType ?? node.type}`;
  return `${node.type}${platform}`;
}

// The state as a word, empty when ok: "MISSING", "INVALID", "FOREIGN", "SKIPPED".
export function stateWord(node: InspectNode): string {
  return node.state === "ok" ? "" : node.state.toUpperCase();
}

// The lines of a box in a picture: title, digest, size, and the state when not ok.
export function nodeLines(node: InspectNode, full: boolean): string[] {
  const lines = [nodeTitle(node), showDigest(node.digest, full), formatBytes(node.size)];
  const state = stateWord(node);
  return state === "" ? lines : [...lines, state];
}

// Replaces control characters (never valid in XML 1.0, and line breaks in labels) with spaces.
export function cleanText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\ufffe\uffff]/g, " ");
}
