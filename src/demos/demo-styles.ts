// The frame every demo page shares: two columns, panels, the big output canvas, number lists.
import { css } from 'lit';
import { controlStyles } from '../ui/control-styles';

export const demoStyles = css`
  ${controlStyles}
  :host { display: block; }
  input[type='file'] { max-width: 100%; min-width: 0; }
  .layout { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
  @media (max-width: 860px) { .layout { grid-template-columns: minmax(0, 1fr); } }
  /* a table wider than a phone scrolls inside its panel instead of widening the page */
  .scroll-x { overflow-x: auto; max-width: 100%; }
  .panel { background: var(--gmp-panel); border-radius: 8px; padding: 0.9rem 1rem; box-shadow: 0 1px 2px var(--gmp-shadow); margin-bottom: 1rem; }
  /* on a phone the panels give their width to the canvases in them */
  @media (max-width: 640px) { .panel { padding: 0.75rem 0.6rem; } }
  .top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
  figure { margin: 0; text-align: center; }
  figcaption { font-size: 0.85rem; color: var(--gmp-muted); font-variant-numeric: tabular-nums; }
  /* the model's own black-and-white pixels, framed so the black edge shows on a dark page */
  canvas.img { width: 196px; height: 196px; image-rendering: pixelated; background: #000; border-radius: 4px; box-shadow: 0 0 0 1px var(--gmp-frame); }
  dl { display: grid; grid-template-columns: fit-content(55%) minmax(0, 1fr); gap: 0.25rem 1rem; margin: 0; }
  dt { color: var(--gmp-muted); } dd { margin: 0; font-variant-numeric: tabular-nums; }
  table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
  td, th { padding: 0.1rem 0.6rem 0.1rem 0; text-align: left; }
  th { font-weight: 600; font-size: 0.85rem; vertical-align: bottom; }
  .help { font-size: 0.85rem; color: var(--gmp-muted); margin: 0; }
  h1 { margin: 0.2rem 0 0.4rem; } h2 { font-size: 1.05rem; margin: 0 0 0.4rem; } h3 { font-size: 0.98rem; margin: 0.8rem 0 0.3rem; }
`;
