// Entry point of #/train-nerf's worker: what it can do is in src/models/nerf-training/worker.ts.
import * as Comlink from 'comlink';
import { api } from '../models/nerf-training/worker';

Comlink.expose(api);
