/**
 * Templates: text where `${name}` stands for a variable's value, typed wherever a module takes a
 * value (function parameters, numbers to dial, TTS text). `$${` writes a literal `${`. A variable
 * that is not set renders as empty text. Parsed templates are cached, so rendering in the call
 * path costs a map lookup and a join.
 */
import { isVariableName } from './names.js';

/** A parsed template: literal text and variable names, alternating. */
type Part = string | { readonly variable: string };

export interface TemplateError {
  /** Offset of the problem in the template text. */
  index: number;
  message: string;
}

export interface ParsedTemplate {
  readonly parts: readonly Part[];
  readonly variables: readonly string[];
  readonly errors: readonly TemplateError[];
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, ParsedTemplate>();

export function parseTemplate(text: string): ParsedTemplate {
  const hit = cache.get(text);
  if (hit) return hit;
  const parsed = parseUncached(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

function parseUncached(text: string): ParsedTemplate {
  const parts: Part[] = [];
  const variables: string[] = [];
  const errors: TemplateError[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) {
      literal += text.slice(i);
      break;
    }
    if (open > i && text[open - 1] === '$') {
      literal += text.slice(i, open - 1) + '${';
      i = open + 2;
      continue;
    }
    literal += text.slice(i, open);
    const close = text.indexOf('}', open + 2);
    const name = close < 0 ? '' : text.slice(open + 2, close);
    if (close < 0 || !isVariableName(name)) {
      errors.push({
        index: open,
        message: close < 0 ? 'unterminated ${ (missing })' : `"${name}" is not a variable name`,
      });
      literal += text.slice(open, close < 0 ? text.length : close + 1);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ variable: name });
    if (!variables.includes(name)) variables.push(name);
    i = close + 1;
  }
  if (literal || parts.length === 0) parts.push(literal);
  return { parts, variables, errors };
}

/** The variables a template reads, in order of first use. */
export function templateVariables(text: string): readonly string[] {
  return parseTemplate(text).variables;
}

export function renderTemplate(text: string, lookup: (name: string) => string): string {
  if (!text.includes('${')) return text;
  const { parts } = parseTemplate(text);
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : lookup(part.variable);
  return out;
}
