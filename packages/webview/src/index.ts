export { uiSupport } from './uiSupport.js';
export { startRunView, viewUrl, withToken, PAGE_DIR, type RunViewOptions } from './server/RunView.js';
export { ClientQueue, DEFAULT_QUEUE_LIMITS, sseText, type QueueLimits, type QueuedMessage } from './server/ClientQueue.js';
export { RunBroadcast } from './server/RunBroadcast.js';
export { WebServer, type WebServerOptions } from './server/WebServer.js';
export { launchUi } from './server/launcher.js';
