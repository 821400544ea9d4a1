// Entry point of the nerf model's worker: what it can do is in src/models/nerf/worker.ts.
import * as Comlink from 'comlink';
import { api } from '../models/nerf/worker';

Comlink.expose(api);
