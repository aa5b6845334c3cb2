// Which labs teach each concept of the source tutorial (docs/concepts.md), computed from the labs' own
// `teaches:` and `uses:` tags, so the table in the docs cannot drift from the labs (a test compares them).

/** The tutorial's concepts, each with the concept tags that cover it. */
export const TUTORIAL_CONCEPTS: readonly { readonly concept: string; readonly tags: readonly string[] }[] = [
  { concept: "Layers and DiffIDs (and whiteouts)", tags: ["layers-and-diff-ids", "whiteouts"] },
  { concept: "ChainIDs", tags: ["chain-id"] },
  { concept: "Image config and image ID", tags: ["image-config", "image-id"] },
  { concept: "Manifest, descriptors and digest", tags: ["image-manifest", "descriptors", "manifest-digest"] },
  { concept: "Index and platform selection", tags: ["image-index", "platform-selection"] },
  { concept: "Attestations", tags: ["attestations"] },
  { concept: "Docker vs OCI media types", tags: ["media-types"] },
  {
    concept: "Registries: API, pushes, copies, tags, deletion, GC",
    tags: ["registry-api", "blob-upload", "registry-copy", "tags", "deletion", "garbage-collection"],
  },
  { concept: "OCI image layout", tags: ["oci-layout"] },
  { concept: "Digest pinning", tags: ["digest-pinning"] },
];

/** A lab's number and concept tags. */
export interface LabConcepts {
  readonly number: number;
  readonly teaches: readonly string[];
  readonly uses: readonly string[];
}

// The Markdown table: concept, its tags, the labs that teach it and the labs that use it.
export function coverageTable(labs: readonly LabConcepts[]): string {
  const list = (pick: (lab: LabConcepts) => readonly string[], tags: readonly string[]) =>
    labs
      .filter((lab) => pick(lab).some((t) => tags.includes(t)))
      .map((lab) => `L${String(lab.number).padStart(2, "0")}`)
      .join(", ") || "—";
  const rows = TUTORIAL_CONCEPTS.map(
    ({ concept, tags }) =>
      `| ${concept} | ${tags.map((t) => `\`${t}\``).join(", ")} | ${list((l) => l.teaches, tags)} | ${list((l) => l.uses, tags)} |`,
  );
  return ["| concept | tags | taught in | used again in |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
