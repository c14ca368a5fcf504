import { defineConfig } from 'tsup';

// clean: false keeps dist/program.bpf.o, which the BPF build writes first
export default defineConfig({ entry: ['src/index.ts'], format: ['esm'], dts: true, clean: false, target: 'node22' });
