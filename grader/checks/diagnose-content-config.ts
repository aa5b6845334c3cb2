import type { ImageConfig } from "../oci/types.js";
import {
  asStrings,
  type ConfigAssertion,
  type ConfigFieldName,
  configValue,
  deepEqual,
} from "./config-field-values.js";
import type { Explanation } from "./explain-digest.js";

// Predicates over an image configuration that name the usual mistakes (image-spec config.md): a command split
// between Entrypoint and Cmd or written in shell form, an environment variable or label under a near-miss name,
// a label written as a manifest annotation, and kernel architecture names instead of Go's.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties

const KERNEL_ARCH: Readonly<Record<string, string>> = {
  x86_64: "amd64",
  aarch64: "arm64",
  armv7l: "arm",
  i386: "386",
  i686: "386",
};

// The recognised mistake behind a failed assertion, read from the config (and the manifest's annotations).
export function explainConfigField(
  name: ConfigFieldName,
  assertion: ConfigAssertion,
  config: ImageConfig,
  annotations: Readonly<Record<string, string>> = {},
): Explanation | undefined {
  const runtime = config.config ?? {};
  const wanted = assertion.op === "equals" || assertion.op === "contains" ? assertion.value : undefined;
  if (["Cmd", "Entrypoint", "command"].includes(name.field) && Array.isArray(wanted)) {
    return explainCommand(name.field, wanted, asStrings(runtime.Entrypoint), asStrings(runtime.Cmd));
  }
  if (name.field === "Env") return explainEnv(name, wanted, asStrings(runtime.Env));
  if (name.field === "Labels" && name.key !== undefined) {
    return explainLabel(name.key, (runtime.Labels as Record<string, string> | undefined) ?? {}, annotations);
  }
  const actual = configValue(config, name);
  if (name.field === "architecture" && typeof actual === "string" && KERNEL_ARCH[actual]) {
    return {
      diagnosis: `\`${actual}\` is the kernel's name for the architecture; the image spec uses Go's names (\`${KERNEL_ARCH[actual]}\`).`,
      hint: "Set the architecture with the GOARCH name (amd64, arm64, arm, 386, …).",
    };
  }
  if (
    name.field === "ExposedPorts" &&
    typeof wanted === "string" &&
    actual &&
    typeof actual === "object" &&
    Object.hasOwn(actual, wanted.replace(/\/tcp$/, ""))
  ) {
    return {
      diagnosis: "The port has no protocol: exposed ports are keys like `8080/tcp`.",
      hint: "Expose the port with its protocol.",
    };
  }
  return undefined;
}

function explainCommand(
  field: string,
  wanted: readonly unknown[],
  entrypoint: readonly string[],
  cmd: readonly string[],
): Explanation | undefined {
  const own = field === "Cmd" ? cmd : field === "Entrypoint" ? entrypoint : [...entrypoint, ...cmd];
  if (
    own.length === 3 &&
    ["/bin/sh", "sh"].includes(own[0] as string) &&
    own[1] === "-c" &&
    own[2] === wanted.join(" ")
  ) {
    return {
      diagnosis:
        "The command is in shell form (`/bin/sh -c …`), so it needs a shell in the image and runs as its child.",
      hint: 'Use the exec form: a JSON array with one element per argument, such as `["cat", "/hello.txt"]`.',
    };
  }
  if (own.length === 1 && wanted.length > 1 && own[0] === wanted.join(" ")) {
    return {
      diagnosis: "The whole command is a single array element.",
      hint: "Give each argument its own array element.",
    };
  }
  if (field === "Cmd" && deepEqual(entrypoint, wanted)) {
    return {
      diagnosis: "The command is in Entrypoint, not in Cmd.",
      hint: "Set it as Cmd (`--cmd`), not as Entrypoint.",
    };
  }
  if (field === "Cmd" && entrypoint.length > 0 && deepEqual([...entrypoint, ...cmd], wanted)) {
    return {
      diagnosis: "Entrypoint and Cmd together make the expected command, but this check reads Cmd alone.",
      hint: "Put the whole command in Cmd and leave Entrypoint empty.",
    };
  }
  return undefined;
}

function explainEnv(name: ConfigFieldName, wanted: unknown, env: readonly string[]): Explanation | undefined {
  const key = name.key ?? (typeof wanted === "string" ? wanted.slice(0, wanted.indexOf("=")) : undefined);
  if (!key) return undefined;
  const spaced = env.find((e) => e.replace(/\s*=\s*/, "=").startsWith(`${key}=`) && !e.startsWith(`${key}=`));
  if (spaced)
    return {
      diagnosis: "The variable has spaces around `=`, so its name is not what it seems.",
      hint: "Write it as `NAME=value`, without spaces.",
    };
  const other = env
    .map((e) => e.slice(0, e.indexOf("=")))
    .find((n) => n !== key && n.toLowerCase() === key.toLowerCase());
  if (other)
    return {
      diagnosis: `Env sets \`${other}\`: variable names are case-sensitive.`,
      hint: `Name it exactly \`${key}\`.`,
    };
  if (!name.key && env.some((e) => e.startsWith(`${key}=`))) {
    return {
      diagnosis: `\`${key}\` is set, but to another value.`,
      hint: `Set \`${key}\` to the value the task asks for.`,
    };
  }
  return undefined;
}

function explainLabel(
  key: string,
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
): Explanation | undefined {
  if (Object.hasOwn(labels, key)) return undefined;
  const near = Object.keys(labels).find((k) => k.trim().toLowerCase() === key.toLowerCase());
  if (near)
    return {
      diagnosis: `There is a label \`${near}\`: label keys must match exactly.`,
      hint: `Name the label exactly \`${key}\`.`,
    };
  if (Object.hasOwn(annotations, key)) {
    return {
      diagnosis:
        "The manifest has an annotation with this key, but the config has no such label: labels live in the image config, annotations in the manifest.",
      hint: "Set it as a label (`buildah config --label`, `LABEL` in a Dockerfile, `config.Labels` in the config JSON).",
    };
  }
  return undefined;
}
