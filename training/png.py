"""A small PNG reader (8-bit grey / RGB / RGBA, not interlaced) on zlib + numpy: Debian's torch has no PIL.

Rows are un-filtered per the PNG spec: None and Up are whole-row numpy operations, Sub is a cumulative sum
along the row, Average and Paeth depend on the pixel to the left and run pixel by pixel (still fast at the
sizes used here: 128² in a few ms, 800² in well under a second).
"""
from __future__ import annotations

import struct
import zlib

import numpy as np

_CHANNELS = {0: 1, 2: 3, 6: 4}  # colour type -> channels


def read_png(path: str) -> np.ndarray:
    """The image as uint8 [H, W, C] (C = 1, 3 or 4). Raises ValueError for what it cannot read."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        raise ValueError(f"{path}: no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in _CHANNELS or interlace:
        raise ValueError(f"{path}: only 8-bit grey/RGB/RGBA non-interlaced PNGs are supported "
                         f"(depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = _CHANNELS[colour]
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8)
    stride = width * bpp + 1
    if raw.size != stride * height:
        raise ValueError(f"{path}: image data has {raw.size} bytes, expected {stride * height}")
    rows = raw.reshape(height, stride)
    out = np.zeros((height, width * bpp), dtype=np.uint8)
    prev = np.zeros(width * bpp, dtype=np.int32)
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:].astype(np.int32)
        if kind == 0:
            cur = line
        elif kind == 1:
            cur = np.cumsum(line.reshape(width, bpp), axis=0).reshape(-1) & 255
        elif kind == 2:
            cur = (line + prev) & 255
        elif kind in (3, 4):
            cur = np.zeros_like(line)
            for x in range(0, width * bpp, bpp):
                left = cur[x - bpp:x] if x else np.zeros(bpp, np.int32)
                up = prev[x:x + bpp]
                if kind == 3:
                    pred = (left + up) >> 1
                else:
                    upleft = prev[x - bpp:x] if x else np.zeros(bpp, np.int32)
                    p = left + up - upleft
                    pa, pb, pc = np.abs(p - left), np.abs(p - up), np.abs(p - upleft)
                    pred = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, upleft))
                cur[x:x + bpp] = (line[x:x + bpp] + pred) & 255
        else:
            raise ValueError(f"{path}: unknown filter type {kind} in row {y}")
        out[y] = cur
        prev = cur
    return out.reshape(height, width, bpp)


def write_png(path: str, image: np.ndarray) -> None:
    """Writes uint8 [H, W] (grey) or [H, W, 3|4] as an 8-bit PNG, every row with filter type None."""
    if image.dtype != np.uint8 or image.ndim not in (2, 3):
        raise ValueError("write_png wants a uint8 array of shape [H, W] or [H, W, C]")
    img = image if image.ndim == 3 else image[:, :, None]
    height, width, bpp = img.shape
    colour = {v: k for k, v in _CHANNELS.items()}[bpp]
    raw = np.concatenate([np.zeros((height, 1), np.uint8), img.reshape(height, width * bpp)], axis=1)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw.tobytes(), 9)) + chunk(b"IEND", b""))


def image_grid(images: np.ndarray, columns: int = 10, scale: int = 2, gap: int = 2) -> np.ndarray:
    """(N, h, w) floats in [0, 1] -> one uint8 grey picture, `columns` wide, each image scaled up by `scale`
    (nearest neighbour) with a `gap`-pixel white border between them."""
    n, h, w = images.shape
    rows = -(-n // columns)
    cell_h, cell_w = h * scale + gap, w * scale + gap
    out = np.full((rows * cell_h + gap, columns * cell_w + gap), 255, np.uint8)
    pixels = (np.clip(images, 0, 1) * 255 + 0.5).astype(np.uint8).repeat(scale, 1).repeat(scale, 2)
    for i, img in enumerate(pixels):
        r, c = divmod(i, columns)
        out[gap + r * cell_h:gap + r * cell_h + h * scale, gap + c * cell_w:gap + c * cell_w + w * scale] = img
    return out
