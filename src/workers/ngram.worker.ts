// Entry point of the text-training page's n-gram worker: what it can do is in src/models/text-training/ngram-worker.ts.
import * as Comlink from 'comlink';
import { ngramApi } from '../models/text-training/ngram-worker';

Comlink.expose(ngramApi);
