// What the text and NeRF training pages look like alike: panels, headings, the control rows, and 44 px targets on
// phones. Each page adds its own rules after these.
import { css } from 'lit';

export const trainingPageStyles = css`
      :host { display: block; }
      section { background: var(--gmp-panel); border-radius: 8px; padding: 0.9rem 1rem; box-shadow: 0 1px 2px var(--gmp-shadow); margin-bottom: 1rem; }
      h1 { margin: 0.2rem 0 0.4rem; } h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
      .lead, .small { font-size: 0.9rem; color: var(--gmp-muted); }
      .error { color: var(--gmp-error); }
      .controls { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: center; margin-bottom: 0.5rem; }
      .controls label { display: inline-flex; flex-wrap: wrap; gap: 0.35rem; align-items: center; font-size: 0.9rem; max-width: 100%; }
      select { max-width: min(26rem, 100%); min-width: 0; }
      input[type='number'] { width: 6.5rem; }
      @media (max-width: 640px), (pointer: coarse) {
        button, select, input { min-height: 44px; }
        select { min-width: 44px; }
        a { display: inline-flex; align-items: center; min-height: 44px; }
      }
`;
