import { request } from "node:http";

/** A response with its whole body. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** The `errors[].code` values of an OCI error body, in order. */
  readonly codes: string[];
  json<T = unknown>(): T;
  header(name: string): string | undefined;
}

/** A request; `url` may be absolute or a path joined to the base. */
export interface Call {
  readonly method?: string;
  readonly headers?: Record<string, string | number>;
  readonly body?: string | Uint8Array;
}

function codesOf(body: Buffer): string[] {
  try {
    const value = JSON.parse(body.toString("utf8")) as { errors?: { code: string }[] };
    return (value.errors ?? []).map((e) => e.code);
  } catch {
    return [];
  }
}

// Sends one HTTP/1.1 request (node:http, so Host, Origin and Content-Length can be set freely).
export function http(base: string, url: string, call: Call = {}): Promise<Reply> {
  const target = new URL(url, base);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: call.method ?? "GET", headers: call.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const headers = res.headers;
        resolve({
          status: res.statusCode ?? 0,
          headers,
          body,
          codes: codesOf(body),
          json: <T>() => JSON.parse(body.toString("utf8")) as T,
          header: (name: string) => {
            const value = headers[name.toLowerCase()];
            return Array.isArray(value) ? value.join(", ") : value;
          },
        });
      });
    });
    req.on("error", reject);
    req.end(call.body);
  });
}

/** A client bound to one registry base URL. */
export type Client = (url: string, call?: Call) => Promise<Reply>;

// A client for a base URL.
export function clientFor(base: string): Client {
  return (url, call) => http(base, url, call);
}
