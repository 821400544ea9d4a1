// Uniform parameters and enums of our kernels, each declared once in TypeScript: the WGSL `struct Params`
// and `const` lines a shader sees are generated from the declaration (Kernel.create prepends them), and the
// same declaration packs a typed object into the uniform bytes, field by field by name. No DOM.
//
// Why a small table per kernel rather than reflecting the WGSL (webgpu-utils / wgsl_reflect):
//   - reflection gives field offsets at run time, not TypeScript types: a typo in a field name or a missing
//     field would still only show on the GPU; here `ParamValues<typeof CONV_PARAMS>` is checked by tsc;
//   - our enums (activations, binary ops) need the same numbers on both sides, which reflection cannot give:
//     WGSL has no enums to reflect, so the numbering would still be written twice;
//   - every field of our structs is a 4-byte scalar, so the layout is one field per 4 bytes, padded to 16;
//     a WGSL parser (~60 kB minified for wgsl_reflect) in every worker bundle, run at each start, buys nothing.

export type ParamType = 'u32' | 'i32' | 'f32';
/** Field name → WGSL type, in struct order (object keys keep their insertion order). */
export type ParamFields = Readonly<Record<string, ParamType>>;
/** The values one dispatch packs: a number for every declared field. */
export type ParamValues<F extends ParamFields> = { readonly [K in keyof F]: number };

/** The values of a declared layout's dispatch, e.g. `ParamsOf<typeof CONV_PARAMS>`. */
export type ParamsOf<L> = L extends ParamLayout<infer F> ? ParamValues<F> : never;

/** One kernel's uniform struct: its WGSL text (with `before`, e.g. enum constants, in front) and its packer. */
export interface ParamLayout<F extends ParamFields = ParamFields> {
  readonly fields: F;
  /** Bytes of the uniform buffer: 4 per field, rounded up to 16 (WebGPU's uniform alignment). */
  readonly bytes: number;
  /** WGSL prepended to the kernel's source: `before` and then `struct Params { … }`. */
  readonly wgsl: string;
  pack(values: ParamValues<F>): ArrayBuffer;
}

/** Declares a `struct Params` of 4-byte scalars; `before` is WGSL that goes in front of it (enum constants, shared functions). */
/* @__NO_SIDE_EFFECTS__ */
export function declareParams<const F extends ParamFields>(fields: F, before: readonly string[] = []): ParamLayout<F> {
  const names = Object.keys(fields);
  const slots = Math.max(4, Math.ceil(names.length / 4) * 4);
  const lines = names.map((n) => `  ${n}: ${fields[n]},`);
  for (let i = names.length; i < slots; i++) lines.push(`  _pad${i - names.length}: u32,`);
  const struct = names.length ? `struct Params {\n${lines.join('\n')}\n}\n` : '';
  return {
    fields,
    bytes: slots * 4,
    wgsl: [...before, struct].filter(Boolean).join('\n'),
    pack(values) {
      const buf = new ArrayBuffer(slots * 4);
      const view = new DataView(buf);
      names.forEach((n, i) => {
        const v = (values as Record<string, number | undefined>)[n];
        if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`kernel params: field ${n} needs a number (got ${v})`);
        if (fields[n] === 'f32') view.setFloat32(i * 4, v, true);
        else if (fields[n] === 'i32') view.setInt32(i * 4, v, true);
        else view.setUint32(i * 4, v, true);
      });
      return buf;
    },
  };
}

/** An enum shared by TypeScript and WGSL: name → number, and `const PREFIX_NAME = Nu;` lines for the shader. */
export interface KernelEnum<N extends string> {
  readonly values: { readonly [K in N]: number };
  readonly names: readonly N[];
  readonly wgsl: string;
}

/** Numbers the names in order (0, 1, …); the WGSL constants are `${prefix}_${NAME}`. */
/* @__NO_SIDE_EFFECTS__ */
export function declareEnum<const N extends string>(prefix: string, names: readonly N[]): KernelEnum<N> {
  const values = Object.fromEntries(names.map((n, i) => [n, i])) as { [K in N]: number };
  const wgsl = `${names.map((n, i) => `const ${prefix}_${n.toUpperCase()} = ${i}u;`).join('\n')}\n`;
  return { values, names, wgsl };
}
