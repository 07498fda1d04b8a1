/**
 * docs/ivr-modules.md, written from the module definitions themselves (describeModules), so the
 * reference can never disagree with the engine. `npm run docs` rewrites it; a test checks it.
 */
import { describeModules, type ModuleDescription } from './describe.js';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
}

export function renderModuleDocs(modules: ModuleDescription[] = describeModules()): string {
  const out: string[] = [
    '# IVR modules',
    '',
    'Generated from the module definitions (`npm run docs`); the API serves the same data at',
    '`GET /v1/ivr/modules`, with each config as a JSON Schema. Text fields marked *template* may use',
    '`${variable}`.',
    '',
  ];
  for (const m of modules) {
    out.push(`## \`${m.type}\` — ${m.title.en} / ${m.title.zh}`, '', m.help.en, '', m.help.zh, '');
    const schema = m.configSchema as JsonSchema;
    const props = Object.entries(schema.properties ?? {});
    if (props.length > 0) {
      out.push('| config | type | required | default | meaning |', '| --- | --- | --- | --- | --- |');
      for (const [name, p] of props) {
        const required = schema.required?.includes(name) ? 'yes' : '';
        const def = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
        const template = (p as Record<string, unknown>)['x-template'] ? ' (template)' : '';
        out.push(
          `| \`${name}\` | ${typeOf(p)} | ${required} | ${def} | ${(p.description ?? '').replace(/\|/g, '\\|')}${template} |`,
        );
      }
      out.push('');
    }
    if ('fixed' in m.exits) {
      if (m.exits.fixed.length === 0) out.push('Exits: none (the call ends here).', '');
      else {
        out.push('| exit | required | when |', '| --- | --- | --- |');
        for (const e of m.exits.fixed) {
          const required = e.required ? 'yes' : e.otherwise ? `no (else \`${e.otherwise}\`)` : 'no';
          out.push(`| \`${e.name}\` | ${required} | ${e.help?.en ?? ''} ${e.help?.zh ?? ''} |`);
        }
        out.push('');
      }
    } else out.push(`Exits: ${m.exits.fromConfig.en} ${m.exits.fromConfig.zh}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function typeOf(p: JsonSchema): string {
  if (p.const !== undefined) return `\`${JSON.stringify(p.const)}\``;
  if (p.enum) return p.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (p.oneOf) return p.oneOf.map(typeOf).join(' or ');
  if (p.type === 'array') return `list of ${p.items ? typeOf(p.items) : 'values'}`;
  if (p.type === 'object' && p.properties) {
    const kind = p.properties['kind']?.const;
    return kind === undefined ? 'object' : `${String(kind)} object`;
  }
  return Array.isArray(p.type) ? p.type.join(' \\| ') : (p.type ?? 'any');
}
