import type * as z from 'zod';
import type { PathFinding } from './findings.js';

/** Turn zod issues into findings that point at the key or value at fault. */
export function findingsFromZod(error: z.ZodError): PathFinding[] {
  const out: PathFinding[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (string | number)[];
    const where = path.length ? path.join('.') : 'the top level';
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push({
            severity: 'error',
            code: 'unknown-key',
            message: `Unknown key '${key}' in ${where}.`,
            hint: 'Check the spelling; `cjoip schema` prints every allowed key.',
            path: [...path, key],
          });
        }
        break;
      case 'invalid_type': {
        const missing = /received undefined/.test(issue.message);
        out.push({
          severity: 'error',
          code: missing ? 'missing-key' : 'wrong-type',
          message: missing
            ? `'${path[path.length - 1]}' is required in ${path.slice(0, -1).join('.') || 'the top level'}.`
            : `${where}: expected ${issue.expected}, found ${describeReceived(issue.message)}.`,
          hint: missing ? 'Add this key.' : `Write ${article(issue.expected)} here.`,
          path: missing ? path.slice(0, -1) : path,
          at: missing ? 'key' : 'value',
        });
        break;
      }
      case 'invalid_value':
        out.push({
          severity: 'error',
          code: 'invalid-value',
          message: `${where}: not an allowed value.`,
          hint: `Use one of: ${issue.values.map((v) => String(v)).join(', ')}.`,
          path,
          at: 'value',
        });
        break;
      case 'invalid_format':
      case 'too_small':
      case 'too_big':
      case 'invalid_union':
      default:
        out.push({
          severity: 'error',
          code: 'invalid-value',
          message: `${where}: ${issue.code === 'invalid_union' ? 'not a valid value here' : issue.message}.`,
          hint: issue.code === 'too_small' ? 'This list or text may not be empty.' : 'See `cjoip schema` for the allowed form.',
          path,
          at: 'value',
        });
    }
  }
  return out;
}

function describeReceived(message: string): string {
  const m = /received (\w+)/.exec(message);
  return m ? (m[1] === 'null' ? 'nothing' : `${article(m[1])}`) : 'another type';
}

function article(t: string): string {
  if (t === 'array') return 'a list';
  if (t === 'object') return 'a mapping (key: value)';
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
