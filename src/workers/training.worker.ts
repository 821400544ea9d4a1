// Entry point of the training page's worker: what it can do is in src/models/training/worker.ts.
import * as Comlink from 'comlink';
import { api } from '../models/training/worker';

Comlink.expose(api);
