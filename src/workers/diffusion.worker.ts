// Entry point of the diffusion model's worker: what it can do is in src/models/diffusion/worker.ts.
import * as Comlink from 'comlink';
import { api } from '../models/diffusion/worker';

Comlink.expose(api);
