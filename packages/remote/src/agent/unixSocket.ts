import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { AgentListenError } from '../remoteErrors.js';

/** A --group as a gid: a number, or a name from /etc/group. */
export function groupId(group: string): number {
  if (/^\d{1,10}$/.test(group)) return Number(group);
  for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
    const [name, , gid] = line.split(':');
    if (name === group && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  throw new AgentListenError(`no group ${JSON.stringify(group.slice(0, 64))} in /etc/group; create it (groupadd ${group.slice(0, 64)}) or give a numeric gid`);
}

/** True when an agent answers on the socket (a live one: never replaced). */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * Makes the socket's folder (0750, the group's) and removes a stale socket
 * left by an agent that died. A live socket, a path that is not a socket and
 * a folder others may write to are refused: the agent never deletes what it
 * did not make, nor listens where another user could swap the socket.
 */
export async function prepareSocketPath(path: string, gid: number | undefined): Promise<void> {
  const dir = dirname(path);
  let st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st) {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    chmodSync(dir, 0o750);
    if (gid !== undefined) chownSync(dir, process.getuid!(), gid);
    st = lstatSync(dir);
  }
  if (!st.isDirectory()) throw new AgentListenError(`${dir} is not a folder (a symlink or a file); remove it or pick another --listen path`);
  if ((st.mode & 0o002) !== 0) throw new AgentListenError(`${dir} is writable by every user, who could replace the agent's socket; use a folder only root can write (e.g. /run/gadgetry)`);
  const sock = lstatSync(path, { throwIfNoEntry: false });
  if (!sock) return;
  if (!sock.isSocket()) throw new AgentListenError(`${path} exists and is not a socket; remove it or pick another --listen path`);
  if (await socketAnswers(path)) throw new AgentListenError(`another agent is listening on ${path}; stop it first or pick another --listen path`);
  unlinkSync(path); // stale: its agent is gone
}

/** The socket as the agent leaves it for clients: 0660, owned by the agent's user and --group. */
export function secureSocket(path: string, gid: number | undefined): void {
  chmodSync(path, 0o660);
  if (gid !== undefined) chownSync(path, process.getuid!(), gid);
}

/** Removes the socket the agent made, if it is still there. */
export function removeSocket(path: string): void {
  try {
    if (lstatSync(path, { throwIfNoEntry: false })?.isSocket()) unlinkSync(path);
  } catch {
    // already gone
  }
}
