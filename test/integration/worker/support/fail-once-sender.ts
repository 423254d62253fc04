// A sender that fails one chosen send, at the moment the test chooses: how the worker tests hold a
// nudge in flight (its first attempt failed, its retry due) while the nudge's reason changes.
import type { View } from "../../../../src/domain/views.js";
import type { ChatDestination, ChatSender } from "../../../../src/infrastructure/notify/chat-sender.js";

/** Records every send; the armed one waits for `go()`, then fails with HTTP 503 (a transient failure). */
export class FailOnceSender implements ChatSender {
  readonly attempts: { view: View; destination: ChatDestination }[] = [];
  private armed: ((v: View) => boolean) | null = null;
  private held: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;
  private started: () => void = () => undefined;

  constructor(readonly inner: ChatSender) {}

  get platform() {
    return this.inner.platform;
  }

  /** The next send of a view matching `match` fails; resolves once that send has begun. */
  arm(match: (v: View) => boolean): Promise<void> {
    this.armed = match;
    this.held = new Promise<void>((r) => (this.release = r));
    return new Promise<void>((r) => (this.started = r));
  }

  go(): void {
    this.release();
  }

  async send(destination: ChatDestination, view: View, messageKey?: string): Promise<void> {
    this.attempts.push({ view, destination });
    if (this.armed?.(view)) {
      this.armed = null;
      this.started();
      await this.held;
      throw Object.assign(new Error("Service Unavailable"), { statusCode: 503 });
    }
    await this.inner.send(destination, view, messageKey);
  }
}
