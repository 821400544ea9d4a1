import './helper-start';
import './app-shell';
import { startServiceWorker } from './service-worker';
import './update-prompt';

// offline use, cross-origin isolation on any static host, and the "reload to update" prompt
startServiceWorker((apply) => {
  const prompt = document.querySelector('gmp-update-prompt') ?? document.body.appendChild(document.createElement('gmp-update-prompt'));
  prompt.apply = apply;
});
