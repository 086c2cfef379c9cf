// The errors a job raises itself: cancelled by its caller, or aborted after a task failed too often.

/** A job stopped by its AbortSignal (Spark: "Job N cancelled"); `name` is 'AbortError' as for fetch. */
export class JobCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor(jobId: number, reason?: unknown) {
    super(`Job ${jobId} cancelled`, reason === undefined ? undefined : { cause: reason });
  }
}

/** Spark's SparkException for a stage whose task failed spark.task.maxFailures times. */
export class JobAbortedError extends Error {
  override readonly name = 'SparkException';
  constructor(stageId: number, partition: number, attempts: number, cause: Error) {
    super(
      `Job aborted due to stage failure: Task ${partition} in stage ${stageId}.0 failed ${attempts} times, ` +
        `most recent failure: Lost task ${partition}.${attempts - 1} in stage ${stageId}.0: ${cause.name}: ${cause.message}`,
      { cause },
    );
  }
}
