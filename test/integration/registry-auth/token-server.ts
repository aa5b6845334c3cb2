import { execFileSync } from "node:child_process";
import { createPrivateKey, type KeyObject, randomBytes, sign, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

// A distribution token server for tests: checks basic credentials, grants what was asked (nothing to anonymous
// callers), and signs RS256 JWTs whose `x5c` header carries the self-signed certificate distribution trusts
// through `auth.token.rootcertbundle`.

/** What the token server saw: the scopes asked for and who asked. */
export interface TokenGrant {
  readonly account: string | undefined;
  readonly scopes: readonly string[];
  readonly status: number;
}

/** A running token server. */
export interface RunningTokenServer {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  readonly certPath: string;
  readonly grants: TokenGrant[];
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

// A key and a self-signed certificate made by Debian's openssl, in `dir`.
export function makeSigningCert(dir: string): { key: KeyObject; certPath: string; der: Buffer } {
  const keyPath = join(dir, "token.key");
  const certPath = join(dir, "token.crt");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=labs-token-server"],
      ...["-keyout", keyPath, "-out", certPath],
    ],
    { stdio: "ignore" },
  );
  const cert = new X509Certificate(readFileSync(certPath));
  return { key: createPrivateKey(readFileSync(keyPath)), certPath, der: cert.raw };
}

// An RS256 JWT with the distribution claim set (`access` lists resources and actions).
export function signToken(key: KeyObject, der: Buffer, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ typ: "JWT", alg: "RS256", x5c: [der.toString("base64")] }));
  const body = b64url(JSON.stringify(claims));
  const signature = sign("sha256", Buffer.from(`${header}.${body}`), key);
  return `${header}.${body}.${b64url(signature)}`;
}

function parseScope(scope: string): { type: string; name: string; actions: string[] } | undefined {
  const first = scope.indexOf(":");
  const last = scope.lastIndexOf(":");
  if (first <= 0 || last <= first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(",") };
}

function basicUser(req: IncomingMessage): { user: string; password: string } | undefined {
  const match = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString();
  const colon = decoded.indexOf(":");
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

// Starts the token server on 127.0.0.1; `users` maps user names to passwords.
export async function startTokenServer(dir: string, users: Record<string, string>): Promise<RunningTokenServer> {
  const { key, der, certPath } = makeSigningCert(dir);
  const service = "labs-registry";
  const issuer = "labs-token-server";
  const grants: TokenGrant[] = [];
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://token");
    const scopes = url.searchParams.getAll("scope");
    const caller = basicUser(req);
    const account = caller?.user;
    if (caller && users[caller.user] !== caller.password) {
      grants.push({ account, scopes, status: 401 });
      return answer(res, 401, { details: "invalid username or password" });
    }
    grants.push({ account, scopes, status: 200 });
    const now = Math.floor(Date.now() / 1000);
    const access = caller ? scopes.map(parseScope).filter((s) => s !== undefined) : [];
    const claims = { iss: issuer, sub: account ?? "", aud: service, exp: now + 300, nbf: now - 10, iat: now };
    const token = signToken(key, der, { ...claims, jti: randomBytes(8).toString("hex"), access });
    answer(res, 200, { token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const realm = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { realm, service, issuer, certPath, grants, close };
}
