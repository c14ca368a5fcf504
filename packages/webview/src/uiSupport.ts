import type { UiSupport } from '@gadgetry/runtime';
import { startRunView } from './server/RunView.js';
import { launchUi } from './server/launcher.js';

/** What the gadgetry command passes to the runtime for --ui. */
export const uiSupport: UiSupport = {
  start: (info, listen, io) => startRunView(info, listen, io),
  launch: (runner, listen, io, stopped) => launchUi(runner, listen, io, stopped),
};
