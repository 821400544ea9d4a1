// Entry point of the text-training page's GPT worker: what it can do is in src/models/text-training/worker.ts.
import * as Comlink from 'comlink';
import { api } from '../models/text-training/worker';

Comlink.expose(api);
