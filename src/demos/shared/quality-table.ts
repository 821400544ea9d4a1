// The image-quality table every image demo shows (data-testid="quality"): FMNIST-FD, sharpness, classes
// covered and, for class-conditional models, how often the requested class was recognised. The numbers
// come from manifest.evaluation, written by training/evaluate.py.
import { html, nothing } from 'lit';
import { fmt, fmtInt, t, type MessageKey } from '../../core/i18n';
import './demo.strings';
import type { Manifest } from '../../core/manifest';

const ROWS: Record<string, MessageKey> = {
  real: 'quality.row.real',
  vae: 'quality.row.vae',
  gan: 'quality.row.gan',
  diffusion: 'quality.row.diffusion',
};

/**
 * Rows in this order; a row the manifest lacks is left out. The 'real@N' rows (real images at a smaller
 * count N, the floor for a model measured on N images) follow 'real'.
 */
export function qualityTable(manifest: Manifest | undefined, rows: readonly string[]) {
  const q = manifest?.evaluation?.image_quality?.rows;
  if (!q) return nothing;
  const atCounts = Object.keys(q).filter((k) => k.startsWith('real@'));
  const present = rows.flatMap((r) => (r === 'real' ? [r, ...atCounts] : [r])).filter((r) => q[r]);
  const withAccuracy = present.some((r) => q[r].class_accuracy !== undefined);
  // the corner cell heads no column: a plain cell, not an empty header
  return html`<h3>${t('quality.title')}</h3>
    <div class="scroll-x"><table data-testid="quality">
      <thead><tr><td></td><th>${t('quality.col.fd')}</th><th>${t('quality.col.sharp')}</th><th>${t('quality.col.classes')}</th>
        ${withAccuracy ? html`<th>${t('quality.col.accuracy')}</th>` : nothing}<th>${t('quality.col.samples')}</th></tr></thead>
      <tbody>${present.map((key) => {
        const r = q[key];
        return html`<tr data-row=${key}><th scope="row">${t(ROWS[key.split('@')[0]] ?? 'quality.row.real')}</th>
          <td>${fmt(r.fmnist_fd, 1)}</td><td>${fmt(r.sharpness_laplacian_var, 3)}</td><td>${fmt(r.coverage * 10, 0)}/10</td>
          ${withAccuracy ? html`<td>${r.class_accuracy === undefined ? '—' : `${fmt(r.class_accuracy * 100, 1)} %`}</td>` : nothing}
          <td>${r.samples === undefined ? '—' : fmtInt(r.samples)}</td></tr>`;
      })}</tbody>
    </table></div>
    <p class="help">${t('quality.note')}</p>`;
}
