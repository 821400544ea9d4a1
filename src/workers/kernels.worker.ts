// Entry point of the kernels page's worker: what it runs is in src/engines/kernel-comparison.ts.
import * as Comlink from 'comlink';
import { kernelsPageApi } from '../engines/kernel-comparison';

Comlink.expose(kernelsPageApi);
