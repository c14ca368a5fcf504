import { K8sSelectorError } from './kubernetesErrors.js';

/** One requirement of a label selector, as the API server reads it. */
export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type LabelSelector = LabelRequirement[];

// a qualified name with an optional DNS-subdomain prefix, and a label value (may be empty)
const KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Splits at commas that are not inside a `( … )` value set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key)) throw new K8sSelectorError(`label key ${JSON.stringify(key)} in --k8s-selector ${JSON.stringify(whole)} is not a valid label name`);
  return key;
}

function checkValue(value: string, whole: string): string {
  if (!VALUE.test(value)) throw new K8sSelectorError(`label value ${JSON.stringify(value)} in --k8s-selector ${JSON.stringify(whole)} is not a valid label value`);
  return value;
}

/**
 * Reads a label selector in the syntax kubectl and the API server accept:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, joined by
 * commas (all must hold). Anything else is refused with K8sSelectorError.
 */
export function parseLabelSelector(text: string): LabelSelector {
  if (text.trim() === '') throw new K8sSelectorError('empty --k8s-selector; give requirements such as app=web,tier!=db');
  return splitTopLevel(text).map((part): LabelRequirement => {
    if (part === '') throw new K8sSelectorError(`empty requirement in --k8s-selector ${JSON.stringify(text)}`);
    const set = /^(\S+)\s+(in|notin)\s+\(([^()]*)\)$/.exec(part);
    if (set) {
      const values = set[3]!.split(',').map((v) => checkValue(v.trim(), text));
      return { key: checkKey(set[1]!, text), op: set[2] as 'in' | 'notin', values };
    }
    const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (cmp) {
      const values = [checkValue(cmp[3]!.trim(), text)];
      return { key: checkKey(cmp[1]!, text), op: cmp[2] === '!=' ? 'notin' : 'in', values };
    }
    if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim(), text), op: 'notexists' };
    return { key: checkKey(part, text), op: 'exists' };
  });
}

/** Whether labels satisfy every requirement (`notin` and `!=` hold when the key is absent, as in Kubernetes). */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  return selector.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key]!);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]!);
    }
  });
}
