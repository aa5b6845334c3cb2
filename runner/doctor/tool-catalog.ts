// How to ask each container tool for its version, and where to get it (Debian package or upstream).

/** How to find one tool's version and how a learner installs it. */
export interface ToolInfo {
  readonly versionArgs: readonly string[];
  readonly install: string;
}

const apt = (pkg: string) => `\`sudo apt-get install ${pkg}\` (Debian/Ubuntu package \`${pkg}\`)`;

/** Every tool lab files may name (runner/lab-file/lint.ts KNOWN_TOOLS), with its version command and source. */
export const TOOL_INFO: Readonly<Record<string, ToolInfo>> = {
  skopeo: { versionArgs: ["--version"], install: apt("skopeo") },
  buildah: { versionArgs: ["--version"], install: apt("buildah") },
  podman: { versionArgs: ["--version"], install: apt("podman") },
  docker: {
    versionArgs: ["--version"],
    install: `${apt("docker.io")}, or Docker Engine from https://docs.docker.com/engine/install/`,
  },
  crane: {
    versionArgs: ["version"],
    install:
      "not packaged in Debian: `go install github.com/google/go-containerregistry/cmd/crane@latest`, or a release from https://github.com/google/go-containerregistry/releases",
  },
  oras: {
    versionArgs: ["version"],
    install:
      "not packaged in Debian: a release from https://github.com/oras-project/oras/releases (see https://oras.land/docs/installation)",
  },
  regctl: {
    versionArgs: ["version", "--format", "{{.VCSTag}}"],
    install:
      "not packaged in Debian: `regctl-linux-amd64` from https://github.com/regclient/regclient/releases, or `go install github.com/regclient/regclient/cmd/regctl@latest`",
  },
  jq: { versionArgs: ["--version"], install: apt("jq") },
  curl: { versionArgs: ["--version"], install: apt("curl") },
  umoci: { versionArgs: ["--version"], install: apt("umoci") },
};

// The first version number in a tool's output (`skopeo version 1.9.3` → 1.9.3, `jq-1.6` → 1.6).
export function parseToolVersion(output: string): string | undefined {
  return /(\d+\.\d+(?:\.\d+)?(?:[-+~][0-9A-Za-z.+~-]*)?)/.exec(output)?.[1];
}
