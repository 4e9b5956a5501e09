import { MessageAccumulator, type MessageSink } from './message-accumulator.js';
import type { Splitter } from './splitter.js';
import type { SourceItem } from './types.js';

/** A file that holds one message from stream offset `start` on (an `.eml`, or an archive page after its title lines). */
export class SingleMessageReader implements Splitter {
  private readonly message: MessageAccumulator;
  private offset = 0;

  constructor(
    private readonly sink: MessageSink,
    start: number,
  ) {
    this.message = new MessageAccumulator(sink, start, null);
  }

  push(chunk: Buffer): SourceItem[] {
    const skip = Math.max(0, Math.min(chunk.length, this.message.start - this.offset));
    this.offset += chunk.length;
    this.message.append(chunk.subarray(skip));
    return [];
  }

  end(): SourceItem[] {
    this.message.finish(0, false);
    const items = this.sink.items;
    this.sink.items = [];
    return items;
  }
}
