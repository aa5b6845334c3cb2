// Predicates over two texts that should be equal: they name the usual near miss (a trailing newline, CRLF line
// ends, surrounding spaces, letter case) without quoting either text, so a secret expected value stays hidden.

/** A recognised near miss: what differs and what to do. */
export interface TextDifference {
  readonly diagnosis: string;
  readonly hint: string;
}

// The near miss between `expected` and `actual`, or undefined when they differ in substance (or not at all).
export function textDifference(expected: string, actual: string, what = "The text"): TextDifference | undefined {
  if (expected === actual) return undefined;
  if (actual === `${expected}\n`) {
    return {
      diagnosis: `${what} has one newline too many at the end.`,
      hint: "`echo` adds a newline; use `printf '%s'` (or `echo -n`) when none is wanted.",
    };
  }
  if (`${actual}\n` === expected) {
    return {
      diagnosis: `${what} lacks the newline at the end.`,
      hint: "End the text with a newline (`printf '…\\n'` or `echo`).",
    };
  }
  if (actual.replace(/\r\n/g, "\n") === expected) {
    return {
      diagnosis: `${what} has Windows line ends (CRLF).`,
      hint: "Save it with Unix line ends (LF), for example with `dos2unix`.",
    };
  }
  if (actual.trim() === expected.trim()) {
    return {
      diagnosis: `${what} differs only in spaces or blank lines around it.`,
      hint: "Remove the surrounding whitespace.",
    };
  }
  if (actual.toLowerCase() === expected.toLowerCase()) {
    return { diagnosis: `${what} differs only in upper and lower case.`, hint: "Keep the exact letter case." };
  }
  return undefined;
}
