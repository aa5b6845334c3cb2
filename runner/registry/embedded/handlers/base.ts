import { type Exchange, sendJson } from "../http/exchange.js";

// end-1: GET /v2/ answers 200 so clients know they speak to a v2 registry (and, with auth, that they are let in).
export async function handleBase(ex: Exchange): Promise<void> {
  sendJson(ex, 200, {});
}
