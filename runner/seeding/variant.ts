import { createHmac } from "node:crypto";

/** Learner ids as they appear in repository paths (`course/<learner>/lab09`): lower-case, digits, . _ -. */
export const LEARNER_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

// The personal variant of a lab for a learner: HMAC(course key, learner + lab), so nobody without the course
// key can compute another learner's seed, and the grader derives the same value from the roster, never from
// the learner's claim. No learner means the shared, unpersonalised seed.
export function learnerVariant(labNumber: number, learner: string | undefined, courseKey = ""): string {
  if (!learner) return "";
  return createHmac("sha256", `oci-labs/v1/${courseKey}`).update(`${learner}\n${labNumber}`).digest("hex").slice(0, 32);
}
