/**
 * Flow documents as text: parse JSON or YAML (import) into a checked FlowDocument, and write one
 * back out (export). Syntax errors carry the line and column; shape errors list every problem
 * with its path, as FLOW_SCHEMA problems.
 */
import YAML from 'yaml';
import { ivrErrors } from './errors.js';
import { type FlowDocument, flowDocumentSchema } from './flow.js';
import type { FlowProblem } from './problem.js';

export type FlowTextFormat = 'json' | 'yaml';

export const MAX_FLOW_TEXT_LENGTH = 2_000_000;

/** Parses JSON or YAML (by default: JSON when the text starts with `{`). */
export function parseFlowText(text: string, format?: FlowTextFormat): FlowDocument {
  if (text.length > MAX_FLOW_TEXT_LENGTH) {
    throw ivrErrors.IvrFlowTooLarge(`the flow text is longer than ${MAX_FLOW_TEXT_LENGTH} characters`);
  }
  const chosen = format ?? (text.trimStart().startsWith('{') ? 'json' : 'yaml');
  return parseFlowDocument(chosen === 'json' ? parseJson(text) : parseYaml(text));
}

/** Checks a value (e.g. a JSON request body) against the flow document schema. */
export function parseFlowDocument(value: unknown): FlowDocument {
  const parsed = flowDocumentSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems: FlowProblem[] = parsed.error.issues.map((issue) => ({
    code: 'FLOW_SCHEMA',
    severity: 'error',
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const summary = problems.map((p) => `${p.path?.join('.') || '(document)'}: ${p.message}`).join('; ');
  throw ivrErrors.IvrFlowInvalid(`not a flow document: ${summary}`, { details: { problems } });
}

export function exportFlow(flow: FlowDocument, format: FlowTextFormat = 'json'): string {
  return format === 'json' ? `${JSON.stringify(flow, null, 2)}\n` : YAML.stringify(flow, { lineWidth: 0 });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const position = /at position (\d+)/.exec(err.message);
    const where = position ? lineAndColumn(text, Number(position[1])) : yamlPosition(text);
    throw syntaxError('JSON', err.message, where, err);
  }
}

function parseYaml(text: string): unknown {
  try {
    return YAML.parse(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 });
  } catch (err) {
    if (!(err instanceof YAML.YAMLError)) throw err;
    const at = err.linePos?.[0];
    throw syntaxError(
      'YAML',
      err.message.split('\n')[0] ?? err.message,
      at && { line: at.line, column: at.col },
      err,
    );
  }
}

function syntaxError(
  format: string,
  message: string,
  where: { line: number; column: number } | undefined,
  cause: unknown,
) {
  const place = where ? ` at line ${where.line}, column ${where.column}` : '';
  return ivrErrors.IvrFlowSyntax(`${format} syntax error${place}: ${message}`, {
    details: where ? { format, ...where } : { format },
    cause,
  });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** JSON.parse does not always say where; the YAML parser (a JSON superset) usually can. */
function yamlPosition(text: string): { line: number; column: number } | undefined {
  const at = YAML.parseDocument(text).errors[0]?.linePos?.[0];
  return at && { line: at.line, column: at.col };
}
