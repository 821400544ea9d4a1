// Why WebGPU is not available here, in words for visitors (the demos, the device report, the compare page).
import { t } from '../core/main-thread/i18n';
import type { WebGpuReport } from '../core/main-thread/webgpu-report';
import './session.strings';

export function webGpuReason(r: WebGpuReport): string {
  if (r.reason === 'noapi') return t('device.noapi');
  if (r.reason === 'noadapter') return t('device.noadapter');
  if (r.reason === 'insecure') return t('device.insecure');
  return r.reason ?? '';
}
