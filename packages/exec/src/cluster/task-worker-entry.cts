// The file piscina loads in each worker. piscina tries require() before import(), and Node 20.19+
// would then load the ESM engine synchronously (require of an ES module); a worker terminated during
// that load (a pool shut down while its workers still start) aborts the whole process with a V8
// fatal error ("IsGraphAsync must be used on an instantiated module"). A CommonJS entry that loads
// the engine with import() keeps workers on the asynchronous loader, where termination is an
// ordinary worker exit; piscina awaits the exported promise for the handler.

export = import('./task-worker.js').then((engine) => engine.default);
