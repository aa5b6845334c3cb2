import {
  attestationEntry,
  type BuiltArtifact,
  type BuiltIndex,
  buildArtifact,
  buildAttestation,
  buildImage,
  buildIndex,
  type Flavour,
  type ImageSpec,
  imageEntry,
  makeBlob,
  type TarEntry,
  toDescriptor,
} from "../../../runner/seed/index.js";

// The fixed inputs behind the golden digests. Changing any byte here changes the digests on purpose.

export const LONG_DIR = `deep/${"d".repeat(110)}`;
export const LONG_TARGET = `/opt/${"t".repeat(110)}`;

/** Every entry kind, a >100-byte name, a >100-byte link target and a non-ASCII name. */
export const GOLDEN_TAR: readonly TarEntry[] = [
  { type: "dir", path: "etc" },
  { type: "file", path: "etc/os-release", content: "ID=labos\nVERSION_ID=1\n" },
  { type: "symlink", path: "etc/motd", target: "/usr/share/motd" },
  { type: "hardlink", path: "etc/os-release.bak", target: "etc/os-release" },
  { type: "file", path: "bin/tool", content: "#!/bin/sh\necho tool\n", mode: 0o755 },
  { type: "whiteout", path: "app/secret.txt" },
  { type: "opaque", path: "var/cache" },
  { type: "file", path: `${LONG_DIR}/file.txt`, content: "deep\n" },
  { type: "symlink", path: "long-link", target: LONG_TARGET },
  { type: "file", path: "etc/café.txt", content: "Grüße\n", mode: 0o600 },
];

/** Lab01-like single-platform image, built as OCI and as Docker. */
export function goldenImageSpec(flavour: Flavour, arch: "amd64" | "arm64" = "amd64"): ImageSpec {
  return {
    flavour,
    platform:
      arch === "amd64" ? { architecture: "amd64", os: "linux" } : { architecture: "arm64", os: "linux", variant: "v8" },
    created: "2024-01-01T00:00:00Z",
    layers: [
      {
        files: [
          { type: "dir", path: "etc" },
          { type: "file", path: "etc/os-release", content: "ID=labos\nVERSION_ID=1\n" },
        ],
      },
      { files: [{ type: "file", path: "app/hello.txt", content: `hello from ${arch}\n` }], addParents: true },
    ],
    config: {
      User: "1000",
      ExposedPorts: { "8080/tcp": {} },
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GREETING=hi"],
      Cmd: ["/app/hello"],
      WorkingDir: "/app",
      Labels: { "org.opencontainers.image.version": "1.0.0" },
    },
  };
}

/** OCI index: linux/amd64, linux/arm64/v8 and a provenance attestation for amd64, as BuildKit orders them. */
export function goldenOciIndex(): BuiltIndex {
  const amd64 = buildImage(goldenImageSpec("oci", "amd64"));
  const arm64 = buildImage(goldenImageSpec("oci", "arm64"));
  const attestation = buildAttestation({ image: amd64.manifest });
  return buildIndex({
    flavour: "oci",
    entries: [imageEntry(amd64), imageEntry(arm64), attestationEntry(attestation)],
    annotations: { "org.opencontainers.image.created": "2024-01-01T00:00:00Z" },
  });
}

/** Docker manifest list over the Docker-flavoured amd64 and arm64 images. */
export function goldenDockerList(): BuiltIndex {
  const amd64 = buildImage(goldenImageSpec("docker", "amd64"));
  const arm64 = buildImage(goldenImageSpec("docker", "arm64"));
  return buildIndex({ flavour: "docker", entries: [imageEntry(amd64), imageEntry(arm64)] });
}

/** An SBOM-like artifact referring to the OCI amd64 image. */
export function goldenArtifact(): BuiltArtifact {
  const subject = buildImage(goldenImageSpec("oci", "amd64"));
  return buildArtifact({
    artifactType: "application/vnd.example.sbom.v1",
    layers: [
      {
        blob: makeBlob("application/spdx+json", '{"spdxVersion":"SPDX-2.3","name":"hello"}'),
        annotations: { "org.opencontainers.image.title": "sbom.spdx.json" },
      },
    ],
    subject: toDescriptor(subject.manifest),
    annotations: { "org.opencontainers.image.created": "2024-01-01T00:00:00Z" },
  });
}
