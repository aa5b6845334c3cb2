import type { RegistryCapabilities } from "./types.js";

/** What the embedded registry supports (it never converts content, so no schema 1 rewriting). */
export const EMBEDDED_CAPABILITIES: RegistryCapabilities = {
  deleteByTag: true,
  deleteManifest: true,
  deleteBlob: true,
  referrersApi: true,
  tagPaging: true,
  garbageCollection: true,
  schema1Conversion: false,
};
