// Picks the loopback port of a labs home's registry: stable per home, never 5000, free when chosen.

import { connect, createServer } from "node:net";
import { homeHash } from "./docker/identity.js";

/** Ports a home's registry may use (5000 is left to other registries). */
export const PORT_RANGE = { first: 5100, last: 5999 } as const;

// The port a home tries first, derived from its hash so it stays the same on every machine for that path.
export function preferredPort(home: string): number {
  const span = PORT_RANGE.last - PORT_RANGE.first + 1;
  return PORT_RANGE.first + (Number.parseInt(homeHash(home).slice(0, 8), 16) % span);
}

// Whether 127.0.0.1:port can be bound right now.
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once("error", () => resolvePromise(false));
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => server.close(() => resolvePromise(true)));
  });
}

// The first free port from the home's preferred one, wrapping around the range; undefined when all are taken.
export async function chooseFreePort(home: string): Promise<number | undefined> {
  const span = PORT_RANGE.last - PORT_RANGE.first + 1;
  const start = preferredPort(home) - PORT_RANGE.first;
  for (let i = 0; i < span; i++) {
    const port = PORT_RANGE.first + ((start + i) % span);
    if (await isPortFree(port)) return port;
  }
  return undefined;
}

// Whether something accepts TCP connections at host:port within `timeoutMs` (a refused connection answers at once).
export function acceptsConnections(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    const settle = (open: boolean) => {
      socket.destroy();
      resolvePromise(open);
    };
    socket.setTimeout(timeoutMs, () => settle(false));
    socket.once("connect", () => settle(true));
    socket.once("error", () => settle(false));
  });
}
