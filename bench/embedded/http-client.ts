import { Agent, request } from "node:http";

// A minimal keep-alive HTTP client for the benchmark, the same for both registries.

/** A response with its body, or its byte count when the body was discarded. */
export interface BenchResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly bytes: number;
}

/** One request. */
export interface BenchRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string | number>;
  /** Sent in slices of at most 1 MiB, like a client streaming a file. */
  readonly body?: Buffer;
  /** Count the response body instead of keeping it. */
  readonly discard?: boolean;
}

const SLICE = 1024 * 1024;

// A keep-alive agent with `sockets` connections.
export function createAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets });
}

function writeBody(req: ReturnType<typeof request>, body: Buffer | undefined): void {
  if (!body) {
    req.end();
    return;
  }
  let offset = 0;
  const next = () => {
    while (offset < body.length) {
      const slice = body.subarray(offset, offset + SLICE);
      offset += slice.length;
      if (!req.write(slice)) {
        req.once("drain", next);
        return;
      }
    }
    req.end();
  };
  next();
}

// Sends a request and reads the whole response.
export function send(agent: Agent, options: BenchRequest): Promise<BenchResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers, ...(options.body ? { "Content-Length": options.body.length } : {}) };
    const req = request(options.url, { method: options.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (!options.discard) chunks.push(chunk);
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), bytes }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    writeBody(req, options.body);
  });
}

// Sends a request and fails unless the status is the expected one.
export async function expectStatus(agent: Agent, options: BenchRequest, status: number): Promise<BenchResponse> {
  const response = await send(agent, options);
  if (response.status !== status) {
    throw new Error(
      `${options.method} ${options.url}: expected ${status}, got ${response.status} ${response.body.toString().slice(0, 300)}`,
    );
  }
  return response;
}
