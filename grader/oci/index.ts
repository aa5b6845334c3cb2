// Public API of the OCI core: digests, media types, spec types, strict decoding, references, platforms,
// bounded readers, the tar reader and the graph walk.

export * from "./bounded.js";
export * from "./decode.js";
export * from "./digest.js";
export * from "./format-error.js";
export * from "./limits.js";
export * from "./media-types.js";
export * from "./platform.js";
export * from "./reference.js";
export * from "./strict-json.js";
export * from "./tar.js";
export * from "./types.js";
export * from "./walk.js";
export { asContentMismatch, isNotFoundError, shortDigest } from "./walk-problems.js";
