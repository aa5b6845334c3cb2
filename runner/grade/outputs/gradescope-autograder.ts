import { writeZip, type ZipEntry } from "./zip.js";

// The Gradescope autograder archive for one lab (`labs grade --package gradescope`): setup.sh installs Node
// and the packed labs tarball shipped in the zip; run_autograder grades the one bundle the learner uploaded.

/** What the archive is built from. */
export interface GradescopeAutograderOptions {
  readonly lab: number;
  /** The `npm pack` tarball of this labs version. */
  readonly tarball: { readonly name: string; readonly bytes: Uint8Array };
  /** LABS_COURSE_KEY, which derives each learner's seeded values; the archive is instructor-only. */
  readonly courseKey?: string;
}

/** The archive's files and its bytes. */
export interface GradescopeAutograder {
  readonly files: readonly ZipEntry[];
  readonly zip: Uint8Array;
}

const RESULTS = "/autograder/results/results.json";

// The files of a Gradescope autograder zip (setup.sh, run_autograder, the labs tarball) and the zip itself.
export function gradescopeAutograder(options: GradescopeAutograderOptions): GradescopeAutograder {
  if (!Number.isInteger(options.lab) || options.lab < 1)
    throw new Error(`gradescope autograder: bad lab ${options.lab}`);
  if (!/^[A-Za-z0-9._-]+\.tgz$/.test(options.tarball.name))
    throw new Error(`gradescope autograder: tarball name "${options.tarball.name}" is not a plain .tgz file name`);
  const files: ZipEntry[] = [
    { name: "setup.sh", data: utf8(setupScript(options.tarball.name)), mode: 0o755 },
    { name: "run_autograder", data: utf8(runScript(options)), mode: 0o755 },
    { name: options.tarball.name, data: options.tarball.bytes },
  ];
  return { files, zip: writeZip(files) };
}

function setupScript(tarball: string): string {
  return `#!/usr/bin/env bash
# Installs Node.js from the image's apt sources and the labs tool shipped in this archive.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y nodejs npm
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "labs needs Node.js 20 or newer; this image's apt has $(node --version). Choose a newer base image in the autograder settings." >&2
  exit 1
fi
npm install -g /autograder/source/${tarball}
labs --version
`;
}

function runScript(options: GradescopeAutograderOptions): string {
  const key = options.courseKey === undefined ? "" : `export LABS_COURSE_KEY=${shellQuote(options.courseKey)}\n`;
  return `#!/usr/bin/env bash
# Grades the one .bundle file in the submission and writes Gradescope's results.json.
set -uo pipefail
${key}mkdir -p /autograder/results
shopt -s nullglob
bundles=(/autograder/submission/*.bundle)
fail() {
  printf '{"score":0,"output":"%s","visibility":"visible","tests":[]}\\n' "$1" > ${RESULTS}
  exit 0
}
if [ "\${#bundles[@]}" -ne 1 ]; then
  fail "Upload exactly one .bundle file (found \${#bundles[@]}). Make it with labs submit ${options.lab}."
fi
rm -f ${RESULTS}
labs grade --lab ${options.lab} --format gradescope "\${bundles[0]}" -o ${RESULTS}
if [ ! -s ${RESULTS} ]; then
  fail "The autograder could not grade this submission. Tell your instructor."
fi
`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "utf8"));
}
