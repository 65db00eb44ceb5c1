// Preloaded into the soak's sandbox child (node --expose-gc --import): SIGUSR2 runs a full garbage
// collection, so RSS is sampled after one — what the process keeps, not what it has not collected yet.
process.on('SIGUSR2', () => globalThis.gc?.());
