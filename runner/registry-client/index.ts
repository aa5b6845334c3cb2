// Write side of the registry client (used by seeding and tests); reads are grader/registry's RegistryClient.
export { mapLimit } from "./concurrency.js";
export { deleteBlob, deleteManifest, putManifest } from "./manifests.js";
export { type MountResult, mountBlob } from "./mount.js";
export { type PushItem, type PushSummary, type PushTarget, pushAll } from "./push-all.js";
export { type UploadMode, type UploadOptions, uploadBlob } from "./upload.js";
export { type PushBlobOptions, RegistryWriter } from "./writer.js";
