import nunjucks from "nunjucks";
import type { FieldProblem } from "../../app/errors";
import type { LetterKind } from "./letter.entity";
import { LOOP_FIELDS, PLACEHOLDERS, placeholdersFor, type LetterValues } from "./letter-placeholders";

/**
 * Letter templates are written by CSP officers, so they are data, not code: Nunjucks is not a
 * sandbox (`{{ range.constructor("...")() }}` reaches Function), so a template is accepted only when
 * every part of it is on a short list: text, the documented placeholders of its kind, `if`/`elif`/
 * `else`, `for` over a documented list (with `loop.index` and the item's documented fields), and
 * comparisons with numbers and booleans. No filters, calls, strings, `set`, macros or includes.
 * Rendering then uses an environment with no loader and autoescape on, over plain values only.
 */

/** Nunjucks' parser, lexer and escape: exported by the package, not described by its types. */
const internals = nunjucks as unknown as {
  parser: { parse(src: string, extensions: unknown[], opts: object): unknown };
  lexer: { lex(src: string, opts: object): { nextToken(): { type: string; value: unknown } | null }; TOKEN_DATA: string };
  lib: { escape(s: string): string };
};

interface Node {
  typename: string;
  lineno: number;
  colno: number;
  value?: unknown;
  [field: string]: unknown;
}

const STRUCTURE = new Set(["Root", "NodeList", "Output", "TemplateData", "If", "InlineIf", "Not", "And", "Or", "Compare", "CompareOperand", "Group"]);
const WORDS: Record<string, string> = {
  FunCall: "calling a function", Filter: "a filter (|)", Set: "{% set %}", Macro: "a macro", Caller: "a macro call", Include: "{% include %}",
  Import: "{% import %}", FromImport: "{% from %}", Extends: "{% extends %}", Block: "{% block %}", Super: "super()", Dict: "a dictionary",
  Array: "a list literal", Pair: "a dictionary", KeywordArgs: "keyword arguments", Capture: "{% set %} blocks", Switch: "{% switch %}",
  Concat: "joining with ~", Add: "arithmetic", Sub: "arithmetic", Mul: "arithmetic", Div: "arithmetic", FloorDiv: "arithmetic",
  Mod: "arithmetic", Pow: "arithmetic", Neg: "arithmetic", Pos: "arithmetic", In: "the in operator", Is: "tests (is)", CallExtension: "an extension tag",
};

const article = (word: string) => (/^[AEIOU]/i.test(word) ? "an" : "a");

/** Levenshtein distance, to suggest the placeholder a misspelt name meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

function suggestion(name: string, known: string[]): string {
  const best = known.map(k => ({ k, d: distance(name, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean {{ ${best.k} }}?)` : "";
}

/**
 * The problems of a template for a letter of `kind`, each naming what is wrong and where; empty
 * when it may be saved. `field` is the input field the template came in ("subject" or "body").
 */
