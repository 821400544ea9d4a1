// The device report: WebGPU or not (and why), the adapter, key features and limits, WASM threading,
// and which engine each demo will use here and why.
import { LitElement, css, html } from 'lit';
import { Task } from '@lit/task';
import { type WebGpuReport, webGpuReport } from '../core/main-thread/webgpu-report';
import { isolationAddsThreads, wasmThreadCount } from '../core/any-thread/engine-choice';
import { describeMedians, recallAuto } from '../core/main-thread/auto-memory';
import { fmt, fmtInt, I18nController, t } from '../core/main-thread/i18n';
import './app.strings';
import { KINDS } from '../models/registry';
import { webGpuReason } from '../ui/webgpu-reason';

export class DeviceReport extends LitElement {
  static override styles = css`
    :host { display: block; background: var(--gmp-panel); border-radius: 8px; padding: 1rem; box-shadow: 0 1px 2px var(--gmp-shadow); }
    h2 { margin-top: 0; font-size: 1.1rem; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; margin: 0; }
    dt { font-weight: 600; }
    dd { margin: 0; overflow-wrap: anywhere; }
    ul { margin: 0; padding-left: 1.1rem; }
    code { font-size: 0.9em; }
  `;
  constructor() {
    super();
    new I18nController(this);
  }

  private probe = new Task(this, { task: () => webGpuReport(), args: () => [] });

  private engineLine(id: string, r: WebGpuReport): string {
    if (!r.available) return t('device.engine.nowebgpu');
    const last = recallAuto(id);
    if (last)
      return t('device.engine.measured', { engine: last.engine, detail: describeMedians(last.medians, (ms) => fmt(ms, ms < 10 ? 2 : 0)) });
    return t(r.adapter?.software ? 'device.engine.software' : 'device.engine.hardware');
  }

  private renderReport(r: WebGpuReport) {
    const cores = navigator.hardwareConcurrency ?? 1;
    return html`
      <dl>
        <dt>${t('device.webgpu')}</dt>
        <dd data-testid="webgpu-status" data-available=${String(r.available)}>
          ${r.available ? t('device.webgpu.yes') : t('device.webgpu.no', { reason: webGpuReason(r) })}</dd>
        ${
          r.adapter
            ? html`
          <dt>${t('device.adapter')}</dt>
          <dd data-testid="adapter">${[r.adapter.vendor, r.adapter.architecture, r.adapter.description].filter(Boolean).join(' · ') || '—'}
            (${t(r.adapter.software ? 'device.software' : 'device.hardware')})</dd>
          <dt>${t('device.features')}</dt>
          <dd>${r.features.length ? r.features.map((f) => html`<code>${f}</code> `) : t('device.none')}</dd>
          <dt>${t('device.limits')}</dt>
          <dd>${Object.entries(r.limits).map(([k, v]) => html`<code>${k}</code> ${fmtInt(v)}<br />`)}</dd>`
            : ''
        }
        <dt>${t('device.wasm')}</dt>
        <dd data-testid="wasm-threads" data-isolated=${String(!!globalThis.crossOriginIsolated)}>${
          globalThis.crossOriginIsolated
            ? t('device.wasm.threads', { threads: wasmThreadCount(cores, true), cores })
            : t(isolationAddsThreads(cores) ? 'device.wasm.single' : 'device.wasm.single.few', { cores })
        }</dd>
        <dt>${t('device.engines')}</dt>
        <dd><ul>${KINDS.map((id) => html`<li data-testid="engine-plan-${id}"><strong>${id.toUpperCase()}</strong>: ${this.engineLine(id, r)}</li>`)}</ul></dd>
      </dl>`;
  }

  override render() {
    return html`<section aria-labelledby="device-title" data-testid="device-report">
      <h2 id="device-title">${t('device.title')}</h2>
      ${this.probe.render({
        pending: () => html`<p>${t('device.checking')}</p>`,
        complete: (r) => this.renderReport(r),
        error: (e) => html`<p>${t('error.generic', { message: String(e) })}</p>`,
      })}
    </section>`;
  }
}

customElements.define('gmp-device-report', DeviceReport);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-device-report': DeviceReport;
  }
}
