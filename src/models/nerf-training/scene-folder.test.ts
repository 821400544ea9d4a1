// Reading a scene folder in the transforms_*.json layout: our own scene folder as a visitor would pick it, a
// folder without held-out views, and folders that cannot train, each with its reason.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FolderFile, readSceneFolder, type SceneFolderError } from './scene-folder';

function folder(root: string): FolderFile[] {
  const out: FolderFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: `scene/${relative(root, p)}`, file: new Blob([readFileSync(p)]) });
    }
  };
  walk(root);
  return out;
}

const shipped = () => folder('public/models/nerf/scene');

describe('scene folders', () => {
  it('reads our own scene folder: 100 training and 20 held-out photos with their cameras', async () => {
    const { scene, missing, heldOutFromTrain } = await readSceneFolder(shipped());
    expect(scene.train).toHaveLength(100);
    expect(scene.test).toHaveLength(20);
    expect(missing).toBe(0);
    expect(heldOutFromTrain).toBe(false);
    expect(scene.angle).toBeCloseTo(0.698, 3);
    expect(scene.train[0].name).toBe('train/r_0.png');
    expect(scene.train[0].c2w[0]).toHaveLength(4);
  });

  it('without transforms_test.json, every 8th training view is held out; missing images are counted, not fatal', async () => {
    const files = shipped().filter((f) => !f.path.endsWith('transforms_test.json') && !f.path.endsWith('train/r_3.png'));
    const r = await readSceneFolder(files);
    expect(r.heldOutFromTrain).toBe(true);
    expect(r.missing).toBe(1);
    expect(r.scene.test).toHaveLength(12);
    expect(r.scene.train).toHaveLength(99 - 12);
  });

  it('says why a folder cannot train', async () => {
    const problem = (files: FolderFile[]) =>
      readSceneFolder(files).then(
        () => 'none',
        (e: SceneFolderError) => e.problem,
      );
    expect(await problem(shipped().filter((f) => !f.path.endsWith('transforms_train.json')))).toBe('no-transforms');
    expect(await problem([{ path: 'x/transforms_train.json', file: new Blob(['{"frames": 3}']) }])).toBe('bad-json');
    expect(await problem(shipped().filter((f) => !f.path.includes('/train/r_')))).toBe('few-images');
    const six = shipped().filter((f) => !f.path.endsWith('transforms_test.json') && !/\/train\/r_(\d\d|[6-9])\.png$/.test(f.path));
    expect(await problem(six)).toBe('no-held-out');
  });
});
