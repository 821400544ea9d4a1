// #/train-nerf's settings as one typed list mirrored into the link (defaults left out):
// #/train-nerf?views=10&resolution=96&seed=2&engine=cpu. No DOM.
import { choiceParam, type ParamTable } from '../core/any-thread/url-state';
import { engineParam, seedParam, type TrainEngine } from './train-settings';

export const NERF_VIEW_CHOICES = ['5', '10', '25', '50', '100'] as const;
export const NERF_GRID_CHOICES = ['32', '64', '96', '128'] as const;

export interface NerfTrainSettings {
  engine: TrainEngine;
  views: (typeof NERF_VIEW_CHOICES)[number];
  resolution: (typeof NERF_GRID_CHOICES)[number];
  seed: number;
  /** our Blender scene, or photos of your own (never in a link: `scene=own` resumes a saved run on them) */
  scene: 'ours' | 'own';
}

export const NERF_TRAIN_DEFAULTS: NerfTrainSettings = { engine: 'auto', views: '100', resolution: '64', seed: 1, scene: 'ours' };

const choice = <K extends 'views' | 'resolution' | 'scene'>(key: K, allowed: readonly NerfTrainSettings[K][]) =>
  choiceParam<NerfTrainSettings, NerfTrainSettings[K]>({
    name: key,
    allowed,
    fallback: NERF_TRAIN_DEFAULTS[key],
    get: (d) => d[key],
    set: (d, v) => {
      d[key] = v;
    },
    format: (v) => (v === NERF_TRAIN_DEFAULTS[key] ? undefined : v),
  });

export const NERF_TRAIN_PARAMS: ParamTable<NerfTrainSettings> = [
  engineParam(),
  choice('views', NERF_VIEW_CHOICES),
  choice('resolution', NERF_GRID_CHOICES),
  seedParam(NERF_TRAIN_DEFAULTS.seed),
  choice('scene', ['ours', 'own']),
];

/** Two settings train the same field (the engine aside: a snapshot carries over). */
export function sameNerfTraining(a: NerfTrainSettings, b: NerfTrainSettings): boolean {
  return a.views === b.views && a.resolution === b.resolution && a.seed === b.seed && a.scene === b.scene;
}
