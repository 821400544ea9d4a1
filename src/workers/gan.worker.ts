// Entry point of the gan model's worker: what it can do is in src/models/gan/worker.ts.
import * as Comlink from 'comlink';
import { api } from '../models/gan/worker';

Comlink.expose(api);
