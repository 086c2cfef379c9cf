// Row lists (selections) written into memory kept from batch to batch. A scan's filter and the joins'
// key tests above it made a new array of a batch's rows for each test of each batch (TPC-H Q6: three
// 57k-row arrays a batch): most of a scan's typed-array garbage, a young collection of the task's
// thread every 32 MB of it. A list written here holds until the writer's next call: its reader (the
// next test, the gather of the kept rows) is done with it by then.

/** Two arrays a writer of row lists writes into in turn, so that it may read its last list as it writes. */
export class RowScratch {
  private readonly arrays = [new Int32Array(0), new Int32Array(0)];
  private turn = 0;

  /** An array of at least `n` rows that is not `reading`'s. */
  next(n: number, reading: Int32Array | null): Int32Array {
    let a = this.arrays[this.turn]!;
    if (reading !== null && a.buffer === reading.buffer) {
      this.turn = 1 - this.turn;
      a = this.arrays[this.turn]!;
    }
    if (a.length < n) this.arrays[this.turn] = a = new Int32Array(n);
    this.turn = 1 - this.turn;
    return a;
  }
}
