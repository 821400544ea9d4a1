import { describe, expect, it } from 'vitest';
import { angleTo, clampOrbit, DEFAULT_ORBIT, nearestPhoto, nearestView, orbitC2w, orbitPosition } from './orbit';

// A training camera of the shipped scene (public/models/nerf/scene, transforms_train.json), as Blender wrote it.
const TRAINING_C2W = [
  [-0.7474635243415833, -0.6215015649795532, 0.2345934957265854, 0.9383741021156311],
  [0.6643028259277344, -0.6993041634559631, 0.26396095752716064, 1.0558440685272217],
  [6.899386306713495e-8, 0.35314232110977173, 0.9355696439743042, 3.7422783374786377],
  [0, 0, 0, 1],
];

describe('orbit camera', () => {
  it('at a training camera position is that training camera (Blender look-at, z up)', () => {
    const c2w = orbitC2w({ azimuth: 48.37112807200845, elevation: 69.32036183006065, radius: 3.9999999759659137 });
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(c2w[r][c]).toBeCloseTo(TRAINING_C2W[r][c], 5);
  });

  it('keeps elevation and distance in range and wraps the azimuth', () => {
    expect(clampOrbit({ azimuth: -30, elevation: 120, radius: 100 })).toEqual({ azimuth: 330, elevation: 89, radius: 8 });
    expect(clampOrbit({ azimuth: 725, elevation: -90, radius: 0 })).toEqual({ azimuth: 5, elevation: -20, radius: 2.5 });
  });

  it('looks at the origin with a right-handed, orthonormal frame and z up', () => {
    const c = orbitC2w({ azimuth: 70, elevation: 25, radius: 3 });
    const col = (j: number) => [c[0][j], c[1][j], c[2][j]];
    const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    for (let i = 0; i < 3; i++) {
      expect(dot(col(i), col(i))).toBeCloseTo(1, 12);
      for (let j = i + 1; j < 3; j++) expect(dot(col(i), col(j))).toBeCloseTo(0, 12);
    }
    const p = orbitPosition({ azimuth: 70, elevation: 25, radius: 3 });
    // the camera looks down its -Z: -Z points at the origin
    expect(
      dot(
        col(2),
        p.map((v) => v / 3),
      ),
    ).toBeCloseTo(1, 12);
    expect(col(1)[2]).toBeGreaterThan(0); // up is up
    expect(col(0)[2]).toBeCloseTo(0, 12); // no roll
  });

  it('finds the training camera closest in direction', () => {
    const views = [
      { azimuth: 0, elevation: 10 },
      { azimuth: 90, elevation: 60 },
      { azimuth: 200, elevation: 20 },
    ].map((o) => ({ c2w: orbitC2w({ ...o, radius: 4 }) }));
    expect(nearestView({ azimuth: 80, elevation: 50, radius: 3 }, views)).toBe(1);
    expect(nearestView({ azimuth: 190, elevation: 30, radius: 7 }, views)).toBe(2);
    expect(angleTo({ azimuth: 90, elevation: 60, radius: 2.5 }, views[1].c2w)).toBeCloseTo(0, 5);
    expect(nearestView(DEFAULT_ORBIT, [])).toBe(-1);
  });

  it('names the nearest training photo and how far its direction is from the view', () => {
    const views = [
      { file: 'scene/train/r_0.png', c2w: orbitC2w({ azimuth: 0, elevation: 10, radius: 4 }) },
      { file: 'scene/train/r_7.png', c2w: orbitC2w({ azimuth: 90, elevation: 60, radius: 4 }) },
    ];
    const photo = nearestPhoto({ azimuth: 90, elevation: 50, radius: 3 }, views)!;
    expect(photo).toMatchObject({ index: 1, file: 'scene/train/r_7.png', name: 'r_7' });
    expect(photo.angle).toBeCloseTo(10, 5);
    expect(nearestPhoto(DEFAULT_ORBIT, [])).toBeUndefined();
  });
});
