// The shipped scene read from public/ in Node (unit tests and the CPU bench): the same camera table, photos and
// held-out split as the page's worker builds from fetched files. Node only; never bundled into the site.
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { focalFor } from '../../kernels/volume/volume-reference';
import type { NerfMeta } from '../nerf/nerf-field';
import { shippedPhotoFiles } from './photo-pack';
import { cameraTable, gridFor, packPhoto, spreadViews } from './radiance-scene';
import type { RadianceData } from './radiance-trainer';

export function readShippedScene(root = 'public/models/'): { meta: NerfMeta; data: (views: number, resolution: number) => RadianceData } {
  const meta = JSON.parse(readFileSync(`${root}nerf/nerf.json`, 'utf8')) as NerfMeta;
  const test = JSON.parse(readFileSync(`${root}nerf/scene/transforms_test.json`, 'utf8')) as {
    frames: { file_path: string; transform_matrix: number[][] }[];
  };
  const size = meta.image_size;
  const files = shippedPhotoFiles(meta, test).map((f) => `${root}${f}`);
  const photos = new Uint32Array((files.length + 1) * size * size);
  files.forEach((f, k) => {
    packPhoto(PNG.sync.read(readFileSync(f)).data, photos, k * size * size);
  });
  const cameras = cameraTable([...meta.train_views.map((v) => v.c2w), ...test.frames.map((f) => f.transform_matrix)]);
  const positions = meta.train_views.map((v) => [v.c2w[0][3], v.c2w[1][3], v.c2w[2][3]] as [number, number, number]);
  const testIdx = test.frames.map((_, i) => meta.train_views.length + i);
  const focal = focalFor(meta.camera_angle_x, size);
  return {
    meta,
    data: (views, resolution) => ({
      grid: gridFor(meta, resolution),
      cameras,
      photos,
      size,
      focal,
      train: spreadViews(positions, views),
      test: testIdx,
    }),
  };
}
