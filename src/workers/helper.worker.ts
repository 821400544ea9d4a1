// Entry point of the page's helper worker: what it does is in src/core/any-thread/helper-api.ts.
import * as Comlink from 'comlink';
import { helperApi } from '../core/any-thread/helper-api';
import { answerLiveness } from '../core/any-thread/worker-api';

answerLiveness(self);
Comlink.expose(helperApi);
