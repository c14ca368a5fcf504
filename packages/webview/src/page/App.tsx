import { useEffect, useMemo, useState } from 'preact/hooks';
import { RunState } from './RunState.js';
import { callJson, fetchInfo, openFeed, withToken } from './RunFeed.js';
import { Launcher } from './Launcher.js';
import { TraceView } from './TraceView.js';
import { TopView, rowKeyOf, sparkFieldOf } from './TopView.js';
import { ProfileView } from './ProfileView.js';
import { StatsPanel } from './StatsPanel.js';
import { RateChart } from './RateChart.js';
import type { KindContext } from '@gadgetry/kinds';
import { pageFields } from './columns.js';
import type { PageInfo } from './wire.js';

/** Milliseconds between redraws: messages are applied as they come, drawn at most this often. */
const REDRAW_MS = 250;

/** One run: `base` is where it is served ('' for gadgetry run --ui, /runs/<id> for gadgetry ui's). */
function RunPage({ info, base, launched }: { info: PageInfo; base: string; launched: boolean }) {
  const state = useMemo(() => new RunState(), [info]);
  // readable forms need the run's host (its boot clock, its architecture): filled in when it starts
  const ctx = useMemo<KindContext>(() => ({}), [info]);
  const fields = useMemo(() => pageFields(info.fields, ctx), [info, ctx]);
  const [, setVersion] = useState(0);
  const [link, setLink] = useState('live');
  useEffect(() => {
    const key = rowKeyOf(info);
    const field = sparkFieldOf(info);
    const value = field ? (r: Record<string, unknown>) => Number(r[field] ?? 0) : undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const redraw = () => {
      timer = undefined;
      setVersion(state.version);
    };
    return openFeed(
      base,
      (m) => {
        if (m.type === 'started') {
          const boot = BigInt(m.host.bootToEpochNs);
          ctx.bootToEpochNs = () => boot;
          ctx.arch = m.host.arch;
        }
        state.apply(m, key, value);
        if (m.type === 'done') setLink(`ended: ${m.reason}`);
        timer ??= setTimeout(redraw, REDRAW_MS);
      },
      setLink,
    );
  }, [state]);
  const view = info.type === 'trace-intervals' ? 'top' : info.result !== undefined || info.type === 'profile' ? 'profile' : 'trace';
  return (
    <main class={`run ${view}`} data-view={view}>
      <header>
        <h1>{info.name}</h1>
        <span class="description">{info.description}</span>
        <span class="link" id="run-state">
          {link}
        </span>
        {launched && !state.ended && (
          <button type="button" id="stop" onClick={() => void callJson(`${base}/stop`, {}).catch((e: unknown) => setLink((e as Error).message))}>
            Stop
          </button>
        )}
        {launched && <a href={withToken('/')}>all gadgets</a>}
      </header>
      {state.missed > 0 && (
        <div class="warning" id="missed">
          This page read too slowly: {state.missed} events were not sent to it (the run itself lost none for it).
        </div>
      )}
      {state.error && <div class="error" id="run-error">{state.error}</div>}
      <div class="overview">
        <StatsPanel state={state} />
        <RateChart state={state} />
      </div>
      {view === 'top' ? <TopView info={info} fields={fields} state={state} /> : view === 'profile' ? <ProfileView state={state} /> : <TraceView fields={fields} state={state} />}
      {state.logs.length > 0 && <pre class="logs">{state.logs.join('\n')}</pre>}
    </main>
  );
}

export function App() {
  const run = new URLSearchParams(location.search).get('run');
  const base = run && /^[0-9a-f]{12}$/.test(run) ? `/runs/${run}` : '';
  const [info, setInfo] = useState<PageInfo | 'launcher' | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    fetchInfo(base).then((i) => setInfo(i ?? 'launcher'), (e: unknown) => setError((e as Error).message));
  }, []);
  if (error) return <div class="error">{error}</div>;
  if (!info) return <p>Loading…</p>;
  if (info === 'launcher') return <Launcher />;
  return <RunPage info={info} base={base} launched={base !== ''} />;
}
