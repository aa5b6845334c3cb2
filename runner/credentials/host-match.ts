// Registry host matching as Docker's credential store does it (docker/cli `config/credentials/file_store.go`):
// keys are `host[:port]`, or URLs whose scheme and path are ignored; Docker Hub's key is its v1 index URL.

/** The key `docker login` uses for Docker Hub. */
export const DOCKER_HUB_KEY = "https://index.docker.io/v1/";

const DOCKER_HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

// `host[:port]` of a config key: drops `http://` or `https://` and everything from the first `/`.
export function keyHost(key: string): string {
  const withoutScheme = key.replace(/^https?:\/\//i, "");
  return withoutScheme.split("/")[0]?.toLowerCase() ?? "";
}

// The key credentials for `host` are stored under, and the server URL credential helpers are asked for.
export function serverKey(host: string): string {
  return DOCKER_HUB_HOSTS.has(host.toLowerCase()) ? DOCKER_HUB_KEY : host.toLowerCase();
}

// The entry of `entries` for `host`: the exact key first, then any key naming the same host.
export function findByHost<T>(entries: Readonly<Record<string, T>> | undefined, host: string): T | undefined {
  if (!entries) return undefined;
  const key = serverKey(host);
  if (Object.hasOwn(entries, key)) return entries[key];
  const wanted = keyHost(key);
  const match = Object.keys(entries).find((k) => keyHost(k) === wanted);
  return match === undefined ? undefined : entries[match];
}
