// Parser for `WWW-Authenticate` (RFC 9110 §11.6.1), so a later bearer-token flow can read
// `Bearer realm="…",service="…",scope="…"` challenges (distribution "Token Authentication Specification").

/** One challenge: the scheme in lower case and its auth-params with lower-case names. */
export interface AuthChallenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*/;

interface Cursor {
  text: string;
}

function skipSpaces(c: Cursor): void {
  c.text = c.text.replace(/^[ \t]+/, "");
}

function take(c: Cursor, pattern: RegExp): string | undefined {
  const match = pattern.exec(c.text);
  if (!match) return undefined;
  c.text = c.text.slice(match[0].length);
  return match[0];
}

function takeQuoted(c: Cursor): string | undefined {
  if (!c.text.startsWith('"')) return undefined;
  let value = "";
  for (let i = 1; i < c.text.length; i++) {
    const ch = c.text[i];
    if (ch === "\\" && i + 1 < c.text.length) {
      value += c.text[++i];
    } else if (ch === '"') {
      c.text = c.text.slice(i + 1);
      return value;
    } else {
      value += ch;
    }
  }
  return undefined;
}

// Reads `name=value` when the cursor is at one; leaves the cursor unchanged otherwise.
function takeParam(c: Cursor): [string, string] | undefined {
  const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*=[ \t]*/.exec(c.text);
  if (!match?.[1]) return undefined;
  const rest: Cursor = { text: c.text.slice(match[0].length) };
  const value = takeQuoted(rest) ?? take(rest, TOKEN);
  if (value === undefined) return undefined;
  c.text = rest.text;
  return [match[1].toLowerCase(), value];
}

// Reads the parameters of one challenge, stopping before the next scheme.
function takeParams(c: Cursor): Record<string, string> {
  const params: Record<string, string> = {};
  for (;;) {
    skipSpaces(c);
    const param = takeParam(c);
    if (!param) return params;
    params[param[0]] = param[1];
    skipSpaces(c);
    if (!c.text.startsWith(",")) return params;
    const afterComma: Cursor = { text: c.text.slice(1) };
    skipSpaces(afterComma);
    if (!takeParam({ text: afterComma.text })) return params;
    c.text = afterComma.text;
  }
}

// Parses every challenge of a `WWW-Authenticate` value; unparsable trailing text is ignored.
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const c: Cursor = { text: header };
  for (;;) {
    c.text = c.text.replace(/^[ \t,]+/, "");
    const scheme = take(c, TOKEN);
    if (!scheme) return challenges;
    skipSpaces(c);
    const params = takeParams(c);
    if (Object.keys(params).length === 0) {
      const token68 = take(c, TOKEN68);
      if (token68) params.token68 = token68;
    }
    challenges.push({ scheme: scheme.toLowerCase(), params });
  }
}
