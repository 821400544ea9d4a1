// A scene of your own for #/train-nerf: a folder in the standard NeRF layout (transforms_train.json, optionally
// transforms_test.json, and the images they name), as Blender's NeRF exporters and the NeRF-synthetic scenes
// write it. The page hands over the folder's files; this finds the cameras and their images, keeps what it can
// and says in words what it cannot. Held-out views: transforms_test.json's (those whose images are there), else
// every 8th training view. No DOM.
import type { OwnScene, ScenePhoto } from './worker';

/** At most this many training and held-out photos are read (each takes 64 kB at 128²). */
export const FOLDER_LIMITS = { minTrain: 5, maxTrain: 200, maxTest: 20 } as const;

export type FolderProblem = 'no-transforms' | 'bad-json' | 'few-images' | 'no-held-out';

export class SceneFolderError extends Error {
  override name = 'SceneFolderError';
  constructor(
    readonly problem: FolderProblem,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`scene folder: ${problem} ${JSON.stringify(params)}`);
  }
}

/** A file of the folder with its path inside it ("train/r_0.png"). */
export interface FolderFile {
  path: string;
  file: Blob;
}

interface Transforms {
  camera_angle_x: number;
  frames: { file_path: string; transform_matrix: number[][] }[];
}

function parseTransforms(text: string, name: string): Transforms {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SceneFolderError('bad-json', { file: name, why: 'not JSON' });
  }
  const t = json as Partial<Transforms>;
  if (typeof t.camera_angle_x !== 'number' || !(t.camera_angle_x > 0 && t.camera_angle_x < Math.PI))
    throw new SceneFolderError('bad-json', { file: name, why: 'camera_angle_x' });
  const row = (r: unknown) => Array.isArray(r) && r.length === 4 && r.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (
    !Array.isArray(t.frames) ||
    !t.frames.every(
      (f) => f && typeof f.file_path === 'string' && Array.isArray(f.transform_matrix) && f.transform_matrix.slice(0, 3).every(row),
    )
  )
    throw new SceneFolderError('bad-json', { file: name, why: 'frames' });
  return t as Transforms;
}

/** Paths relative to the folder that holds the JSON, without "./". */
const clean = (p: string) => p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');

/** The frames of `t` whose image is in the folder (a path without extension finds .png, .jpg, .jpeg or .webp). */
function framesWithImages(t: Transforms, byPath: Map<string, Blob>): { photos: ScenePhoto[]; missing: number } {
  const photos: ScenePhoto[] = [];
  let missing = 0;
  for (const f of t.frames) {
    const path = clean(f.file_path);
    const hit = [path, `${path}.png`, `${path}.jpg`, `${path}.jpeg`, `${path}.webp`].find((p) => byPath.has(p));
    if (hit) photos.push({ name: hit, image: byPath.get(hit)!, c2w: f.transform_matrix });
    else missing++;
  }
  return { photos, missing };
}

/** The scene in `files`, and how many frames had no image. */
export async function readSceneFolder(
  files: readonly FolderFile[],
): Promise<{ scene: OwnScene; missing: number; heldOutFromTrain: boolean }> {
  const json = files.find((f) => /(^|\/)transforms_train\.json$/.test(clean(f.path)));
  if (!json) throw new SceneFolderError('no-transforms');
  const base = clean(json.path).replace(/transforms_train\.json$/, '');
  const byPath = new Map(files.filter((f) => clean(f.path).startsWith(base)).map((f) => [clean(f.path).slice(base.length), f.file]));
  const train = parseTransforms(await json.file.text(), 'transforms_train.json');
  const testFile = byPath.get('transforms_test.json');
  const test = testFile ? parseTransforms(await testFile.text(), 'transforms_test.json') : undefined;
  const t = framesWithImages(train, byPath);
  const h = test ? framesWithImages(test, byPath) : { photos: [], missing: 0 };
  let [trainPhotos, testPhotos] = [t.photos, h.photos];
  const heldOutFromTrain = testPhotos.length === 0;
  if (heldOutFromTrain) {
    testPhotos = trainPhotos.filter((_, i) => i % 8 === 7);
    trainPhotos = trainPhotos.filter((_, i) => i % 8 !== 7);
  }
  if (trainPhotos.length < FOLDER_LIMITS.minTrain)
    throw new SceneFolderError('few-images', { found: trainPhotos.length, min: FOLDER_LIMITS.minTrain });
  if (testPhotos.length === 0) throw new SceneFolderError('no-held-out', { found: trainPhotos.length });
  return {
    scene: {
      angle: train.camera_angle_x,
      train: trainPhotos.slice(0, FOLDER_LIMITS.maxTrain),
      test: testPhotos.slice(0, FOLDER_LIMITS.maxTest),
    },
    missing: t.missing + h.missing,
    heldOutFromTrain,
  };
}

/** A scene of your own as plain bytes, saved with a run (IndexedDB, run files) and read back on a reload. */
export interface SavedScene {
  angle: number;
  train: SavedPhoto[];
  test: SavedPhoto[];
  /** what the folder held: photos without a file, held-out views taken from the training ones */
  missing: number;
  heldOutFromTrain: boolean;
}

interface SavedPhoto {
  name: string;
  type: string;
  bytes: Uint8Array;
  c2w: number[][];
}

/** The scene's photos read into bytes, for a saved run. */
export async function saveScene(r: { scene: OwnScene; missing: number; heldOutFromTrain: boolean }): Promise<SavedScene> {
  const photos = (list: readonly ScenePhoto[]) =>
    Promise.all(
      list.map(async (p) => ({ name: p.name, type: p.image.type, bytes: new Uint8Array(await p.image.arrayBuffer()), c2w: p.c2w })),
    );
  return {
    angle: r.scene.angle,
    train: await photos(r.scene.train),
    test: await photos(r.scene.test),
    missing: r.missing,
    heldOutFromTrain: r.heldOutFromTrain,
  };
}

/** A saved scene as the trainer takes it. */
export function sceneOf(s: SavedScene): OwnScene {
  const photos = (list: readonly SavedPhoto[]) =>
    list.map((p) => ({ name: p.name, image: new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type }), c2w: p.c2w }));
  return { angle: s.angle, train: photos(s.train), test: photos(s.test) };
}
