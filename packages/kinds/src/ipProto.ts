import { namedValues } from './namedValues.js';

// include/uapi/linux/in.h (IPPROTO_*)
export const IP_PROTO_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'IP'], [1, 'ICMP'], [2, 'IGMP'], [4, 'IPIP'], [6, 'TCP'], [8, 'EGP'], [12, 'PUP'], [17, 'UDP'], [22, 'IDP'],
  [29, 'TP'], [33, 'DCCP'], [41, 'IPV6'], [46, 'RSVP'], [47, 'GRE'], [50, 'ESP'], [51, 'AH'], [58, 'ICMPV6'],
  [92, 'MTP'], [94, 'BEETPH'], [98, 'ENCAP'], [103, 'PIM'], [108, 'COMP'], [115, 'L2TP'], [132, 'SCTP'],
  [136, 'UDPLITE'], [137, 'MPLS'], [143, 'ETHERNET'], [255, 'RAW'], [262, 'MPTCP'],
]);

/**
 * ip_proto: an IPPROTO number as its name (6 -> TCP). 0 is what a socket
 * without an IP protocol holds (a unix socket): shown as nothing, though
 * `IP` and `IPPROTO_IP` still parse to 0.
 */
export const ipProtoKind = namedValues({ names: () => IP_PROTO_NAMES, prefix: 'IPPROTO_', zero: '', example: 'a name or number, e.g. TCP or 6' });
