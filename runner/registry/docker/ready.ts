// Waits until a registry answers `GET /v2/` with 200, the distribution spec's "API is here" check.

import { setTimeout as sleep } from "node:timers/promises";

const POLL_MS = 50;

// Whether `GET <url>/v2/` answers 200 right now.
export async function answersV2(url: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

// Polls `GET /v2/` until it answers 200; false after `timeoutMs`.
export async function waitForV2(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answersV2(url)) return true;
    await sleep(POLL_MS);
  }
  return false;
}
