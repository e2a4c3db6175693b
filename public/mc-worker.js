// A Monte Carlo worker (started by src/ui/risk/pool.rs, one per core): it runs blocks of the
// main simulation off the page's main thread with the page's own module, the same .js glue
// and the compiled WebAssembly.Module sent with every job, so nothing is downloaded twice.
// In:  [glue URL, WebAssembly.Module, generation, block, first path, paths, config words]
// Out: [generation, block, Float64Array of the block's words] or [generation, block, error text]
let ready = null;
self.onmessage = async (e) => {
  const [glue, module, generation, block, first, paths, config] = e.data;
  try {
    ready ??= import(glue).then(async (m) => {
      await m.default({ module_or_path: module });
      return m;
    });
    const words = (await ready).mcBlock(config, first, paths);
    self.postMessage([generation, block, words], [words.buffer]);
  } catch (err) {
    self.postMessage([generation, block, String((err && err.message) || err)]);
  }
};