export function templateProblems(kind: LetterKind, source: string, field: string): FieldProblem[] {
  let ast: Node;
  try {
    ast = internals.parser.parse(source, [], {}) as unknown as Node;
  } catch (err) {
    const message = String((err as Error).message ?? err).replace(/^\(unknown path\)\s*/, "").replace(/\s+/g, " ").trim();
    return [{ field, message: `the template cannot be read: ${message}` }];
  }
  const available = placeholdersFor(kind);
  const names = available.map(p => p.name);
  const problems: FieldProblem[] = [];
  const at = (n: Node) => `line ${n.lineno + 1}`;
  const refuse = (n: Node, message: string) => {
    if (!problems.some(p => p.message === `${message} (${at(n)})`)) problems.push({ field, message: `${message} (${at(n)})` });
  };

  /** loops: the loop variables in scope, each with the fields its items have. */
  const walk = (n: Node | null | undefined, loops: Map<string, string[]>): void => {
    if (!n || typeof n !== "object") return;
    switch (n.typename) {
      case "Symbol": {
        const name = String(n.value);
        if (loops.has(name)) return refuse(n, `{{ ${name} }} is an item of a list: use one of its fields, ${loops.get(name)!.map(f => `${name}.${f}`).join(", ")}`);
        if (name === "loop" && loops.size) return refuse(n, `use loop.index, loop.first or loop.last, not loop itself`);
        const p = available.find(x => x.name === name);
        if (!p) {
          const other = PLACEHOLDERS.find(x => x.name === name);
          if (other) return refuse(n, `{{ ${name} }} is not available in ${article(kind)} ${kind} letter (only in ${other.kinds!.join(", ")})`);
          return refuse(n, `unknown placeholder {{ ${name} }}${suggestion(name, names)}: ${article(kind)} ${kind} letter may use ${names.join(", ")}`);
        }
        if (p.itemFields) return refuse(n, `{{ ${name} }} is a list: walk it with {% for r in ${name} %}...{% endfor %}`);
        return;
      }
      case "LookupVal": {
        const target = n.target as Node;
        const key = n.val as Node;
        const keyName = key?.typename === "Literal" && typeof key.value === "string" ? key.value : null;
        if (target?.typename !== "Symbol" || keyName === null) return refuse(n, "only item.field and loop.index are allowed");
        const t = String(target.value);
        if (t === "loop" && loops.size) {
          if (!LOOP_FIELDS.includes(keyName)) refuse(n, `unknown loop.${keyName}: use ${LOOP_FIELDS.map(f => `loop.${f}`).join(", ")}`);
          return;
        }
        const fields = loops.get(t);
        if (!fields) return refuse(n, `unknown placeholder {{ ${t}.${keyName} }}${suggestion(t, names)}: ${article(kind)} ${kind} letter may use ${names.join(", ")}`);
        if (!fields.includes(keyName)) refuse(n, `unknown field {{ ${t}.${keyName} }}${suggestion(keyName, fields).replace("{{ ", `{{ ${t}.`)}: an item has ${fields.map(f => `${t}.${f}`).join(", ")}`);
        return;
      }
      case "Literal":
        if (typeof n.value === "number" || typeof n.value === "boolean" || n.value === null) return;
        return refuse(n, "text in quotes inside {{ }} or {% %} is not allowed: write the text outside the tags");
      case "For": {
        const arr = n.arr as Node;
        const name = n.name as Node;
        if (name?.typename !== "Symbol") return refuse(n, "{% for %} takes one name: {% for r in recommendations %}");
        const list = arr?.typename === "Symbol" ? available.find(p => p.name === arr.value && p.itemFields) : undefined;
        if (!list) {
          const lists = available.filter(p => p.itemFields).map(p => p.name);
          return refuse(n, `{% for %} walks a documented list${lists.length ? ` (${lists.join(", ")})` : `: ${article(kind)} ${kind} letter has none`}`);
        }
        const inner = new Map(loops).set(String(name.value), Object.keys(list.itemFields!));
        walk(n.body as Node, inner);
        walk(n.else_ as Node, loops);
        return;
      }
      case "Compare": {
        walk(n.expr as Node, loops);
        for (const op of (n.ops as Node[]) ?? []) walk(op.expr as Node, loops);
        return;
      }
      default:
        if (!STRUCTURE.has(n.typename)) return refuse(n, `${WORDS[n.typename] ?? n.typename} is not allowed in a letter template`);
    }
    for (const f of (n.fields as unknown as string[]) ?? []) {
      const v = n[f];
      if (v && typeof v === "object" && (v as Node).typename) walk(v as Node, loops);
    }
    for (const c of (n.children as Node[] | undefined) ?? []) walk(c, loops);
  };
  walk(ast, new Map());
  return problems;
}

// ---- Rendering -------------------------------------------------------------------------------------

// No loader: {% include %} and friends have nothing to reach (and are refused when saved anyway).
const env = new nunjucks.Environment(null as never, { autoescape: true, throwOnUndefined: true, trimBlocks: false });

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#92;": "\\" };
/** The exact inverse of Nunjucks' escape: the escaped letter read back as plain text. */
const unescape = (html: string) => html.replace(/&(?:amp|lt|gt|quot|#39|#92);/g, e => ENTITIES[e]!);

/**
 * The template with its own text escaped too (autoescape only escapes values): the lexer's data
 * tokens are the text between tags. A saved template has no quoted strings, so its tokens put back
 * together are exactly the source.
 */
function escapeTemplateText(source: string): string {
  const tokens = internals.lexer.lex(source, {});
  let out = "";
  let joined = "";
  for (let t = tokens.nextToken(); t; t = tokens.nextToken()) {
    const value = String(t.value);
    joined += value;
    out += t.type === internals.lexer.TOKEN_DATA ? internals.lib.escape(value) : value;
  }
  if (joined !== source) throw new Error("letter template: tokens do not rebuild the source (an unchecked template?)");
  return out;
}

const compiled = new Map<string, nunjucks.Template>();
function compile(source: string): nunjucks.Template {
  let t = compiled.get(source);
  if (!t) {
    t = nunjucks.compile(escapeTemplateText(source), env);
    if (compiled.size > 500) compiled.clear();
    compiled.set(source, t);
  }
  return t;
}

export interface RenderedText {
  /** The letter as plain text (what is stored on the letter and printed, escaped, by letter.print). */
  text: string;
  /** The same letter as escaped HTML paragraphs, for a page to show as it is. */
  html: string;
}

/**
 * Renders a checked template with the values of its kind. Every value and every character of the
 * template's own text is HTML-escaped by Nunjucks; the plain text is read back from that.
 */
export function renderTemplate(source: string, values: LetterValues): RenderedText {
  // Plain data only: copies of the values, so a template can reach nothing else.
  const context: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) context[k] = Array.isArray(v) ? v.map(item => ({ ...item })) : v;
  const escaped = compile(source).render(context);
  const html = escaped
    .split(/\n\s*\n/)
    .map(par => `<p>${par.split("\n").join("<br>")}</p>`)
    .join("\n");
  return { text: unescape(escaped), html };
}
