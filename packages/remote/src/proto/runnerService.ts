import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** Where the .proto lies inside the package; shipped in its files. */
export const PROTO_PATH = 'proto/gadgetry/runner/v1/runner.proto';

/** The package folder: the nearest folder above this module that holds the .proto (dist/ when built, src/proto/ in tests). */
function protoFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const file = join(dir, PROTO_PATH);
    if (existsSync(file)) return file;
    dir = dirname(dir);
  }
  throw new Error(`${PROTO_PATH} is missing from the @gadgetry/remote package; reinstall it`);
}

/** The loaded gadgetry.runner.v1.Runner service: its definition for a server and the client constructor. */
export interface RunnerService {
  definition: grpc.ServiceDefinition;
  Client: grpc.ServiceClientConstructor;
}

let loaded: RunnerService | undefined;

export function runnerService(): RunnerService {
  if (loaded) return loaded;
  const pkg = protoLoader.loadSync(protoFile(), { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
  const grpcObject = grpc.loadPackageDefinition(pkg) as unknown as { gadgetry: { runner: { v1: { Runner: grpc.ServiceClientConstructor } } } };
  const Client = grpcObject.gadgetry.runner.v1.Runner;
  loaded = { definition: Client.service, Client };
  return loaded;
}
