import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../../grader/checks/index.js";
import type { LabDefinition } from "../../../grader/lab/types.js";
import { digestOf } from "../../../grader/oci/digest.js";
import { loadLabText } from "../../../runner/lab-file/load.js";
import type { LabSession } from "../../../runner/lab-session.js";
import { seedFacts } from "../../../runner/seeding/plan.js";
import { prepareWorkspace } from "../../../runner/workspace/prepare.js";
import { workspaceReader } from "../../../runner/workspace/reader.js";
import { requireCommand } from "../../support/requirements.js";

const LAB = `formatVersion: 1
number: 6
slug: layouts
title: Layouts
level: intermediate
minutes: 5
intro: x
debrief: x
seed:
  images:
    local:
      flavour: oci
      platform: linux/arm64/v8
      created: "2024-01-01T00:00:00Z"
      history:
        - { created_by: "COPY motd /etc/motd" }
        - { created_by: "CMD [\\"cat\\"]", empty_layer: true }
      layers:
        - files: [{ path: etc/motd, content: "from a layout\\n" }]
  tags: [{ repository: app, tag: v1, target: local }]
  layouts:
    - { path: layouts/seeded, refs: [{ name: local, target: local }] }
  files:
    - { path: deploy/app.env, content: "IMAGE={{registry}}/{{prefix}}/app@{{seed.local.digest}}\\n" }
tasks:
  - { id: t, title: t, text: t, hints: [h], checks: [{ id: c, kind: same-digest, ref: "app:v1", seed: local }] }
solution: { tools: [skopeo], run: "true" }
`;

function loadLab(text: string): LabDefinition {
  const result = loadLabText("lab.yaml", text, CHECKS);
  if ("problems" in result) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.lab;
}

describe("preparing a lab's workspace", () => {
  const lab = loadLab(LAB);
  const workspace = mkdtempSync(join(tmpdir(), "labs-ws-"));
  const session: LabSession = { prefix: "lab06", variant: "", workspace, facts: seedFacts(lab.seed), chosen: {} };

  it("writes an OCI image layout whose blobs hash to their names and whose ref names the seeded image", async () => {
    const written = await prepareWorkspace(lab, session, "127.0.0.1:5123");
    expect(written.map((w) => [w.path, w.outcome])).toEqual([
      ["deploy/app.env", "written"],
      ["layouts/seeded", "written"],
    ]);
    const root = join(workspace, "layouts/seeded");
    expect(JSON.parse(readFileSync(join(root, "oci-layout"), "utf8"))).toEqual({ imageLayoutVersion: "1.0.0" });
    const index = JSON.parse(readFileSync(join(root, "index.json"), "utf8"));
    expect(index.manifests).toEqual([
      expect.objectContaining({
        digest: session.facts.get("local")?.digest,
        annotations: { "org.opencontainers.image.ref.name": "local" },
      }),
    ]);
    for (const name of readdirSync(join(root, "blobs/sha256"))) {
      expect(digestOf(readFileSync(join(root, "blobs/sha256", name)))).toBe(`sha256:${name}`);
    }
    if (requireCommand("umoci").ok) {
      expect(execFileSync("umoci", ["ls", "--layout", root], { encoding: "utf8" }).trim()).toBe("local");
    }
  });

  it("fills placeholders in workspace files and keeps a file the learner changed", async () => {
    const file = join(workspace, "deploy/app.env");
    expect(readFileSync(file, "utf8")).toBe(`IMAGE=127.0.0.1:5123/lab06/app@${session.facts.get("local")?.digest}\n`);
    writeFileSync(file, "IMAGE=mine\n");
    const again = await prepareWorkspace(lab, session, "127.0.0.1:5123");
    expect(again.map((w) => w.outcome)).toEqual(["kept-yours", "kept-yours"]);
    expect(readFileSync(file, "utf8")).toBe("IMAGE=mine\n");
  });

  it("writes the history and creation time the lab gives into the config", async () => {
    const read = await workspaceReader(join(workspace, "layouts/seeded")).read("index.json", 1 << 20);
    expect(read).toBeDefined();
    const config = seedFacts(lab.seed).get("local")?.configDigest;
    const raw = readFileSync(join(workspace, "layouts/seeded/blobs/sha256", String(config).slice(7)), "utf8");
    const parsed = JSON.parse(raw);
    expect(parsed.created).toBe("2024-01-01T00:00:00Z");
    expect(parsed.history.map((h: { created_by: string }) => h.created_by)).toEqual([
      "COPY motd /etc/motd",
      'CMD ["cat"]',
    ]);
  });

  it("refuses a history entry with an unknown key, and a layout naming nothing", () => {
    const bad = LAB.replace('{ created_by: "COPY motd /etc/motd" }', '{ created_by: "COPY", createdBy: "x" }').replace(
      "target: local }] }",
      "target: nothing }] }",
    );
    const result = loadLabText("lab.yaml", bad, CHECKS);
    expect("problems" in result && result.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("unknown key `createdBy`"),
        'no seeded object is named "nothing"',
      ]),
    );
  });

  it("refuses to read a symlink or a path outside the workspace", async () => {
    const reader = workspaceReader(workspace);
    execFileSync("ln", ["-s", "/etc/passwd", join(workspace, "link")]);
    await expect(reader.read("link", 1 << 20)).rejects.toThrow(/symbolic link/);
    await expect(reader.read("../x", 1 << 20)).rejects.toThrow(/outside the workspace/);
    await expect(reader.read("deploy/app.env", 3)).rejects.toThrow(/over the 3-byte limit/);
    expect(await reader.read("missing.txt", 10)).toBeUndefined();
  });
});
