// Worker thread entry: writes one part (a row range of one table) of an H2O dataset to Parquet, so the
// parts of a large dataset are encoded on several cores at once.

import { parentPort, workerData } from 'node:worker_threads';
import { datasetTables } from './dataset.js';
import { type PartTask, writePart } from './parquet-cache.js';

const task = workerData as PartTask;
const spec = datasetTables(task.dataset).find((t) => t.name === task.table);
if (spec === undefined) throw new Error(`h2o worker: no table ${task.table}`);
await writePart(spec, task);
parentPort?.postMessage('done');
