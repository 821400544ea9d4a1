// Imported first by main.ts, before any page can ask for a file or the WebGPU adapter: from the start, the
// page's helper worker does that work (core/main-thread/off-thread.ts).
import { useHelperWorker } from '../core/main-thread/off-thread';
import { launchWorker } from '../workers/launch';

useHelperWorker(() => launchWorker('helper'));
