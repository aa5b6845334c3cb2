import { beforeEach, describe, expect, it } from "vitest";
import { answer } from "../../../grader/checks/answer.js";
import type { CheckKind } from "../../../grader/checks/kind.js";
import { workspaceFile } from "../../../grader/checks/workspace-file.js";
import type { SeedSpec } from "../../../grader/lab/types.js";
import { digestHex } from "../../../grader/oci/digest.js";
import { type Built, type BuiltImage, type BuiltIndex, pushPlan } from "../../../runner/seed/index.js";
import { buildSeed } from "../../../runner/seeding/build.js";
import { seedFacts } from "../../../runner/seeding/plan.js";
import { createFixture, type Fixture, PREFIX, problemsOf, push, runKind } from "./content-fixtures.js";

const kind = workspaceFile as unknown as CheckKind<unknown>;
const files = (content: string) => [{ files: [{ path: "app/run", content }] }];
const SEED: SeedSpec = {
  images: {
    fe_amd64: { flavour: "oci", platform: "linux/amd64", layers: files("fe amd64") },
    fe_arm64: { flavour: "oci", platform: "linux/arm64/v8", layers: files("fe arm64") },
    backend: { flavour: "oci", platform: "linux/amd64", layers: files("backend") },
    backend_old: { flavour: "oci", platform: "linux/amd64", layers: files("backend old") },
    wk_amd64: { flavour: "docker", platform: "linux/amd64", layers: files("wk amd64") },
    wk_armv7: { flavour: "docker", platform: "linux/arm/v7", layers: files("wk armv7") },
  },
  indexes: {
    frontend: { flavour: "oci", manifests: [{ image: "fe_amd64" }, { image: "fe_arm64" }], attestations: true },
    worker: { flavour: "docker", manifests: [{ image: "wk_amd64" }, { image: "wk_armv7" }] },
  },
  artifacts: {},
  tags: [],
  damage: [],
  files: [],
  layouts: [],
};
const built = buildSeed(SEED);
const obj = <T extends Built>(name: string) => built.get(name) as T;
const R = `127.0.0.1:5123/${PREFIX}`;
const pin = (repo: string, tag: string, name: string) => `${R}/${repo}:${tag}@${obj(name).manifest.digest}`;
const K8S = (fe: string, be: string, wk: string) => `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: frontend
          image: ${fe}
        - name: backend
          image: ${be}
---
apiVersion: batch/v1
kind: CronJob
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: worker
              image: ${wk}
`;
const PINS = [
  { repository: "frontend", seed: "frontend", multiPlatform: true },
  { repository: "backend", seed: "backend" },
  { repository: "worker", seed: "worker", multiPlatform: true },
];

