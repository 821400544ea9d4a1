// Entry point of the vae model's worker: what it can do is in src/models/vae/worker.ts.
import * as Comlink from 'comlink';
import { api } from '../models/vae/worker';

Comlink.expose(api);
