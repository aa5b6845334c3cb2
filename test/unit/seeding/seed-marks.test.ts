import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import type { SeedSpec } from "../../../grader/lab/types.js";
import { anonymousAuth } from "../../../grader/registry/auth.js";
import { labsHome } from "../../../runner/home.js";
import { seededBefore, seedMark, withMark } from "../../../runner/seeding/resume.js";
import type { LabProgress, RegistryRecord } from "../../../runner/state/state.js";

const home = labsHome({ LABS_HOME: "/tmp/labs-home-marks" });

function record(kind: RegistryRecord["kind"], url: string): RegistryRecord {
  return { kind, url, hostPort: new URL(url).host, id: "x", capabilities: {}, startedAt: "2026-11-27T00:00:00Z" };
}

function progress(seeded: LabProgress["seeded"]): LabProgress {
  return { startedAt: "2026-11-27T00:00:00Z", prefix: "lab11", checks: 0, seeded };
}

describe("the marks of a completed seed", () => {
  it("name a home's own backend by the home, whatever port it listens on, and a remote one by its URL", () => {
    const embedded = seedMark(record("embedded", "http://127.0.0.1:5200"), home, "lab11", "v");
    expect(seedMark(record("embedded", "http://127.0.0.1:5999"), home, "lab11", "v")).toEqual(embedded);
    expect(seedMark(record("docker", "http://127.0.0.1:5200"), home, "lab11", "v").registry).not.toBe(
      embedded.registry,
    );
    expect(seedMark(record("remote", "https://r.example"), home, "lab11", "v").registry).toBe(
      "remote:https://r.example",
    );
  });

  it("keep one mark per registry's data, prefix and variant, so moving between backends keeps both", () => {
    const embedded = seedMark(record("embedded", "http://127.0.0.1:5200"), home, "lab11", "v");
    const docker = seedMark(record("docker", "http://127.0.0.1:5200"), home, "lab11", "v");
    const both = withMark(progress(withMark(undefined, embedded)), docker);
    expect(both).toEqual([embedded, docker]);
    expect(withMark(progress(both), embedded)).toEqual(both);
  });

  it("resume only the run marked for this registry's data, and only while the registry still holds it", async () => {
    const seed = { tags: [{ repository: "edge", tag: "v3", target: "x" }] } as unknown as SeedSpec;
    let holds = true;
    const server = createServer((req, res) => {
      const tags = holds && req.url?.startsWith("/v2/lab11/edge/tags/list") ? ["v3"] : [];
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name: "lab11/edge", tags }));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const marked = seedMark(record("embedded", url), home, "lab11", "v");
    const target = { url, seed, auth: anonymousAuth() };
    expect(await seededBefore(progress([marked]), marked, target)).toBe(true);
    expect(await seededBefore(progress([]), marked, target)).toBe(false);
    expect(await seededBefore(progress([{ ...marked, variant: "other" }]), marked, target)).toBe(false);
    expect(await seededBefore(progress([{ ...marked, prefix: "course/ada/lab11" }]), marked, target)).toBe(false);
    expect(await seededBefore(progress([{ ...marked, registry: "docker:/elsewhere" }]), marked, target)).toBe(false);
    holds = false;
    expect(await seededBefore(progress([marked]), marked, target)).toBe(false);
  });
});
