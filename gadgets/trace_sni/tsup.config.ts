import { packageBuild } from '../../tsup.shared.js';

// clean: false keeps dist/program.bpf.o, which the BPF build wrote first
export default packageBuild({ clean: false });
