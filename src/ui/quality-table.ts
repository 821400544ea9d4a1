// The image-quality table every image demo shows (data-testid="quality"): FMNIST-FD (mean ± spread over
// draws), sharpness, classes covered and the rarest one's share, for class-conditional models how often the
// requested class was recognised, and what one image costs in network passes. The numbers come from
// manifest.evaluation, written by training/evaluate.py.
import { html, nothing } from 'lit';
import { fmt, fmtInt, t, type MessageKey } from '../core/main-thread/i18n';
import './session.strings';
import type { Manifest, QualityRow } from '../core/any-thread/manifest';

const ROWS: Record<string, MessageKey> = {
  real: 'quality.row.real',
  vae: 'quality.row.vae',
  gan: 'quality.row.gan',
  diffusion: 'quality.row.diffusion',
  diffusion_ddim10: 'quality.row.diffusion10',
};

const fd = (r: QualityRow) => (r.fmnist_fd_sd === undefined ? fmt(r.fmnist_fd, 1) : `${fmt(r.fmnist_fd, 1)} ± ${fmt(r.fmnist_fd_sd, 1)}`);
const share = (v: number | undefined) => (v === undefined ? '—' : `${fmt(v * 100, 1)} %`);

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
    <div class="scroll-x" tabindex="0" role="region" aria-label=${t('quality.title')}><table data-testid="quality">
      <thead><tr><td></td><th>${t('quality.col.fd')}</th><th>${t('quality.col.sharp')}</th><th>${t('quality.col.classes')}</th><th>${t('quality.col.rarest')}</th>
        ${withAccuracy ? html`<th>${t('quality.col.accuracy')}</th>` : nothing}<th>${t('quality.col.passes')}</th><th>${t('quality.col.samples')}</th></tr></thead>
      <tbody>${present.map((key) => {
        const r = q[key];
        return html`<tr data-row=${key}><th scope="row">${t(ROWS[key.split('@')[0]] ?? 'quality.row.real')}</th>
          <td>${fd(r)}</td><td>${fmt(r.sharpness_laplacian_var, 3)}</td><td>${fmt(r.coverage * 10, 0)}/10</td>
          <td>${share(r.min_class_share)}</td>
          ${withAccuracy ? html`<td>${share(r.class_accuracy)}</td>` : nothing}
          <td>${r.passes_per_image === undefined ? '—' : fmtInt(r.passes_per_image)}</td>
          <td>${r.samples === undefined ? '—' : fmtInt(r.samples)}${r.draws && r.draws > 1 ? ` × ${r.draws}` : ''}</td></tr>`;
      })}</tbody>
    </table></div>
    <p class="help">${t('quality.note')}</p>`;
}
