// Buttons, menus, links and focus rings as every page draws them, in the colour tokens of index.html, and the
// touch rule: on a phone (narrow or coarse pointer) every control a visitor taps is at least 44 × 44 CSS px
// (WCAG 2.5.5's size; Apple and Android ask for about the same), sliders included, so a thumb hits what it aims
// at. On a desktop with a mouse the controls stay compact.
import { css } from 'lit';

export const controlStyles = css`
  a { color: var(--gmp-link); }
  button, select, input, textarea { font: inherit; }
  button { padding: 0.3rem 0.7rem; border-radius: 4px; border: 1px solid var(--gmp-control-border); background: var(--gmp-control);
    color: var(--gmp-text); cursor: pointer; }
  button:disabled { color: var(--gmp-faint); cursor: default; }
  :focus-visible { outline: 2px solid var(--gmp-focus); outline-offset: 2px; }
  @media (max-width: 640px), (pointer: coarse) {
    button, select, input[type='number'] { min-height: 44px; min-width: 44px; box-sizing: border-box; }
    input[type='range'] { min-height: 44px; margin-top: 0; margin-bottom: 0; }
  }
`;
