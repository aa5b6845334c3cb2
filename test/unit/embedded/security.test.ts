import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { RegistryError } from "../../../runner/registry/embedded/http/errors.js";
import {
  checkRequestAllowed,
  hostnameOf,
  isLoopbackHostname,
  type SecurityPolicy,
} from "../../../runner/registry/embedded/http/security.js";

const local: SecurityPolicy = { anyHost: false, allowedHosts: new Set(["host.docker.internal"]) };
const withAuth: SecurityPolicy = { ...local, auth: { username: "learner", password: "s3cret" } };
const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

function refusal(policy: SecurityPolicy, headers: Record<string, string>): RegistryError | undefined {
  try {
    checkRequestAllowed(policy, request(headers));
    return undefined;
  } catch (err) {
    if (err instanceof RegistryError) return err;
    throw err;
  }
}

describe("host names", () => {
  it.each([
    ["localhost:5000", "localhost"],
    ["127.0.0.1", "127.0.0.1"],
    ["[::1]:5000", "::1"],
    ["Example.COM:80", "Example.COM"],
  ])("reads %s as %s", (header, hostname) => {
    expect(hostnameOf(header)).toBe(hostname);
  });

  it.each(["a b", "x:y:z", "[::1", "host:port"])("rejects %j", (header) => {
    expect(hostnameOf(header)).toBeUndefined();
  });

  it("knows which names are loopback", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "::1"])
      expect(isLoopbackHostname(host)).toBe(true);
    for (const host of ["127.0.0.256", "128.0.0.1", "localhost.evil.com", "0.0.0.0", "::", "10.0.0.1"]) {
      expect(isLoopbackHostname(host)).toBe(false);
    }
  });
});

describe("checkRequestAllowed", () => {
  it("lets loopback and allowed hosts in", () => {
    expect(refusal(local, { host: "127.0.0.1:5000" })).toBeUndefined();
    expect(refusal(local, { host: "host.docker.internal:5000" })).toBeUndefined();
  });

  it("refuses another Host (DNS rebinding) with 403 and a missing or malformed one with 400", () => {
    expect(refusal(local, { host: "attacker.example:5000" })?.status).toBe(403);
    expect(refusal(local, {})?.status).toBe(400);
    expect(refusal(local, { host: "a b" })?.status).toBe(400);
  });

  it("accepts any Host when the registry listens beyond loopback", () => {
    expect(
      refusal({ ...withAuth, anyHost: true }, { host: "10.1.2.3:5000", authorization: basic("learner", "s3cret") }),
    ).toBeUndefined();
  });

  it("refuses browser requests", () => {
    expect(refusal(local, { host: "localhost", origin: "http://example.com" })?.status).toBe(403);
    expect(refusal(local, { host: "localhost", "sec-fetch-site": "cross-site" })?.status).toBe(403);
    expect(refusal(local, { host: "localhost", "sec-fetch-site": "none" })).toBeUndefined();
  });

  it("asks for basic credentials and checks them", () => {
    const missing = refusal(withAuth, { host: "localhost" });
    expect(missing?.status).toBe(401);
    expect(missing?.headers["WWW-Authenticate"]).toBe('Basic realm="labs-registry"');
    expect(refusal(withAuth, { host: "localhost", authorization: basic("learner", "wrong") })?.status).toBe(401);
    expect(refusal(withAuth, { host: "localhost", authorization: basic("other", "s3cret") })?.status).toBe(401);
    expect(refusal(withAuth, { host: "localhost", authorization: "Bearer abc" })?.status).toBe(401);
    expect(
      checkRequestAllowed(withAuth, request({ host: "localhost", authorization: basic("learner", "s3cret") })),
    ).toBe("learner");
  });
});
