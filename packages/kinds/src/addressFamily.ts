import { namedValues, namesByIndex } from './namedValues.js';

// include/linux/socket.h (AF_*)
const FAMILIES = [
  'UNSPEC', 'UNIX', 'INET', 'AX25', 'IPX', 'APPLETALK', 'NETROM', 'BRIDGE', 'ATMPVC', 'X25', 'INET6', 'ROSE', 'DECnet',
  'NETBEUI', 'SECURITY', 'KEY', 'NETLINK', 'PACKET', 'ASH', 'ECONET', 'ATMSVC', 'RDS', 'SNA', 'IRDA', 'PPPOX', 'WANPIPE',
  'LLC', 'IB', 'MPLS', 'CAN', 'TIPC', 'BLUETOOTH', 'IUCV', 'RXRPC', 'ISDN', 'PHONET', 'IEEE802154', 'CAIF', 'ALG', 'NFC',
  'VSOCK', 'KCM', 'QIPCRTR', 'SMC', 'XDP', 'MCTP',
];

export const ADDRESS_FAMILY_NAMES: ReadonlyMap<number, string> = namesByIndex(FAMILIES);

/** address_family: an AF_* number as its name without the prefix (2 -> INET, 10 -> INET6). */
export const addressFamilyKind = namedValues({ names: () => ADDRESS_FAMILY_NAMES, prefix: 'AF_', example: 'a name or number, e.g. INET6, AF_UNIX or 2' });
