/**
 * Names and literals of a written program: logical names and variable names that are always valid and unique,
 * and string literals that hold any Unicode exactly and can never end a line, a comment or a string early.
 */

// Words a `const` may not be named in a strict CommonJS module (TypeScript's output), plus the program's own imports and helper.
const TAKEN = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof let new null return super switch this throw true try typeof var void while with yield await " +
    "implements interface package private protected public static " +
    // Strict mode forbids binding these; CommonJS passes the rest in as parameters of the module's function.
    "eval arguments module exports require __filename __dirname " +
    // Not reserved, but shadowing them misleads a reader; and the program's imports.
    "undefined NaN Infinity globalThis openai pulumi fs path secretFile"
  ).split(" "),
);

/** Hands out names unique within one program; a taken name gets `<sep>2`, `<sep>3`… until it is free. */
export class Names {
  private readonly used = new Set<string>();
  constructor(private readonly sep: string) {}
  take(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.used.has(name); n++) name = `${wanted}${this.sep}${n}`;
    this.used.add(name);
    return name;
  }
}

/**
 * A logical name from an object's name: lower-case ASCII words joined by `-`, starting with a letter (so it is a
 * plain key and reference in YAML too), at most 60 characters; `kind` leads it when the name gives nothing usable.
 */
export function slug(text: string, kind: string): string {
  const s = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  if (!s) return kind;
  return /^[a-z]/.test(s) ? s : `${kind}-${s}`;
}

/** A variable name from a logical name (`search-relevance` → `searchRelevance`), never a reserved or restricted word. */
export function identifier(logical: string, kind: string): string {
  const camel = logical.replace(/-+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");
  return /^[A-Za-z]/.test(camel) && !TAKEN.has(camel) ? camel : `${kind}_${camel}`;
}

// Line and paragraph separators end a line (and a `//` comment) in JavaScript and in YAML; format characters
// (bidi overrides, zero-width) make text read differently from what it is; controls and non-characters are
// not allowed raw in YAML. All are written as \u escapes, which every reader turns back into the same value.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/gu;

/**
 * A double-quoted literal of `s`, valid and exact as a JavaScript/TypeScript string (`js`) or a YAML 1.2 scalar
 * (`yaml`): JSON's escapes, plus every character in {@link UNSAFE} escaped. Safe inside a `//` or `#` comment too.
 */
export function literal(s: string, flavor: "js" | "yaml" = "js"): string {
  return JSON.stringify(s).replace(UNSAFE, (c) => escape(c.codePointAt(0)!, flavor));
}

function escape(cp: number, flavor: "js" | "yaml"): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
  // YAML has no surrogate pairs: a code point past U+FFFF is one \U escape there.
  if (flavor === "yaml") return `\\U${hex(cp, 8)}`;
  const v = cp - 0x10000;
  return `\\u${hex(0xd800 + (v >> 10), 4)}\\u${hex(0xdc00 + (v & 0x3ff), 4)}`;
}
