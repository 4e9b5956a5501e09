/** A one-line progress display on a TTY stderr, redrawn at most ten times a second; silent otherwise. */
export class Progress {
  private last = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(line: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const width = this.stream.columns || 80;
    this.stream.write(`\r${line.slice(0, width - 1).padEnd(width - 1)}`);
    this.shown = true;
  }

  /** Clears the progress line so the next output starts on a clean line. */
  done(): void {
    if (!this.shown) return;
    this.stream.write(`\r${' '.repeat((this.stream.columns || 80) - 1)}\r`);
    this.shown = false;
  }
}
