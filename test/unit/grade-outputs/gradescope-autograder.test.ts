import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gradescopeAutograder } from "../../../runner/grade/outputs/gradescope-autograder.js";
import { assertRequirement, requireAll, requireCommand, skipUnless } from "../../support/requirements.js";

const tarball = { name: "oci-labs-0.1.0.tgz", bytes: new Uint8Array([0x1f, 0x8b, 1, 2, 3]) };
const KEY = `k'e"y $HOME \`x\``;
const archive = gradescopeAutograder({ lab: 9, tarball, courseKey: KEY });
const script = (name: string) => new TextDecoder().decode(archive.files.find((f) => f.name === name)!.data);

describe("gradescopeAutograder (files)", () => {
  it("ships setup.sh and run_autograder as executables, and the tarball", () => {
    expect(archive.files.map((f) => [f.name, f.mode])).toEqual([
      ["setup.sh", 0o755],
      ["run_autograder", 0o755],
      ["oci-labs-0.1.0.tgz", undefined],
    ]);
    expect(script("setup.sh")).toContain("apt-get install -y nodejs npm");
    expect(script("setup.sh")).toContain("npm install -g /autograder/source/oci-labs-0.1.0.tgz");
    expect(script("run_autograder")).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a JS template
      'labs grade --lab 9 --format gradescope "${bundles[0]}" -o /autograder/results/results.json',
    );
  });

  it("rejects a bad lab number or a tarball name that is not a plain file name", () => {
    expect(() => gradescopeAutograder({ lab: 0, tarball })).toThrow(/bad lab/);
    expect(() => gradescopeAutograder({ lab: 9, tarball: { ...tarball, name: "../x.tgz" } })).toThrow(/tarball/);
    expect(() => gradescopeAutograder({ lab: 9, tarball: { ...tarball, name: "x;rm -rf.tgz" } })).toThrow(/tarball/);
  });
});

const tools = requireAll(requireCommand("bash"), requireCommand("unzip", ["-v"]));

// Runs a script of the archive with /autograder moved to a temporary folder and fake tools first on PATH.
function runScript(name: string, root: string, env: Record<string, string> = {}) {
  const path = join(root, `${name}.sh`);
  writeFileSync(path, script(name).replaceAll("/autograder", root));
  return spawnSync("bash", [path], {
    encoding: "utf8",
    env: { PATH: `${join(root, "bin")}:/usr/bin:/bin`, ...env },
  });
}

function fakeTool(root: string, name: string, body: string): void {
  const file = join(root, "bin", name);
  writeFileSync(file, `#!/bin/bash\necho "${name} $*" >> "${root}/calls"\n${body}\n`);
  chmodSync(file, 0o755);
}

describe.skipIf(skipUnless(tools))("gradescopeAutograder (scripts run by bash, zip read by unzip)", () => {
  let root = "";
  beforeAll(() => {
    assertRequirement(tools);
    root = mkdtempSync(join(tmpdir(), "autograder-"));
    for (const dir of ["bin", "submission", "results", "source"]) mkdirSync(join(root, dir));
    fakeTool(root, "apt-get", "");
    fakeTool(root, "npm", "");
    fakeTool(root, "node", 'if [ "$1" = -p ]; then echo "$FAKE_NODE_MAJOR"; else echo "v$FAKE_NODE_MAJOR.0.0"; fi');
    fakeTool(
      root,
      "labs",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a JS template
      '[ "$1" = --version ] && exit 0\nprintf %s "$LABS_COURSE_KEY" > "$(dirname "$0")/../key"\n[ "$FAKE_LABS" = write ] && echo \'{"score":5}\' > "${@: -1}"\nexit 3',
    );
  });

  it("the zip passes unzip -t and holds the three files", () => {
    const file = join(root, "autograder.zip");
    writeFileSync(file, archive.zip);
    expect(execFileSync("unzip", ["-t", file], { encoding: "utf8" })).toContain("No errors detected");
    expect(execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n")).toEqual([
      "setup.sh",
      "run_autograder",
      "oci-labs-0.1.0.tgz",
    ]);
  });

  it("setup.sh installs the shipped tarball on Node 20 and refuses an older Node with a sentence", () => {
    const ok = runScript("setup.sh", root, { FAKE_NODE_MAJOR: "20" });
    expect(ok.status).toBe(0);
    expect(readFileSync(join(root, "calls"), "utf8")).toContain(`npm install -g ${root}/source/oci-labs-0.1.0.tgz`);
    const old = runScript("setup.sh", root, { FAKE_NODE_MAJOR: "18" });
    expect(old.status).toBe(1);
    expect(old.stderr).toContain("labs needs Node.js 20 or newer; this image's apt has v18.0.0.");
  });

  it("run_autograder grades the one bundle with the course key, keeping the results labs wrote", () => {
    writeFileSync(join(root, "submission", "me.bundle"), "x");
    const run = runScript("run_autograder", root, { FAKE_LABS: "write" });
    expect(run.status).toBe(0);
    expect(readFileSync(join(root, "calls"), "utf8")).toContain(
      `labs grade --lab 9 --format gradescope ${root}/submission/me.bundle -o ${root}/results/results.json`,
    );
    expect(readFileSync(join(root, "key"), "utf8")).toBe(KEY);
    expect(JSON.parse(readFileSync(join(root, "results", "results.json"), "utf8"))).toEqual({ score: 5 });
  });

  it("run_autograder writes a zero score with a sentence when labs wrote nothing or there is not one bundle", () => {
    writeFileSync(join(root, "submission", "me.bundle"), "x");
    runScript("run_autograder", root, { FAKE_LABS: "nothing" });
    const failed = JSON.parse(readFileSync(join(root, "results", "results.json"), "utf8"));
    expect(failed).toMatchObject({
      score: 0,
      output: "The autograder could not grade this submission. Tell your instructor.",
    });
    writeFileSync(join(root, "submission", "other.bundle"), "x");
    runScript("run_autograder", root, { FAKE_LABS: "write" });
    const two = JSON.parse(readFileSync(join(root, "results", "results.json"), "utf8"));
    expect(two.output).toBe("Upload exactly one .bundle file (found 2). Make it with labs submit 9.");
  });
});
