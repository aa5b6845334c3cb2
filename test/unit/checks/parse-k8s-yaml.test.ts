import { describe, expect, it } from "vitest";
import { parseYamlImages } from "../../../grader/checks/parse-k8s-yaml.js";

const K8S = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: web
      image: localhost:5000/lab15/frontend:1.2
  ephemeralContainers:
    - name: debug
      image: busybox:debug
---
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          image: "localhost:5000/lab15/backend:2.0"
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
              image: localhost:5000/lab15/worker:latest
---
`;

describe("parseYamlImages", () => {
  it("finds every container list of a Pod, a Deployment and a CronJob, with paths and lines", () => {
    const { images, documents, problems } = parseYamlImages(K8S);
    expect(problems).toEqual([]);
    expect(documents).toBe(3);
    expect(images.map((i) => [i.kind, i.name, i.image, i.line])).toEqual([
      ["Pod", "init", "busybox:1.36", 7],
      ["Pod", "web", "localhost:5000/lab15/frontend:1.2", 10],
      ["Pod", "debug", "busybox:debug", 13],
      ["Deployment", "api", "localhost:5000/lab15/backend:2.0", 22],
      ["CronJob", "worker", "localhost:5000/lab15/worker:latest", 33],
    ]);
    expect(images[4]?.path).toBe("spec.jobTemplate.spec.template.spec.containers[0].image");
    expect(images[3]?.document).toBe(1);
  });

  it("reads StatefulSet, DaemonSet, Job and ReplicaSet templates and List items", () => {
    const kinds = ["StatefulSet", "DaemonSet", "Job", "ReplicaSet"];
    const docs = kinds.map(
      (k, i) => `kind: ${k}\nspec:\n  template:\n    spec:\n      containers:\n        - image: img${i}:1\n`,
    );
    const list = "kind: List\nitems:\n  - kind: Pod\n    spec:\n      containers:\n        - image: listed:1\n";
    const { images } = parseYamlImages([...docs, list].join("---\n"));
    expect(images.map((i) => i.image)).toEqual(["img0:1", "img1:1", "img2:1", "img3:1", "listed:1"]);
    expect(images[4]?.path).toBe("items[0].spec.containers[0].image");
  });

  it("reads a Compose file's services, skipping build-only services", () => {
    const compose = "services:\n  web:\n    image: localhost:5000/lab15/frontend:1.2\n  local:\n    build: .\n";
    const { images } = parseYamlImages(compose);
    expect(images).toEqual([
      {
        image: "localhost:5000/lab15/frontend:1.2",
        document: 0,
        path: "services.web.image",
        line: 3,
        kind: "compose",
        name: "web",
      },
    ]);
  });

  it("finds image fields in documents of other shapes (a custom resource)", () => {
    const { images } = parseYamlImages("kind: Thing\nspec:\n  runner:\n    image: tool:2\n");
    expect(images.map((i) => [i.image, i.path])).toEqual([["tool:2", "spec.runner.image"]]);
  });

  it("follows YAML aliases", () => {
    const { images } = parseYamlImages("x: &img app:1\nkind: Pod\nspec:\n  containers:\n    - image: *img\n");
    expect(images.map((i) => i.image)).toEqual(["app:1"]);
  });

  it("reports a container without an image, and syntax errors with their line", () => {
    expect(parseYamlImages("kind: Pod\nspec:\n  containers:\n    - name: x\n").problems[0]?.message).toContain(
      "containers[0].image is not an image reference",
    );
    const broken = parseYamlImages("kind: Pod\nspec: [\n");
    expect(broken.problems.length).toBeGreaterThan(0);
    expect(broken.images).toEqual([]);
  });

  it("refuses duplicate keys (two readers could see different images)", () => {
    const { problems } = parseYamlImages("kind: Pod\nkind: Pod\n");
    expect(problems[0]?.message).toMatch(/unique/i);
  });
});
