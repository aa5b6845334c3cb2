import { readFile } from "node:fs/promises";
import type { RegistryCredentials } from "../../grader/registry/auth.js";
import { LabsError } from "../errors.js";

// Docker's config.json and podman's auth.json share this shape: `auths` entries with `auth` (base64 of
// `user:password`) or `username`/`password`, an `identitytoken`, and `credsStore`/`credHelpers` naming helpers.

/** One `auths` entry as written by `docker login` or `podman login`. */
export interface AuthEntry {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
}

/** The parts of a config file that hold credentials. */
export interface AuthConfigFile {
  readonly path: string;
  readonly auths: Readonly<Record<string, AuthEntry>>;
  readonly credsStore?: string;
  readonly credHelpers: Readonly<Record<string, string>>;
}

function stringsOf(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

function entriesOf(value: unknown): Record<string, AuthEntry> {
  if (typeof value !== "object" || value === null) return {};
  const entries = Object.entries(value).filter(([, v]) => typeof v === "object" && v !== null);
  return Object.fromEntries(entries.map(([k, v]) => [k, stringsOf(v) as AuthEntry]));
}

// Reads a config file; undefined when it does not exist, a LabsError when it is not a JSON object.
export async function readAuthConfig(path: string): Promise<AuthConfigFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT" || (error as { code?: unknown }).code === "ENOTDIR") return;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new LabsError("ENVIRONMENT", `${path} is not a JSON object.`, "Fix or remove it, then log in again.");
  }
  const { auths, credsStore, credHelpers } = parsed as Record<string, unknown>;
  return {
    path,
    auths: entriesOf(auths),
    ...(typeof credsStore === "string" && credsStore !== "" ? { credsStore } : {}),
    credHelpers: stringsOf(credHelpers),
  };
}

// The credentials an `auths` entry holds; undefined for an empty entry (e.g. one kept only for a helper).
export function decodeAuthEntry(entry: AuthEntry, path: string): RegistryCredentials | undefined {
  let { username = "", password = "" } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new LabsError("ENVIRONMENT", `An \`auth\` value in ${path} is not base64 of user:password.`);
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (entry.identitytoken) return { username, password, identityToken: entry.identitytoken };
  if (username === "" && password === "") return undefined;
  return { username, password };
}
