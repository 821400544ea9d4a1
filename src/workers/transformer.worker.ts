// Entry point of the transformer model's worker: what it can do is in src/models/transformer/worker.ts.
import * as Comlink from 'comlink';
import { api } from '../models/transformer/worker';

Comlink.expose(api);
