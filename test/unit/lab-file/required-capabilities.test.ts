import { describe, expect, it } from "vitest";
import { missingCapabilities } from "../../../runner/lab-file/required-capabilities.js";
import { loadLabFixture } from "../../support/lab-fixture.js";

const lab = loadLabFixture;

describe("the capabilities a lab needs from a registry", () => {
  it("refuses the purge lab on a registry that cannot delete blobs or manifests, saying what is missing", () => {
    const purge = lab("14-purge-leaked-image");
    expect(missingCapabilities(purge, { deleteManifest: true, deleteBlob: false })).toEqual([
      "deleting blobs (DELETE /v2/<name>/blobs/<digest>)",
    ]);
    expect(missingCapabilities(purge, {})).toHaveLength(3);
    expect(missingCapabilities(purge, { deleteManifest: true, deleteBlob: true })).toEqual([]);
  });

  it("asks nothing of a registry for a lab that deletes nothing", () => {
    expect(missingCapabilities(lab("09-mirror-preserving-digest"), {})).toEqual([]);
  });
});
