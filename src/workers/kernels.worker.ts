// Entry point of the kernels page's worker: what it runs is in src/engines/kernels-page-runs.ts.
import * as Comlink from 'comlink';
import { kernelsPageApi } from '../engines/kernels-page-runs';

Comlink.expose(kernelsPageApi);
