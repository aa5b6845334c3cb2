// Why `docker push` to the lab registry failed, and what to change, from the CLI's message and the engine's
// insecure-registry settings.

import type { CommandOutcome, EngineFacts } from "./types.js";

/** A failed engine push, explained. */
export interface PushDiagnosis {
  readonly summary: string;
  readonly fix: string;
}

// The daemon.json the engine reads: the rootless engine's own, else the system one.
export function daemonJsonPath(engine: EngineFacts): string {
  return engine.rootless ? "~/.config/docker/daemon.json" : "/etc/docker/daemon.json";
}

// Maps the push's output to a reason: plain HTTP refused, address unreachable from the engine, credentials, time.
export function diagnosePush(push: CommandOutcome, hostPort: string, engine: EngineFacts): PushDiagnosis {
  const text = `${push.stderr}\n${push.stdout}`;
  if (push.timedOut) {
    return {
      summary: `\`docker push\` to ${hostPort} did not finish in time.`,
      fix: "Check the engine with `docker info` and the registry with `labs status`, then run `labs doctor` again.",
    };
  }
  if (/server gave HTTP response to HTTPS client|tls: first record does not look like a TLS handshake/i.test(text)) {
    return { summary: `The Docker engine refuses plain HTTP to ${hostPort}.`, fix: insecureFix(hostPort, engine) };
  }
  if (/connection refused|no route to host|i\/o timeout|no such host|dial tcp/i.test(text)) {
    return {
      summary: `The Docker engine cannot reach ${hostPort}: it runs somewhere 127.0.0.1 is not this machine (DOCKER_HOST, a docker context, Docker Desktop's VM).`,
      fix: "Use the engine of this machine (`docker context use default`, unset DOCKER_HOST), or push with skopeo or crane, which run here.",
    };
  }
  if (/unauthorized|authentication required|denied/i.test(text)) {
    return {
      summary: `The lab registry at ${hostPort} refused the engine's credentials.`,
      fix: `Run \`docker login ${hostPort}\`.`,
    };
  }
  const first = text.trim().split("\n").at(-1) ?? "";
  return {
    summary: `\`docker push\` to ${hostPort} failed: ${first}`,
    fix: "Read the engine's message (shown under this line); `docker info` and `labs status` show the engine and the registry.",
  };
}

// Docker talks plain HTTP to 127.0.0.0/8 by default; any other address must be listed in daemon.json.
function insecureFix(hostPort: string, engine: EngineFacts): string {
  const file = daemonJsonPath(engine);
  const restart = engine.rootless ? "systemctl --user restart docker" : "sudo systemctl restart docker";
  return (
    `Add \`"insecure-registries": ["${hostPort}"]\` to ${file} (a new file is just \`{ "insecure-registries": ["${hostPort}"] }\`), ` +
    `then \`${restart}\` (Docker Desktop: Settings → Docker Engine). Loopback (127.0.0.0/8) is allowed by default; other addresses need this.`
  );
}

// Whether the engine's settings already let it use plain HTTP with `hostPort` (IndexConfigs or a CIDR).
export function engineAllowsHttp(hostPort: string, engine: EngineFacts): boolean {
  const config = engine.registryConfig;
  if (config?.IndexConfigs?.[hostPort]?.Secure === false) return true;
  const host = hostPort.replace(/:\d+$/, "");
  return (config?.InsecureRegistryCIDRs ?? []).some((cidr) => inCidr(host, cidr));
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const bits = Number(bitsText);
  const a = ipv4(ip);
  const b = ipv4(base ?? "");
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

function ipv4(text: string): number | undefined {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
}
