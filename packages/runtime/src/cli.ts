// The runtime's own command entry (tests and the workspace run it); the
// published `gadgetry` command is the CLI package's bin, which calls runCliProcess too.
import { runCliProcess } from './cliProcess.js';

await runCliProcess();
