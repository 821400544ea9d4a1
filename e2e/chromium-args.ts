// Chromium flags that give real WebGPU (SwiftShader's Vulkan) headless on a machine without a GPU:
// compute, canvas, and WebGPU in workers. See ../shared/ENVIRONMENT.md.
export const chromiumArgs = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--disable-vulkan-fallback-to-gl-for-testing',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
