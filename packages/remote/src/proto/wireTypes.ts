/** The messages of runner.proto as grpc-js hands them over (proto-loader: camelCase names, uint64 as number, defaults filled in). */

export interface WireRunOptions {
  timeoutMs: number;
  strict: boolean;
  traceSelf: boolean;
  timestampFormat: string;
}

export interface WireRunMessage {
  node: string;
  type: string;
  messageJson: string;
  lostCount: number;
}

export interface ListReply {
  listJson: string;
  node: string;
}

export interface DescribeRequest {
  gadget: string;
  paramsJson: string;
}

export interface DescribeReply {
  infoJson: string;
  node: string;
}

export interface RunRequest {
  gadget: string;
  paramsJson: string;
  options?: WireRunOptions;
}

export interface DetachRequest {
  name: string;
  gadget: string;
  paramsJson: string;
  options?: WireRunOptions;
}

export interface NameRequest {
  name: string;
}

export interface ListRunsReply {
  runsJson: string;
}

export interface RunStatusReply {
  statusJson: string;
}
