import { namedValues, namesByIndex, words } from './namedValues.js';

// include/net/tcp_states.h
const STATES = words(`
  - ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT
  LAST_ACK LISTEN CLOSING NEW_SYN_RECV BOUND_INACTIVE
`);

export const TCP_STATE_NAMES: ReadonlyMap<number, string> = namesByIndex(STATES);

/** tcp_state: the kernel's TCP state number as its name (1 -> ESTABLISHED); 0 is no state (no socket): shown as nothing. */
export const tcpStateKind = namedValues({ names: () => TCP_STATE_NAMES, prefix: 'TCP_', zero: '', example: 'a name or number, e.g. ESTABLISHED or 1' });