describe("workspace-file", () => {
  let fx: Fixture;
  const run = (fields: Record<string, unknown>) => runKind(kind, fx, fields);
  beforeEach(() => {
    fx = createFixture();
    fx.seed = new Map(seedFacts(SEED));
    push(fx, "frontend", obj("frontend"), "1.2");
    push(fx, "backend", obj("backend"), "2.0");
    push(fx, "backend", obj("backend_old"), "old");
    push(fx, "worker", obj("worker"), "latest");
  });

  describe("lab 15: pin everything, for every architecture", () => {
    const k8s = { path: "deploy/k8s.yaml", references: 3, pins: PINS };
    const right = K8S(
      pin("frontend", "1.2", "frontend"),
      pin("backend", "2.0", "backend"),
      pin("worker", "latest", "worker"),
    );

    it("passes index pins for multi-platform images and a manifest pin for the single one", async () => {
      fx.files.set("deploy/k8s.yaml", right);
      const result = await run(k8s);
      expect(result.status).toBe("pass");
      expect(result.summary).toContain("3 image references, all pinned by digest");
    });

    it("accepts localhost for the lab's 127.0.0.1 registry, and name@digest without a tag", async () => {
      fx.files.set(
        "deploy/k8s.yaml",
        right.replaceAll("127.0.0.1:5123", "localhost:5123").replace(`/frontend:1.2@`, "/frontend@"),
      );
      expect((await run(k8s)).status).toBe("pass");
    });

    it("fails references kept by tag, naming where they are", async () => {
      fx.files.set("deploy/k8s.yaml", K8S(`${R}/frontend:1.2`, pin("backend", "2.0", "backend"), `${R}/worker:latest`));
      const result = await run(k8s);
      expect(result.status).toBe("fail");
      expect(result.summary).toContain("references 2 images by tag only");
      expect(result.summary).toContain("(line 8)");
    });

    it.each([
      ["amd64", "fe_amd64", "`linux/amd64` image from inside the multi-platform index", "`linux/arm64/v8` nodes"],
      ["arm64 (pinned on an arm64 laptop)", "fe_arm64", "`linux/arm64/v8` image from inside", "`linux/amd64` nodes"],
    ])("recognises the frontend's %s child pinned instead of its index", async (_name, child, words, others) => {
      fx.files.set(
        "deploy/k8s.yaml",
        K8S(pin("frontend", "1.2", child), pin("backend", "2.0", "backend"), pin("worker", "latest", "worker")),
      );
      const result = await run(k8s);
      expect(result.diagnosis).toContain(words);
      expect(result.diagnosis).toContain(others);
    });

    it("recognises an image ID (config digest) pinned", async () => {
      const config = obj<BuiltImage>("backend").config.digest;
      fx.files.set(
        "deploy/k8s.yaml",
        K8S(pin("frontend", "1.2", "frontend"), `${R}/backend:2.0@${config}`, pin("worker", "latest", "worker")),
      );
      const result = await run(k8s);
      expect(result.diagnosis).toContain("image ID");
      expect(result.actual).toContain("digest sha256:");
    });

    it("recognises a digest no manifest has (the schema 1 conversion hashed without Accept)", async () => {
      fx.files.set(
        "deploy/k8s.yaml",
        K8S(
          pin("frontend", "1.2", "frontend"),
          pin("backend", "2.0", "backend"),
          `${R}/worker:latest@sha256:${"e".repeat(64)}`,
        ),
      );
      const result = await run(k8s);
      expect(result.diagnosis).toContain("No manifest in `worker` has that digest");
      expect(result.hint).toContain("Accept header");
    });

    it("names the tag of another build that was pinned", async () => {
      fx.files.set(
        "deploy/k8s.yaml",
        K8S(
          pin("frontend", "1.2", "frontend"),
          pin("backend", "2.0", "backend_old"),
          pin("worker", "latest", "worker"),
        ),
      );
      expect((await run(k8s)).diagnosis).toBe("It pins another image: the one `old` points to.");
    });

    it("recognises an attestation manifest pinned", async () => {
      const attestation = (obj<BuiltIndex>("frontend").children[2] as Built).manifest.digest;
      fx.files.set(
        "deploy/k8s.yaml",
        K8S(`${R}/frontend:1.2@${attestation}`, pin("backend", "2.0", "backend"), pin("worker", "latest", "worker")),
      );
      expect((await run(k8s)).diagnosis).toContain("attestation manifest");
    });

    it("reads the Dockerfile's FROM (with an ARG default and a build stage) and the compose file", async () => {
      const dockerfile = `ARG REG=127.0.0.1:5123\nFROM \${REG}/${PREFIX}/backend:2.0@${obj("backend").manifest.digest} AS base\nFROM base\nCOPY --from=base /app /app\n`;
      fx.files.set("deploy/Dockerfile", dockerfile);
      fx.files.set("deploy/compose.yaml", `services:\n  web:\n    image: ${pin("frontend", "1.2", "frontend")}\n`);
      expect((await run({ path: "deploy/Dockerfile", references: 1, pins: [PINS[1]] })).status).toBe("pass");
      expect((await run({ path: "deploy/compose.yaml", pins: [PINS[0]] })).status).toBe("pass");
    });

    it("fails a Dockerfile that was forgotten", async () => {
      fx.files.set("deploy/Dockerfile", `FROM ${R}/backend:2.0\n`);
      const result = await run({ path: "deploy/Dockerfile", pins: [PINS[1]] });
      expect(result.summary).toContain("by tag only: `127.0.0.1:5123/labtest/backend:2.0` (FROM on line 1)");
    });

    it("fails a file that is missing or that its tool could not read", async () => {
      expect((await run({ path: "deploy/k8s.yaml" })).summary).toBe("`deploy/k8s.yaml` does not exist.");
      fx.files.set("deploy/k8s.yaml", "kind: Pod\nspec: [\n");
      expect((await run({ path: "deploy/k8s.yaml" })).summary).toContain("cannot be read as yaml: line");
    });

    it("fails a file that lost one of its references", async () => {
      fx.files.set("deploy/k8s.yaml", right.split("---")[0] as string);
      expect((await run(k8s)).summary).toContain("has 2 image references");
    });
  });

  describe("lab 2 and lab 13: an env file", () => {
    const env = { path: "deploy/api.env", key: "IMAGE", pins: [{ repository: "backend", seed: "backend" }] };

    it("passes a pinned IMAGE= line (quoted or not, with comments)", async () => {
      fx.files.set("deploy/api.env", `# production\nIMAGE="${pin("backend", "prod", "backend")}"\nREPLICAS=2\n`);
      expect((await run(env)).status).toBe("pass");
    });

    it("names the build a moved tag points to when it was pinned instead", async () => {
      fx.files.set("deploy/api.env", `IMAGE=${R}/backend@${obj("backend_old").manifest.digest}\n`);
      expect((await run(env)).diagnosis).toContain("the one `old` points to");
    });

    it("still requires a digest for a pinned repository when other references may keep tags", async () => {
      fx.files.set("deploy/api.env", `IMAGE=${R}/backend:2.0\n`);
      expect((await run({ ...env, pinned: false })).summary).toContain("is not pinned by digest");
    });

    it("refuses two IMAGE= lines and a file without one", async () => {
      fx.files.set("deploy/api.env", `IMAGE=${pin("backend", "2.0", "backend")}\nIMAGE=${R}/backend:2.0\n`);
      expect((await run(env)).summary).toContain("IMAGE is set again (first on line 1)");
      fx.files.set("deploy/api.env", "OTHER=1\n");
      expect((await run(env)).summary).toBe("`deploy/api.env` has no `IMAGE=` line.");
    });

    it("fails a pin whose graph is damaged below it, with complete: true (lab 13)", async () => {
      const index = obj<BuiltIndex>("frontend");
      fx.source.putManifest(`${PREFIX}/mirror`, index.manifest.bytes, {
        mediaType: index.manifest.mediaType,
        tag: "15",
      });
      push(fx, "mirror", index.children[0] as Built);
      fx.files.set("deploy/db.env", `IMAGE=${R}/mirror@${index.manifest.digest}\n`);
      const check = {
        path: "deploy/db.env",
        key: "IMAGE",
        complete: true,
        pins: [{ repository: "mirror", seed: "frontend" }],
      };
      const result = await run(check);
      expect(result.summary).toContain("resolves, but 3 objects under it cannot be pulled from `mirror`");
      for (const child of index.children.slice(1)) push(fx, "mirror", child as Built);
      expect((await run(check)).status).toBe("pass");
    });
  });

  describe("lab 8: a pin of what a tag names now", () => {
    const check = {
      path: "lab08.txt",
      pins: [{ repository: "metrics-api", ref: "metrics-api:v2.0.0", multiPlatform: true }],
    };

    it("passes the index digest the learner published, and fails its amd64 child", async () => {
      push(fx, "metrics-api", obj("worker"), "v2.0.0");
      fx.files.set("lab08.txt", `${R}/metrics-api@${obj("worker").manifest.digest}\n`);
      expect((await run(check)).status).toBe("pass");
      fx.files.set("lab08.txt", `${R}/metrics-api@${obj("wk_amd64").manifest.digest}\n`);
      expect((await run(check)).diagnosis).toContain("`linux/amd64` image from inside");
    });

    it("fails a pin of a single-platform manifest published at the tag", async () => {
      push(fx, "metrics-api", obj("wk_amd64"), "v2.0.0");
      fx.files.set("lab08.txt", `${R}/metrics-api@${obj("wk_amd64").manifest.digest}`);
      const result = await run(check);
      expect(result.summary).toContain("pins a Docker image manifest (schema 2)");
      expect(result.expected).toBe("a multi-platform index (or manifest list)");
    });

    it("says there is nothing to pin while the tag does not exist", async () => {
      fx.files.set("lab08.txt", `${R}/metrics-api@${obj("worker").manifest.digest}`);
      expect((await run(check)).summary).toBe("`metrics-api:v2.0.0` does not exist, so there is nothing to pin yet.");
    });
  });

  describe("lab 6: an OCI image layout in the workspace", () => {
    const layoutCheck = {
      path: "layouts/lab06",
      format: "oci-layout",
      refs: [
        { name: "v1", seed: "backend" },
        { name: "v1-multi", ref: "frontend:1.2" },
      ],
    };
    function writeLayout(entries: { name?: string; object: Built; as?: Built }[], skip: string[] = []) {
      fx.files.set("layouts/lab06/oci-layout", '{"imageLayoutVersion":"1.0.0"}');
      const manifests = entries.map(({ name, object, as }) => {
        const m = (as ?? object).manifest;
        return {
          mediaType: m.mediaType,
          digest: m.digest,
          size: m.size,
          ...(name ? { annotations: { "org.opencontainers.image.ref.name": name } } : {}),
        };
      });
      fx.files.set("layouts/lab06/index.json", JSON.stringify({ schemaVersion: 2, manifests }));
      for (const { object } of entries) {
        const plan = pushPlan(object);
        for (const blob of [...plan.blobs, ...plan.manifests]) {
          if (!skip.includes(blob.digest))
            fx.files.set(`layouts/lab06/blobs/sha256/${digestHex(blob.digest)}`, blob.bytes);
        }
      }
    }

    it("passes a layout with both refs and every blob, and counts its blobs for the answer", async () => {
      writeLayout([
        { name: "v1", object: obj("backend") },
        { name: "v1-multi", object: obj("frontend") },
      ]);
      expect((await run(layoutCheck)).status).toBe("pass");
      const count = new Set(
        [
          ...pushPlan(obj("backend")).blobs,
          ...pushPlan(obj("backend")).manifests,
          ...pushPlan(obj("frontend")).blobs,
          ...pushPlan(obj("frontend")).manifests,
        ].map((b) => b.digest),
      ).size;
      fx.answers.set("blob_count", count);
      const counted = await runKind(answer as unknown as CheckKind<unknown>, fx, {
        key: "blob_count",
        field: "layoutBlobs",
        path: "layouts/lab06",
      });
      expect(counted.status).toBe("pass");
    });

    it("recognises a legacy docker save archive", async () => {
      fx.files.set("layouts/lab06/manifest.json", "[]");
      const result = await run(layoutCheck);
      expect(result.summary).toContain("has no `oci-layout` file");
      expect(result.diagnosis).toContain("legacy Docker archive");
    });

    it("recognises v1-multi copied without --all (one platform)", async () => {
      writeLayout([
        { name: "v1", object: obj("backend") },
        { name: "v1-multi", object: obj("fe_amd64") },
      ]);
      expect((await run(layoutCheck)).diagnosis).toContain("one platform's image from inside the index");
    });

    it("recognises a descriptor without the ref name annotation", async () => {
      writeLayout([{ name: "v1", object: obj("backend") }, { object: obj("frontend") }]);
      const result = await run(layoutCheck);
      expect(result.summary).toContain("has no entry named `v1-multi`");
      expect(result.diagnosis).toContain("no `org.opencontainers.image.ref.name` annotation");
    });

    it("finds a blob missing or corrupt under blobs/", async () => {
      const layer = obj<BuiltImage>("fe_arm64").layers[0]!.digest;
      writeLayout(
        [
          { name: "v1", object: obj("backend") },
          { name: "v1-multi", object: obj("frontend") },
        ],
        [layer],
      );
      const missing = await run(layoutCheck);
      expect(missing.summary).toContain("1 of the objects under it are missing or wrong");
      expect(missing.actual).toContain("is not in `layouts/lab06`");
      fx.files.set(`layouts/lab06/blobs/sha256/${digestHex(layer)}`, "tampered");
      expect((await run(layoutCheck)).actual).toContain("bytes");
    });
  });

  it.each([
    [{ path: "a.env" }, "needs `key`"],
    [{ path: "a.yaml", key: "IMAGE" }, "`key` applies to env files"],
    [{ path: "../x.yaml" }, "relative to the workspace"],
    [{ path: "x", format: "oci-layout" }, "needs `refs`"],
    [{ path: "x.yaml", pins: [{ repository: "a", seed: "frontend", ref: "a:1" }] }, "not both"],
    [{ path: "x.yaml", pins: [{ repository: "A", seed: "frontend" }] }, "`repository` is a lab repository"],
    [{ path: "x.yaml", pins: [{ repository: "a", seed: "nope" }] }, 'no seeded object is named "nope"'],
    [{ path: "x.yaml", refs: [] }, "applies to `format: oci-layout`"],
  ])("rejects an invalid check %#", (fields, message) => {
    expect(problemsOf(kind, fields, ["frontend"]).join("\n")).toContain(message);
  });
});
