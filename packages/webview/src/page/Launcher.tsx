import { useEffect, useState } from 'preact/hooks';
import { callJson, withToken } from './RunFeed.js';

interface GadgetEntry {
  name: string;
  type: string;
  description: string;
  node?: string;
}
interface ParamEntry {
  flag: string;
  type: string;
  choices?: string[];
  default?: unknown;
  description: string;
  required: boolean;
}
interface Described {
  name: string;
  description: string;
  params: ParamEntry[];
  operators: { name: string; params: ParamEntry[] }[];
}

/** One param as a form field: a checkbox, a list of its choices, or text (its default as the hint). */
function ParamField({ p, value, onChange }: { p: ParamEntry; value: string; onChange: (v: string) => void }) {
  const id = `param-${p.flag}`;
  const input =
    p.type === 'boolean' ? (
      <input id={id} name={p.flag} type="checkbox" checked={value === 'true'} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked ? 'true' : '')} />
    ) : p.choices ? (
      <select id={id} name={p.flag} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">{p.default !== undefined ? `(${String(p.default)})` : ''}</option>
        {p.choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    ) : (
      <input id={id} name={p.flag} value={value} placeholder={p.default !== undefined ? String(p.default) : ''} required={p.required} onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value)} />
    );
  return (
    <label class="param" title={p.description}>
      <span class="flag">--{p.flag}</span>
      {input}
      <span class="hint">{p.description}</span>
    </label>
  );
}

/** gadgetry ui: pick a gadget, fill its params (from its schema) and start a run; the runs started, to open or stop. */
export function Launcher() {
  const [gadgets, setGadgets] = useState<GadgetEntry[]>([]);
  const [chosen, setChosen] = useState('');
  const [described, setDescribed] = useState<Described | undefined>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [runs, setRuns] = useState<{ id: string; gadget: string; ended: boolean }[]>([]);
  const [error, setError] = useState<string | undefined>();
  const refresh = () => callJson<typeof runs>('/runs').then(setRuns, (e: unknown) => setError((e as Error).message));
  useEffect(() => {
    callJson<GadgetEntry[]>('/gadgets').then(setGadgets, (e: unknown) => setError((e as Error).message));
    void refresh();
  }, []);
  useEffect(() => {
    setDescribed(undefined);
    setValues({});
    if (chosen) callJson<Described>(`/describe?gadget=${encodeURIComponent(chosen)}`).then(setDescribed, (e: unknown) => setError((e as Error).message));
  }, [chosen]);
  const start = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const params = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
      const { id } = await callJson<{ id: string }>('/runs', { gadget: chosen, params });
      location.href = withToken(`/?run=${id}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const params = described ? [...described.params, ...described.operators.flatMap((o) => o.params)] : [];
  return (
    <main class="launcher">
      <header>
        <h1>gadgetry</h1>
        <span class="description">Pick a gadget, set its params, start a run.</span>
      </header>
      {error && <div class="error" id="launch-error">{error}</div>}
      <form id="launch" onSubmit={start}>
        <select id="gadget" value={chosen} onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">choose a gadget…</option>
          {gadgets.map((g) => (
            <option key={`${g.node ?? ''}/${g.name}`} value={g.name}>
              {g.name}
              {g.node ? ` (${g.node})` : ''} — {g.description}
            </option>
          ))}
        </select>
        {described && <p class="description">{described.description}</p>}
        <div class="params">
          {params.map((p) => (
            <ParamField key={p.flag} p={p} value={values[p.flag] ?? ''} onChange={(v) => setValues({ ...values, [p.flag]: v })} />
          ))}
        </div>
        <button type="submit" id="start" disabled={!described}>
          Start
        </button>
      </form>
      <h2>Runs</h2>
      <ul id="runs">
        {runs.map((r) => (
          <li key={r.id}>
            <a href={withToken(`/?run=${r.id}`)}>
              {r.gadget} {r.id}
            </a>{' '}
            {r.ended ? 'ended' : 'running'}
          </li>
        ))}
      </ul>
    </main>
  );
}
