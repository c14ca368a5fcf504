import { fromWire, type PageInfo, type PageMessage } from './wire.js';

/** A path of the web view with the page's own token (from its address) added, as every request needs it. */
export function withToken(path: string): string {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return path;
  return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/** The gadget of the run served at `base`, or undefined when there is none there (the launcher). */
export async function fetchInfo(base: string): Promise<PageInfo | undefined> {
  const res = await fetch(withToken(`${base}/info`));
  if (res.status === 404 && base === '') return undefined;
  if (!res.ok) throw new Error(`the web view answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as PageInfo;
}

/** A JSON request to the launcher; its error text when it refuses. */
export async function callJson<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(withToken(path), body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const value = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(value.error ?? `the web view answered ${res.status}`);
  return value;
}

/**
 * The run's messages (Server-Sent Events, each the wire JSON of a RunMessage),
 * decoded. After `done` the stream is closed, so the browser does not try to
 * reconnect to a run that is over.
 */
export function openFeed(base: string, onMessage: (m: PageMessage) => void, onClosed: (why: string) => void): () => void {
  const source = new EventSource(withToken(`${base}/events`));
  let done = false;
  source.onmessage = (e: MessageEvent<string>) => {
    const m = fromWire(JSON.parse(e.data)) as PageMessage;
    if (m.type === 'done') {
      done = true;
      source.close();
    }
    onMessage(m);
  };
  source.onerror = () => {
    if (done) return;
    if (source.readyState === EventSource.CLOSED) onClosed('the run is no longer served');
    else onClosed('reconnecting…');
  };
  return () => source.close();
}
