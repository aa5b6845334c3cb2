import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

/** A request the fake server saw, with its body. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
  /** The client's port: requests with the same one came over the same (kept-alive) connection. */
  readonly remotePort: number;
}

/** A loopback HTTP server for one test; closed when the test finishes. */
export interface FakeServer {
  readonly url: string;
  readonly requests: SeenRequest[];
}

type Handler = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

// Starts a node:http server on 127.0.0.1 that records every request and answers with `handler`.
export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const seen = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks),
      remotePort: req.socket.remotePort ?? 0,
    };
    requests.push(seen);
    await handler(seen, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

// Answers with a status, headers and an optional body.
export function reply(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
  body?: string | Uint8Array,
) {
  res.writeHead(status, headers);
  res.end(body);
}
