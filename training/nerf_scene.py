"""The NeRF demo's training data: a small, colourful scene built here and rendered headless by Blender.

Five objects on no ground — a glossy red sphere, a matte blue cube, a metallic gold torus, a glass-like
green cone and a white cylinder — lit by a sun and an area light, rendered with Cycles on the CPU onto a
transparent background. Cameras sit on the upper hemisphere (radius 4, elevation 10°–80°) and look at
the origin; train and test views come from different seeds. The output uses the NeRF-synthetic layout
(Mildenhall et al. 2020), so the training script reads it and the public scenes the same way:

    <out>/transforms_train.json, transforms_test.json   {"camera_angle_x", "frames": [{"file_path", "transform_matrix"}]}
    <out>/train/r_<i>.png, <out>/test/r_<i>.png          RGBA, alpha = coverage

transform_matrix is camera-to-world in Blender's (= NeRF-synthetic's) convention: the camera looks down
its -Z axis with +Y up. Run inside Blender (apt-get install blender):

    blender -b -P training/nerf_scene.py -- --out data/nerf/scene --train 100 --test 20 --size 128 --samples 16
"""
import argparse
import json
import math
import os
import random
import sys

import bpy  # Blender's own Python module: this file runs inside Blender
from mathutils import Vector

LICENCE = "MIT (scene built and rendered by this project)"


def parse_args():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="data/nerf/scene")
    p.add_argument("--train", type=int, default=100)
    p.add_argument("--test", type=int, default=20)
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--samples", type=int, default=16, help="Cycles samples per pixel")
    p.add_argument("--radius", type=float, default=4.0)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    return p.parse_args(argv)


def material(name, color, roughness, metallic=0.0, transmission=0.0, specular=0.5):
    m = bpy.data.materials.new(name)
    m.use_nodes = True
    bsdf = m.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (*color, 1.0)
    bsdf.inputs["Roughness"].default_value = roughness
    bsdf.inputs["Metallic"].default_value = metallic
    bsdf.inputs["Transmission"].default_value = transmission
    bsdf.inputs["Specular"].default_value = specular
    return m


def add(obj_op, mat, **kw):
    obj_op(**kw)
    obj = bpy.context.active_object
    obj.data.materials.append(mat)
    if hasattr(obj.data, "polygons"):
        for poly in obj.data.polygons:
            poly.use_smooth = True
    return obj


def build_scene():
    bpy.ops.wm.read_factory_settings(use_empty=True)
    add(bpy.ops.mesh.primitive_uv_sphere_add, material("red gloss", (0.8, 0.05, 0.04), 0.08, specular=0.8),
        radius=0.55, location=(0.55, -0.35, 0.1), segments=64, ring_count=32)
    cube = add(bpy.ops.mesh.primitive_cube_add, material("blue matte", (0.05, 0.2, 0.8), 0.9),
               size=0.8, location=(-0.65, -0.45, -0.15))
    cube.rotation_euler = (0.0, 0.0, math.radians(30))
    bpy.ops.object.shade_flat()
    add(bpy.ops.mesh.primitive_torus_add, material("gold metal", (1.0, 0.7, 0.2), 0.25, metallic=1.0),
        major_radius=0.45, minor_radius=0.14, location=(-0.1, 0.65, 0.35), rotation=(math.radians(60), 0, 0),
        major_segments=64, minor_segments=24)
    add(bpy.ops.mesh.primitive_cone_add, material("green glass", (0.1, 0.75, 0.3), 0.15, transmission=0.6),
        radius1=0.35, depth=0.9, location=(0.75, 0.6, -0.2), vertices=48)
    add(bpy.ops.mesh.primitive_cylinder_add, material("white", (0.9, 0.9, 0.88), 0.5),
        radius=0.25, depth=0.7, location=(-0.35, 0.0, -0.5), vertices=48)

    sun = bpy.data.lights.new("sun", type="SUN")
    sun.energy = 3.0
    sun_obj = bpy.data.objects.new("sun", sun)
    sun_obj.rotation_euler = (math.radians(40), math.radians(10), math.radians(30))
    bpy.context.collection.objects.link(sun_obj)
    area = bpy.data.lights.new("fill", type="AREA")
    area.energy = 300.0
    area.size = 3.0
    area_obj = bpy.data.objects.new("fill", area)
    area_obj.location = (-3.0, -2.0, 3.0)
    look_at(area_obj, Vector((0, 0, 0)))
    bpy.context.collection.objects.link(area_obj)

    world = bpy.data.worlds.new("world")
    world.use_nodes = True
    world.node_tree.nodes["Background"].inputs["Color"].default_value = (0.25, 0.25, 0.28, 1.0)
    bpy.context.scene.world = world


def look_at(obj, target):
    direction = target - obj.location
    obj.rotation_euler = direction.to_track_quat("-Z", "Y").to_euler()


def camera_positions(n, seed, radius):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        azimuth = rng.uniform(0, 2 * math.pi)
        elevation = math.radians(rng.uniform(10, 80))
        out.append(Vector((radius * math.cos(elevation) * math.cos(azimuth),
                           radius * math.cos(elevation) * math.sin(azimuth),
                           radius * math.sin(elevation))))
    return out


def render_split(name, positions, cam, out_dir):
    os.makedirs(os.path.join(out_dir, name), exist_ok=True)
    frames = []
    for i, position in enumerate(positions):
        cam.location = position
        look_at(cam, Vector((0, 0, 0)))
        bpy.context.view_layer.update()
        bpy.context.scene.render.filepath = os.path.join(out_dir, name, f"r_{i}.png")
        bpy.ops.render.render(write_still=True)
        frames.append({"file_path": f"./{name}/r_{i}", "transform_matrix": [list(row) for row in cam.matrix_world]})
        print(f"{name} {i + 1}/{len(positions)}", flush=True)
    return frames


def main():
    args = parse_args()
    build_scene()
    scene = bpy.context.scene
    scene.render.engine = "CYCLES"
    scene.cycles.device = "CPU"
    scene.cycles.samples = args.samples
    scene.cycles.use_denoising = False  # Debian's Blender has no OpenImageDenoise
    scene.render.threads_mode = "FIXED"
    scene.render.threads = args.threads
    scene.render.resolution_x = scene.render.resolution_y = args.size
    scene.render.resolution_percentage = 100
    scene.render.film_transparent = True
    scene.render.image_settings.file_format = "PNG"
    scene.render.image_settings.color_mode = "RGBA"
    cam_data = bpy.data.cameras.new("camera")
    cam_data.lens_unit = "FOV"
    cam_data.angle = math.radians(40)
    cam = bpy.data.objects.new("camera", cam_data)
    scene.collection.objects.link(cam)
    scene.camera = cam
    out = os.path.abspath(args.out)
    for name, count, seed in (("train", args.train, 1), ("test", args.test, 2)):
        frames = render_split(name, camera_positions(count, seed, args.radius), cam, out)
        with open(os.path.join(out, f"transforms_{name}.json"), "w") as f:
            json.dump({"camera_angle_x": cam_data.angle_x, "frames": frames,
                       "scene": {"objects": 5, "radius": args.radius, "size": args.size, "samples": args.samples,
                                 "renderer": f"Blender {bpy.app.version_string} Cycles (CPU)", "licence": LICENCE}},
                      f, indent=1)
    print(f"wrote {out}")


main()
