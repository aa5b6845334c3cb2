import { discardBody } from "./body.js";
import { createTransport, send, type Transport, type TransportOptions } from "./http.js";

/** What `GET /v2/` answered: 200 means a registry that lets us in; 401 one that wants credentials. */
export interface PingResult {
  readonly ok: boolean;
  readonly status: number;
  /** `Docker-Distribution-API-Version`, e.g. `registry/2.0`, when sent. */
  readonly apiVersionHeader: string | undefined;
}

// GET /v2/ on a transport (distribution-spec end-1).
export async function pingTransport(t: Transport): Promise<PingResult> {
  const res = await send(t, { method: "GET", url: new URL("/v2/", t.origin) });
  await discardBody(res);
  return {
    ok: res.status === 200,
    status: res.status,
    apiVersionHeader: res.headers.get("docker-distribution-api-version") ?? undefined,
  };
}

// GET /v2/ on a registry URL; throws RegistryUnreachableError when nothing answers.
export async function pingRegistry(baseUrl: string, options: TransportOptions = {}): Promise<PingResult> {
  return pingTransport(createTransport(baseUrl, options));
}
