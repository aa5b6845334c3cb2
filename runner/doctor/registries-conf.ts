// Reads containers-registries.conf(5) files (podman, skopeo, buildah) far enough to tell whether a registry is
// marked insecure: `[[registry]]` tables (v2) and `[registries.insecure]` (v1). Not a general TOML parser.

import { join } from "node:path";

/** One `[[registry]]` table: the references it covers (prefix, else location) and its `insecure` flag. */
export interface RegistryEntry {
  readonly prefix: string;
  readonly insecure: boolean;
}

/** What one file says about insecure registries. */
export interface RegistriesConf {
  readonly registries: readonly RegistryEntry[];
  /** v1 format: `[registries.insecure] registries = [...]`. */
  readonly insecureV1: readonly string[];
}

/** The main file and drop-in folders containers/image reads, in order. */
export interface RegistriesConfPaths {
  readonly main: string;
  readonly dropInDirs: readonly string[];
}

/** The system-wide main file. */
export const SYSTEM_REGISTRIES_CONF = "/etc/containers/registries.conf";
const SYSTEM_DROP_INS = "/etc/containers/registries.conf.d";

// Which files apply, as containers/image decides (sysregistriesv2): $CONTAINERS_REGISTRIES_CONF, else the
// per-user file when it exists (then the system file and folder are not read), else the system file.
export function registriesConfPaths(
  env: NodeJS.ProcessEnv,
  home: string,
  userFileExists: boolean,
): RegistriesConfPaths {
  const userFile = join(home, ".config/containers/registries.conf");
  const userDir = join(home, ".config/containers/registries.conf.d");
  if (env.CONTAINERS_REGISTRIES_CONF)
    return { main: env.CONTAINERS_REGISTRIES_CONF, dropInDirs: [SYSTEM_DROP_INS, userDir] };
  if (userFileExists) return { main: userFile, dropInDirs: [userDir] };
  return { main: SYSTEM_REGISTRIES_CONF, dropInDirs: [SYSTEM_DROP_INS, userDir] };
}

// The `[[registry]]` tables and v1 insecure list of one file; unknown keys and tables are ignored.
export function parseRegistriesConf(text: string): RegistriesConf {
  const registries: { prefix?: string; location?: string; insecure?: boolean }[] = [];
  const insecureV1: string[] = [];
  let section: "top" | "registry" | "v1-insecure" | "other" = "top";
  for (const line of logicalLines(text)) {
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      section = sectionOf(line, header[1] ?? "");
      if (section === "registry") registries.push({});
      continue;
    }
    const pair = /^([A-Za-z0-9_.-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair) continue;
    const [key, value] = [pair[1], parseValue(pair[2] ?? "")];
    const current = registries.at(-1);
    if (section === "registry" && current) {
      if ((key === "prefix" || key === "location") && typeof value === "string") current[key] = value;
      if (key === "insecure" && typeof value === "boolean") current.insecure = value;
    }
    if (section === "v1-insecure" && key === "registries" && Array.isArray(value)) insecureV1.push(...value);
  }
  return {
    registries: registries
      .map((r) => ({ prefix: r.prefix ?? r.location ?? "", insecure: r.insecure ?? false }))
      .filter((r) => r.prefix !== ""),
    insecureV1,
  };
}

// Whether files (in reading order: later ones override) mark `hostPort` insecure for every repository in it.
// Like containers/image, the longest matching prefix wins; `host` alone also matches `host:port`.
export function isMarkedInsecure(hostPort: string, files: readonly RegistriesConf[]): boolean {
  const host = hostPort.replace(/:\d+$/, "");
  const byPrefix = new Map<string, boolean>();
  for (const file of files) {
    for (const entry of file.registries) byPrefix.set(entry.prefix, entry.insecure);
    for (const name of file.insecureV1) byPrefix.set(name, true);
  }
  return byPrefix.get(hostPort) ?? byPrefix.get(host) ?? false;
}

function sectionOf(line: string, name: string): "registry" | "v1-insecure" | "other" {
  if (line.startsWith("[[") && name === "registry") return "registry";
  if (!line.startsWith("[[") && name === "registries.insecure") return "v1-insecure";
  return "other";
}

// Lines without comments, with multi-line arrays joined into one line.
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw).trim();
    if (line === "" && pending === "") continue;
    pending = pending === "" ? line : `${pending} ${line}`;
    const open = (pending.match(/=\s*\[/g) ?? []).length > 0 && !pending.startsWith("[");
    if (open && !/\]\s*,?\s*$/.test(pending)) continue;
    lines.push(pending);
    pending = "";
  }
  if (pending !== "") lines.push(pending);
  return lines;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}

function parseValue(text: string): string | boolean | string[] | undefined {
  const value = text.trim();
  if (value === "true" || value === "false") return value === "true";
  const quoted = /^(["'])(.*)\1$/.exec(value);
  if (quoted) return quoted[2];
  if (value.startsWith("[")) return [...value.matchAll(/(["'])(.*?)\1/g)].map((m) => m[2] ?? "");
  return undefined;
}
